//! [`Screen`]: the one small trait every window over the main screen implements (help, QR,
//! the account form, confirmations, groups, import, export, tokens, …), and the narrow [`Ctx`]
//! it works through instead of the whole [`App`](crate::app::App).
//!
//! A screen owns its state, its keys ([`Screen::keys`]), its drawing ([`Screen::draw`]) and
//! its footer hints ([`Screen::hints`]). Through [`Ctx`] it may read the vault, the clock and
//! the selected account, queue [`Effect`]s, copy with the usual clipboard timeout and show a
//! toast, queue vault writes (answered through [`Screen::written`]) and read the groups; it
//! cannot reach the list, the filter or another screen. Screens are registered in
//! [`crate::screens`].

use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use zeroize::Zeroizing;

use otty_core::{Account, Group, Vault};

use super::action::Effect;
use super::config::Config;
use super::keys::{Command, KeyMap};
use super::theme::Theme;
use super::write::{VaultWrite, WriteDone};

/// A key and what it does, for the footer ("Esc", "close").
pub type Hint = (&'static str, &'static str);

/// What a screen wants after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stay open.
    Stay,
    /// Close: the main screen takes the keys again.
    Close,
    /// Close and show this tab of the main screen (0 is "All", `i + 1` is group `i`).
    ShowTab(usize),
}

/// A short message at the bottom that goes away by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    /// The message shown.
    pub text: String,
    /// An error rather than a confirmation.
    pub error: bool,
    /// Unix time it disappears.
    pub until: i64,
}

impl Toast {
    /// A confirmation shown for three seconds from `now`.
    pub fn info(text: impl Into<String>, now: i64) -> Toast {
        Toast {
            text: text.into(),
            error: false,
            until: now + 3,
        }
    }

    /// An error shown for five seconds from `now`.
    pub fn error(text: impl Into<String>, now: i64) -> Toast {
        Toast {
            text: text.into(),
            error: true,
            until: now + 5,
        }
    }
}

/// What a screen may use and change while it handles a key: a narrow slice of the app.
pub struct Ctx<'a> {
    /// The vault (absent only before the first run created it).
    pub vault: Option<&'a Arc<Vault>>,
    /// The time the screen shows (unix seconds).
    pub now: i64,
    /// Settings from the config file.
    pub config: &'a Config,
    /// The account selected on the main screen.
    pub selected: Option<&'a Account>,
    /// The groups with their account counts, in the user's order.
    pub groups: &'a [(Group, usize)],
    /// The group whose tab is shown (`None`: All).
    pub tab_group: Option<i64>,
    /// Work for the runner.
    pub effects: &'a mut Vec<Effect>,
    /// The message at the bottom.
    pub toast: &'a mut Option<Toast>,
    /// What the pending copy is ("the token"), for the toast once it is done.
    pub pending_copy: &'a mut Option<String>,
    /// When to clear the clipboard.
    pub clear_clipboard_at: &'a mut Option<i64>,
    /// Vault writes queued and not answered yet.
    pub writes_pending: &'a mut usize,
    /// Frames of the spinner so far.
    pub spinner: &'a mut usize,
}

impl Ctx<'_> {
    /// Show a confirmation.
    pub fn toast(&mut self, text: impl Into<String>) {
        *self.toast = Some(Toast::info(text, self.now));
    }

    /// Show an error.
    pub fn toast_error(&mut self, text: impl Into<String>) {
        *self.toast = Some(Toast::error(text, self.now));
    }

    /// Queue a vault write for the writer thread; its answer comes back through
    /// [`Screen::written`].
    pub fn write(&mut self, write: VaultWrite) {
        *self.writes_pending += 1;
        self.effects.push(Effect::Write(write));
    }

    /// Start a background job: the spinner starts from its first frame.
    pub fn start_spinner(&mut self) {
        *self.spinner = 0;
    }

    /// Copy `text` (`what` names it in the toast), cleared later as codes are.
    pub fn copy(&mut self, what: impl Into<String>, text: Zeroizing<String>) {
        *self.pending_copy = Some(what.into());
        self.effects.push(Effect::Copy(text));
        if self.config.clipboard_clear_seconds > 0 {
            *self.clear_clipboard_at =
                Some(self.now + i64::from(self.config.clipboard_clear_seconds));
        }
    }
}

/// What a screen may read while it draws.
pub struct Look<'a> {
    /// Styles.
    pub theme: &'a Theme,
    /// The time shown (unix seconds).
    pub now: i64,
    /// Key bindings (the help is generated from them).
    pub keys: &'a KeyMap,
    /// Frames of the spinner so far.
    pub spinner: usize,
    /// The groups with their account counts, in the user's order.
    pub groups: &'a [(Group, usize)],
    /// How many accounts the vault holds.
    pub accounts: usize,
}

/// A window over the main screen that takes the keys while open.
pub trait Screen {
    /// Open the screen from the main screen's command `cmd` (one of those it is registered
    /// `on`), or `None` (after a toast, if there is something to say) when it has nothing to
    /// show.
    fn open(cmd: Command, ctx: &mut Ctx) -> Option<Self>
    where
        Self: Sized;

    /// A key press.
    fn keys(&mut self, ev: &KeyEvent, ctx: &mut Ctx) -> Outcome;

    /// Draw over the main screen, inside `area` (the whole terminal).
    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look);

    /// The keys that apply now, for the footer.
    fn hints(&self) -> &'static [Hint];

    /// Pasted text (bracketed paste); ignored unless a text field has the focus.
    fn paste(&mut self, _text: &str, _ctx: &mut Ctx) {}

    /// Whether a background job of this screen runs (the spinner turns).
    fn busy(&self) -> bool {
        false
    }

    /// A vault write finished (the app has already re-read the list if it succeeded).
    /// `Some` when this screen asked for it and took the answer (then the app shows no error
    /// of its own); `None` leaves it to the app.
    fn written(&mut self, _done: &WriteDone, _ctx: &mut Ctx) -> Option<Outcome> {
        None
    }

    /// Re-read what others may have changed (every second, and when tokens change); `true`
    /// when something visible changed.
    fn refresh(&mut self, _ctx: &mut Ctx) -> bool {
        false
    }
}

/// Something that holds an open screen and can refresh it now (the app; tests use it instead
/// of waiting for the next tick).
pub trait Host {
    /// Run the open screen's [`Screen::refresh`], marking the app dirty if it changed.
    fn refresh_screen(&mut self);
}
