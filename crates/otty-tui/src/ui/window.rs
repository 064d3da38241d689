//! Window helpers every overlay draws with: a centred rectangle and a bordered, titled box of
//! lines. They know nothing of the app, so screens use them without reaching the model.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

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
