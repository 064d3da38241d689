//! The unlock and first-run screens. Nothing from the vault is drawn here: no names, no codes.
//! The unlock screen warns when other users may read or write the vault file.
//!
//! Both are `tall` windows: their text wraps by display width and is never cut (a path too long
//! for a line is broken across lines); on a short terminal the blank lines go first, then the
//! text scrolls (`PgUp`/`PgDn`), showing the password fields and the message under them (an
//! error, the spinner) until the user scrolls.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::super::app::App;
use super::super::lock::{CreateForm, UnlockForm, strength};
use super::super::scroll::Scroll;
use super::super::theme::Theme;
use super::centered;
use super::fit;
use super::tall::{self, Lines};
use super::window::{dots, spinner_line, text_width};

/// The columns a line of a lock screen's window has: the window is `width` wide, or as the
/// terminal.
fn columns(area: Rect, title: &str, width: u16) -> usize {
    text_width(centered(area, width, area.height), title, &[], width)
}

/// Draw a lock screen: a window `width` wide (or as the terminal), its text wrapped whole,
/// the password fields and their message kept in view.
fn draw(
    frame: &mut Frame,
    area: Rect,
    (title, width): (&str, u16),
    (t, keys): (&Theme, &[(&str, &str)]),
    lines: Lines,
    scroll: &Scroll,
) {
    let area = centered(area, width, area.height);
    let hints = |scrolls: bool| {
        let mut keys = keys.to_vec();
        if scrolls {
            keys.push(("PgUp/PgDn", "scroll"));
        }
        tall::hint_line(t, &keys)
    };
    tall::window(frame, area, (title, width), lines, &hints, scroll);
}

/// A masked field: ` Label: ••••▏`, with no more dots than fit the line.
fn masked(
    t: &Theme,
    label: String,
    typed: usize,
    focused: bool,
    caret: bool,
    max: usize,
) -> Line<'static> {
    let room = max.saturating_sub(fit::width(&label) + 1);
    Line::from(vec![
        Span::styled(label, if focused { t.key } else { t.dim }),
        Span::raw(dots(typed.min(room))),
        Span::styled(if caret { "▏" } else { "" }, t.key),
    ])
}

/// The width of the unlock window.
const UNLOCK_WIDTH: u16 = 70;
/// The width of the first-run window.
const CREATE_WIDTH: u16 = 84;

/// The unlock screen.
pub fn unlock(app: &App, f: &UnlockForm, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let title = "otty is locked";
    let max = columns(area, title, UNLOCK_WIDTH);
    let mut lines = Lines::default();
    lines.spacer();
    lines.text(Line::styled(format!(" Vault: {}", app.place), t.dim));
    if let Some(mode) = app.loose_mode {
        lines.text(Line::styled(
            format!(
                " Warning: {} by others (mode {mode:04o}); run chmod 600 on it.",
                otty_core::hardening::exposure(mode)
            ),
            t.error,
        ));
    }
    lines.spacer();
    let typed = f.input.value().chars().count();
    lines.kept(masked(t, " Password: ".into(), typed, true, !f.busy, max));
    lines.spacer();
    if f.busy {
        lines.kept(spinner_line(
            t,
            app.spinner,
            "Unlocking (deriving the key with Argon2id)…",
        ));
    } else if let Some(e) = &f.error {
        lines.kept(Line::styled(format!(" {e}"), t.error));
    } else if app.demo {
        lines.kept(Line::styled(
            " Demo vault: the password is empty, just press Enter.",
            t.dim,
        ));
    } else {
        // The message's place, so that the window does not jump when one comes.
        lines.spacer();
    }
    lines.spacer();
    if let Some(url) = app.api.url() {
        lines.text(Line::styled(
            format!(" API: {url} (locked: answers 503 until unlocked)"),
            t.dim,
        ));
    }
    let keys = [("Enter", "unlock"), ("Esc", "quit")];
    draw(
        frame,
        area,
        (title, UNLOCK_WIDTH),
        (t, &keys),
        lines,
        &f.scroll,
    );
}

/// The first-run screen.
pub fn create(app: &App, f: &CreateForm, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let title = "Welcome to otty";
    let max = columns(area, title, CREATE_WIDTH);
    let (score, hint) = strength(f.password.value());
    let bar = format!(
        "{}{}",
        "█".repeat(usize::from(score)),
        "░".repeat(4 - usize::from(score))
    );
    let field = |label: &str, typed: usize, focused: bool| {
        let label = format!(" {label:>10} ");
        masked(t, label, typed, focused, focused && !f.busy, max)
    };
    let mut lines = Lines::default();
    lines.spacer();
    lines.text(Line::raw(
        " No vault yet. otty will create one, encrypted with a password:",
    ));
    lines.text(Line::styled(format!("   {}", app.place), t.service));
    lines.spacer();
    lines.kept(field(
        "Password",
        f.password.value().chars().count(),
        !f.on_confirm,
    ));
    lines.kept(field(
        "Again",
        f.confirm.value().chars().count(),
        f.on_confirm,
    ));
    if f.busy {
        lines.spacer();
    } else {
        lines.kept(Line::from(vec![
            Span::styled(format!(" {:>10} ", "Strength"), t.dim),
            Span::styled(bar, if score >= 3 { t.ok } else { t.error }),
            Span::raw(if f.weak_ok {
                format!(" {hint}, kept as you asked")
            } else {
                format!(" {hint}")
            }),
        ]));
    }
    lines.spacer();
    if f.busy {
        lines.kept(spinner_line(
            t,
            app.spinner,
            "Creating the vault (Argon2id)…",
        ));
    } else if let Some(e) = &f.error {
        lines.kept(Line::styled(format!(" {e}"), t.error));
    } else {
        lines.text(Line::styled(
            " There is no way to recover a forgotten password. Write it down somewhere safe.",
            t.dim,
        ));
    }
    lines.spacer();
    let keys = [
        ("Enter", "next/create"),
        ("Tab", "switch field"),
        ("Esc", "quit"),
    ];
    draw(
        frame,
        area,
        (title, CREATE_WIDTH),
        (t, &keys),
        lines,
        &f.scroll,
    );
}
