//! Keys of the main screen: the filter field while it is being typed, else the keymap's
//! commands.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::super::action::Effect;
use super::super::app::App;
use super::super::keys::Command;
use super::super::screens;
use super::super::text::{input_request, insert};
use super::super::ui::layout::list_height;
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
    let page = list_height(app.size).max(1) as isize;
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
        Command::Favorite => commands::toggle_favorite(app),
        Command::MoveUp => commands::reorder(app, -1),
        Command::MoveDown => commands::reorder(app, 1),
        Command::Sort => commands::cycle_sort(app),
        Command::Server => super::super::server::toggle(app),
        Command::Lock => commands::lock_now(app),
        Command::Quit => app.effects.push(Effect::Quit),
        // Commands that open a registered screen (the `screens!` table says which).
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

/// Pasted text: into the open window, else an otpauth URI opens the add form with it, else
/// into the filter while it is typed.
pub fn paste(app: &mut App, text: &str) {
    let (overlay, mut ctx) = app.split();
    if let Some(o) = overlay {
        o.screen_mut().paste(text, &mut ctx);
    } else if text.trim().starts_with("otpauth://") {
        if let Some(Some(mut form)) = screens::open(Command::Add, &mut ctx) {
            form.screen_mut().paste(text, &mut ctx);
            *overlay = Some(form);
        }
    } else if app.filter.editing {
        insert(&mut app.filter.input, text);
        app.filter.reparse();
        app.refilter();
    }
}
