//! Window helpers every overlay draws with: a centred rectangle and a bordered, titled box of
//! lines. They know nothing of the app, so screens use them without reaching the model.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::theme::Theme;

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

/// A bordered window titled `title`, as wide as its widest line (at least `width`), centred.
pub fn window(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, width: u16) {
    let w = lines
        .iter()
        .map(|l| l.width() as u16 + 4)
        .max()
        .unwrap_or(20)
        .max(width)
        .max(title.chars().count() as u16 + 4);
    let r = centered(area, w, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(" {title} "))),
        r,
    );
}

/// A bordered window 78 columns wide and `height` rows high, centred (the import and export
/// screens).
pub fn wide_window(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, height: u16) {
    let r = centered(area, 78, height);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(" {title} "))),
        r,
    );
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
