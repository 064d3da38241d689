//! Keys of the unlock and first-run screens, and the results of their background work.
//! `PgUp`/`PgDn` scroll a screen too tall for the terminal; any other key, and a new message,
//! bring the password field and its message back into view.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::action::Effect;
use super::super::app::{App, Screen};
use super::super::lock::{self, CreateForm};
use super::super::scroll::Scroll;
use super::super::text::input_request;

/// A key on the unlock or first-run screen.
pub fn key(app: &mut App, ev: &KeyEvent) {
    let ctrl_c = ev.code == KeyCode::Char('c') && ev.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl_c || (ev.code == KeyCode::Esc && !app.busy()) {
        app.effects.push(Effect::Quit);
        return;
    }
    if let Some(down) = match ev.code {
        KeyCode::PageDown => Some(true),
        KeyCode::PageUp => Some(false),
        _ => None,
    } {
        if let Some(scroll) = scroll_of(&mut app.screen) {
            scroll.page(down);
        }
        return;
    }
    if let Some(scroll) = scroll_of(&mut app.screen) {
        scroll.follow();
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
            KeyCode::Enter => create_enter(form, &mut app.effects, &mut app.spinner),
            _ => {
                if let Some(req) = input_request(ev) {
                    let field = if form.on_confirm {
                        &mut form.confirm
                    } else {
                        password_edited(form, matches!(ev.code, KeyCode::Char(_)))
                    };
                    field.handle(req);
                    form.error = None;
                }
            }
        },
        _ => {}
    }
}

/// The scroll position of the unlock or first-run screen.
fn scroll_of(screen: &mut Screen) -> Option<&mut Scroll> {
    match screen {
        Screen::Locked(f) => Some(&mut f.scroll),
        Screen::Create(f) => Some(&mut f.scroll),
        Screen::Main => None,
    }
}

/// Enter on the first-run screen: next field, or create. A weak password is refused with the
/// core's reason; Enter again on the same password keeps it.
fn create_enter(form: &mut CreateForm, effects: &mut Vec<Effect>, spinner: &mut usize) {
    if form.on_confirm && form.password.value() != form.confirm.value() {
        form.error = Some("The two passwords differ; type the second again".into());
        lock::wipe(&mut form.confirm);
        return;
    }
    let weak = (!form.weak_ok)
        .then(|| otty_core::password::assess(form.password.value().as_bytes()).reason())
        .flatten();
    if let Some(reason) = weak {
        if form.warned {
            form.weak_ok = true;
        } else {
            form.warned = true;
            form.error = Some(format!(
                "Weak: {reason} Enter again keeps it; typing starts another."
            ));
            return;
        }
    }
    form.error = None;
    if !form.on_confirm {
        form.on_confirm = true;
        return;
    }
    let pw = lock::take(&mut form.password);
    lock::wipe(&mut form.confirm);
    form.busy = true;
    *spinner = 0;
    effects.push(Effect::Create(pw));
}

/// The password field is about to change: it is a new password, judged afresh. A character
/// typed right after a refusal starts it over rather than extending the refused one.
fn password_edited(form: &mut CreateForm, typing: bool) -> &mut tui_input::Input {
    if form.warned && typing {
        lock::wipe(&mut form.password);
    }
    form.warned = false;
    form.weak_ok = false;
    &mut form.password
}

/// Pasting a password (password managers do) types it into the focused field.
pub fn paste(app: &mut App, text: &str) {
    let text = text.trim_end_matches(['\r', '\n']);
    if let Some(scroll) = scroll_of(&mut app.screen) {
        scroll.follow();
    }
    let field = match &mut app.screen {
        Screen::Locked(f) if !f.busy => &mut f.input,
        Screen::Create(f) if !f.busy && f.on_confirm => &mut f.confirm,
        Screen::Create(f) if !f.busy => password_edited(f, true),
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
                f.scroll.follow();
            }
        }
    }
    app.dirty = true;
}

/// The background creation of the vault finished.
pub fn created(app: &mut App, result: Result<std::sync::Arc<otty_core::Vault>, String>) {
    match result {
        Ok(vault) => {
            let weak = matches!(&app.screen, Screen::Create(f) if f.weak_ok);
            app.clock = vault.clock().clone();
            app.vault = Some(vault);
            enter_main(app);
            let with = if weak {
                " with a weak password, as you asked"
            } else {
                ""
            };
            app.toast(format!(
                "Created {}{with} — press a to add an account",
                app.place
            ));
        }
        Err(msg) => {
            if let Screen::Create(f) = &mut app.screen {
                f.busy = false;
                f.on_confirm = false;
                f.warned = false;
                f.weak_ok = false;
                f.error = Some(msg);
                f.scroll.follow();
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
    app.load_prefs();
    app.reload();
    let name = app.config.default_group.clone();
    app.list.select_tab_named(&name);
    app.refilter();
}
