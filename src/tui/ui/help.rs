//! The `?` overlay, generated from the keymap so it can never disagree with the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::app::App;
use super::centered;

/// Draw the help overlay.
pub fn help(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let rows = app.keys.main();
    let key_w = rows
        .iter()
        .map(|(b, _)| b.label().chars().count())
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
    lines.push(Line::styled(" Any key closes this help.", t.dim));
    let r = centered(area, 64, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Keys ")),
        r,
    );
}
