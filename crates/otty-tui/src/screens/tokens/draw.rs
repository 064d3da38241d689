//! The tokens screen: the list (name, scope, created, last used, expires, revoked), the create
//! form, the revoke question, and the one view that shows a new token's text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Created, NewField, Stage, TokensScreen, keys};
use crate::screen::Look;
use crate::theme::Theme;
use crate::ui::tall::{self, Lines};
use otty_core::clock::iso8601;
use otty_core::vault::tokens::{Scope, TokenInfo};

/// `2023-11-14 22:13` (UTC).
fn minute(unix: i64) -> String {
    iso8601(unix)
        .get(..16)
        .unwrap_or_default()
        .replace('T', " ")
}

/// `2023-11-14` (UTC).
fn day(unix: i64) -> String {
    iso8601(unix).get(..10).unwrap_or_default().to_owned()
}

/// The name cut to `w` characters.
fn fit(text: &str, w: usize) -> String {
    if text.chars().count() <= w {
        format!("{text:<w$}")
    } else {
        let cut: String = text.chars().take(w.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

fn row(t: &TokenInfo, now: i64) -> String {
    let last = t.last_used_at.map_or_else(|| "never".to_owned(), minute);
    let expires = match t.expires_at {
        None => "never".to_owned(),
        Some(e) if e <= now => "expired".to_owned(),
        Some(e) => day(e),
    };
    let revoked = t.revoked_at.map_or_else(|| "—".to_owned(), day);
    format!(
        "{} {:<5} {:<10} {:<16} {:<10} {}",
        fit(&t.name, 18),
        t.scope.as_str(),
        day(t.created_at),
        last,
        expires,
        revoked
    )
}

fn hint(t: &Theme, s: &TokensScreen) -> Line<'static> {
    tall::hint_line(t, keys(s))
}

fn field(t: &Theme, label: &str, value: &str, focused: bool) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!(" {label:<14}"),
            if focused { t.selected } else { t.key },
        ),
        Span::raw(" "),
        Span::raw(value.to_owned()),
        Span::styled(if focused { "▏" } else { "" }, t.key),
    ])
}

/// The scope picker: every scope, the chosen one marked.
fn scope_field(t: &Theme, chosen: Scope, focused: bool) -> Line<'static> {
    let mut spans = vec![
        Span::styled(
            format!(" {:<14}", "Scope"),
            if focused { t.selected } else { t.key },
        ),
        Span::raw(" "),
    ];
    for scope in Scope::ALL {
        if scope == chosen {
            spans.push(Span::styled(format!("[{scope}]"), t.key));
        } else {
            spans.push(Span::styled(format!(" {scope} "), t.dim));
        }
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

/// Draw the tokens screen.
pub fn tokens(look: &Look, s: &TokensScreen, frame: &mut Frame, area: Rect) {
    let t = look.theme;
    let mut lines = Vec::new();
    if let Stage::Created(c) = &s.stage {
        created(look, s, c, frame, area);
        return;
    }
    lines.push(Line::styled(
        format!(
            "   {:<18} {:<5} {:<10} {:<16} {:<10} {}",
            "Name", "Scope", "Created", "Last used", "Expires", "Revoked"
        ),
        t.dim,
    ));
    // Room for the rows: the window's borders, heading, blank, error/form and hint lines.
    let extra = 6 + if matches!(s.stage, Stage::New(_)) {
        4
    } else {
        0
    };
    let room = usize::from(area.height).saturating_sub(extra).max(1);
    let offset = s.selected.saturating_sub(room.saturating_sub(1));
    if s.tokens.is_empty() {
        lines.push(Line::styled(
            " No tokens yet: c creates one for a script or browser extension.",
            t.dim,
        ));
    }
    for (i, tok) in s.tokens.iter().enumerate().skip(offset).take(room) {
        let text = row(tok, look.now);
        lines.push(if i == s.selected {
            Line::styled(format!(" ▶ {text} "), t.selected)
        } else if tok.is_active(look.now) {
            Line::raw(format!("   {text} "))
        } else {
            Line::styled(format!("   {text} "), t.dim)
        });
    }
    lines.push(Line::raw(""));
    match &s.stage {
        Stage::New(f) => {
            lines.push(field(t, "Name", f.name.value(), f.focus == NewField::Name));
            lines.push(field(
                t,
                "Expires (days)",
                f.days.value(),
                f.focus == NewField::Days,
            ));
            lines.push(scope_field(t, f.scope, f.focus == NewField::Scope));
            lines.push(Line::styled(
                " Empty expiry: never. read: codes, lists; write: + edits; admin: + secrets",
                t.dim,
            ));
        }
        Stage::Revoke(_, name) => lines.push(Line::styled(
            format!(" Revoke {name}? Clients using it stop working at once."),
            t.error,
        )),
        _ => {}
    }
    match &s.error {
        Some(e) => lines.push(Line::styled(format!(" ✗ {e}"), t.error)),
        None => lines.push(Line::raw("")),
    }
    lines.push(hint(t, s));
    window(frame, area, "API tokens", lines);
}

/// The one view of a new token: wrapped whole (the token broken across lines if it must be),
/// starting on the token when the terminal is short.
fn created(look: &Look, s: &TokensScreen, c: &Created, frame: &mut Frame, area: Rect) {
    let t = look.theme;
    let mut lines = Lines::default();
    lines.spacer();
    lines.text(Line::raw(format!(
        " Token \"{}\" ({}) created. Copy it now:",
        c.info.name, c.info.scope
    )));
    lines.text(Line::styled(" it will NOT be shown again.", t.error));
    lines.spacer();
    lines.kept(Line::styled(format!(" {} ", c.token.as_str()), t.service));
    lines.spacer();
    lines.text(Line::styled(
        " Send it as `Authorization: Bearer <token>`; revoke it here any time.",
        t.dim,
    ));
    lines.spacer();
    let hints = |scrolls: bool| {
        let mut keys = keys(s).to_vec();
        if scrolls {
            keys.insert(1, ("↑↓", "scroll"));
        }
        tall::hint_line(t, &keys)
    };
    tall::window(frame, area, ("New API token", 80), lines, &hints, &c.scroll);
}

fn window(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>) {
    crate::ui::window::window(frame, area, title, lines, 80);
}
