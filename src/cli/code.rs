//! `otty code [QUERY]`: the code of one account, alone on stdout (or 2FAuth's OTP object with
//! `--json`). QUERY is an id or a case-insensitive part of "service account"; no match or
//! several matches exit 3. Without QUERY, on a terminal, a one-line fuzzy picker chooses the
//! account ([`super::picker`]); without one, it is a usage error (exit 2) before any password
//! is asked. HOTP hands out the code at the stored counter and advances it; `--at` (a moment
//! in time) is refused for HOTP (exit 2) before anything is spent.
//! QUERY is resolved by [`super::query`]. `--copy` puts the code on the clipboard instead ([`super::copy`]).

use super::args::{CodeArgs, Global};
use super::error::{Context, Error, Result};
use super::output::Out;
use super::picker;
use super::query::resolve;
use super::session;
use crate::core::{Clock, SystemClock};
use crate::dto::OtpRead;

/// Run `otty code`.
pub fn run(g: &Global, args: &CodeArgs) -> Result<()> {
    if args.query.is_none() && !picker::available() {
        return Err(Error::usage(
            "give a QUERY (an account id or part of its name); without one, otty code opens a picker on a terminal",
        ));
    }
    let vault = session::backend(g)?;
    let account = match &args.query {
        Some(query) => resolve(&*vault, query)?,
        None => picker::pick(&*vault)?,
    };
    if args.at.is_some() && !account.data.otp.kind.is_timed() {
        // Refused before anything is computed, so the HOTP counter is not advanced.
        return Err(Error::usage(format!(
            "--at applies to TOTP and Steam; {} is HOTP (its next code is spent by `otty code` without --at)",
            account.title()
        )));
    }
    let unix = args.at.unwrap_or_else(|| SystemClock.now());
    let otp = vault
        .otp(account.id, unix)
        .context(|| format!("cannot compute a code for account {}", account.id))?;
    if args.copy {
        return super::copy::copy(otp.password, &account.label());
    }
    let mut out = Out::new();
    if args.json {
        out.json(&OtpRead::from(otp))?;
    } else {
        out.line(otp.password.as_str())?;
    }
    out.finish()
}
