//! Where a vault's agent listens: `$XDG_RUNTIME_DIR/otty/` when that variable names an
//! absolute directory, else `/tmp/otty-UID/`. The directory is created 0700; an existing one
//! must be a real directory (not a symlink), owned by this user, with no access for group or
//! others, or nothing is bound in it nor trusted from it. Each vault has its own socket, named
//! by a hash of its absolute path, so two vaults can be unlocked at once and a socket's name
//! says nothing of the vault.

use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Why the socket directory cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PlaceError {
    /// It could not be created or read.
    #[error("cannot use the agent directory {path}: {source}")]
    Io {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// It exists but is not safe to use.
    #[error("refusing the agent directory {path}: {why}")]
    Unsafe {
        /// The directory.
        path: PathBuf,
        /// What is wrong (owner, mode, a symlink).
        why: String,
    },
}

/// A vault's socket and the directory that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The per-user directory.
    pub dir: PathBuf,
    /// The socket.
    pub socket: PathBuf,
}

/// `path` with symlinks and `..` resolved, or as given when that fails (a missing file).
pub fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

/// This process's real user id.
pub fn uid() -> u32 {
    rustix::process::getuid().as_raw()
}

/// The per-user directory for this environment (not created).
pub fn dir() -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from) {
        Some(d) if d.is_absolute() => d.join("otty"),
        _ => std::env::temp_dir().join(format!("otty-{}", uid())),
    }
}

impl Place {
    /// The place of the agent of the vault at `vault` (an absolute path; symlinks and `..` are
    /// resolved when the file exists, so every way of naming it finds the same agent).
    pub fn of(vault: &Path) -> Place {
        let dir = dir();
        let digest = Sha256::digest(canonical(vault).as_os_str().as_encoded_bytes());
        let name: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        let socket = dir.join(format!("{name}.sock"));
        Place { dir, socket }
    }

    /// Check the directory, creating it (0700) when it is missing. Never follows a symlink
    /// and never changes an existing directory's mode.
    pub fn ensure_dir(&self) -> Result<(), PlaceError> {
        match std::fs::DirBuilder::new().mode(0o700).create(&self.dir) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                // `$XDG_RUNTIME_DIR` itself is missing: create the chain, the last one 0700.
                std::fs::DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(&self.dir)
                    .map_err(|source| self.io(source))?;
            }
            Err(e) => return Err(self.io(e)),
        }
        self.check_dir()
    }

    /// Check the directory: a real directory owned by this user, 0700 or stricter.
    pub fn check_dir(&self) -> Result<(), PlaceError> {
        let meta = std::fs::symlink_metadata(&self.dir).map_err(|e| self.io(e))?;
        let unsafe_ = |why: String| PlaceError::Unsafe {
            path: self.dir.clone(),
            why,
        };
        if !meta.file_type().is_dir() {
            return Err(unsafe_("it is not a directory".to_owned()));
        }
        if meta.uid() != uid() {
            return Err(unsafe_(format!(
                "it belongs to uid {}, not to you (uid {})",
                meta.uid(),
                uid()
            )));
        }
        let mode = meta.mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(unsafe_(format!(
                "its mode is {mode:04o}; other users must have no access (chmod 700)"
            )));
        }
        Ok(())
    }

    fn io(&self, source: io::Error) -> PlaceError {
        PlaceError::Io {
            path: self.dir.clone(),
            source,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn place_in(dir: &Path) -> Place {
        Place {
            dir: dir.join("otty"),
            socket: dir.join("otty/x.sock"),
        }
    }

    #[test]
    fn the_directory_is_made_private_and_checked() {
        let tmp = tempfile::tempdir().unwrap();
        let p = place_in(tmp.path());
        p.ensure_dir().unwrap();
        let mode = std::fs::metadata(&p.dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        std::fs::set_permissions(&p.dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let e = p.ensure_dir().unwrap_err().to_string();
        assert!(e.contains("0755"), "{e}");
        // A symlink to a private directory is refused too.
        std::fs::set_permissions(&p.dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        let link = place_in(&tmp.path().join("l"));
        std::fs::create_dir(tmp.path().join("l")).unwrap();
        std::os::unix::fs::symlink(&p.dir, &link.dir).unwrap();
        assert!(link.check_dir().is_err());
    }

    #[test]
    fn each_vault_has_its_own_socket() {
        let a = Place::of(Path::new("/home/a/one.otty"));
        let b = Place::of(Path::new("/home/a/two.otty"));
        assert_ne!(a.socket, b.socket);
        assert_eq!(a.dir, b.dir);
        assert!(a.socket.starts_with(&a.dir));
        assert!(!a.socket.to_string_lossy().contains("one"));
    }
}
