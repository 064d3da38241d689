//! Keeping the main vault file whole: after a commit the write-ahead log is copied into the
//! main file (a passive checkpoint, which waits for nobody), so a copy of the main file alone,
//! taken at any quiet moment, is a complete vault. A checkpoint costs two more flushes to disk,
//! so one commit in a second gets one at once and the others of that second (a busy server)
//! leave it to [`Vault::refresh`], which the API server and the TUI run once a second; the same
//! timer retries a checkpoint that a reader elsewhere, still reading an older snapshot, held
//! back. Either way the main file holds every acknowledged write within about a second (a
//! command-line process also checkpoints when it closes the vault). The same timer takes an
//! automatic backup a change asked for within the minute after the last one
//! (`vault/backup.rs`) and looks for sync tools' conflict copies beside the vault
//! (`vault/conflicts.rs`).

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::time::{Duration, Instant};

use super::backup::AutoBackup;
use super::{Inner, Vault};
use crate::store;

/// At most one checkpoint right after a commit in this interval; the timer takes the rest.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// Work left over after commits.
#[derive(Debug, Default)]
pub(super) struct Upkeep {
    /// Commits the main file may not hold yet (a checkpoint was held back by a reader, or left
    /// to the timer): checkpoint at the next refresh.
    checkpoint_pending: bool,
    /// When the last checkpoint ran.
    last_checkpoint: Option<Instant>,
    /// Automatic backups, when configured.
    pub backup: Option<AutoBackup>,
    /// A change was committed since the last automatic backup.
    pub backup_wanted: bool,
}

/// What a status line shows about devices, readable without the vault's lock (which a write
/// may hold while it waits for the disk).
#[derive(Debug)]
pub(super) struct Notes {
    /// Automatic backups are on.
    pub backups: AtomicBool,
    /// Conflict copies beside the vault file ([`UNKNOWN`] until first looked for).
    pub conflicts: AtomicUsize,
}

/// [`Notes::conflicts`] before anyone looked.
pub(super) const UNKNOWN: usize = usize::MAX;

impl Default for Notes {
    fn default() -> Self {
        Notes {
            backups: AtomicBool::new(false),
            conflicts: AtomicUsize::new(UNKNOWN),
        }
    }
}

impl Inner {
    /// After a commit of a change on the vault's connection: copy the WAL into the main file,
    /// and take an automatic backup if one is due.
    pub(super) fn after_commit(&mut self, path: &Path) {
        let recent = self
            .upkeep
            .last_checkpoint
            .is_some_and(|t| t.elapsed() < CHECKPOINT_EVERY);
        if recent {
            self.upkeep.checkpoint_pending = true;
        } else {
            self.checkpoint(path);
        }
        self.upkeep.backup_wanted = true;
        self.back_up_if_due(path);
    }

    fn checkpoint(&mut self, path: &Path) {
        if path == store::memory_path() {
            return;
        }
        self.upkeep.last_checkpoint = Some(Instant::now());
        self.upkeep.checkpoint_pending = !store::checkpoint_passive(&self.conn).unwrap_or(false);
    }

    /// What the one-second timers do: retry a checkpoint a reader held back, take a backup
    /// that waited for the minute to pass, count the conflict copies beside the vault.
    /// Returns the number of conflict copies found.
    pub(super) fn maintain(&mut self, path: &Path) -> usize {
        if self.upkeep.checkpoint_pending {
            self.checkpoint(path);
        }
        self.back_up_if_due(path);
        super::conflicts::count(path)
    }
}

impl Vault {
    /// After a commit on a connection of its own (the OTP log, token use): copy the WAL into
    /// the main file from that connection, or leave it to the next refresh.
    pub(super) fn after_side_commit(&self, conn: &rusqlite::Connection) {
        if !store::checkpoint_passive(conn).unwrap_or(false) {
            self.inner().upkeep.checkpoint_pending = true;
        }
    }

    /// Whether the main file holds every commit this handle made (no checkpoint is pending;
    /// a pending one is taken by the next [`Vault::refresh`]).
    pub fn main_file_whole(&self) -> bool {
        !self.inner().upkeep.checkpoint_pending
    }
}
