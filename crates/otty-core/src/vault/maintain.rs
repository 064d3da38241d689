//! Keeping the main vault file whole: after every commit the write-ahead log is copied into
//! the main file (a passive checkpoint, which waits for nobody), so a copy of the main file
//! alone, taken at any quiet moment, is a complete vault. A reader elsewhere still reading an
//! older snapshot can hold part of it back; the checkpoint is then tried again by
//! [`Vault::refresh`], which the API server and the TUI run once a second.

use std::path::Path;

use super::{Inner, Vault};
use crate::store;

/// Work left over after commits.
#[derive(Debug, Default)]
pub(super) struct Upkeep {
    /// A checkpoint did not copy every frame: try again at the next refresh.
    checkpoint_pending: bool,
}

impl Inner {
    /// After a commit on the vault's connection: copy the WAL into the main file.
    pub(super) fn after_commit(&mut self, path: &Path) {
        if path == store::memory_path() {
            return;
        }
        self.upkeep.checkpoint_pending = !store::checkpoint_passive(&self.conn).unwrap_or(false);
    }

    /// What the one-second timers do: retry a checkpoint a reader held back.
    pub(super) fn maintain(&mut self, path: &Path) {
        if self.upkeep.checkpoint_pending {
            self.after_commit(path);
        }
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

    /// Whether the main file holds every commit this handle made (no checkpoint is pending).
    pub fn main_file_whole(&self) -> bool {
        !self.inner().upkeep.checkpoint_pending
    }
}
