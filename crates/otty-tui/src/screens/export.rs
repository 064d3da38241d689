//! The export screen (`X`): a format (otty, Aegis, 2FAuth, otpauth lines), an encrypt toggle
//! with the passphrase typed twice (otty and Aegis formats), and an output path.
//!
//! The file is created with mode 0600 and never replaces an existing one (the screen says
//! so, and checks before anything slow starts). Sealing an otty export runs Argon2id, so
//! the screen only queues [`Effect::Export`](crate::action::Effect::Export); the runner calls
//! [`write`] on a thread (the same core code as `otty export`) while a spinner turns, and a
//! toast names the file once it is written.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use tui_input::Input;

use super::import::read::expand_path;
use crate::action::Effect;
use crate::keys::Command;
use crate::lock;
use crate::screen::{Ctx, Hint, Look, Outcome, Screen};
use crate::text::{input_request, insert};
use otty_core::export::ExportFormat;

pub mod job;
mod view;

pub use job::{ExportRequest, exists_or, write};

/// The fields, in focus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The format (←/→ or Space changes it).
    Format,
    /// Encrypt or not (Space toggles).
    Encrypt,
    /// The passphrase field (encrypted exports only).
    Passphrase,
    /// The passphrase again.
    Confirm,
    /// Where to write.
    Path,
}

/// The export screen's state.
pub struct ExportScreen {
    /// Index into [`ExportFormat::ALL`].
    pub format: usize,
    /// Seal the file with a passphrase.
    pub encrypt: bool,
    /// The passphrase (masked).
    pub passphrase: Input,
    /// The passphrase again (masked).
    pub confirm: Input,
    /// The output file.
    pub path: Input,
    /// The focused field.
    pub focus: Field,
    /// The file is being written.
    pub busy: bool,
    /// The last failure.
    pub error: Option<String>,
}

impl Default for ExportScreen {
    fn default() -> Self {
        let mut s = ExportScreen {
            format: 0,
            encrypt: true,
            passphrase: Input::default(),
            confirm: Input::default(),
            path: Input::default(),
            focus: Field::Format,
            busy: false,
            error: None,
        };
        s.path = Input::new(default_name(s.chosen()).to_owned());
        s
    }
}

impl Drop for ExportScreen {
    fn drop(&mut self) {
        lock::wipe(&mut self.passphrase);
        lock::wipe(&mut self.confirm);
    }
}

/// A file name for `format` in the current directory.
pub fn default_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Otty => "otty-export.json",
        ExportFormat::Aegis => "aegis-export.json",
        ExportFormat::TwoFauth => "2fauth-export.json",
        ExportFormat::TwoFas => "2fas-export.2fas",
        ExportFormat::Bitwarden => "bitwarden-export.json",
        _ => "otpauth-export.txt",
    }
}

impl ExportScreen {
    /// The chosen format.
    pub fn chosen(&self) -> ExportFormat {
        ExportFormat::ALL
            .get(self.format)
            .copied()
            .unwrap_or(ExportFormat::Otty)
    }

    /// Whether the file will be encrypted.
    pub fn encrypting(&self) -> bool {
        self.encrypt && self.chosen().supports_encryption()
    }

    /// The fields shown now, in focus order.
    pub fn fields(&self) -> Vec<Field> {
        let mut v = vec![Field::Format];
        if self.chosen().supports_encryption() {
            v.push(Field::Encrypt);
        }
        if self.encrypting() {
            v.extend([Field::Passphrase, Field::Confirm]);
        }
        v.push(Field::Path);
        v
    }

    fn move_focus(&mut self, delta: isize) {
        let f = self.fields();
        let i = f.iter().position(|x| *x == self.focus).unwrap_or(0) as isize;
        let n = f.len() as isize;
        self.focus = f[(i + delta).rem_euclid(n) as usize];
    }

    fn cycle_format(&mut self, delta: isize) {
        let n = ExportFormat::ALL.len() as isize;
        let old = default_name(self.chosen());
        self.format = (self.format as isize + delta).rem_euclid(n) as usize;
        // Follow the format with the suggested name unless the user typed their own.
        if self.path.value() == old {
            self.path = Input::new(default_name(self.chosen()).to_owned());
        }
    }
}

