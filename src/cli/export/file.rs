//! Writing an export file: created with mode 0600, never replacing an existing file unless
//! `--force` is given. With `--force`, the new content goes to a 0600 temporary file beside it
//! that is then renamed over the old one, so a failure never leaves half an export behind.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cli::error::{Error, Result};
use crate::core::export::file::write_new;

/// Fail early, before any password is asked, if `path` exists and `force` is off.
pub fn check(path: &Path, force: bool) -> Result<()> {
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(Error::Exists {
            path: path.display().to_string(),
        });
    }
    Ok(())
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(format!(".otty-tmp-{}", uuid::Uuid::new_v4().simple()));
    path.with_file_name(name)
}

/// Write `bytes` to `path` (mode 0600); an existing file is replaced only with `force`.
pub fn write(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let context = || format!("cannot write {}", path.display());
    if !force {
        return write_new(path, bytes).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Exists {
                path: path.display().to_string(),
            },
            _ => Error::io(context(), e),
        });
    }
    let temp = temp_path(path);
    write_new(&temp, bytes).map_err(|e| Error::io(context(), e))?;
    fs::rename(&temp, path).map_err(|e| {
        let _ = fs::remove_file(&temp);
        Error::io(context(), e)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn mode_0600_and_no_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        write(&p, b"one", false).unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(matches!(
            write(&p, b"two", false),
            Err(Error::Exists { .. })
        ));
        assert!(check(&p, false).is_err());
        assert_eq!(fs::read(&p).unwrap(), b"one");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
        write(&p, b"three", true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"three");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temp file left"
        );
    }
}
