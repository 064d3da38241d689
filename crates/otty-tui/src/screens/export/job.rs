//! The export screen's background job: write the file (the runner calls [`write`] on a
//! thread and sends the answer back as [`Action::Exported`](crate::action::Action)). It
//! depends on the core only, so the messages that carry its request do not depend on the
//! screen.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use otty_core::Vault;
use otty_core::export::{self, ExportFormat};

/// What the runner needs to write the export.
pub struct ExportRequest {
    /// Which format to write.
    pub format: ExportFormat,
    /// The passphrase, when encrypting.
    pub passphrase: Option<Zeroizing<String>>,
    /// The file to create.
    pub path: PathBuf,
}

/// Export every account of `vault` to a new 0600 file (the runner calls this on a thread;
/// tests call it directly). Returns the number of accounts written, or a message.
pub fn write(vault: &Vault, req: &ExportRequest) -> Result<usize, String> {
    let pass = req.passphrase.as_ref().map(|p| p.as_bytes());
    let prepared = export::plan::prepare(vault, req.format, pass).map_err(|e| {
        let mut s = e.to_string();
        if let Some(c) = s.get_mut(0..1) {
            c.make_ascii_uppercase();
        }
        s
    })?;
    export::file::write_new(&req.path, &prepared.bytes).map_err(|e| exists_or(&req.path, e))?;
    Ok(prepared.accounts)
}

/// What to say when the file cannot be created: it exists (never overwritten), or why not.
pub fn exists_or(path: &Path, e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        format!(
            "{} exists; otty never overwrites a file: choose another name",
            path.display()
        )
    } else {
        format!("Cannot write {}: {e}", path.display())
    }
}

