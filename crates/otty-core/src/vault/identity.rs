//! Which file a `Vault` has open, so that a file replaced under it is noticed.
//!
//! Sync tools (Syncthing, Nextcloud), `git checkout` and editors replace a file by writing a
//! new one and renaming it over the old; the old file stays open, unlinked, in every process
//! that had it open. A `Vault` remembers the device and inode of the file it opened and
//! compares them with what its path names now: before every write (a write to the old file
//! would be lost; it is refused instead, [`crate::Error::FileReplaced`]) and on every
//! [`super::Vault::refresh`], which then opens the new file (`vault/sync.rs`).

use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Device and inode of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    /// The file `path` names now; `None` when there is none (deleted, or an in-memory vault).
    pub fn of(path: &Path) -> Option<FileId> {
        std::fs::metadata(path).ok().map(|m| FileId {
            dev: m.dev(),
            ino: m.ino(),
        })
    }

    /// Whether `path` still names the file with this identity.
    pub fn still_at(self, path: &Path) -> bool {
        FileId::of(path) == Some(self)
    }
}
