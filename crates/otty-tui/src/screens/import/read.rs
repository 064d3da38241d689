//! The import screen's background job: read and parse a file (the runner calls [`read`] on a
//! thread and sends the answer back as [`Action::ImportRead`](crate::action::Action)). It
//! depends on the core only, so the messages that carry its answer do not depend on the
//! screen.

use std::path::{Path, PathBuf};

use otty_core::import::plan;
use otty_core::import::{ImportBatch, ImportError};

/// A path as typed: surrounding blanks and quotes dropped, `~/` is the home directory.
pub fn expand_path(typed: &str) -> PathBuf {
    let t = typed.trim().trim_matches(['"', '\'']);
    match (t.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(t),
    }
}

/// Why reading a file for import failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadFailure {
    /// The file could not be opened or read (the message says why).
    Unreadable(String),
    /// The file was read but cannot be imported.
    Import(ImportError),
}

/// Read and parse the file (the runner calls this on a thread; tests call it directly).
pub fn read(path: &Path, passphrase: Option<&[u8]>) -> Result<ImportBatch, ReadFailure> {
    let bytes = plan::read_file(path)
        .map_err(|e| ReadFailure::Unreadable(format!("Cannot read {}: {e}", path.display())))?;
    plan::parse_file(path, &bytes, None, passphrase).map_err(ReadFailure::Import)
}

