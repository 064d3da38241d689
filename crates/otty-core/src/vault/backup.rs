//! Backups: a consistent copy of the vault file taken while it is in use
//! ([`Vault::backup_to`], `otty backup`), and automatic ones ([`AutoBackup`]).
//!
//! A copy is SQLite's `VACUUM INTO`: it reads one snapshot (every committed write, whatever the
//! WAL still holds) and writes a fresh database file, without free pages. The rows and the
//! head are copied as they are, still sealed, so the copy is a vault that opens with the same
//! password and passes its integrity check. Copies are created with mode 0600 and never
//! replace a file unless asked to (then a temporary file beside it is renamed over it, so the
//! old copy stays whole until the new one is).
//!
//! Automatic backups go to a directory, named `<vault name>-<UTC time>.otty`; after each
//! change the process that wrote takes one, at most one a minute (the newest file's time in
//! the directory decides, whichever process wrote it); a change made within the minute is
//! taken by the next one-second timer of a running server or TUI, or by the next write. Only
//! the `keep` most recent are kept.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::Connection;

use super::{Inner, Vault};
use crate::clock::iso8601;
use crate::error::{Error, Result};
use crate::store;

/// Automatic backups: where, and how many are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoBackup {
    /// The directory (created 0700 if missing).
    pub dir: PathBuf,
    /// How many of the most recent backups are kept (0: all of them).
    pub keep: usize,
}

/// At most one automatic backup in this interval.
pub const AUTO_INTERVAL: Duration = Duration::from_secs(60);

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_owned(),
        source,
    }
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// `VACUUM INTO` an existing empty file, then flush it to disk.
fn vacuum_into(conn: &Connection, target: &Path) -> Result<()> {
    let name = target.to_str().ok_or_else(|| Error::Io {
        path: target.to_owned(),
        source: std::io::Error::other("the path is not valid UTF-8"),
    })?;
    conn.execute("VACUUM INTO ?1", [name])?;
    fs::File::open(target)
        .and_then(|f| f.sync_all())
        .map_err(io(target))
}

/// Copy the database on `conn` to `target` (0600). Without `force` an existing file is
/// [`Error::AlreadyExists`]; with it, the copy is written beside it and renamed over it.
pub(super) fn copy_to(conn: &Connection, target: &Path, force: bool) -> Result<()> {
    let target = std::path::absolute(target).map_err(io(target))?;
    if !force || fs::symlink_metadata(&target).is_err() {
        store::create_file(&target)?;
        return vacuum_into(conn, &target).inspect_err(|_| {
            let _ = fs::remove_file(&target);
        });
    }
    let random: [u8; 6] = crate::crypto::random_bytes()?;
    let temp = with_suffix(
        &target,
        &format!(".tmp-{}", data_encoding::HEXLOWER.encode(&random)),
    );
    store::create_file(&temp)?;
    let done =
        vacuum_into(conn, &temp).and_then(|()| fs::rename(&temp, &target).map_err(io(&target)));
    if done.is_err() {
        let _ = fs::remove_file(&temp);
    }
    done
}

/// The name an automatic backup of `vault` taken at `unix` gets: `vault-20261204T132200Z.otty`.
fn auto_name(stem: &str, unix: i64) -> String {
    let compact: String = iso8601(unix)
        .chars()
        .take(19)
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .collect();
    format!("{stem}-{compact}Z.otty")
}

/// Whether `name` is an automatic backup of the vault named `stem`.
fn is_auto_backup(stem: &str, name: &str) -> bool {
    name.strip_prefix(stem)
        .and_then(|rest| rest.strip_prefix('-'))
        .and_then(|rest| rest.strip_suffix("Z.otty"))
        .is_some_and(|t| {
            t.len() == 15
                && t.char_indices()
                    .all(|(i, c)| if i == 8 { c == 'T' } else { c.is_ascii_digit() })
        })
}

/// The automatic backups of `stem` in `dir`, oldest first (their names sort by time).
fn auto_backups(dir: &Path, stem: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| is_auto_backup(stem, n))
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// The vault file's name without its extension, what automatic backups are named after.
fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "vault".into(), |s| s.to_string_lossy().into_owned())
}

impl AutoBackup {
    /// Whether the newest backup of `stem` in the directory is older than [`AUTO_INTERVAL`].
    fn due(&self, stem: &str) -> bool {
        let newest = auto_backups(&self.dir, stem)
            .last()
            .and_then(|p| fs::metadata(p).ok()?.modified().ok());
        newest.is_none_or(|t| {
            SystemTime::now()
                .duration_since(t)
                .is_ok_and(|age| age >= AUTO_INTERVAL)
        })
    }

    /// Take one backup of the database on `conn` (the vault at `vault`) and remove the oldest
    /// beyond `keep`. Returns the new file.
    fn take(&self, conn: &Connection, vault: &Path) -> Result<PathBuf> {
        let stem = stem_of(vault);
        let unix = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let target = self.dir.join(auto_name(&stem, unix));
        copy_to(conn, &target, false)?;
        let all = auto_backups(&self.dir, &stem);
        if self.keep > 0 && all.len() > self.keep {
            for old in &all[..all.len() - self.keep] {
                let _ = fs::remove_file(old);
            }
        }
        Ok(target)
    }
}

impl Inner {
    /// Take the automatic backup a change asked for, if one is configured and the last one is a
    /// minute old. A failure is logged, never returned: the change it follows is committed.
    pub(super) fn back_up_if_due(&mut self, vault: &Path) {
        let Some(auto) = self
            .upkeep
            .backup
            .as_ref()
            .filter(|_| self.upkeep.backup_wanted)
        else {
            return;
        };
        if !auto.due(&stem_of(vault)) {
            return;
        }
        match auto.take(&self.conn, vault) {
            Ok(path) => tracing::debug!(path = %path.display(), "automatic backup taken"),
            // Someone else took one this very second: this change is in it.
            Err(Error::AlreadyExists { .. }) => {}
            Err(e) => tracing::warn!("automatic backup to {} failed: {e}", auto.dir.display()),
        }
        self.upkeep.backup_wanted = false;
    }
}

impl Vault {
    /// Write a consistent copy of the vault to `target` (mode 0600), sealed as the vault is: it
    /// opens with the same password. Works locked too (no key is needed to copy sealed rows).
    /// Without `force` an existing `target` is [`Error::AlreadyExists`].
    pub fn backup_to(&self, target: &Path, force: bool) -> Result<()> {
        copy_to(&self.inner().conn, target, force)
    }

    /// Take automatic backups into `auto.dir` after changes from now on (`None`: stop).
    pub fn set_auto_backup(&self, auto: Option<AutoBackup>) {
        self.notes
            .backups
            .store(auto.is_some(), std::sync::atomic::Ordering::Relaxed);
        self.inner().upkeep.backup = auto;
    }

    /// The automatic backups configured, if any.
    pub fn auto_backup(&self) -> Option<AutoBackup> {
        self.inner().upkeep.backup.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_backups_are_named_by_time_and_recognised() {
        let name = auto_name("vault", 1_764_855_720);
        assert_eq!(name, "vault-20251204T134200Z.otty");
        assert!(is_auto_backup("vault", &name));
        for other in [
            "vault.otty",
            "vault-20251204T134200Z.otty-wal",
            "vault-2025120XT134200Z.otty",
            "work-20251204T134200Z.otty",
            "vault-20251204T134200Z.otty.tmp-00",
            "vault.sync-conflict-20251204-134200-ABCDEFG.otty",
        ] {
            assert!(!is_auto_backup("vault", other), "{other}");
        }
    }
}
