//! Drawing of the export screen. The passphrase is drawn as dots; no secret ever appears here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{ExportScreen, Field};
use crate::screen::Look;
use crate::ui::window::{dots, error_or_blank, field_line as field, spinner_line, wide_window as window};
use otty_core::export::ExportFormat;

fn format_name(f: ExportFormat) -> &'static str {
    match f {
        ExportFormat::Otty => "otty",
        ExportFormat::Aegis => "Aegis",
        ExportFormat::TwoFauth => "2FAuth",
        ExportFormat::TwoFas => "2FAS",
        ExportFormat::Bitwarden => "Bitwarden",
        _ => "otpauth lines",
    }
}

/// The export screen.
pub fn export(look: &Look, s: &ExportScreen, frame: &mut Frame, area: Rect) {
    let t = look.theme;
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
    let n = look.accounts;
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
        lines.push(spinner_line(t, look.spinner, "Writing the export…"));
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


/// The footer's keys on the export screen.
pub fn hints(s: &ExportScreen) -> &'static [(&'static str, &'static str)] {
    match s.focus {
        _ if s.busy => &[],
        Field::Format => &[("←→", "format"), ("Tab/↑↓", "field"), ("Esc", "cancel")],
        Field::Encrypt => &[("Space", "toggle"), ("Tab/↑↓", "field"), ("Esc", "cancel")],
        Field::Path => &[("Enter", "export"), ("Tab/↑↓", "field"), ("Esc", "cancel")],
        _ => &[("Tab/↑↓", "field"), ("Esc", "cancel")],
    }
}
