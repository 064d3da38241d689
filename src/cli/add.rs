//! `otty add`: one account from an otpauth URI or from its fields.
//!
//! On a terminal it says `added 12  GitHub  alice`; when standard output is not a terminal (a
//! script), or with `--quiet`, standard output holds the new id alone, and the sentence goes to
//! standard error unless `--quiet`. An account the vault already holds (the same codes,
//! service and account: [`crate::core::NewAccount::duplicates`]) is refused (exit 1, naming it)
//! unless `--allow-duplicate`.
//!
//! The secret (or the whole URI) can come from standard input with `-`, so it need not sit in
//! shell history or the process list. With `--password-stdin` too, the password is the first
//! line and the secret or URI the second.

use std::io::IsTerminal;

use super::args::{AddArgs, Global};
use super::error::{Context, Error, Result};
use super::input;
use super::output::{Out, note};
use super::session;
use crate::agent::Backend;
use crate::core::{NewAccount, OtpKind, OtpParams, Secret, uri};

/// Read `value`, or the next line of stdin when it is `-`.
pub fn text_or_stdin(value: &str, what: &str) -> Result<zeroize::Zeroizing<String>> {
    if value == "-" {
        input::stdin_text(what)
    } else {
        Ok(zeroize::Zeroizing::new(value.to_owned()))
    }
}

/// Decode a base32 secret given on the command line or as `-`.
pub fn read_secret(value: &str) -> Result<Secret> {
    let text = text_or_stdin(value, "the secret")?;
    Secret::from_base32(&text).context(|| "cannot use the secret".to_owned())
}

/// Put the account in the group called `name`.
pub fn group_id(vault: &dyn Backend, name: &str) -> Result<i64> {
    let g = vault
        .group_by_name(name)
        .context(|| "cannot use --group (create it first with `otty group add NAME`)".to_owned())?;
    Ok(g.id)
}

fn from_fields(args: &AddArgs) -> Result<NewAccount> {
    let Some(secret) = &args.secret else {
        return Err(Error::usage("give --uri or --secret"));
    };
    let secret = read_secret(secret)?;
    let kind = args.kind.map(OtpKind::from).unwrap_or(OtpKind::Totp);
    let mut otp = match kind {
        OtpKind::Steam => OtpParams::steam(secret),
        _ => OtpParams {
            kind,
            ..OtpParams::totp(secret)
        },
    };
    if let Some(a) = args.algorithm {
        otp.algorithm = a.into();
    }
    if let Some(d) = args.digits {
        otp.digits = d;
    }
    if let Some(p) = args.period {
        otp.period = p;
    }
    if let Some(c) = args.counter {
        otp.counter = c;
    }
    Ok(NewAccount::new(
        args.service.clone().unwrap_or_default(),
        args.account.clone().unwrap_or_default(),
        otp,
    ))
}

/// Build the account the arguments describe (reading stdin for `-`), validated.
fn build(args: &AddArgs) -> Result<NewAccount> {
    let mut data = match &args.uri {
        Some(u) => {
            let text = text_or_stdin(u, "the URI")?;
            uri::parse(&text).context(|| "cannot read the otpauth URI".to_owned())?
        }
        None => from_fields(args)?,
    };
    if let Some(notes) = &args.notes {
        data.notes = notes.clone();
    }
    data.favorite = args.favorite;
    data.validate()
        .context(|| "cannot add the account".to_owned())?;
    Ok(data)
}

/// Fail with [`Error::Duplicate`] when the vault already holds `data`'s account.
fn refuse_duplicate(vault: &dyn Backend, data: &NewAccount) -> Result<()> {
    let accounts = vault
        .accounts()
        .context(|| "cannot read the vault".to_owned())?;
    match accounts.into_iter().find(|a| a.data.duplicates(data)) {
        Some(a) => Err(Error::Duplicate {
            id: a.id,
            service: a.data.service,
            account: a.data.account,
        }),
        None => Ok(()),
    }
}

/// Run `otty add`.
pub fn run(g: &Global, args: &AddArgs) -> Result<()> {
    let ready = session::find(g)?.password(g)?;
    let mut data = build(args)?;
    let vault = ready.unlock()?;
    if let Some(name) = &args.group {
        data.group_id = Some(group_id(&*vault, name)?);
    }
    if !args.allow_duplicate {
        refuse_duplicate(&*vault, &data)?;
    }
    let added = vault
        .add(data)
        .context(|| "cannot add the account".to_owned())?;
    let sentence = format!(
        "added {}  {}  {}",
        added.id, added.data.service, added.data.account
    )
    .trim_end()
    .to_owned();
    let mut out = Out::new();
    if std::io::stdout().is_terminal() && !args.quiet {
        out.line(sentence)?;
    } else {
        out.line(added.id)?;
        if !args.quiet {
            note(sentence);
        }
    }
    out.finish()
}
