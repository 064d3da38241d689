//! The import screen (`I`): a path, a masked passphrase asked only when the file turns out
//! to be encrypted, then a preview of every entry as new, duplicate or invalid (with the
//! reason) and a confirmation that adds the new ones in one transaction.
//!
//! Reading and decrypting may take seconds (scrypt, Argon2 or PBKDF2 in foreign files), so
//! the screen only queues [`Effect::ReadImport`](crate::action::Effect::ReadImport); the runner
//! calls [`read`] on a thread and sends back [`Action::ImportRead`](crate::action::Action)
//! while a spinner turns. The classification, the entries handed to `Vault::import` and the
//! messages come from the same code as `otty import` ([`otty_core::import::plan`]).
//! Nothing is written before the confirmation; `Esc` at any point writes nothing. The
//! confirmed entries are added by the writer thread, in one transaction. Drawn by
//! `import/view.rs`.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use tui_input::Input;
use zeroize::Zeroizing;

use crate::action::Effect;
use crate::keys::Command;
use crate::lock;
use crate::screen::{Ctx, Hint, Look, Outcome, Screen};
use crate::text::{input_request, insert};
use crate::write::VaultWrite;
use otty_core::import::plan::{self, Status};
use otty_core::import::{Format, ImportBatch, ImportError};

pub mod read;
mod view;

pub use read::{ReadFailure, expand_path, read};

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

impl Screen for ImportScreen {
    /// `I`: an empty path.
    fn open(_cmd: Command, _ctx: &mut Ctx) -> Option<ImportScreen> {
        Some(ImportScreen::default())
    }

    fn keys(&mut self, ev: &KeyEvent, ctx: &mut Ctx) -> Outcome {
        if ev.code == KeyCode::Esc {
            return match self.stage {
                // Back to the fields: nothing was written.
                Stage::Preview(_) => {
                    self.stage = Stage::Edit;
                    Outcome::Stay
                }
                _ => Outcome::Close,
            };
        }
        match &mut self.stage {
            Stage::Reading => {}
            Stage::Preview(p) => match ev.code {
                KeyCode::Enter | KeyCode::Char('y') => return confirm(p, ctx),
                KeyCode::Up | KeyCode::Char('k') => p.offset = p.offset.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') => {
                    p.offset = (p.offset + 1).min(p.rows.len().saturating_sub(1));
                }
                _ => {}
            },
            Stage::Edit => match ev.code {
                KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down
                    if self.encrypted.is_some() =>
                {
                    self.focus = match self.focus {
                        Focus::Path => Focus::Passphrase,
                        Focus::Passphrase => Focus::Path,
                    };
                }
                KeyCode::Enter => self.start_reading(ctx),
                _ => {
                    if let Some(req) = input_request(ev)
                        && self.field().handle(req).is_some_and(|c| c.value)
                    {
                        self.error = None;
                    }
                }
            },
        }
        Outcome::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        view::import(look, self, frame, area);
    }

    fn hints(&self) -> &'static [Hint] {
        view::hints(self)
    }

    /// A path dragged into the terminal, or a passphrase from a password manager.
    fn paste(&mut self, text: &str, _ctx: &mut Ctx) {
        insert(self.field(), text);
    }

    fn busy(&self) -> bool {
        ImportScreen::busy(self)
    }
}

impl ImportScreen {
    /// The focused text field.
    fn field(&mut self) -> &mut Input {
        match self.focus {
            Focus::Path => &mut self.path,
            Focus::Passphrase => &mut self.passphrase,
        }
    }

    fn start_reading(&mut self, ctx: &mut Ctx) {
        if self.path.value().trim().is_empty() {
            self.error = Some("Type the path of the file to import".into());
            return;
        }
        if self.encrypted.is_some() && self.passphrase.value().is_empty() {
            self.focus = Focus::Passphrase;
            self.error = Some("Type the file's passphrase".into());
            return;
        }
        let passphrase = self
            .encrypted
            .is_some()
            .then(|| Zeroizing::new(self.passphrase.value().to_owned()));
        self.error = None;
        self.stage = Stage::Reading;
        ctx.start_spinner();
        ctx.effects.push(Effect::ReadImport {
            path: expand_path(self.path.value()),
            passphrase,
        });
    }

    /// The background read finished.
    pub fn read_done(&mut self, result: Result<ImportBatch, ReadFailure>, ctx: &mut Ctx) {
        let existing = ctx
            .vault
            .map(|v| v.accounts())
            .transpose()
            .map(Option::unwrap_or_default);
        self.stage = Stage::Edit;
        match result {
            Ok(batch) => match existing {
                Ok(existing) => self.stage = Stage::Preview(Box::new(preview(batch, &existing))),
                Err(e) => self.error = Some(format!("Cannot read the vault: {e}")),
            },
            Err(ReadFailure::Import(ImportError::NeedPassphrase { format })) => {
                self.encrypted = Some(format);
                self.focus = Focus::Passphrase;
                self.error = Some(format!(
                    "This {format} file is encrypted: type its passphrase"
                ));
            }
            Err(ReadFailure::Import(e @ ImportError::WrongPassphrase { .. })) => {
                lock::wipe(&mut self.passphrase);
                self.focus = Focus::Passphrase;
                self.error = Some(format!("{}. Try again.", capitalize(&e.to_string())));
            }
            Err(ReadFailure::Import(e)) => self.error = Some(format!("Cannot import: {e}")),
            Err(ReadFailure::Unreadable(msg)) => self.error = Some(msg),
        }
    }
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

/// `Enter` on the preview: the writer thread adds the new entries in one transaction (the app
/// reloads and says how many once it is done).
fn confirm(p: &Preview, ctx: &mut Ctx) -> Outcome {
    if ctx.vault.is_none() {
        return Outcome::Close;
    }
    if p.new == 0 {
        ctx.toast("Nothing to import: every entry is a duplicate or invalid");
        return Outcome::Close;
    }
    let mut dropped = 0;
    let (_, entries) = plan::new_entries(&p.batch, &p.statuses, &mut |_, _| dropped += 1);
    ctx.write(VaultWrite::Import { entries, dropped });
    Outcome::Close
}
