//! The import screen (`I`): a path, a masked passphrase asked only when the file turns out
//! to be encrypted, then a preview of every entry as new, duplicate or invalid (with the
//! reason) and a confirmation that adds the new ones in one transaction.
//!
//! Reading and decrypting may take seconds (scrypt, Argon2 or PBKDF2 in foreign files), so
//! `update` only queues [`Effect::ReadImport`](super::action::Effect::ReadImport); the runner
//! calls [`read`] on a thread and sends back [`Action::ImportRead`](super::action::Action)
//! while a spinner turns. The classification, the entries handed to `Vault::import` and the
//! messages come from the same code as `otty import` ([`otty_core::import::plan`]).
//! Nothing is written before the confirmation; `Esc` at any point writes nothing.

use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use tui_input::Input;
use zeroize::Zeroizing;

use super::action::Effect;
use super::app::{App, Overlay};
use super::lock;
use super::text::input_request;
use otty_core::import::plan::{self, Status};
use otty_core::import::{Format, ImportBatch, ImportError};

/// Which field has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The file's path.
    Path,
    /// The passphrase field, for encrypted files.
    Passphrase,
}

/// One line of the preview (names and reasons only, never a secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewRow {
    /// What happens to the entry.
    pub status: Status,
    /// "Service · account", or empty for an invalid entry.
    pub label: String,
    /// The group named in the file.
    pub group: Option<String>,
}

/// A file read and sorted, waiting for the confirmation.
pub struct Preview {
    /// What the file held.
    pub batch: ImportBatch,
    /// Status of each entry, in file order.
    pub statuses: Vec<Status>,
    /// Lines to show.
    pub rows: Vec<PreviewRow>,
    /// Entries that would be added.
    pub new: usize,
    /// Entries already in the vault (or earlier in the file).
    pub duplicate: usize,
    /// Entries that cannot be imported.
    pub invalid: usize,
    /// First row shown.
    pub offset: usize,
}

/// Where the screen is.
pub enum Stage {
    /// Typing the path (and passphrase).
    Edit,
    /// The file is being read on a background thread.
    Reading,
    /// The file's entries, waiting for `Enter`.
    Preview(Box<Preview>),
}

/// The import screen's state.
pub struct ImportScreen {
    /// The file to read.
    pub path: Input,
    /// Its passphrase (shown masked).
    pub passphrase: Input,
    /// Set once the file turned out to be encrypted: the passphrase field is shown.
    pub encrypted: Option<Format>,
    /// The focused field.
    pub focus: Focus,
    /// Where the screen is.
    pub stage: Stage,
    /// The last failure, shown under the fields.
    pub error: Option<String>,
}

impl Default for ImportScreen {
    fn default() -> Self {
        ImportScreen {
            path: Input::default(),
            passphrase: Input::default(),
            encrypted: None,
            focus: Focus::Path,
            stage: Stage::Edit,
            error: None,
        }
    }
}

impl Drop for ImportScreen {
    fn drop(&mut self) {
        lock::wipe(&mut self.passphrase);
    }
}

impl ImportScreen {
    /// Whether the file is being read.
    pub fn busy(&self) -> bool {
        matches!(self.stage, Stage::Reading)
    }
}

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
    plan::parse(&bytes, None, passphrase).map_err(ReadFailure::Import)
}

/// Open the screen.
pub fn open(app: &mut App) {
    app.overlay = Some(Overlay::Import(Box::default()));
}

/// A key while the import screen is open; `None` closes it.
pub fn key(app: &mut App, mut s: Box<ImportScreen>, ev: &KeyEvent) -> Option<Overlay> {
    if ev.code == KeyCode::Esc {
        return match s.stage {
            // Back to the fields: nothing was written.
            Stage::Preview(_) => {
                s.stage = Stage::Edit;
                Some(Overlay::Import(s))
            }
            _ => None,
        };
    }
    match &mut s.stage {
        Stage::Reading => {}
        Stage::Preview(p) => match ev.code {
            KeyCode::Enter | KeyCode::Char('y') => return confirm(app, p),
            KeyCode::Up | KeyCode::Char('k') => p.offset = p.offset.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                p.offset = (p.offset + 1).min(p.rows.len().saturating_sub(1));
            }
            _ => {}
        },
        Stage::Edit => match ev.code {
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down
                if s.encrypted.is_some() =>
            {
                s.focus = match s.focus {
                    Focus::Path => Focus::Passphrase,
                    Focus::Passphrase => Focus::Path,
                };
            }
            KeyCode::Enter => start_reading(app, &mut s),
            _ => {
                if let Some(req) = input_request(ev) {
                    let field = match s.focus {
                        Focus::Path => &mut s.path,
                        Focus::Passphrase => &mut s.passphrase,
                    };
                    if field.handle(req).is_some_and(|c| c.value) {
                        s.error = None;
                    }
                }
            }
        },
    }
    Some(Overlay::Import(s))
}

