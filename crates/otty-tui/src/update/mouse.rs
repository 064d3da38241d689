//! Mouse: a click selects a row or a tab, a double click copies, the wheel scrolls.

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::super::app::{App, Screen};
use super::super::keys::Command;
use super::super::ui;
use super::main_keys;

/// Two clicks on the same row within this many milliseconds copy its code.
const DOUBLE_CLICK_MS: u64 = 400;

/// Handle a mouse event at monotonic time `ms`.
pub fn mouse(app: &mut App, ev: MouseEvent, ms: u64) {
    if !matches!(app.screen, Screen::Main) || app.overlay.is_some() {
        return;
    }
    match ev.kind {
        MouseEventKind::ScrollUp => main_keys::run(app, Command::Up),
        MouseEventKind::ScrollDown => main_keys::run(app, Command::Down),
        MouseEventKind::Down(MouseButton::Left) => click(app, ev.column, ev.row, ms),
        _ => {}
    }
}

fn click(app: &mut App, x: u16, y: u16, ms: u64) {
    let areas = ui::areas(app.size, app);
    if y == areas.tabs.y {
        if let Some(tab) = ui::tab_at(app, x.saturating_sub(areas.tabs.x), areas.tabs.width) {
            app.list.tab = tab;
            app.list.selected = 0;
            app.refilter();
            app.list.selected = 0;
            app.scroll();
        }
        return;
    }
    let top = areas.rows.y;
    if y < top || y >= areas.rows.y + areas.rows.height {
        return;
    }
    let row = app.list.offset + usize::from(y - top);
    if row >= app.list.rows.len() {
        return;
    }
    app.list.selected = row;
    app.scroll();
    let double = app
        .last_click
        .is_some_and(|(r, t)| r == row && ms.saturating_sub(t) <= DOUBLE_CLICK_MS);
    if double {
        app.last_click = None;
        main_keys::run(app, Command::Copy);
    } else {
        app.last_click = Some((row, ms));
    }
}
