//! The add/edit form: one line per field, its message under it when it failed.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::app::App;
use super::super::form::{AccountForm, FIELDS, Field};
use super::centered;

fn hint(field: Field) -> &'static str {
    match field {
        Field::Uri => "paste otpauth://… to fill the rest",
        Field::Kind => "totp · hotp · steam",
        Field::Algorithm => "sha1 · sha256 · sha512 · md5",
        Field::Group => "empty: no group",
        _ => "",
    }
}

/// Draw the form.
pub fn form(app: &App, f: &AccountForm, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let label_w = 13usize;
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, field) in FIELDS.iter().enumerate() {
        let focused = i == f.focus;
        let mut value = f.value(*field).to_owned();
        if *field == Field::Secret && !focused && !value.is_empty() {
            value = "•".repeat(value.chars().count().min(32));
        }
        if *field == Field::Secret && value.is_empty() && f.editing.is_some() {
            value = String::new();
        }
        let label_style = if focused { t.key } else { t.dim };
        let mut spans = vec![
            Span::styled(format!(" {:>label_w$} ", field.label()), label_style),
            Span::raw(value.clone()),
        ];
        if value.is_empty() {
            let h = if *field == Field::Secret && f.editing.is_some() {
                "unchanged (type to replace)"
            } else {
                hint(*field)
            };
            spans.push(Span::styled(h, t.dim));
        }
        if focused {
            let x = label_w + 2 + f.inputs[i].visual_cursor();
            cursor = Some((x as u16, lines.len() as u16));
        }
        lines.push(Line::from(spans));
        if let Some(msg) = f.error(*field) {
            lines.push(Line::styled(format!(" {:>label_w$} ✗ {msg}", ""), t.error));
        } else if *field == Field::Uri
            && let Some(note) = &f.note
        {
            lines.push(Line::styled(format!(" {:>label_w$} ✓ {note}", ""), t.ok));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Tab/↑↓ field · Enter save · Esc cancel · paste works anywhere",
        t.dim,
    ));
    let title = if f.editing.is_some() {
        " Edit account "
    } else {
        " Add account "
    };
    let r = centered(area, 90, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        r,
    );
    if let Some((x, y)) = cursor {
        let p = Position::new(r.x + 1 + x, r.y + 1 + y);
        if r.contains(p) {
            frame.set_cursor_position(p);
        }
    }
}
