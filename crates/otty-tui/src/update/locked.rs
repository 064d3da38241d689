//! Keys of the unlock and first-run screens, and the results of their background work.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::action::Effect;
use super::super::app::{App, Screen};
use super::super::lock::{self, strength};
use super::super::text::input_request;

/// A key on the unlock or first-run screen.
pub fn key(app: &mut App, ev: &KeyEvent) {
    let ctrl_c = ev.code == KeyCode::Char('c') && ev.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl_c || (ev.code == KeyCode::Esc && !app.busy()) {
        app.effects.push(Effect::Quit);
        return;
    }
    match &mut app.screen {
        Screen::Locked(form) if !form.busy => {
            if ev.code == KeyCode::Enter {
                let pw = lock::take(&mut form.input);
                form.busy = true;
                form.error = None;
                app.spinner = 0;
                app.effects.push(Effect::Unlock(pw));
            } else if let Some(req) = input_request(ev) {
                form.input.handle(req);
                form.error = None;
            }
        }
        Screen::Create(form) if !form.busy => match ev.code {
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                form.on_confirm = !form.on_confirm;
            }
            KeyCode::Enter if !form.on_confirm => {
                if strength(form.password.value()).0 == 0 {
                    form.error = Some(format!("Too weak: {}", strength(form.password.value()).1));
                } else {
                    form.on_confirm = true;
                    form.error = None;
                }
            }
            KeyCode::Enter => {
                if form.password.value() != form.confirm.value() {
                    form.error = Some("The two passwords differ; type the second again".into());
                    lock::wipe(&mut form.confirm);
                } else if strength(form.password.value()).0 == 0 {
                    form.error = Some(format!("Too weak: {}", strength(form.password.value()).1));
                    form.on_confirm = false;
                } else {
                    let pw = lock::take(&mut form.password);
                    lock::wipe(&mut form.confirm);
                    form.busy = true;
                    form.error = None;
                    app.spinner = 0;
                    app.effects.push(Effect::Create(pw));
                }
            }
            _ => {
                if let Some(req) = input_request(ev) {
                    let field = if form.on_confirm {
                        &mut form.confirm
                    } else {
                        &mut form.password
                    };
                    field.handle(req);
                    form.error = None;
                }
            }
        },
        _ => {}
    }
}

/// Pasting a password (password managers do) types it into the focused field.
pub fn paste(app: &mut App, text: &str) {
    let text = text.trim_end_matches(['\r', '\n']);
    let field = match &mut app.screen {
        Screen::Locked(f) if !f.busy => &mut f.input,
        Screen::Create(f) if !f.busy && f.on_confirm => &mut f.confirm,
        Screen::Create(f) if !f.busy => &mut f.password,
        _ => return,
    };
    super::super::text::insert(field, text);
}

/// The background unlock finished.
pub fn unlocked(app: &mut App, result: Result<(), String>) {
    match result {
        Ok(()) => enter_main(app),
        Err(msg) => {
            if let Screen::Locked(f) = &mut app.screen {
                f.busy = false;
                f.error = Some(msg);
            }
        }
    }
    app.dirty = true;
}

/// The background creation of the vault finished.
pub fn created(app: &mut App, result: Result<std::sync::Arc<otty_core::Vault>, String>) {
    match result {
        Ok(vault) => {
            app.clock = vault.clock().clone();
            app.vault = Some(vault);
            enter_main(app);
            app.toast(format!("Created {} — press a to add an account", app.place));
        }
        Err(msg) => {
            if let Screen::Create(f) = &mut app.screen {
                f.busy = false;
                f.on_confirm = false;
                f.error = Some(msg);
            }
        }
    }
    app.dirty = true;
}

/// Show the accounts.
pub fn enter_main(app: &mut App) {
    app.screen = Screen::Main;
    app.now = app.clock.now();
    app.last_activity = app.now;
    app.reload();
    let name = app.config.default_group.clone();
    app.list.select_tab_named(&name);
    app.refilter();
}
