//! One-line bars: title, group tabs, status (filter, toast, counts) and the footer of keys
//! that apply now, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use otty_core::OtpKind;

use super::super::app::App;
use super::super::keys::{Binding, Command};
use super::fit;

/// Title bar: name, vault, and the idle time left before auto-lock.
pub fn title(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    frame.buffer_mut().set_style(area, t.title);
    let n = app.list.accounts.len();
    let right = format!("{n} account{} · ? help ", if n == 1 { "" } else { "s" });
    let room = usize::from(area.width).saturating_sub(fit::width(&right) + 1);
    let left = fit::ellipsize(&format!(" otty · {}", app.place), room);
    frame.render_widget(Line::styled(left, t.title), area);
    frame.render_widget(Line::styled(right, t.title).right_aligned(), area);
}

/// Tab titles: " All 12 ", " Work 4 ", …
pub fn tab_titles(app: &App) -> Vec<String> {
    let mut v = vec![format!(" All {} ", app.list.accounts.len())];
    v.extend(
        app.list
            .groups
            .iter()
            .map(|(g, n)| format!(" {} {} ", g.name, n)),
    );
    v
}

/// The first tab drawn on a bar `width` wide: 0, unless the selected tab would not fit, then
/// the first one from which it does (a `…` stands for those left out).
fn first_tab(titles: &[String], selected: usize, width: usize) -> usize {
    let w = |t: &String| fit::width(t) + 1;
    (0..=selected.min(titles.len().saturating_sub(1)))
        .find(|&first| {
            let lead = if first > 0 { 2 } else { 0 };
            lead + titles[first..=selected].iter().map(w).sum::<usize>() <= width
        })
        .unwrap_or(selected)
}

/// The tab under column `x` of a bar `width` wide.
pub fn tab_at(app: &App, x: u16, width: u16) -> Option<usize> {
    let titles = tab_titles(app);
    let first = first_tab(&titles, app.list.tab, usize::from(width));
    let mut start = if first > 0 { 2 } else { 0 };
    for (i, t) in titles.iter().enumerate().skip(first) {
        let w = fit::width(t) as u16;
        if x >= start && x < start + w {
            return Some(i);
        }
        start += w + 1;
    }
    None
}

/// Group tabs with counts, "All" first; the selected one always in view.
pub fn tabs(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let titles = tab_titles(app);
    let first = first_tab(&titles, app.list.tab, usize::from(area.width));
    let mut spans = Vec::new();
    if first > 0 {
        spans.push(Span::styled("…│", t.dim));
    }
    for (i, title) in titles.into_iter().enumerate().skip(first) {
        if i > first {
            spans.push(Span::styled("│", t.dim));
        }
        let st = if i == app.list.tab {
            t.tab_active
        } else {
            Style::new()
        };
        spans.push(Span::styled(title, st));
    }
    frame.render_widget(
        fit::fit_line(Line::from(spans), usize::from(area.width)),
        area,
    );
}

