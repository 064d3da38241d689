//! The unlock and first-run screens. Nothing from the vault is drawn here: no names, no codes.
//! The unlock screen warns when other users may read or write the vault file.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::super::app::App;
use super::super::lock::{CreateForm, UnlockForm, strength};
use super::centered;
use super::window::{dots, spinner_line};

fn spinner(app: &App, what: &str) -> Line<'static> {
    spinner_line(&app.theme, app.spinner, what)
}

/// The unlock screen.
pub fn unlock(app: &App, f: &UnlockForm, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut lines = vec![
        Line::raw(""),
        Line::styled(format!(" Vault: {}", app.place), t.dim),
    ];
    if let Some(mode) = app.loose_mode {
        lines.push(Line::styled(
            format!(
                " Warning: {} by others (mode {mode:04o}); run chmod 600 on it.",
                otty_core::hardening::exposure(mode)
            ),
            t.error,
        ));
    }
    lines.extend([
        Line::raw(""),
        Line::from(vec![
            Span::styled(" Password: ", t.key),
            Span::raw(dots(f.input.value().chars().count())),
            Span::styled(if f.busy { "" } else { "▏" }, t.key),
        ]),
        Line::raw(""),
    ]);
    if f.busy {
        lines.push(spinner(app, "Unlocking (deriving the key with Argon2id)…"));
    } else if let Some(e) = &f.error {
        lines.push(Line::styled(format!(" {e}"), t.error));
    } else if app.demo {
        lines.push(Line::styled(
            " Demo vault: the password is empty, just press Enter.",
            t.dim,
        ));
    } else {
        lines.push(Line::raw(""));
    }
    lines.push(Line::raw(""));
    if let Some(url) = app.api.url() {
        lines.push(Line::styled(
            format!(" API: {url} (locked: answers 503 until unlocked)"),
            t.dim,
        ));
    }
    lines.push(Line::styled(" Enter unlock · Esc quit", t.dim));
    let r = centered(area, 70, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" otty is locked ")),
        r,
    );
}

/// Characters per wrapped line in the first-run window, counted low so that word wrapping fits.
const WIDE_TEXT: usize = 70;

/// The first-run screen.
pub fn create(app: &App, f: &CreateForm, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let (score, hint) = strength(f.password.value());
    let bar = format!(
        "{}{}",
        "█".repeat(usize::from(score)),
        "░".repeat(4 - usize::from(score))
    );
    let field = |label: &str, n: usize, focused: bool| {
        Line::from(vec![
            Span::styled(
                format!(" {label:>10} "),
                if focused { t.key } else { t.dim },
            ),
            Span::raw(dots(n)),
            Span::styled(if focused && !f.busy { "▏" } else { "" }, t.key),
        ])
    };
    let mut lines = vec![
        Line::raw(""),
        Line::raw(" No vault yet. otty will create one, encrypted with a password:"),
        Line::styled(format!("   {}", app.place), t.service),
        Line::raw(""),
        field(
            "Password",
            f.password.value().chars().count(),
            !f.on_confirm,
        ),
        field("Again", f.confirm.value().chars().count(), f.on_confirm),
        if f.busy {
            Line::raw("")
        } else {
            Line::from(vec![
                Span::styled(format!(" {:>10} ", "Strength"), t.dim),
                Span::styled(bar, if score >= 3 { t.ok } else { t.error }),
                Span::raw(if f.weak_ok {
                    format!(" {hint}, kept as you asked")
                } else {
                    format!(" {hint}")
                }),
            ])
        },
        Line::raw(""),
    ];
    if f.busy {
        lines.push(spinner(app, "Creating the vault (Argon2id)…"));
    } else if let Some(e) = &f.error {
        lines.push(Line::styled(format!(" {e}"), t.error));
    } else {
        lines.push(Line::styled(
            " There is no way to recover a forgotten password. Write it down somewhere safe.",
            t.dim,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Enter next/create · Tab switch field · Esc quit",
        t.dim,
    ));
    // A weak password's reason runs over several lines once wrapped; leave room for them.
    let extra = f
        .error
        .as_ref()
        .map_or(0, |e| e.chars().count() / WIDE_TEXT);
    let height = (lines.len() + extra + 2).min(usize::from(u16::MAX));
    let r = centered(area, 84, u16::try_from(height).unwrap_or(u16::MAX));
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" Welcome to otty ")),
        r,
    );
}