impl Screen for ExportScreen {
    /// `X`: the otty format, encrypted, to a file in the current directory.
    fn open(_cmd: Command, _ctx: &mut Ctx) -> Option<ExportScreen> {
        Some(ExportScreen::default())
    }

    fn keys(&mut self, ev: &KeyEvent, ctx: &mut Ctx) -> Outcome {
        if self.busy {
            return Outcome::Stay;
        }
        match ev.code {
            KeyCode::Esc => return Outcome::Close,
            KeyCode::Tab | KeyCode::Down => self.move_focus(1),
            KeyCode::BackTab | KeyCode::Up => self.move_focus(-1),
            KeyCode::Enter if self.focus == Field::Path => self.start(ctx),
            KeyCode::Enter => self.move_focus(1),
            KeyCode::Left if self.focus == Field::Format => self.cycle_format(-1),
            KeyCode::Right | KeyCode::Char(' ') if self.focus == Field::Format => {
                self.cycle_format(1);
            }
            KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') if self.focus == Field::Encrypt => {
                self.encrypt = !self.encrypt;
            }
            _ => {
                let field = match self.focus {
                    Field::Passphrase => &mut self.passphrase,
                    Field::Confirm => &mut self.confirm,
                    Field::Path => &mut self.path,
                    Field::Format | Field::Encrypt => return Outcome::Stay,
                };
                if let Some(req) = input_request(ev)
                    && field.handle(req).is_some_and(|c| c.value)
                {
                    self.error = None;
                }
            }
        }
        Outcome::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        view::export(look, self, frame, area);
    }

    fn hints(&self) -> &'static [Hint] {
        view::hints(self)
    }

    /// A path pasted into the output field.
    fn paste(&mut self, text: &str, _ctx: &mut Ctx) {
        if self.focus == Field::Path {
            insert(&mut self.path, text);
        }
    }

    fn busy(&self) -> bool {
        self.busy
    }
}

impl ExportScreen {
    fn start(&mut self, ctx: &mut Ctx) {
        let typed = self.path.value().trim();
        if typed.is_empty() {
            self.error = Some("Type the path of the file to create".into());
            return;
        }
        let path = expand_path(typed);
        if std::fs::symlink_metadata(&path).is_ok() {
            self.error = Some(exists_or(&path, std::io::ErrorKind::AlreadyExists.into()));
            return;
        }
        let passphrase = if self.encrypting() {
            if self.passphrase.value().is_empty() {
                self.focus = Field::Passphrase;
                self.error = Some("Type a passphrase, or turn encryption off".into());
                return;
            }
            if self.passphrase.value() != self.confirm.value() {
                lock::wipe(&mut self.confirm);
                self.focus = Field::Confirm;
                self.error = Some("The two passphrases differ; type the second again".into());
                return;
            }
            Some(lock::take(&mut self.passphrase))
        } else {
            None
        };
        lock::wipe(&mut self.confirm);
        self.busy = true;
        self.error = None;
        ctx.start_spinner();
        ctx.effects.push(Effect::Export(ExportRequest {
            format: self.chosen(),
            passphrase,
            path,
        }));
    }
}

/// The background export finished; `open` is the export screen if it is still open (it may
/// have been closed meanwhile, by a lock). Closes it once the file is written.
pub fn done(
    open: Option<&mut ExportScreen>,
    result: Result<(PathBuf, usize), String>,
    ctx: &mut Ctx,
) -> Outcome {
    match (result, open) {
        (Ok((path, n)), _) => {
            // Said even if the screen was closed meanwhile: the file exists.
            ctx.toast(format!(
                "Exported {n} account{} to {} (mode 0600)",
                if n == 1 { "" } else { "s" },
                path.display()
            ));
            Outcome::Close
        }
        (Err(msg), Some(s)) => {
            s.busy = false;
            s.error = Some(msg);
            Outcome::Stay
        }
        (Err(msg), None) => {
            ctx.toast_error(msg);
            Outcome::Stay
        }
    }
}
