//! The import and export screens. Names, groups and reasons only: passphrases are drawn as
//! dots and no secret or code ever appears here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::app::App;
use super::super::export::{ExportScreen, Field};
use super::super::import::{Focus, ImportScreen, Preview, Stage};
use super::super::theme::Theme;
use super::centered;
use super::lock::{dots, spinner};
use otty_core::export::ExportFormat;
use otty_core::import::plan::Status;

fn window(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, height: u16) {
    let r = centered(area, 78, height);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(" {title} "))),
        r,
    );
}

/// ` Label: value▏`, the caret only on the focused field.
fn field(t: &Theme, label: &str, value: String, focused: bool) -> Line<'static> {
    let label_style = if focused { t.selected } else { t.key };
    Line::from(vec![
        Span::styled(format!(" {label:<12}"), label_style),
        Span::raw(" "),
        Span::raw(value),
        Span::styled(if focused { "▏" } else { "" }, t.key),
    ])
}

fn error_or_blank(t: &Theme, error: &Option<String>) -> Line<'static> {
    match error {
        Some(e) => Line::styled(format!(" ✗ {e}"), t.error),
        None => Line::raw(""),
    }
}

/// The import screen.
pub fn import(app: &App, s: &ImportScreen, frame: &mut Frame, area: Rect) {
    if let Stage::Preview(p) = &s.stage {
        preview(app, p, frame, area);
        return;
    }
    let t = &app.theme;
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
        lines.push(spinner(
            app,
            "Reading the file (encrypted files take a few seconds)…",
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Aegis, 2FAS, andOTP, Bitwarden, Ente, FreeOTP+, 2FAuth, Google (text or QR",
        t.dim,
    ));
    lines.push(Line::styled(" image), otpauth lines, otty exports.", t.dim));
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

fn preview(app: &App, p: &Preview, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
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

fn format_name(f: ExportFormat) -> &'static str {
    match f {
        ExportFormat::Otty => "otty",
        ExportFormat::Aegis => "Aegis",
        ExportFormat::TwoFauth => "2FAuth",
        _ => "otpauth lines",
    }
}

/// The export screen.
pub fn export(app: &App, s: &ExportScreen, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let on = |f: Field| !s.busy && s.focus == f;
    let formats: Vec<String> = ExportFormat::ALL
        .iter()
        .map(|f| {
            if *f == s.chosen() {
                format!("[{}]", format_name(*f))
            } else {
                format!(" {} ", format_name(*f))
            }
        })
        .collect();
    let n = app.list.accounts.len();
    let mut lines = vec![
        Line::styled(
            format!(
                " Write all {n} account{} to a new file, created with mode 0600.",
                if n == 1 { "" } else { "s" }
            ),
            t.dim,
        ),
        Line::styled(" An existing file is never overwritten.", t.dim),
        Line::raw(""),
        field(t, "Format", formats.join(" "), on(Field::Format)),
    ];
    let fields = s.fields();
    if fields.contains(&Field::Encrypt) {
        let v = if s.encrypt { "[x] yes" } else { "[ ] no" };
        lines.push(field(t, "Encrypt", v.to_owned(), on(Field::Encrypt)));
    }
    if s.encrypting() {
        lines.push(field(
            t,
            "Passphrase",
            dots(s.passphrase.value().chars().count()),
            on(Field::Passphrase),
        ));
        lines.push(field(
            t,
            "Again",
            dots(s.confirm.value().chars().count()),
            on(Field::Confirm),
        ));
    }
    lines.push(field(
        t,
        "Output",
        s.path.value().to_owned(),
        on(Field::Path),
    ));
    lines.push(Line::raw(""));
    if s.busy {
        lines.push(spinner(app, "Writing the export…"));
    } else if s.error.is_some() {
        lines.push(error_or_blank(t, &s.error));
    } else if !s.encrypting() {
        lines.push(Line::styled(
            " Not encrypted: the file will hold every secret in clear text.",
            t.error,
        ));
    } else {
        lines.push(Line::raw(""));
    }
    let h = lines.len() as u16 + 2;
    window(frame, area, "Export", lines, h);
}

/// The footer's keys while one of these screens is open.
pub fn import_keys(s: &ImportScreen) -> &'static [(&'static str, &'static str)] {
    match s.stage {
        Stage::Preview(_) => &[("Enter", "import"), ("↑↓", "scroll"), ("Esc", "back")],
        Stage::Reading => &[("Esc", "cancel")],
        Stage::Edit if s.encrypted.is_some() => {
            &[("Enter", "read"), ("Tab", "field"), ("Esc", "cancel")]
        }
        Stage::Edit => &[("Enter", "read"), ("Ctrl-u", "clear"), ("Esc", "cancel")],
    }
}

/// The footer's keys on the export screen.
pub fn export_keys(s: &ExportScreen) -> &'static [(&'static str, &'static str)] {
    match s.focus {
        _ if s.busy => &[],
        Field::Format => &[("←→", "format"), ("Tab/↑↓", "field"), ("Esc", "cancel")],
        Field::Encrypt => &[("Space", "toggle"), ("Tab/↑↓", "field"), ("Esc", "cancel")],
        Field::Path => &[("Enter", "export"), ("Tab/↑↓", "field"), ("Esc", "cancel")],
        _ => &[("Tab/↑↓", "field"), ("Esc", "cancel")],
    }
}
