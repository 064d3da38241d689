//! `update(&mut App, Action)`: the only place the model changes.
//!
//! Ticks, vault events and background results are handled here; key presses are routed to the
//! full screen or the open window (`locked`, `main_keys`, or the [`Screen`] trait of the
//! open window), the main screen's commands that change the vault live in `commands`, and the
//! writer's answers in `written`.
//!
//! [`Screen`]: crate::screen::Screen

mod commands;
mod locked;
mod main_keys;
mod mouse;
mod written;

use ratatui::crossterm::event::{KeyCode, KeyEventKind, KeyModifiers, MouseEventKind};

use otty_core::VaultEvent;

use super::action::{Action, Effect};
use super::app::{App, Overlay, Screen};
use super::screen::Host;
use super::screens::export;

pub use commands::lock_now;

/// Apply one action to the app.
pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Tick => tick(app),
        Action::Key(ev) => {
            if ev.kind == KeyEventKind::Release {
                return;
            }
            app.last_activity = app.clock.now();
            app.dirty = true;
            // Ctrl-C quits from anywhere, whatever has the focus.
            if ev.code == KeyCode::Char('c') && ev.modifiers.contains(KeyModifiers::CONTROL) {
                app.effects.push(Effect::Quit);
                return;
            }
            match app.screen {
                Screen::Create(_) | Screen::Locked(_) => locked::key(app, &ev),
                Screen::Main => {
                    if !app.screen_keys(&ev) {
                        main_keys::key(app, &ev);
                    }
                }
            }
        }
        Action::Paste(text) => {
            app.last_activity = app.clock.now();
            app.dirty = true;
            match app.screen {
                Screen::Create(_) | Screen::Locked(_) => locked::paste(app, &text),
                Screen::Main => main_keys::paste(app, &text),
            }
        }
        Action::Mouse(ev, ms) => {
            if !matches!(ev.kind, MouseEventKind::Moved | MouseEventKind::Drag(_)) {
                app.last_activity = app.clock.now();
                mouse::mouse(app, ev, ms);
            }
        }
        Action::Resize(w, h) => {
            app.size = (w, h);
            app.scroll();
        }
        Action::Vault(ev) => vault_event(app, ev),
        Action::Unlocked(result) => locked::unlocked(app, result),
        Action::Created(result) => locked::created(app, result),
        Action::ImportRead(result) => {
            let (overlay, mut ctx) = app.split();
            // Nothing to do if the screen was closed while reading (cancelled).
            if let Some(Overlay::Import(s)) = overlay {
                s.read_done(result, &mut ctx);
            }
            app.dirty = true;
        }
        Action::Exported(result) => {
            let (overlay, mut ctx) = app.split();
            let outcome = match overlay {
                Some(Overlay::Export(s)) => export::done(Some(s), result, &mut ctx),
                _ => {
                    export::done(None, result, &mut ctx);
                    super::screen::Outcome::Stay
                }
            };
            app.apply(outcome);
            app.dirty = true;
        }
        Action::Written(done) => written::written(app, *done),
        Action::Copied(result) => match result {
            Ok(how) => {
                let clears = match app.config.clipboard_clear_seconds {
                    0 => String::new(),
                    _ if !how.clears() => "; tmux keeps its copy".to_owned(),
                    s => format!(", cleared in {s} s"),
                };
                if !how.clears() {
                    // Nothing to count down to: the status line must not promise a clear.
                    app.clear_clipboard_at = None;
                }
                let how = how.describe();
                let what = app.pending_copy.take().unwrap_or_else(|| "code".to_owned());
                app.toast(format!("Copied {what} to the {how}{clears}"));
            }
            Err(e) => app.toast_error(format!("Copy failed: {e}")),
        },
    }
}

/// Once a second (faster while the spinner turns).
fn tick(app: &mut App) {
    let now = app.clock.now();
    let new_second = now != app.now;
    app.now = now;
    if app.busy() {
        app.spinner = app.spinner.wrapping_add(1);
        app.dirty = true;
    }
    if app.toast.as_ref().is_some_and(|t| t.until <= now) {
        app.toast = None;
        app.dirty = true;
    }
    if app.clear_clipboard_at.is_some_and(|t| t <= now) {
        app.clear_clipboard_at = None;
        app.effects.push(Effect::ClearClipboard);
    }
    if !matches!(app.screen, Screen::Main) {
        return;
    }
    let idle_limit = i64::from(app.config.auto_lock_minutes) * 60;
    if idle_limit > 0 && now - app.last_activity >= idle_limit {
        lock_now(app);
        if let Screen::Locked(f) = &mut app.screen {
            f.error = Some(format!(
                "Locked after {} idle minutes",
                app.config.auto_lock_minutes
            ));
        }
        return;
    }
    // Other processes (and the API's `last_used_at`) change tokens and the OTP log without an
    // event here: open screens re-read them.
    if new_second && app.writes_pending == 0 {
        app.refresh_screen();
    }
    // Countdowns move every second while any row is on screen.
    if new_second && !app.list.rows.is_empty() {
        app.dirty = true;
    }
}

fn vault_event(app: &mut App, ev: VaultEvent) {
    match ev {
        VaultEvent::Locked => app.on_locked(),
        VaultEvent::Unlocked => {
            if let Screen::Locked(_) = app.screen
                && app.vault.as_ref().is_some_and(|v| v.is_unlocked())
            {
                locked::enter_main(app);
            }
        }
        VaultEvent::TokensChanged => app.refresh_screen(),
        _ => {
            if matches!(app.screen, Screen::Main) {
                app.reload();
            }
        }
    }
}
