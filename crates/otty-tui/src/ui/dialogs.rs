//! Small windows: confirmations, the QR code, the revealed secret, the group picker and the
//! groups screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::app::{App, Confirm, Overlay};
use super::super::groups::{GroupsPane, NameEdit, Picker};
use super::super::otp_log::OtpLogView;
use super::centered;

fn window(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, width: u16) {
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

/// Draw any overlay other than help and the form.
pub fn dialog(app: &App, overlay: &Overlay, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    match overlay {
        Overlay::Confirm(Confirm::Delete(_, name)) => window(
            frame,
            area,
            "Delete",
            vec![
                Line::raw(format!(" Delete {name}? This cannot be undone.")),
                Line::raw(""),
                Line::from(vec![
                    Span::styled(" y", t.key),
                    Span::raw(" delete   "),
                    Span::styled("any other key", t.key),
                    Span::raw(" keep"),
                ]),
            ],
            40,
        ),
        Overlay::Confirm(Confirm::Reveal(_, name)) => window(
            frame,
            area,
            "Reveal secret",
            vec![
                Line::raw(format!(" Show the secret of {name} on screen?")),
                Line::styled(" Anyone who sees it can make your codes.", t.dim),
                Line::raw(""),
                Line::from(vec![
                    Span::styled(" y", t.key),
                    Span::raw(" show   "),
                    Span::styled("any other key", t.key),
                    Span::raw(" cancel"),
                ]),
            ],
            40,
        ),
        Overlay::Secret(name, secret) => window(
            frame,
            area,
            &format!("Secret of {name}"),
            vec![
                Line::raw(""),
                Line::styled(format!(" {} ", secret.as_str()), t.service),
                Line::raw(""),
                Line::styled(" Any key hides it.", t.dim),
            ],
            30,
        ),
        Overlay::Qr(name, art) => {
            let mut lines: Vec<Line> = art.lines().map(|l| Line::raw(l.to_owned())).collect();
            lines.push(Line::styled(
                " Scan with a phone. Anyone who sees it can copy the account. Any key closes.",
                t.dim,
            ));
            if lines.len() as u16 + 2 > area.height {
                let msg = format!(
                    " The terminal is too short for this QR code: it needs {} rows.",
                    lines.len() + 2
                );
                window(frame, area, name, vec![Line::raw(msg)], 30);
            } else {
                window(frame, area, name, lines, 30);
            }
        }
        Overlay::OtpLog(v) => otp_log(app, v, frame, area),
        Overlay::MoveTo(p) => move_to(app, p, frame, area),
        Overlay::Groups(g) => groups(app, g, frame, area),
        Overlay::Help
        | Overlay::Form(_)
        | Overlay::Import(_)
        | Overlay::Export(_)
        | Overlay::Tokens(_) => {}
    }
}

fn pick_line(selected: bool, text: String, t: &super::super::theme::Theme) -> Line<'static> {
    if selected {
        Line::styled(format!(" ▶ {text} "), t.selected)
    } else {
        Line::raw(format!("   {text} "))
    }
}

fn move_to(app: &App, p: &Picker, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut lines = vec![pick_line(p.selected == 0, "(no group)".into(), t)];
    for (i, (g, n)) in app.list.groups.iter().enumerate() {
        lines.push(pick_line(
            p.selected == i + 1,
            format!("{} ({n})", g.name),
            t,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(" ↑↓ choose · Enter move · Esc cancel", t.dim));
    window(frame, area, "Move to group", lines, 36);
}

fn groups(app: &App, g: &GroupsPane, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut lines = Vec::new();
    if app.list.groups.is_empty() {
        lines.push(Line::styled(" No groups yet.", t.dim));
    }
    for (i, (group, n)) in app.list.groups.iter().enumerate() {
        let text = match &g.editing {
            Some((NameEdit::Rename(id), input)) if *id == group.id => {
                format!("{}▏ ({n})", input.value())
            }
            _ => format!("{} ({n})", group.name),
        };
        lines.push(pick_line(i == g.selected, text, t));
    }
    if let Some((NameEdit::New, input)) = &g.editing {
        lines.push(Line::from(vec![
            Span::styled("   New group: ", t.key),
            Span::raw(format!("{}▏", input.value())),
        ]));
    }
    if let Some(e) = &g.error {
        lines.push(Line::styled(format!(" ✗ {e}"), t.error));
    }
    lines.push(Line::raw(""));
    let hint = if g.editing.is_some() {
        " Enter save · Esc cancel"
    } else if g.confirm_delete {
        " Delete this group? y yes · any other key no (accounts stay, in no group)"
    } else {
        " a new · r rename · d delete · J/K move · Enter show · Esc close"
    };
    let st = if g.confirm_delete { t.error } else { t.dim };
    lines.push(Line::styled(hint, st));
    window(frame, area, "Groups", lines, 40);
}

/// `2023-11-14 22:13:10` (UTC).
fn when(unix: i64) -> String {
    otty_core::clock::iso8601(unix)
        .get(..19)
        .unwrap_or_default()
        .replace('T', " ")
}

fn otp_log(app: &App, v: &OtpLogView, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut lines = Vec::new();
    if let Some(e) = &v.error {
        lines.push(Line::styled(format!(" ✗ {e}"), t.error));
    } else if v.entries.is_empty() {
        lines.push(Line::styled(
            " No code of this account was handed out through the API.",
            t.dim,
        ));
    } else {
        lines.push(Line::styled(
            format!(" {:<21} {}", "When (UTC)", "Token"),
            t.dim,
        ));
    }
    let room = usize::from(area.height).saturating_sub(6);
    for e in v.entries.iter().take(room) {
        let who = e.token_name.as_deref().unwrap_or("(otty itself)");
        lines.push(Line::raw(format!(" {:<21} {who}", when(e.created_at))));
    }
    if v.entries.len() > room {
        lines.push(Line::styled(
            format!(" … and {} older", v.entries.len() - room),
            t.dim,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Codes are never logged. Any key closes.",
        t.dim,
    ));
    window(frame, area, &format!("OTP log of {}", v.label), lines, 50);
}
