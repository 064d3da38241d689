//! Window helpers every overlay draws with: a centred rectangle and a bordered, titled box of
//! lines. They know nothing of the app, so screens use them without reaching the model.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::theme::Theme;
use super::fit;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// A masked field: one dot per character (at most 40).
pub fn dots(n: usize) -> String {
    "•".repeat(n.min(40))
}

/// ` ⠋ what`: a spinner at `frame`, then what is being done.
pub fn spinner_line(t: &Theme, frame: usize, what: &str) -> Line<'static> {
    Line::styled(format!(" {} {what}", SPINNER[frame % SPINNER.len()]), t.key)
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Which rows of a window to show when its lines do not all fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// From the top.
    Top,
    /// Keep line `i` (of the lines given, before wrapping) in view: a selection, a focused
    /// field.
    Keep(usize),
    /// Keep lines `i..=j` in view (as many as fit, from `i`): a field and its message.
    KeepLines(usize, usize),
    /// From this row (after wrapping), clamped so the last page stays full: a scrolled text.
    From(usize),
}

/// Where a window's lines went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// Inside the border.
    pub inner: Rect,
    /// The first row shown (after wrapping).
    pub first: usize,
    /// The row (after wrapping) each given line starts on.
    pub starts: Vec<usize>,
    /// How many rows the lines took after wrapping.
    pub rows: usize,
}

impl Placed {
    /// The screen position of row `row` (after wrapping), column `col` inside the border, if
    /// it is shown.
    pub fn position(&self, row: usize, col: u16) -> Option<Position> {
        let y = row.checked_sub(self.first)?;
        let p = Position::new(self.inner.x + col, self.inner.y + u16::try_from(y).ok()?);
        self.inner.contains(p).then_some(p)
    }
}

fn owned(line: Line) -> Line<'static> {
    Line {
        spans: line
            .spans
            .into_iter()
            .map(|s| Span::styled(s.content.into_owned(), s.style))
            .collect(),
        style: line.style,
        alignment: line.alignment,
    }
}

/// How wide [`window_at`] draws a window of these lines: as its widest line, at least `width`
/// and the title, at most the terminal.
fn window_width(area: Rect, title: &str, lines: &[Line], width: u16) -> u16 {
    let widest = lines.iter().map(|l| l.width() + 4).max().unwrap_or(20);
    let widest = u16::try_from(widest).unwrap_or(u16::MAX);
    let title_w = u16::try_from(fit::width(title) + 4).unwrap_or(u16::MAX);
    widest.max(width).max(title_w).min(area.width)
}

/// The columns a line has inside a window `w` wide: the border, and one column of margin
/// inside it on the right, as the lines have on the left.
fn text_columns(w: u16) -> usize {
    usize::from(w.saturating_sub(3)).max(1)
}

/// The columns [`window_at`] wraps these lines to. Lines wrapped to it beforehand (e.g. with
/// [`fit::wrap_line_whole`]) are drawn as they are.
pub fn text_width(area: Rect, title: &str, lines: &[Line], width: u16) -> usize {
    text_columns(window_width(area, title, lines, width))
}

/// A bordered window titled `title`, as wide as its widest line (at least `width`), centred.
pub fn window(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, width: u16) {
    window_at(frame, area, title, lines, width, Focus::Top);
}

/// A bordered window titled `title`, as wide as its widest line (at least `width`, at most the
/// terminal), centred. Lines too wide wrap at words (continuing under their indentation);
/// lines too many scroll to `focus`, with `↑`/`↓` on the border where more is hidden.
pub fn window_at(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line>,
    width: u16,
    focus: Focus,
) -> Placed {
    let w = window_width(area, title, &lines, width);
    let max = text_columns(w);
    let mut starts = Vec::with_capacity(lines.len());
    let mut rows: Vec<Line<'static>> = Vec::new();
    for line in lines {
        starts.push(rows.len());
        rows.extend(fit::wrap_line(&owned(line), max));
    }
    let room = usize::from(area.height.saturating_sub(2)).max(1);
    let shown = rows.len().min(room);
    let last_first = rows.len() - shown;
    let first = match focus {
        Focus::Top => 0,
        Focus::From(row) => row.min(last_first),
        Focus::Keep(i) | Focus::KeepLines(i, _) => {
            let j = match focus {
                Focus::KeepLines(_, j) => j.max(i),
                _ => i,
            };
            let start = starts.get(i).copied().unwrap_or(0);
            let end = starts.get(j + 1).copied().unwrap_or(rows.len());
            end.saturating_sub(shown).min(start).min(last_first)
        }
    };
    let r = centered(area, w, u16::try_from(shown + 2).unwrap_or(u16::MAX));
    let title = fit::ellipsize(title, usize::from(w.saturating_sub(4)));
    let mut block = Block::bordered().title(format!(" {title} "));
    if first > 0 {
        block = block.title_top(Line::raw(" ↑ ").right_aligned());
    }
    if first + shown < rows.len() {
        block = block.title_bottom(Line::raw(" ↓ ").right_aligned());
    }
    let total = rows.len();
    let inner = block.inner(r);
    frame.render_widget(Clear, r);
    let body: Vec<Line> = rows.into_iter().skip(first).take(shown).collect();
    frame.render_widget(Paragraph::new(body).block(block), r);
    Placed {
        inner,
        first,
        starts,
        rows: total,
    }
}

/// A bordered window 78 columns wide (or the terminal's width), centred (the import and export
/// screens).
pub fn wide_window(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, _height: u16) {
    window_at(frame, area, title, lines, 78, Focus::Top);
}

/// ` Label: value▏`, the caret only on the focused field.
pub fn field_line(t: &Theme, label: &str, value: String, focused: bool) -> Line<'static> {
    let label_style = if focused { t.selected } else { t.key };
    Line::from(vec![
        Span::styled(format!(" {label:<12}"), label_style),
        Span::raw(" "),
        Span::raw(value),
        Span::styled(if focused { "▏" } else { "" }, t.key),
    ])
}

/// The last failure, or a blank line.
pub fn error_or_blank(t: &Theme, error: &Option<String>) -> Line<'static> {
    match error {
        Some(e) => Line::styled(format!(" ✗ {e}"), t.error),
        None => Line::raw(""),
    }
}
