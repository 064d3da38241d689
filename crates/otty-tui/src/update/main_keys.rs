//! Keys of the main screen: the filter field while it is being typed, else the keymap's
//! commands.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::super::action::Effect;
use super::super::app::{App, Overlay};
use super::super::keys::Command;
use super::super::screens;
use super::super::text::input_request;
use super::super::ui;
use super::commands;

/// A key on the main screen with no overlay open.
pub fn key(app: &mut App, ev: &KeyEvent) {
    if app.filter.editing {
        filter_key(app, ev);
        return;
    }
    let Some(cmd) = app.keys.command(ev) else {
        return;
    };
    run(app, cmd);
}

/// Run one main-screen command (keys and mouse share this).
pub fn run(app: &mut App, cmd: Command) {
    let page = ui::list_height(app.size).max(1) as isize;
    match cmd {
        Command::Up => step(app, -1),
        Command::Down => step(app, 1),
        Command::PageUp => step(app, -page),
        Command::PageDown => step(app, page),
        Command::Top => {
            app.list.selected = 0;
            app.scroll();
        }
        Command::Bottom => {
            app.list.selected = app.list.rows.len().saturating_sub(1);
            app.scroll();
        }
        Command::NextGroup => switch_tab(app, 1),
        Command::PrevGroup => switch_tab(app, -1),
        Command::Copy => commands::copy(app, false),
        Command::CopyNext => commands::copy(app, true),
        Command::Filter => {
            app.filter.editing = true;
        }
        Command::ClearFilter => {
            if app.filter.is_active() {
                app.filter.clear();
                app.refilter();
            }
        }
        Command::HotpNext => commands::hotp_next(app),
        Command::Add => commands::open_add(app),
        Command::Edit => commands::open_edit(app),
        Command::Delete => commands::ask_delete(app),
        Command::MoveToGroup => commands::open_move(app),
        Command::Groups => app.overlay = Some(Overlay::Groups(Default::default())),
        Command::Import => super::super::import::open(app),
        Command::Export => super::super::export::open(app),
        Command::Favorite => commands::toggle_favorite(app),
        Command::MoveUp => commands::reorder(app, -1),
        Command::MoveDown => commands::reorder(app, 1),
        Command::Reveal => commands::ask_reveal(app),
        Command::Server => super::super::server::toggle(app),
        Command::Lock => commands::lock_now(app),
        Command::Quit => app.effects.push(Effect::Quit),
        // Commands that open a registered screen (help, QR, OTP log, tokens).
        cmd => {
            if let Some(Some(overlay)) = screens::open(cmd, &mut app.ctx()) {
                app.overlay = Some(overlay);
            }
        }
    }
}

fn step(app: &mut App, delta: isize) {
    app.list.step(delta);
    app.scroll();
}

fn switch_tab(app: &mut App, delta: isize) {
    let n = app.list.tab_count() as isize;
    app.list.tab = (app.list.tab as isize + delta).rem_euclid(n) as usize;
    app.list.selected = 0;
    app.list.offset = 0;
    app.refilter();
    app.list.selected = 0;
    app.scroll();
}

/// Typing into the filter: every key narrows the list at once.
fn filter_key(app: &mut App, ev: &KeyEvent) {
    match ev.code {
        KeyCode::Esc => {
            app.filter.clear();
            app.refilter();
        }
        KeyCode::Enter => {
            app.filter.editing = false;
            if !app.filter.is_active() {
                app.filter.clear();
            }
        }
        KeyCode::Up => step(app, -1),
        KeyCode::Down => step(app, 1),
        KeyCode::Backspace if app.filter.query().is_empty() => {
            app.filter.editing = false;
        }
        _ => {
            if let Some(req) = input_request(ev)
                && app.filter.input.handle(req).is_some_and(|c| c.value)
            {
                app.filter.reparse();
                app.refilter();
            }
        }
    }
}
