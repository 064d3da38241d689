//! The "move to group" picker (`m`): entry 0 is "no group", entry `i` is group `i - 1`.
//! `Enter` queues the move for the writer thread; the app reloads and says so when it is done.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::keys::Command;
use crate::screen::{Ctx, Hint, Look, Outcome, Screen};
use crate::theme::Theme;
use crate::ui::window::window;
use crate::write::VaultWrite;

/// The picker.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Picker {
    /// Selected entry.
    pub selected: usize,
}

/// A line of a list to pick from, marked when selected.
pub fn pick_line(selected: bool, text: String, t: &Theme) -> Line<'static> {
    if selected {
        Line::styled(format!(" ▶ {text} "), t.selected)
    } else {
        Line::raw(format!("   {text} "))
    }
}

impl Screen for Picker {
    /// `m`: start on the selected account's group.
    fn open(_cmd: Command, ctx: &mut Ctx) -> Option<Picker> {
        let a = ctx.selected?;
        let selected = a
            .data
            .group_id
            .and_then(|g| ctx.groups.iter().position(|(x, _)| x.id == g))
            .map_or(0, |i| i + 1);
        Some(Picker { selected })
    }

    fn keys(&mut self, ev: &KeyEvent, ctx: &mut Ctx) -> Outcome {
        let n = ctx.groups.len() + 1;
        match ev.code {
            KeyCode::Up | KeyCode::Char('k') => self.selected = (self.selected + n - 1) % n,
            KeyCode::Down | KeyCode::Char('j') => self.selected = (self.selected + 1) % n,
            KeyCode::Enter => {
                if let (Some(a), Some(_)) = (ctx.selected, ctx.vault) {
                    let (id, name) = (a.id, a.title());
                    let group = self
                        .selected
                        .checked_sub(1)
                        .and_then(|i| ctx.groups.get(i))
                        .map(|(g, _)| (g.id, g.name.clone()));
                    ctx.write(VaultWrite::Assign { id, name, group });
                }
                return Outcome::Close;
            }
            _ => return Outcome::Close,
        }
        Outcome::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.theme;
        let mut lines = vec![pick_line(self.selected == 0, "(no group)".into(), t)];
        for (i, (g, n)) in look.groups.iter().enumerate() {
            lines.push(pick_line(
                self.selected == i + 1,
                format!("{} ({n})", g.name),
                t,
            ));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(" ↑↓ choose · Enter move · Esc cancel", t.dim));
        window(frame, area, "Move to group", lines, 36);
    }

    fn hints(&self) -> &'static [Hint] {
        &[("↑↓", "choose"), ("Enter", "move"), ("Esc", "cancel")]
    }
}
