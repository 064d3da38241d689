//! `otty code QUERY`: the code of one account, alone on stdout (or 2FAuth's OTP object with
//! `--json`). QUERY is an id or a case-insensitive part of "service account"; no match or
//! several matches exit 3. HOTP hands out the code at the stored counter and advances it.
//! `--copy` puts the code on the clipboard instead ([`super::copy`]).

use super::args::{CodeArgs, Global};
use super::error::{Candidate, Context, Error, Result};
use super::output::Out;
use super::session;
use crate::core::{Account, Clock, SystemClock, Vault};
use crate::dto::OtpRead;

/// The one account `query` names. Among several matches, one whose whole "service account"
/// equals the query (case-insensitively) wins.
pub fn resolve(vault: &Vault, query: &str) -> Result<Account> {
    let mut found = vault
        .find(query)
        .context(|| format!("cannot look up {query:?}"))?;
    if found.len() > 1 {
        let wanted = query.trim().to_lowercase();
        let exact: Vec<usize> = (0..found.len())
            .filter(|&i| found[i].label().to_lowercase() == wanted)
            .collect();
        if let [i] = exact[..] {
            return Ok(found.swap_remove(i));
        }
    }
    match found.len() {
        1 => Ok(found.swap_remove(0)),
        0 => Err(Error::NoMatch {
            query: query.to_owned(),
            corrupted: vault
                .corrupted()
                .map(|c| c.iter().filter(|(t, _)| *t == "accounts").count())
                .unwrap_or(0),
        }),
        _ => Err(Error::Ambiguous {
            query: query.to_owned(),
            matches: found
                .into_iter()
                .map(|a| Candidate {
                    id: a.id,
                    service: a.data.service,
                    account: a.data.account,
                })
                .collect(),
        }),
    }
}

/// Run `otty code`.
pub fn run(g: &Global, args: &CodeArgs) -> Result<()> {
    let vault = session::open_unlocked(g)?;
    let account = resolve(&vault, &args.query)?;
    let unix = args.at.unwrap_or_else(|| SystemClock.now());
    let otp = vault
        .otp(account.id, unix)
        .context(|| format!("cannot compute a code for account {}", account.id))?;
    if args.copy {
        return super::copy::copy(otp.password, &account.label());
    }
    let mut out = Out::new();
    if args.json {
        out.json(&OtpRead::from(&otp))?;
    } else {
        out.line(otp.password.as_str())?;
    }
    out.finish()
}
