//! The `?` overlay, generated from the keymap so it can never disagree with the keys. One
//! binding per line; a help text too long for the terminal wraps under itself, and a help
//! taller than the terminal scrolls with `j`/`k`, `↓`/`↑`, `PgDn`/`PgUp`, `Home`/`End`.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::keys::Command;
use crate::screen::{Ctx, Hint, Look, Outcome, Screen};
use crate::ui::fit;
use crate::ui::window::{Focus, window_at};

/// The help window: how far it is scrolled.
#[derive(Debug, Default)]
pub struct Help {
    /// The first row shown.
    pub offset: usize,
    /// The last first row and the rows of a page, as the last drawing found them.
    limits: Cell<(usize, usize)>,
}

impl Screen for Help {
    fn open(_cmd: Command, _ctx: &mut Ctx) -> Option<Help> {
        Some(Help::default())
    }

    /// Scrolling keys scroll; any other key closes it.
    fn keys(&mut self, ev: &KeyEvent, _ctx: &mut Ctx) -> Outcome {
        let (last, page) = self.limits.get();
        let page = page.max(1);
        self.offset = match ev.code {
            KeyCode::Down | KeyCode::Char('j') => self.offset + 1,
            KeyCode::Up | KeyCode::Char('k') => self.offset.saturating_sub(1),
            KeyCode::PageDown => self.offset + page,
            KeyCode::PageUp => self.offset.saturating_sub(page),
            KeyCode::Home => 0,
            KeyCode::End => last,
            _ => return Outcome::Close,
        }
        .min(last);
        Outcome::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let (lines, indent) = lines(look);
        // Wrap as the window would, but continue under the help text rather than the key.
        let widest = lines.iter().map(Line::width).max().unwrap_or(0) + 4;
        let max = widest.max(60).min(usize::from(area.width)).saturating_sub(3);
        let bindings = look.keys.main().len();
        let lines: Vec<Line> = lines
            .iter()
            .enumerate()
            .flat_map(|(i, l)| match i < bindings {
                true => fit::wrap_line_indent(l, max, indent),
                false => fit::wrap_line(l, max),
            })
            .collect();
        let placed = window_at(frame, area, "Keys", lines, 60, Focus::From(self.offset));
        let page = usize::from(placed.inner.height);
        self.limits.set((placed.rows.saturating_sub(page), page));
    }

    fn hints(&self) -> &'static [Hint] {
        &[("↑↓/PgUp/PgDn", "scroll"), ("other keys", "close")]
    }
}

/// The help's lines: every binding of the main screen, then notes; and where a wrapped help
/// text continues.
fn lines(look: &Look) -> (Vec<Line<'static>>, usize) {
    let t = look.theme;
    let rows = look.keys.main();
    let key_w = rows
        .iter()
        .map(|(b, _)| fit::width(&b.label()))
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = rows
        .iter()
        .map(|(b, _)| {
            Line::from(vec![
                Span::styled(format!(" {:>key_w$}  ", b.label()), t.key),
                Span::raw(b.help),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Mouse: click selects, double-click copies, wheel scrolls.",
        t.dim,
    ));
    lines.push(Line::styled(
        " ↑↓ j k PgUp PgDn scroll this help; any other key closes it.",
        t.dim,
    ));
    (lines, key_w + 3)
}
