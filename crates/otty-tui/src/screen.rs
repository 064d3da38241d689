//! [`Screen`]: the one small trait every window over the main screen implements (help, QR,
//! secret, OTP log, tokens, …), and the narrow [`Ctx`] it works through instead of the whole
//! [`App`](crate::app::App).
//!
//! A screen owns its state, its keys ([`Screen::keys`]), its drawing ([`Screen::draw`]) and
//! its footer hints ([`Screen::hints`]). Through [`Ctx`] it may read the vault, the clock and
//! the selected account, queue [`Effect`]s, copy with the usual clipboard timeout and show a
//! toast; it cannot reach the list, the filter or another screen. Screens are registered in
//! [`crate::screens`].

use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use zeroize::Zeroizing;

use otty_core::{Account, Vault};

use super::action::Effect;
use super::config::Config;
use super::keys::KeyMap;
use super::theme::Theme;

/// A key and what it does, for the footer ("Esc", "close").
pub type Hint = (&'static str, &'static str);

/// What a screen wants after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stay open.
    Stay,
    /// Close: the main screen takes the keys again.
    Close,
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
    /// Work for the runner.
    pub effects: &'a mut Vec<Effect>,
    /// The message at the bottom.
    pub toast: &'a mut Option<Toast>,
    /// What the pending copy is ("the token"), for the toast once it is done.
    pub pending_copy: &'a mut Option<String>,
    /// When to clear the clipboard.
    pub clear_clipboard_at: &'a mut Option<i64>,
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
}

/// A window over the main screen that takes the keys while open.
pub trait Screen {
    /// Open the screen from the main screen's command, or `None` (after a toast, if there is
    /// something to say) when it has nothing to show.
    fn open(ctx: &mut Ctx) -> Option<Self>
    where
        Self: Sized;

    /// A key press.
    fn keys(&mut self, ev: &KeyEvent, ctx: &mut Ctx) -> Outcome;

    /// Draw over the main screen, inside `area` (the whole terminal).
    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look);

    /// The keys that apply now, for the footer.
    fn hints(&self) -> &'static [Hint];

    /// Pasted text (bracketed paste); ignored unless a text field has the focus.
    fn paste(&mut self, _text: &str) {}

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
