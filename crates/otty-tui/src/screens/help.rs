//! The `?` overlay, generated from the keymap so it can never disagree with the keys. On a
//! short terminal the bindings flow into two columns.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::keys::Command;
use crate::screen::{Ctx, Hint, Look, Outcome, Screen};
use crate::ui::window::centered;

/// Width of one column of bindings.
const COLUMN: u16 = 56;

/// The help window: nothing to keep but that it is open.
pub struct Help;

impl Screen for Help {
    fn open(_cmd: Command, _ctx: &mut Ctx) -> Option<Help> {
        Some(Help)
    }

    /// Any key closes it.
    fn keys(&mut self, _ev: &KeyEvent, _ctx: &mut Ctx) -> Outcome {
        Outcome::Close
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        help(look, frame, area);
    }

    fn hints(&self) -> &'static [Hint] {
        &[("any key", "close")]
    }
}

/// Draw the help overlay.
fn help(look: &Look, frame: &mut Frame, area: Rect) {
    let t = look.theme;
    let rows = look.keys.main();
    let key_w = rows
        .iter()
        .map(|(b, _)| b.label().chars().count())
        .max()
        .unwrap_or(0);
    let bindings: Vec<Line> = rows
        .iter()
        .map(|(b, _)| {
            Line::from(vec![
                Span::styled(format!(" {:>key_w$}  ", b.label()), t.key),
                Span::raw(b.help),
            ])
        })
        .collect();
    let notes = [
        Line::styled(
            " Mouse: click selects, double-click copies, wheel scrolls.",
            t.dim,
        ),
        Line::styled(" Any key closes this help.", t.dim),
    ];
    let room = area.height.saturating_sub(2 + notes.len() as u16 + 1);
    let two = (bindings.len() as u16) > room && area.width >= 2 * COLUMN + 2;
    let per_col = if two {
        bindings.len().div_ceil(2)
    } else {
        bindings.len()
    };
    let height = per_col as u16 + notes.len() as u16 + 3;
    let width = if two { 2 * COLUMN + 2 } else { COLUMN + 8 };
    let r = centered(area, width, height);
    frame.render_widget(Clear, r);
    frame.render_widget(Block::bordered().title(" Keys "), r);
    let inner = Rect::new(
        r.x + 1,
        r.y + 1,
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    );
    let cols: Vec<Vec<Line>> = bindings
        .chunks(per_col.max(1))
        .map(<[Line]>::to_vec)
        .collect();
    for (i, col) in cols.into_iter().enumerate() {
        let x = inner.x + i as u16 * COLUMN;
        let w = if two { COLUMN } else { inner.width };
        let h = (per_col as u16).min(inner.height);
        frame.render_widget(
            Paragraph::new(col),
            Rect::new(x, inner.y, w.min(inner.width), h),
        );
    }
    let notes_y = inner.y + per_col as u16 + 1;
    if notes_y < inner.y + inner.height {
        let h = (inner.y + inner.height - notes_y).min(notes.len() as u16);
        frame.render_widget(
            Paragraph::new(notes.to_vec()),
            Rect::new(inner.x, notes_y, inner.width, h),
        );
    }
}