fn start_reading(app: &mut App, s: &mut ImportScreen) {
    if s.path.value().trim().is_empty() {
        s.error = Some("Type the path of the file to import".into());
        return;
    }
    if s.encrypted.is_some() && s.passphrase.value().is_empty() {
        s.focus = Focus::Passphrase;
        s.error = Some("Type the file's passphrase".into());
        return;
    }
    let passphrase = s
        .encrypted
        .is_some()
        .then(|| Zeroizing::new(s.passphrase.value().to_owned()));
    s.error = None;
    s.stage = Stage::Reading;
    app.spinner = 0;
    app.effects.push(Effect::ReadImport {
        path: expand_path(s.path.value()),
        passphrase,
    });
}

/// The background read finished.
pub fn read_done(app: &mut App, result: Result<ImportBatch, ReadFailure>) {
    let existing = app
        .vault
        .as_ref()
        .map(|v| v.accounts())
        .transpose()
        .map(Option::unwrap_or_default);
    let Some(Overlay::Import(s)) = &mut app.overlay else {
        return; // cancelled while reading
    };
    s.stage = Stage::Edit;
    match result {
        Ok(batch) => match existing {
            Ok(existing) => s.stage = Stage::Preview(Box::new(preview(batch, &existing))),
            Err(e) => s.error = Some(format!("Cannot read the vault: {e}")),
        },
        Err(ReadFailure::Import(ImportError::NeedPassphrase { format })) => {
            s.encrypted = Some(format);
            s.focus = Focus::Passphrase;
            s.error = Some(format!(
                "This {format} file is encrypted: type its passphrase"
            ));
        }
        Err(ReadFailure::Import(e @ ImportError::WrongPassphrase { .. })) => {
            lock::wipe(&mut s.passphrase);
            s.focus = Focus::Passphrase;
            s.error = Some(format!("{}. Try again.", capitalize(&e.to_string())));
        }
        Err(ReadFailure::Import(e)) => s.error = Some(format!("Cannot import: {e}")),
        Err(ReadFailure::Unreadable(msg)) => s.error = Some(msg),
    }
    app.dirty = true;
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Sort a batch against the vault's accounts into the preview.
pub fn preview(batch: ImportBatch, existing: &[otty_core::Account]) -> Preview {
    let statuses = plan::classify(&batch, existing);
    let rows: Vec<PreviewRow> = batch
        .entries
        .iter()
        .zip(&statuses)
        .map(|(e, st)| PreviewRow {
            status: st.clone(),
            label: match &e.account {
                Ok(a) if a.account.is_empty() => a.service.clone(),
                Ok(a) => format!("{} · {}", a.service, a.account),
                Err(_) => String::new(),
            },
            group: e.group.clone(),
        })
        .collect();
    let count = |f: fn(&Status) -> bool| statuses.iter().filter(|s| f(s)).count();
    Preview {
        new: count(|s| *s == Status::New),
        duplicate: count(|s| *s == Status::Duplicate),
        invalid: count(|s| matches!(s, Status::Invalid(_))),
        batch,
        statuses,
        rows,
        offset: 0,
    }
}

/// `Enter` on the preview: add the new entries in one transaction.
fn confirm(app: &mut App, p: &Preview) -> Option<Overlay> {
    let vault = app.vault.clone()?;
    if p.new == 0 {
        app.toast("Nothing to import: every entry is a duplicate or invalid");
        return None;
    }
    let mut dropped = 0;
    let (_, new) = plan::new_entries(&p.batch, &p.statuses, &mut |_, _| dropped += 1);
    match vault.import_with_icons(new, &mut |_| {}) {
        Ok(summary) => {
            let n = summary.added.len();
            let mut msg = format!("Imported {n} account{}", if n == 1 { "" } else { "s" });
            let g = summary.groups_created.len();
            if g > 0 {
                msg.push_str(&format!(
                    ", {g} group{} created",
                    if g == 1 { "" } else { "s" }
                ));
            }
            if dropped > 0 {
                msg.push_str(&format!(", {dropped} unusable group name(s) left out"));
            }
            app.reload_then_toast(msg);
        }
        Err(e) => app.toast_error(format!("Cannot import; nothing was written: {e}")),
    }
    None
}
