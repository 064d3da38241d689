//! "Delete this account?" (`d`): `y` queues the delete for the writer thread (the app reloads
//! and says so when it is done); any other key keeps the account.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::keys::Command;
use crate::screen::{Ctx, Hint, Look, Outcome, Screen};
use crate::ui::window::window;
use crate::write::VaultWrite;

/// The question about one account.
pub struct DeleteAccount {
    /// The account.
    pub id: i64,
    /// Its name.
    pub name: String,
}

/// `y` or `Y`: the answer to every yes/no question.
pub fn is_yes(ev: &KeyEvent) -> bool {
    matches!(ev.code, KeyCode::Char('y') | KeyCode::Char('Y'))
}

/// The footer of every yes/no question.
pub const YES_NO: &[Hint] = &[("y", "yes"), ("any other key", "no")];

impl Screen for DeleteAccount {
    /// `d`: ask about the selected account.
    fn open(_cmd: Command, ctx: &mut Ctx) -> Option<DeleteAccount> {
        ctx.selected.map(|a| DeleteAccount {
            id: a.id,
            name: a.title(),
        })
    }

    fn keys(&mut self, ev: &KeyEvent, ctx: &mut Ctx) -> Outcome {
        if is_yes(ev) && ctx.vault.is_some() {
            ctx.write(VaultWrite::Delete {
                id: self.id,
                name: self.name.clone(),
            });
        }
        Outcome::Close
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.theme;
        window(
            frame,
            area,
            "Delete",
            vec![
                Line::raw(format!(" Delete {}? This cannot be undone.", self.name)),
                Line::raw(""),
                Line::from(vec![
                    Span::styled(" y", t.key),
                    Span::raw(" delete   "),
                    Span::styled("any other key", t.key),
                    Span::raw(" keep"),
                ]),
            ],
            40,
        );
    }

    fn hints(&self) -> &'static [Hint] {
        YES_NO
    }
}
