//! An account's secret in base32, in groups of four, after the user said yes to
//! `Confirm::Reveal`. Any key hides it; the text is zeroed when it closes.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use zeroize::Zeroizing;

use crate::screen::{Ctx, Hint, Look, Outcome, Screen};
use crate::ui::window::window;

/// The revealed secret.
pub struct Secret {
    /// The account's name, for the title.
    pub label: String,
    /// The base32 text, spaced.
    pub text: Zeroizing<String>,
}

impl Secret {
    /// The secret of an account named `label`, given in base32 (`b32`), spaced in fours.
    pub fn new(label: String, b32: &str) -> Secret {
        let mut spaced = Zeroizing::new(String::with_capacity(b32.len() * 5 / 4 + 1));
        for (i, ch) in b32.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                spaced.push(' ');
            }
            spaced.push(ch);
        }
        Secret {
            label,
            text: spaced,
        }
    }
}

impl Screen for Secret {
    /// Opened by the reveal question, never by a command of its own.
    fn open(_ctx: &mut Ctx) -> Option<Secret> {
        None
    }

    /// Any key hides it.
    fn keys(&mut self, _ev: &KeyEvent, _ctx: &mut Ctx) -> Outcome {
        Outcome::Close
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.theme;
        window(
            frame,
            area,
            &format!("Secret of {}", self.label),
            vec![
                Line::raw(""),
                Line::styled(format!(" {} ", self.text.as_str()), t.service),
                Line::raw(""),
                Line::styled(" Any key hides it.", t.dim),
            ],
            30,
        );
    }

    fn hints(&self) -> &'static [Hint] {
        &[("any key", "close")]
    }
}
