//! Main-screen commands that read codes or change the vault: copy, HOTP, favourite, reorder,
//! delete, move, reveal, lock. Every vault error becomes a toast; none panics.

use zeroize::Zeroizing;

use otty_core::{OtpKind, otp};

use super::super::action::Effect;
use super::super::app::{App, Confirm, Overlay};
use super::super::form::AccountForm;
use super::super::groups::Picker;
use super::super::write::VaultWrite;

/// Copy the selected account's code (`next`: the following period's).
pub fn copy(app: &mut App, next: bool) {
    let Some(a) = app.list.selected_account() else {
        return;
    };
    let (id, kind, name) = (a.id, a.data.otp.kind, a.title());
    let code: Zeroizing<String> = if kind == OtpKind::Hotp {
        if next {
            app.toast_error("HOTP has no next code: press + to hand out a new one");
            return;
        }
        match app.hotp_codes.get(&id) {
            Some(c) => c.clone(),
            None => {
                // The writer thread advances the counter, then `update/written.rs` copies.
                hand_out_hotp(app, id, name, true);
                return;
            }
        }
    } else {
        let p = &a.data.otp;
        let step = otp::time_step(app.now, p.period);
        otp::at_counter(p, if next { step + 1 } else { step }).text
    };
    app.pending_copy = Some(if next {
        format!("the next {name} code")
    } else {
        format!("{name} code")
    });
    app.effects.push(Effect::Copy(code));
    if app.config.clipboard_clear_seconds > 0 {
        app.clear_clipboard_at = Some(app.now + i64::from(app.config.clipboard_clear_seconds));
    }
}

/// Ask the writer thread for the next HOTP code (it advances the stored counter).
fn hand_out_hotp(app: &mut App, id: i64, name: String, copy: bool) {
    if app.vault.is_some() {
        let now = app.now;
        app.write(VaultWrite::HotpNext {
            id,
            name,
            copy,
            now,
        });
    }
}

/// `+`: hand out the next HOTP code (advances the stored counter).
pub fn hotp_next(app: &mut App) {
    let Some(a) = app.list.selected_account() else {
        return;
    };
    if a.data.otp.kind != OtpKind::Hotp {
        app.toast_error("+ is for HOTP (counter) accounts; this one changes by itself");
        return;
    }
    let (id, name) = (a.id, a.title());
    hand_out_hotp(app, id, name, false);
}

/// Open the add form, in the current tab's group.
pub fn open_add(app: &mut App) {
    let group = app
        .list
        .tab_group()
        .and_then(|id| app.list.groups.iter().find(|(g, _)| g.id == id))
        .map(|(g, _)| g);
    app.overlay = Some(Overlay::Form(Box::new(AccountForm::add(group))));
}

/// Open the edit form on the selected account.
pub fn open_edit(app: &mut App) {
    if let Some(a) = app.list.selected_account() {
        let form = AccountForm::edit(a, &app.list.groups);
        app.overlay = Some(Overlay::Form(Box::new(form)));
    }
}

/// Ask before deleting the selected account.
pub fn ask_delete(app: &mut App) {
    if let Some(a) = app.list.selected_account() {
        app.overlay = Some(Overlay::Confirm(Confirm::Delete(a.id, a.title())));
    }
}

/// Ask before showing the selected account's secret.
pub fn ask_reveal(app: &mut App) {
    if let Some(a) = app.list.selected_account() {
        app.overlay = Some(Overlay::Confirm(Confirm::Reveal(a.id, a.title())));
    }
}

/// Open the group picker for the selected account.
pub fn open_move(app: &mut App) {
    let Some(a) = app.list.selected_account() else {
        return;
    };
    let selected = a
        .data
        .group_id
        .and_then(|g| app.list.groups.iter().position(|(x, _)| x.id == g))
        .map_or(0, |i| i + 1);
    app.overlay = Some(Overlay::MoveTo(Picker { selected }));
}

/// Pin or unpin the selected account.
pub fn toggle_favorite(app: &mut App) {
    let (Some(a), Some(vault)) = (app.list.selected_account(), app.vault.clone()) else {
        return;
    };
    let mut data = a.data.clone();
    data.favorite = !data.favorite;
    let (id, pinned, name) = (a.id, data.favorite, a.title());
    match vault.update(id, data) {
        Ok(_) => {
            app.reload();
            app.toast(if pinned {
                format!("Pinned {name} to the top")
            } else {
                format!("Unpinned {name}")
            });
        }
        Err(e) => app.toast_error(format!("Cannot change {name}: {e}")),
    }
}

/// `J`/`K`: swap the selected account with its visible neighbour in the user's order.
pub fn reorder(app: &mut App, delta: isize) {
    if app.config.sort != super::super::config::SortOrder::Manual {
        app.toast_error("Moving rows needs sort = \"manual\" in the config file");
        return;
    }
    let Some(vault) = app.vault.clone() else {
        return;
    };
    let sel = app.list.selected;
    let Some(other) = sel
        .checked_add_signed(delta)
        .filter(|i| *i < app.list.rows.len())
    else {
        return;
    };
    let id_of = |i: usize| app.list.accounts[app.list.rows[i].idx].id;
    let (a, b) = (id_of(sel), id_of(other));
    let mut order = app.list.manual_order();
    let (Some(pa), Some(pb)) = (
        order.iter().position(|x| *x == a),
        order.iter().position(|x| *x == b),
    ) else {
        return;
    };
    order.swap(pa, pb);
    match vault.reorder(&order) {
        Ok(()) => {
            app.reload();
            if let Some(i) = app
                .list
                .rows
                .iter()
                .position(|r| app.list.accounts[r.idx].id == a)
            {
                app.list.selected = i;
            }
            app.scroll();
        }
        Err(e) => app.toast_error(format!("Cannot reorder: {e}")),
    }
}

/// Lock now: the vault drops its keys and the screen forgets everything.
pub fn lock_now(app: &mut App) {
    if let Some(v) = &app.vault {
        v.lock();
    }
    app.on_locked();
}
