//! Opening the other side of a merge without touching it: the file (and its `-wal`, if one is
//! beside it) is copied into a private temporary directory and opened there. Unlocking a
//! format-1 file migrates it, and every open vault checkpoints when it closes; neither may
//! happen to a file otty was only asked to read (a sync tool's conflict copy, git's merge
//! inputs, someone else's vault).

use std::fs;
use std::path::Path;

use crate::error::{Error, Result};
use crate::vault::Vault;

/// A vault opened from a private copy of a file; the copy is deleted when this is dropped.
pub struct OtherCopy {
    /// The vault, locked until unlocked by the caller.
    pub vault: Vault,
    // Dropped after `vault` (fields drop in order), so the vault closes first.
    _dir: tempfile::TempDir,
}

impl OtherCopy {
    /// Copy `path` (and `path-wal`) into a new 0700 temporary directory and open the copy.
    /// Refuses files that are not otty vaults, as [`Vault::open`] does.
    pub fn open(path: &Path) -> Result<OtherCopy> {
        let io = |source| Error::Io {
            path: path.to_owned(),
            source,
        };
        if !path.is_file() {
            return Err(Error::NoVault {
                path: path.to_owned(),
            });
        }
        let dir = tempfile::Builder::new()
            .prefix("otty-merge-")
            .tempdir()
            .map_err(io)?;
        let copy = dir.path().join("other.otty");
        fs::copy(path, &copy).map_err(io)?;
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        if Path::new(&wal).is_file() {
            fs::copy(&wal, dir.path().join("other.otty-wal")).map_err(io)?;
        }
        // Errors name the file the user gave, not the private copy.
        let path = path.to_owned();
        let vault = Vault::open(&copy).map_err(|e| match e {
            Error::NotAVault { .. } => Error::NotAVault { path },
            Error::NoVault { .. } => Error::NoVault { path },
            Error::TooNew {
                found, supported, ..
            } => Error::TooNew {
                path,
                found,
                supported,
            },
            Error::BadHeader { what, .. } => Error::BadHeader { path, what },
            other => other,
        })?;
        Ok(OtherCopy { vault, _dir: dir })
    }
}
