//! The export screen (`X`): a format (otty, Aegis, 2FAuth, otpauth lines), an encrypt toggle
//! with the passphrase typed twice (otty and Aegis formats), and an output path.
//!
//! The file is created with mode 0600 and never replaces an existing one (the screen says
//! so, and checks before anything slow starts). Sealing an otty export runs Argon2id, so
//! `update` only queues [`Effect::Export`](super::action::Effect::Export); the runner calls
//! [`write`] on a thread (the same core code as `otty export`) while a spinner turns, and a
//! toast names the file once it is written.

use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use tui_input::Input;
use zeroize::Zeroizing;

use super::action::Effect;
use super::app::{App, Overlay};
use super::import::expand_path;
use super::lock;
use super::text::input_request;
use otty_core::Vault;
use otty_core::export::{self, ExportFormat};

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

fn exists_or(path: &Path, e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        format!(
            "{} exists; otty never overwrites a file: choose another name",
            path.display()
        )
    } else {
        format!("Cannot write {}: {e}", path.display())
    }
}

/// Open the screen.
pub fn open(app: &mut App) {
    app.overlay = Some(Overlay::Export(Box::default()));
}

/// A key while the export screen is open; `None` closes it.
pub fn key(app: &mut App, mut s: Box<ExportScreen>, ev: &KeyEvent) -> Option<Overlay> {
    if s.busy {
        return Some(Overlay::Export(s));
    }
    match ev.code {
        KeyCode::Esc => return None,
        KeyCode::Tab | KeyCode::Down => s.move_focus(1),
        KeyCode::BackTab | KeyCode::Up => s.move_focus(-1),
        KeyCode::Enter if s.focus == Field::Path => start(app, &mut s),
        KeyCode::Enter => s.move_focus(1),
        KeyCode::Left if s.focus == Field::Format => s.cycle_format(-1),
        KeyCode::Right | KeyCode::Char(' ') if s.focus == Field::Format => s.cycle_format(1),
        KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') if s.focus == Field::Encrypt => {
            s.encrypt = !s.encrypt;
        }
        _ => {
            let field = match s.focus {
                Field::Passphrase => &mut s.passphrase,
                Field::Confirm => &mut s.confirm,
                Field::Path => &mut s.path,
                Field::Format | Field::Encrypt => return Some(Overlay::Export(s)),
            };
            if let Some(req) = input_request(ev)
                && field.handle(req).is_some_and(|c| c.value)
            {
                s.error = None;
            }
        }
    }
    Some(Overlay::Export(s))
}

fn start(app: &mut App, s: &mut ExportScreen) {
    let typed = s.path.value().trim();
    if typed.is_empty() {
        s.error = Some("Type the path of the file to create".into());
        return;
    }
    let path = expand_path(typed);
    if std::fs::symlink_metadata(&path).is_ok() {
        s.error = Some(exists_or(&path, std::io::ErrorKind::AlreadyExists.into()));
        return;
    }
    let passphrase = if s.encrypting() {
        if s.passphrase.value().is_empty() {
            s.focus = Field::Passphrase;
            s.error = Some("Type a passphrase, or turn encryption off".into());
            return;
        }
        if s.passphrase.value() != s.confirm.value() {
            lock::wipe(&mut s.confirm);
            s.focus = Field::Confirm;
            s.error = Some("The two passphrases differ; type the second again".into());
            return;
        }
        Some(lock::take(&mut s.passphrase))
    } else {
        None
    };
    lock::wipe(&mut s.confirm);
    s.busy = true;
    s.error = None;
    app.spinner = 0;
    app.effects.push(Effect::Export(ExportRequest {
        format: s.chosen(),
        passphrase,
        path,
    }));
}

/// The background export finished.
pub fn done(app: &mut App, result: Result<(PathBuf, usize), String>) {
    match (result, &mut app.overlay) {
        (Ok((path, n)), overlay) => {
            if matches!(overlay, Some(Overlay::Export(_))) {
                *overlay = None;
            }
            // Said even if the screen was closed meanwhile (locked): the file exists.
            app.toast(format!(
                "Exported {n} account{} to {} (mode 0600)",
                if n == 1 { "" } else { "s" },
                path.display()
            ));
        }
        (Err(msg), Some(Overlay::Export(s))) => {
            s.busy = false;
            s.error = Some(msg);
        }
        (Err(msg), _) => app.toast_error(msg),
    }
    app.dirty = true;
}
