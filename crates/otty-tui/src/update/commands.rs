//! Main-screen commands that read codes or change the vault: copy, HOTP, favourite, reorder,
//! lock. Vault writes go to the writer thread (`written` takes the answers); every vault error
//! becomes a toast; none panics.

use zeroize::Zeroizing;

use otty_core::{OtpKind, otp};

use super::super::action::Effect;
use super::super::app::App;
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

/// Ask the writer thread for the next HOTP code (it advances the stored counter). While an
/// advance of the same account is pending, no second one is asked for: a copy asked meanwhile
/// copies the code the pending one brings.
fn hand_out_hotp(app: &mut App, id: i64, name: String, copy: bool) {
    if let Some(wants_copy) = app.hotp_pending.get_mut(&id) {
        *wants_copy |= copy;
        return;
    }
    if app.vault.is_some() {
        app.hotp_pending.insert(id, copy);
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

/// Pin or unpin the selected account.
pub fn toggle_favorite(app: &mut App) {
    let (Some(a), Some(_)) = (app.list.selected_account(), &app.vault) else {
        return;
    };
    let (id, name, pinned) = (a.id, a.title(), !a.data.favorite);
    app.write(VaultWrite::Favorite { id, name, pinned });
}

/// `J`/`K`: swap the selected account with its visible neighbour in the user's order. A pinned
/// row stops at the end of the pinned block and an unpinned one at its start: favourites are
/// shown first whatever their position, so crossing would swap rows the user did not move.
pub fn reorder(app: &mut App, delta: isize) {
    if app.config.sort != super::super::config::SortOrder::Manual {
        app.toast_error("Moving rows needs your own order: O cycles the sort order");
        return;
    }
    if app.vault.is_none() {
        return;
    }
    let sel = app.list.selected;
    let Some(other) = sel
        .checked_add_signed(delta)
        .filter(|i| *i < app.list.rows.len())
    else {
        return;
    };
    let account_at = |i: usize| &app.list.accounts[app.list.rows[i].idx];
    if account_at(sel).data.favorite != account_at(other).data.favorite {
        app.toast("Pinned accounts stay above the others; f unpins");
        return;
    }
    let (a, b) = (account_at(sel).id, account_at(other).id);
    let mut order = app.list.manual_order();
    let (Some(pa), Some(pb)) = (
        order.iter().position(|x| *x == a),
        order.iter().position(|x| *x == b),
    ) else {
        return;
    };
    order.swap(pa, pb);
    app.write(VaultWrite::Reorder { order, moved: a });
}

/// `O`: the next sort order, shown at once and kept in the vault (it wins over the config
/// file's `sort` from then on).
pub fn cycle_sort(app: &mut App) {
    let sort = app.config.sort.next();
    app.config.sort = sort;
    app.reload();
    app.toast(format!("Sorted by {}", sort.describe()));
    if app.vault.is_some() {
        app.write(VaultWrite::SetSort(sort));
    }
}

/// Lock now: the vault drops its keys and the screen forgets everything.
pub fn lock_now(app: &mut App) {
    if let Some(v) = &app.vault {
        v.lock();
    }
    if let Some(hook) = &app.on_lock {
        hook();
    }
    app.on_locked();
}
