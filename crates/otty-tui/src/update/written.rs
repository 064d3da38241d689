//! Results of the vault writes the writer thread performed ([`WriteDone`]): re-read the list,
//! hand the answer to the open screen (a saving form closes or marks its fields, the groups
//! screen selects the group, the tokens screen shows the new token), then say what happened
//! unless that screen took it.

use super::super::action::Effect;
use super::super::app::App;
use super::super::screens::tokens::revoked;
use super::super::write::WriteDone;

/// A write finished.
pub fn written(app: &mut App, done: WriteDone) {
    app.writes_pending = app.writes_pending.saturating_sub(1);
    if done.changed_list() {
        app.reload();
    }
    let (overlay, mut ctx) = app.split();
    let taken = overlay
        .as_mut()
        .and_then(|o| o.screen_mut().written(&done, &mut ctx));
    if let Some(outcome) = taken {
        app.apply(outcome);
    }
    let taken = taken.is_some();
    match done {
        WriteDone::Saved { added, result } => match result {
            Ok(a) => {
                let verb = if added { "Added" } else { "Saved" };
                app.toast(format!("{verb} {}", a.title()));
                select_id(app, a.id);
            }
            // A refused entry keeps the form open, with its messages and all typed.
            Err(_) if taken => {}
            Err(e) => app.toast_error(format!("Cannot save: {e}")),
        },
        WriteDone::Favorite {
            name,
            pinned,
            result,
        } => match result {
            Ok(()) if pinned => app.toast(format!("Pinned {name} to the top")),
            Ok(()) => app.toast(format!("Unpinned {name}")),
            Err(e) => app.toast_error(format!("Cannot change {name}: {e}")),
        },
        WriteDone::SortSaved(Err(e)) => {
            app.toast_error(format!("Sorted, but the order could not be kept: {e}"));
        }
        WriteDone::Reordered { moved, result } => match result {
            Ok(()) => select_id(app, moved),
            Err(e) => app.toast_error(format!("Cannot reorder: {e}")),
        },
        WriteDone::Assigned {
            name,
            group,
            result,
        } => match result {
            Ok(()) => app.toast(match group {
                Some(gname) => format!("Moved {name} to {gname}"),
                None => format!("Moved {name} out of its group"),
            }),
            Err(e) => app.toast_error(format!("Cannot move {name}: {e}")),
        },
        WriteDone::Deleted { name, result } => match result {
            Ok(()) => app.toast(format!("Deleted {name}")),
            Err(e) => app.toast_error(format!("Cannot delete {name}: {e}")),
        },
        WriteDone::Hotp {
            id,
            name,
            copy,
            result,
        } => {
            // A copy asked while this advance was pending copies the code it brings.
            let copy = app.hotp_pending.remove(&id).unwrap_or(false) || copy;
            match result {
                Ok(code) => {
                    app.hotp_codes.insert(id, code.clone());
                    if copy {
                        app.pending_copy = Some(format!("{name} code"));
                        app.effects.push(Effect::Copy(code));
                        if app.config.clipboard_clear_seconds > 0 {
                            app.clear_clipboard_at =
                                Some(app.now + i64::from(app.config.clipboard_clear_seconds));
                        }
                    } else {
                        app.toast("New HOTP code handed out (counter advanced)");
                    }
                }
                Err(e) => app.toast_error(format!("Cannot compute the code: {e}")),
            }
        }
        WriteDone::GroupRemoved { name, result } if !taken => match result {
            Ok(()) => app.toast(format!(
                "Deleted group {name}; its accounts stay, in no group"
            )),
            Err(e) => app.toast_error(format!("Cannot delete group {name}: {e}")),
        },
        WriteDone::GroupNamed(Err(e)) | WriteDone::GroupsReordered(Err(e)) if !taken => {
            app.toast_error(format!("Cannot change the groups: {e}"));
        }
        WriteDone::TokenCreated(Err(e)) if !taken => {
            app.toast_error(format!("Cannot create the token: {e}"));
        }
        WriteDone::TokenRevoked { name, result } if !taken => match result {
            Ok(()) => app.toast(revoked(&name)),
            Err(e) => app.toast_error(format!("Cannot revoke {name}: {e}")),
        },
        WriteDone::Imported { dropped, result } => match result {
            Ok(summary) => {
                let n = summary.added.len();
                let mut msg = format!("Imported {n} account{}", if n == 1 { "" } else { "s" });
                let g = summary.groups_created.len();
                if g > 0 {
                    msg.push_str(&format!(
                        ", {g} group{} created",
                        if g == 1 { "" } else { "s" }
                    ));
                }
                if dropped > 0 {
                    msg.push_str(&format!(", {dropped} unusable group name(s) left out"));
                }
                app.toast(msg);
            }
            Err(e) => app.toast_error(format!("Cannot import; nothing was written: {e}")),
        },
        _ => {}
    }
    app.dirty = true;
}

/// Select the row of account `id` if it is visible.
fn select_id(app: &mut App, id: i64) {
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
