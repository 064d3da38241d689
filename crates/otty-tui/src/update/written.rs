//! Results of the vault writes the writer thread performed ([`WriteDone`]): reload, select,
//! close the form, copy a HOTP code, or say what went wrong.

use super::super::action::Effect;
use super::super::app::{App, Overlay};
use super::super::write::WriteDone;
use super::overlay::select_id;

/// A write finished.
pub fn written(app: &mut App, done: WriteDone) {
    app.writes_pending = app.writes_pending.saturating_sub(1);
    match done {
        WriteDone::Saved { added, result } => {
            let saving = matches!(&app.overlay, Some(Overlay::Form(f)) if f.saving);
            match result {
                Ok(a) => {
                    if saving {
                        app.overlay = None;
                    }
                    let verb = if added { "Added" } else { "Saved" };
                    app.toast(format!("{verb} {}", a.title()));
                    app.reload();
                    select_id(app, a.id);
                }
                Err(e) => match &mut app.overlay {
                    // A refused entry keeps the form open, with its messages and all typed.
                    Some(Overlay::Form(f)) if saving => {
                        f.saving = false;
                        f.record(&e);
                    }
                    _ => app.toast_error(format!("Cannot save: {e}")),
                },
            }
        }
        WriteDone::Deleted { name, result } => match result {
            Ok(()) => {
                app.reload();
                app.toast(format!("Deleted {name}"));
            }
            Err(e) => app.toast_error(format!("Cannot delete {name}: {e}")),
        },
        WriteDone::Hotp {
            id,
            name,
            copy,
            result,
        } => match result {
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
        },
    }
    app.dirty = true;
}
