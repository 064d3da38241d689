//! Keys of the windows drawn over the main screen. Screens registered in `screens` take their
//! keys through the `Screen` trait; the legacy windows (form, confirmations, group picker,
//! groups screen, import, export) are still handled here.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use tui_input::Input;

use super::super::app::{App, Confirm, Overlay};
use super::super::groups::{GroupsPane, NameEdit};
use super::super::screens::secret::Secret;
use super::super::text::{input_request, insert};
use super::super::write::VaultWrite;

/// A key while an overlay is open.
pub fn key(app: &mut App, ev: &KeyEvent) {
    if app.screen_keys(ev) {
        return;
    }
    let Some(overlay) = app.overlay.take() else {
        return;
    };
    app.overlay = match overlay {
        Overlay::Help(_)
        | Overlay::Qr(_)
        | Overlay::Secret(_)
        | Overlay::OtpLog(_)
        | Overlay::Tokens(_) => None,
        Overlay::Confirm(c) => confirm(app, c, ev),
        Overlay::Form(f) => form(app, f, ev),
        Overlay::MoveTo(p) => move_to(app, p, ev),
        Overlay::Groups(g) => groups(app, g, ev),
        Overlay::Import(s) => super::super::import::key(app, s, ev),
        Overlay::Export(s) => super::super::export::key(app, s, ev),
    };
}

/// Pasted text: into the form (an otpauth URI fills it), else it opens the add form with it.
pub fn paste(app: &mut App, text: &str) {
    if let Some(s) = app.overlay.as_mut().and_then(|o| o.screen_mut()) {
        s.paste(text);
        return;
    }
    match &mut app.overlay {
        Some(Overlay::Form(f)) => f.paste(text, &app.list.groups),
        Some(Overlay::Groups(GroupsPane {
            editing: Some((_, input)),
            ..
        })) => insert(input, text),
        // A path dragged into the terminal, or a passphrase from a password manager.
        Some(Overlay::Import(s)) => {
            let field = match s.focus {
                super::super::import::Focus::Path => &mut s.path,
                super::super::import::Focus::Passphrase => &mut s.passphrase,
            };
            insert(field, text);
        }
        Some(Overlay::Export(s)) if s.focus == super::super::export::Field::Path => {
            insert(&mut s.path, text);
        }
        None if text.trim().starts_with("otpauth://") => {
            super::commands::open_add(app);
            if let Some(Overlay::Form(f)) = &mut app.overlay {
                f.paste(text, &app.list.groups);
            }
        }
        None if app.filter.editing => {
            insert(&mut app.filter.input, text);
            app.filter.reparse();
            app.refilter();
        }
        _ => {}
    }
}

fn confirm(app: &mut App, c: Confirm, ev: &KeyEvent) -> Option<Overlay> {
    if !matches!(ev.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
        return None;
    }
    let vault = app.vault.clone()?;
    match c {
        // Done by the writer thread; `update/written.rs` reloads and says so.
        Confirm::Delete(id, name) => app.write(VaultWrite::Delete { id, name }),
        Confirm::Reveal(id, name) => match vault.account(id) {
            Ok(a) => {
                let b32 = a.data.otp.secret.to_base32();
                return Some(Overlay::Secret(Box::new(Secret::new(a.title(), &b32))));
            }
            Err(e) => app.toast_error(format!("Cannot read {name}: {e}")),
        },
    }
    None
}

fn form(
    app: &mut App,
    mut f: Box<super::super::form::AccountForm>,
    ev: &KeyEvent,
) -> Option<Overlay> {
    if f.saving {
        // The writer thread has it; `update/written.rs` closes the form or shows the error.
        return Some(Overlay::Form(f));
    }
    match ev.code {
        KeyCode::Esc => return None,
        KeyCode::Enter => {
            // A failed check keeps the form open, with its messages and everything typed.
            let Some(data) = f.submit(&app.list.groups) else {
                return Some(Overlay::Form(f));
            };
            app.vault.as_ref()?;
            // The counter field only wins when the user changed it; otherwise the stored
            // counter is kept (the API or the CLI may have advanced it meanwhile).
            let set_counter = f
                .editing
                .as_ref()
                .is_some_and(|old| old.data.otp.counter != data.otp.counter);
            app.write(VaultWrite::Save {
                editing: f.editing.as_ref().map(|old| old.id),
                set_counter,
                data,
            });
            f.saving = true;
        }
        _ => f.key(ev, &app.list.groups),
    }
    Some(Overlay::Form(f))
}

/// Select the row of account `id` if it is visible.
pub fn select_id(app: &mut App, id: i64) {
    if let Some(i) = app
        .list
        .rows
        .iter()
        .position(|r| app.list.accounts[r.idx].id == id)
    {
        app.list.selected = i;
        app.scroll();
    }
}

