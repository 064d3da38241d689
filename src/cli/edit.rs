//! `otty edit QUERY`: change the fields given, keep the others. QUERY is an id or a name
//! ([`super::query`]).

use super::add::{group_id, read_secret};
use super::args::{EditArgs, Global};
use super::error::{Context, Error, Result};
use super::query::resolve;
use super::session;
use crate::core::account::STEAM_DIGITS;
use crate::core::{NewAccount, OtpKind};

fn nothing_to_change(a: &EditArgs) -> bool {
    a.service.is_none()
        && a.account.is_none()
        && a.secret.is_none()
        && a.kind.is_none()
        && a.digits.is_none()
        && a.period.is_none()
        && a.counter.is_none()
        && a.algorithm.is_none()
        && a.group.is_none()
        && !a.no_group
        && a.notes.is_none()
        && a.favorite.is_none()
}

/// Apply every field the arguments set, except the group and the secret.
fn apply(data: &mut NewAccount, a: &EditArgs) {
    if let Some(s) = &a.service {
        data.service = s.clone();
    }
    if let Some(s) = &a.account {
        data.account = s.clone();
    }
    if let Some(kind) = a.kind.map(OtpKind::from) {
        let was_steam = data.otp.kind == OtpKind::Steam;
        data.otp.kind = kind;
        // Steam's fixed length follows the kind unless a length is given.
        if kind == OtpKind::Steam {
            data.otp.digits = STEAM_DIGITS;
        } else if was_steam {
            data.otp.digits = 6;
        }
    }
    if let Some(d) = a.digits {
        data.otp.digits = d;
    }
    if let Some(p) = a.period {
        data.otp.period = p;
    }
    if let Some(c) = a.counter {
        data.otp.counter = c;
    }
    if let Some(alg) = a.algorithm {
        data.otp.algorithm = alg.into();
    }
    if let Some(n) = &a.notes {
        data.notes = n.clone();
    }
    if let Some(f) = a.favorite {
        data.favorite = f;
    }
}

/// Run `otty edit`.
pub fn run(g: &Global, args: &EditArgs) -> Result<()> {
    if nothing_to_change(args) {
        return Err(Error::usage(
            "nothing to change: give at least one field to edit (see `otty edit --help`)",
        ));
    }
    let ready = session::find(g)?.password(g)?;
    let secret = args.secret.as_deref().map(read_secret).transpose()?;
    let vault = ready.unlock()?;
    let id = resolve(&*vault, &args.query)?.id;
    let mut data = vault
        .account(id)
        .context(|| format!("cannot edit account {id}"))?
        .data;
    apply(&mut data, args);
    if let Some(s) = secret {
        data.otp.secret = s;
    }
    if let Some(name) = &args.group {
        data.group_id = Some(group_id(&*vault, name)?);
    } else if args.no_group {
        data.group_id = None;
    }
    // Without --counter the counter stored now is kept, even if another process advanced it
    // after we read the account.
    let saved = if args.counter.is_some() {
        vault.update_with_counter(id, data)
    } else {
        vault.update(id, data)
    };
    saved.context(|| format!("cannot edit account {id}"))?;
    Ok(())
}