/// Filter field, else the toast, else counts.
pub fn status(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    if app.filter.editing || app.filter.is_active() {
        let q = app.filter.query();
        let count = format!("   {} of {} match", app.list.rows.len(), tab_total(app));
        let mut spans = vec![Span::styled("/", t.key), Span::raw(q.to_owned())];
        if app.filter.editing {
            spans.push(Span::styled("▏", t.key));
        }
        spans.push(Span::styled(count, t.dim));
        frame.render_widget(Line::from(spans), area);
        if let Some(toast) = &app.toast {
            let st = if toast.error { t.error } else { t.ok };
            frame.render_widget(Line::styled(toast.text.clone(), st).right_aligned(), area);
        }
        return;
    }
    if let Some(toast) = &app.toast {
        let st = if toast.error { t.error } else { t.ok };
        // A message too long for the line (an error's advice) wraps upwards over the last
        // account rows, up to three lines, rather than losing its end.
        let width = usize::from(area.width);
        let line = Line::styled(format!(" {}", toast.text), st);
        let lines = fit::wrap_line_indent(&line, width, 1);
        let n = lines
            .len()
            .min(3)
            .min(usize::from(area.y).saturating_sub(2).max(1));
        let more = lines.len() > n;
        let mut shown: Vec<Line<'static>> = lines.into_iter().take(n).collect();
        if more && let Some(last) = shown.last_mut() {
            *last = Line::styled(fit::ellipsize(&format!("{last}…"), width), st);
        }
        let top = area.y.saturating_sub(n as u16 - 1);
        frame.render_widget(
            ratatui::widgets::Clear,
            Rect::new(area.x, top, area.width, n as u16),
        );
        for (i, l) in shown.into_iter().enumerate() {
            frame.render_widget(l, Rect::new(area.x, top + i as u16, area.width, 1));
        }
        return;
    }
    if app.unverified > 0 {
        let text = format!(
            " Integrity check failed ({} problem(s)): HOTP codes refused; run otty check",
            app.unverified
        );
        let text = fit::ellipsize(&text, usize::from(area.width));
        frame.render_widget(Line::styled(text, t.error), area);
        return;
    }
    let mut text = format!(" {} shown", app.list.rows.len());
    if let Some(at) = app.clear_clipboard_at {
        text.push_str(&format!(
            " · clipboard clears in {} s",
            (at - app.now).max(0)
        ));
    }
    // Automatic backups, sync tools' conflict copies (never waits for the vault's lock).
    if let Some(note) = app.vault.as_ref().and_then(|v| v.devices_note()) {
        text.push_str(&format!(" · {note}"));
    }
    frame.render_widget(Line::styled(text, t.dim), area);
}

fn tab_total(app: &App) -> usize {
    match app.list.tab_group() {
        None => app.list.accounts.len(),
        Some(g) => app
            .list
            .groups
            .iter()
            .find(|(x, _)| x.id == g)
            .map_or(0, |(_, n)| *n),
    }
}

/// The main-screen commands worth showing now, most useful first.
pub fn footer_commands(app: &App) -> Vec<(&Binding, Command)> {
    let sel = app.list.selected_account();
    let kind = sel.map(|a| a.data.otp.kind);
    let has = sel.is_some();
    app.keys
        .main()
        .into_iter()
        .filter(|(_, c)| match c {
            Command::Copy | Command::Edit | Command::Delete | Command::MoveToGroup => has,
            Command::Qr | Command::Favorite | Command::Details => has,
            Command::CopyNext => kind.is_some_and(OtpKind::is_timed),
            Command::HotpNext => kind == Some(OtpKind::Hotp),
            Command::ClearFilter => app.filter.is_active(),
            Command::Filter | Command::Add | Command::Groups => true,
            Command::Import | Command::Export => true,
            Command::Help | Command::Lock | Command::Quit => true,
            _ => false,
        })
        .collect()
}

/// Keys that apply now; the API server's status on the right.
pub fn footer(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let fixed = |v: &[(&str, &'static str)]| -> Vec<(String, &'static str)> {
        v.iter().map(|(k, w)| ((*k).to_owned(), *w)).collect()
    };
    let pairs: Vec<(String, &str)> = if let Some(o) = &app.overlay {
        fixed(o.screen().hints())
    } else if app.filter.editing {
        vec![
            ("Enter".into(), "keep"),
            ("Esc".into(), "clear"),
            ("↑↓".into(), "select"),
        ]
    } else {
        footer_commands(app)
            .into_iter()
            .map(|(b, _)| (b.keys[0].label(), b.short))
            .collect()
    };
    // The API server's status (`S`): off, its address, or locked (it answers 503). On a narrow
    // terminal the keys come first: the address gives way to a word.
    let mut right = format!("{} ", super::super::server::status(app));
    if usize::from(area.width) < right.chars().count() + 30 {
        right = format!("{} ", super::super::server::status_short(app));
    }
    let room = usize::from(area.width).saturating_sub(right.chars().count() + 1);
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (key, what) in pairs {
        let w = key.chars().count() + what.chars().count() + 3;
        if used + w > room {
            break;
        }
        used += w;
        spans.push(Span::styled(key, t.key));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    frame.render_widget(Line::from(spans), area);
    frame.render_widget(Line::styled(right, t.dim).right_aligned(), area);
}
