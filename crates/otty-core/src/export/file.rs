//! Writing an export file safely, shared by `otty export --output` and the TUI's export
//! screen: the file is created with mode 0600 and never replaces anything that exists (the
//! check and the creation are one `O_CREAT | O_EXCL` open, so there is no race). A failed
//! write removes the half-written file.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

fn create_new(path: &Path) -> std::io::Result<fs::File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// Create `path` (mode 0600) holding `bytes`; fails with `AlreadyExists` if anything is there.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = create_new(path)?;
    let done = f.write_all(bytes).and_then(|()| f.sync_all());
    if done.is_err() {
        let _ = fs::remove_file(path);
    }
    done
}
