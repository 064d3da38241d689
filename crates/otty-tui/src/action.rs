//! What drives the app ([`Action`]: ticks, terminal input, vault events, finished background
//! work) and what the app asks the outside world to do ([`Effect`]: copy, unlock, quit).
//!
//! `update` never touches the terminal, the clipboard or a thread: it queues effects, and the
//! runner (or a test) performs them. That keeps `update` and `render` testable with a
//! `FixedClock` and a `TestBackend`.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use zeroize::Zeroizing;

use super::export::job::ExportRequest;
use super::import::read::ReadFailure;
use super::write::{VaultWrite, WriteDone};
use crate::clipboard::Method;
use otty_core::import::ImportBatch;
use otty_core::{Vault, VaultEvent};

/// A message for [`super::update`].
pub enum Action {
    /// Time passed: read the clock, count down, auto-lock, expire toasts.
    Tick,
    /// A key press.
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    /// A mouse event, with a monotonic time in milliseconds (for double clicks).
    Mouse(MouseEvent, u64),
    /// The terminal changed size (columns, rows).
    Resize(u16, u16),
    /// The vault changed.
    Vault(VaultEvent),
    /// A background unlock finished: `Err` holds a message for the user.
    Unlocked(Result<(), String>),
    /// A background vault creation (first run) finished.
    Created(Result<Arc<Vault>, String>),
    /// The runner performed [`Effect::Copy`]: how it travelled, or why it failed.
    Copied(Result<Method, String>),
    /// A background read of a file to import finished.
    ImportRead(Result<ImportBatch, ReadFailure>),
    /// A background export finished: the file and the number of accounts, or a message.
    Exported(Result<(PathBuf, usize), String>),
    /// The writer thread performed an [`Effect::Write`].
    Written(Box<WriteDone>),
}

impl std::fmt::Debug for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Action::Tick => f.write_str("Tick"),
            Action::Key(k) => write!(f, "Key({k:?})"),
            Action::Paste(_) => f.write_str("Paste([redacted])"),
            Action::Mouse(m, t) => write!(f, "Mouse({m:?}, {t})"),
            Action::Resize(w, h) => write!(f, "Resize({w}, {h})"),
            Action::Vault(e) => write!(f, "Vault({e:?})"),
            Action::Unlocked(r) => write!(f, "Unlocked({r:?})"),
            Action::Created(r) => write!(f, "Created({})", r.is_ok()),
            Action::Copied(r) => write!(f, "Copied({r:?})"),
            Action::ImportRead(r) => write!(f, "ImportRead({})", r.is_ok()),
            Action::Exported(r) => write!(f, "Exported({r:?})"),
            Action::Written(d) => write!(f, "Written({d:?})"),
        }
    }
}

/// Work `update` asks the runner to do.
pub enum Effect {
    /// Put a code on the clipboard.
    Copy(Zeroizing<String>),
    /// Clear the clipboard if it still holds otty's copy.
    ClearClipboard,
    /// Unlock the vault with this password on a background thread, then send
    /// [`Action::Unlocked`].
    Unlock(Zeroizing<String>),
    /// Create the vault file with this password on a background thread, then send
    /// [`Action::Created`].
    Create(Zeroizing<String>),
    /// Read and parse a file to import on a background thread, then send
    /// [`Action::ImportRead`].
    ReadImport {
        /// The file.
        path: PathBuf,
        /// Its passphrase, once the file is known to be encrypted.
        passphrase: Option<Zeroizing<String>>,
    },
    /// Write an export file on a background thread, then send [`Action::Exported`].
    Export(ExportRequest),
    /// Start the API server on the shared vault ([`super::server::start`]).
    StartServer,
    /// Stop the API server ([`super::server::stop`]).
    StopServer,
    /// Write to the vault on the writer thread, then send [`Action::Written`].
    Write(VaultWrite),
    /// Leave the TUI.
    Quit,
}

impl std::fmt::Debug for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Effect::Copy(_) => "Copy([redacted])",
            Effect::ClearClipboard => "ClearClipboard",
            Effect::Unlock(_) => "Unlock([redacted])",
            Effect::Create(_) => "Create([redacted])",
            Effect::ReadImport { .. } => "ReadImport([redacted])",
            Effect::Export(_) => "Export([redacted])",
            Effect::StartServer => "StartServer",
            Effect::StopServer => "StopServer",
            Effect::Write(_) => "Write([redacted])",
            Effect::Quit => "Quit",
        })
    }
}
