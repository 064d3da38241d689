//! Windows whose text must be read whole, on a terminal that may be too short for it: the
//! unlock and first-run screens, the one view of a new API token. Every line wraps by display
//! width with nothing cut (`fit::wrap_line_whole`: a path or a token too long for a line is
//! broken across lines). When the rows do not all fit, the blank spacing lines go first; if
//! they still do not fit the window scrolls (a [`Scroll`]), showing the lines marked
//! [`Role::Kept`] (a password field and its message, the token) until the user scrolls, and
//! the hint line names the scroll keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::super::scroll::{Scroll, keeping};
use super::super::theme::Theme;
use super::fit;
use super::window::{Focus, Placed, text_width, window_at};

/// What a line is to a terminal too short for all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A blank line between parts: the first to go.
    Spacer,
    /// Text, scrolled away if need be.
    Text,
    /// What the window keeps in view until the user scrolls.
    Kept,
}

/// A window's lines before wrapping, with their roles.
#[derive(Default)]
pub struct Lines(Vec<(Role, Line<'static>)>);

impl Lines {
    /// A blank line between parts.
    pub fn spacer(&mut self) {
        self.0.push((Role::Spacer, Line::raw("")));
    }

    /// A line that may scroll away.
    pub fn text(&mut self, line: Line<'static>) {
        self.0.push((Role::Text, line));
    }

    /// A line kept in view.
    pub fn kept(&mut self, line: Line<'static>) {
        self.0.push((Role::Kept, line));
    }
}

/// ` Enter unlock · Esc quit`: a window's keys, in the key style, what they do dimmed.
pub fn hint_line(t: &Theme, keys: &[(&str, &str)]) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (i, (k, what)) in keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", t.dim));
        }
        spans.push(Span::styled((*k).to_owned(), t.key));
        spans.push(Span::styled(format!(" {what}"), t.dim));
    }
    Line::from(spans)
}

/// Draw `lines`, then the hint line `hints(scrolls)` (`scrolls`: the scroll keys are needed),
/// in a bordered window titled `title`, at least `width` wide, as [`window_at`] sizes it.
pub fn window(
    frame: &mut Frame,
    area: Rect,
    (title, width): (&str, u16),
    lines: Lines,
    hints: &dyn Fn(bool) -> Line<'static>,
    scroll: &Scroll,
) -> Placed {
    let mut widths: Vec<Line> = lines.0.iter().map(|(_, l)| l.clone()).collect();
    widths.push(hints(false));
    let max = text_width(area, title, &widths, width);
    let room = usize::from(area.height.saturating_sub(2)).max(1);
    let wrap = |lines: &[(Role, Line<'static>)], scrolls: bool| {
        let hint = [(Role::Text, hints(scrolls))];
        let mut rows: Vec<(Role, Line<'static>)> = Vec::new();
        for (role, line) in lines.iter().chain(&hint) {
            let wrapped = fit::wrap_line_whole(line, max);
            rows.extend(wrapped.into_iter().map(|l| (*role, l)));
        }
        rows
    };
    let mut lines = lines.0;
    let mut rows = wrap(&lines, false);
    if rows.len() > room {
        lines.retain(|(r, _)| *r != Role::Spacer);
        rows = wrap(&lines, false);
        if rows.len() > room {
            rows = wrap(&lines, true);
        }
    }
    let kept = |(r, _): &(Role, Line<'static>)| *r == Role::Kept;
    let start = rows.iter().position(kept).unwrap_or(0);
    let end = rows.iter().rposition(kept).map_or(0, |i| i + 1);
    let page = rows.len().min(room);
    let follow = keeping(start, end, page, rows.len());
    let first = scroll.first_row(follow, rows.len() - page, page);
    let rows: Vec<Line> = rows.into_iter().map(|(_, l)| l).collect();
    window_at(frame, area, title, rows, width, Focus::From(first))
}
