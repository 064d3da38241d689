//! Drawing of the import screen. Names, groups and reasons only: the passphrase is drawn as
//! dots and no secret or code ever appears here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Focus, ImportScreen, Preview, Stage};
use crate::screen::Look;
use crate::theme::Theme;
use crate::ui::window::{dots, error_or_blank, field_line as field, spinner_line, wide_window as window};
use otty_core::import::plan::Status;

/// The import screen.
pub fn import(look: &Look, s: &ImportScreen, frame: &mut Frame, area: Rect) {
    if let Stage::Preview(p) = &s.stage {
        preview(look, p, frame, area);
        return;
    }
    let t = look.theme;
    let editing = matches!(s.stage, Stage::Edit);
    let mut lines = vec![
        Line::styled(
            " Read another authenticator's export; the format is found from the content.",
            t.dim,
        ),
        Line::raw(""),
        field(
            t,
            "File",
            s.path.value().to_owned(),
            editing && s.focus == Focus::Path,
        ),
    ];
    if s.encrypted.is_some() {
        lines.push(field(
            t,
            "Passphrase",
            dots(s.passphrase.value().chars().count()),
            editing && s.focus == Focus::Passphrase,
        ));
    }
    lines.push(Line::raw(""));
    if editing {
        lines.push(error_or_blank(t, &s.error));
    } else {
        lines.push(spinner_line(
            t,
            look.spinner,
            "Reading the file (encrypted files take a few seconds)…",
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Aegis, 2FAS, andOTP, Authy, Bitwarden, Ente, FreeOTP(+), Google (text, QR",
        t.dim,
    ));
    lines.push(Line::styled(
        " or app database), Proton, Steam, Stratum, cotp, … (otty import --help).",
        t.dim,
    ));
    let h = lines.len() as u16 + 2;
    window(frame, area, "Import", lines, h);
}

fn status_cell(t: &Theme, st: &Status) -> (String, Style) {
    match st {
        Status::New => ("new".into(), t.ok),
        Status::Duplicate => ("duplicate".into(), t.dim),
        Status::Invalid(_) => ("invalid".into(), t.error),
    }
}

fn preview(look: &Look, p: &Preview, frame: &mut Frame, area: Rect) {
    let t = look.theme;
    let b = &p.batch;
    let height = area.height.saturating_sub(2).max(8);
    // Title, blank, rows…, blank, hint; plus the border.
    let room = usize::from(height).saturating_sub(6).max(1);
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!(
                " {}{}: ",
                b.format,
                if b.encrypted { " (encrypted)" } else { "" }
            ),
            t.service,
        ),
        Span::styled(format!("{} new", p.new), t.ok),
        Span::raw(" · "),
        Span::raw(format!("{} duplicate", p.duplicate)),
        Span::raw(" · "),
        Span::styled(format!("{} invalid", p.invalid), t.error),
    ])];
    lines.push(Line::raw(""));
    let offset = p.offset.min(p.rows.len().saturating_sub(room));
    for (i, row) in p.rows.iter().enumerate().skip(offset).take(room) {
        let (word, st) = status_cell(t, &row.status);
        let mut spans = vec![
            Span::styled(format!(" {:>3} ", i + 1), t.dim),
            Span::styled(format!("{word:<10}"), st),
        ];
        match &row.status {
            Status::Invalid(reason) => spans.push(Span::raw(reason.clone())),
            _ => {
                spans.push(Span::raw(row.label.clone()));
                if let Some(g) = &row.group {
                    spans.push(Span::styled(format!("  [{g}]"), t.dim));
                }
            }
        }
        lines.push(Line::from(spans));
    }
    if p.rows.is_empty() {
        lines.push(Line::styled(" The file holds no accounts.", t.dim));
    }
    lines.push(Line::raw(""));
    let hint = if p.new == 0 {
        " Nothing new to add · Esc back".to_owned()
    } else {
        format!(
            " Enter adds {} new (one transaction) · Esc back, nothing is written",
            p.new
        )
    };
    lines.push(Line::styled(hint, t.key));
    let h = (lines.len() as u16 + 2).min(height);
    window(frame, area, "Import preview", lines, h);
}


/// The footer's keys while one of these screens is open.
pub fn hints(s: &ImportScreen) -> &'static [(&'static str, &'static str)] {
    match s.stage {
        Stage::Preview(_) => &[("Enter", "import"), ("↑↓", "scroll"), ("Esc", "back")],
        Stage::Reading => &[("Esc", "cancel")],
        Stage::Edit if s.encrypted.is_some() => {
            &[("Enter", "read"), ("Tab", "field"), ("Esc", "cancel")]
        }
        Stage::Edit => &[("Enter", "read"), ("Ctrl-u", "clear"), ("Esc", "cancel")],
    }
}

