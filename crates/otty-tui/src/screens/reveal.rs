//! "Show the secret?" (`s`), then the account's secret in base32, in groups of four. Any key
//! hides it; the text is zeroed when the screen closes.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use zeroize::Zeroizing;

use super::delete::{YES_NO, is_yes};
use crate::keys::Command;
use crate::screen::{Ctx, Hint, Look, Outcome, Screen};
use crate::ui::window::window;

/// The question, then the secret.
pub enum Reveal {
    /// Waiting for `y` (account id, name).
    Ask(i64, String),
    /// The secret on screen.
    Shown(Secret),
}

/// A revealed secret.
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

impl Screen for Reveal {
    /// `s`: ask about the selected account.
    fn open(_cmd: Command, ctx: &mut Ctx) -> Option<Reveal> {
        ctx.selected.map(|a| Reveal::Ask(a.id, a.title()))
    }

    /// `y` shows the secret; any other key closes.
    fn keys(&mut self, ev: &KeyEvent, ctx: &mut Ctx) -> Outcome {
        let Reveal::Ask(id, name) = self else {
            return Outcome::Close;
        };
        let (true, Some(vault)) = (is_yes(ev), ctx.vault) else {
            return Outcome::Close;
        };
        match vault.account(*id) {
            Ok(a) => {
                let b32 = a.data.otp.secret.to_base32();
                *self = Reveal::Shown(Secret::new(a.title(), &b32));
                Outcome::Stay
            }
            Err(e) => {
                ctx.toast_error(format!("Cannot read {name}: {e}"));
                Outcome::Close
            }
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.theme;
        match self {
            Reveal::Ask(_, name) => window(
                frame,
                area,
                "Reveal secret",
                vec![
                    Line::raw(format!(" Show the secret of {name} on screen?")),
                    Line::styled(" Anyone who sees it can make your codes.", t.dim),
                    Line::raw(""),
                    Line::from(vec![
                        Span::styled(" y", t.key),
                        Span::raw(" show   "),
                        Span::styled("any other key", t.key),
                        Span::raw(" cancel"),
                    ]),
                ],
                40,
            ),
            Reveal::Shown(s) => window(
                frame,
                area,
                &format!("Secret of {}", s.label),
                vec![
                    Line::raw(""),
                    Line::styled(format!(" {} ", s.text.as_str()), t.service),
                    Line::raw(""),
                    Line::styled(" Any key hides it.", t.dim),
                ],
                30,
            ),
        }
    }

    fn hints(&self) -> &'static [Hint] {
        match self {
            Reveal::Ask(..) => YES_NO,
            Reveal::Shown(_) => &[("any key", "close")],
        }
    }
}