fn move_to(app: &mut App, mut p: super::super::groups::Picker, ev: &KeyEvent) -> Option<Overlay> {
    let n = app.list.groups.len() + 1;
    match ev.code {
        KeyCode::Up | KeyCode::Char('k') => p.selected = (p.selected + n - 1) % n,
        KeyCode::Down | KeyCode::Char('j') => p.selected = (p.selected + 1) % n,
        KeyCode::Enter => {
            let (Some(a), Some(vault)) = (app.list.selected_account(), app.vault.clone()) else {
                return None;
            };
            let (id, name) = (a.id, a.title());
            let group = p
                .selected
                .checked_sub(1)
                .and_then(|i| app.list.groups.get(i))
                .map(|(g, _)| (g.id, g.name.clone()));
            match vault.assign(&[id], group.as_ref().map(|(g, _)| *g)) {
                Ok(()) => app.reload_then_toast(match group {
                    Some((_, gname)) => format!("Moved {name} to {gname}"),
                    None => format!("Moved {name} out of its group"),
                }),
                Err(e) => app.toast_error(format!("Cannot move {name}: {e}")),
            }
            return None;
        }
        _ => return None,
    }
    Some(Overlay::MoveTo(p))
}

fn groups(app: &mut App, mut g: GroupsPane, ev: &KeyEvent) -> Option<Overlay> {
    let vault = app.vault.clone()?;
    let count = app.list.groups.len();
    if let Some((what, mut input)) = g.editing.take() {
        match ev.code {
            KeyCode::Esc => {}
            KeyCode::Enter => {
                let name = input.value().to_owned();
                let result = match what {
                    NameEdit::New => vault.add_group(&name),
                    NameEdit::Rename(id) => vault.rename_group(id, &name),
                };
                match result {
                    Ok(group) => {
                        app.reload();
                        g.error = None;
                        if let Some(i) = app.list.groups.iter().position(|(x, _)| x.id == group.id)
                        {
                            g.selected = i;
                        }
                    }
                    Err(e) => {
                        g.error = Some(e.to_string());
                        g.editing = Some((what, input));
                    }
                }
            }
            _ => {
                if let Some(req) = input_request(ev) {
                    input.handle(req);
                }
                g.editing = Some((what, input));
            }
        }
        return Some(Overlay::Groups(g));
    }
    if g.confirm_delete {
        g.confirm_delete = false;
        if matches!(ev.code, KeyCode::Char('y') | KeyCode::Char('Y'))
            && let Some((group, _)) = app.list.groups.get(g.selected)
        {
            let name = group.name.clone();
            match vault.remove_group(group.id) {
                Ok(()) => {
                    app.reload();
                    app.toast(format!(
                        "Deleted group {name}; its accounts stay, in no group"
                    ));
                    g.selected = g.selected.min(app.list.groups.len().saturating_sub(1));
                }
                Err(e) => g.error = Some(e.to_string()),
            }
        }
        return Some(Overlay::Groups(g));
    }
    g.error = None;
    match ev.code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('g') => return None,
        KeyCode::Up | KeyCode::Char('k') => g.selected = g.selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => {
            g.selected = (g.selected + 1).min(count.saturating_sub(1));
        }
        KeyCode::Char('a') | KeyCode::Char('n') => {
            g.editing = Some((NameEdit::New, Input::default()));
        }
        KeyCode::Char('r') | KeyCode::Char('e') => {
            if let Some((group, _)) = app.list.groups.get(g.selected) {
                g.editing = Some((NameEdit::Rename(group.id), Input::new(group.name.clone())));
            }
        }
        KeyCode::Char('d') | KeyCode::Delete if count > 0 => g.confirm_delete = true,
        KeyCode::Char('K') | KeyCode::Char('J') if count > 1 => {
            let other = if ev.code == KeyCode::Char('K') {
                g.selected.checked_sub(1)
            } else {
                Some(g.selected + 1).filter(|i| *i < count)
            };
            if let Some(o) = other {
                let mut ids: Vec<i64> = app.list.groups.iter().map(|(x, _)| x.id).collect();
                ids.swap(g.selected, o);
                match vault.reorder_groups(&ids) {
                    Ok(()) => {
                        app.reload();
                        g.selected = o;
                    }
                    Err(e) => g.error = Some(e.to_string()),
                }
            }
        }
        KeyCode::Enter => {
            // Jump to the group's tab.
            app.list.tab = g.selected + 1;
            app.list.selected = 0;
            app.refilter();
            return None;
        }
        _ => {}
    }
    Some(Overlay::Groups(g))
}
