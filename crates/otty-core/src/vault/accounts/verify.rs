//! Checking a code someone typed ([`Vault::verify_code`]), for services built on otty.
//!
//! Everything happens in one immediate transaction on what is stored, never on this handle's
//! cached copy, so two processes on one vault (the TUI's server and `otty serve`) accept a code
//! once in total:
//! - the account's attempt budget (`attempts.rs`) is checked first; a locked budget evaluates
//!   nothing;
//! - TOTP and Steam: the steps `now ± window` are tried nearest first; a step accepted once is
//!   never accepted again, nor any earlier one (RFC 6238 §5.2), through the replay record
//!   `verify.<id>` in the sealed settings;
//! - HOTP: the look-ahead of RFC 4226 §7.2 from the stored counter, which then moves past the
//!   accepted code;
//! - a wrong code (a replayed one included) is charged to the budget.

use subtle::ConstantTimeEq;

use super::super::attempts::{Budget, Guess, Kind};
use super::super::keys::Keys;
use super::super::write::Write;
use super::super::{Vault, settings};
use super::hotp::resync_in;
use super::stored;
use crate::account::{Account, OtpKind};
use crate::error::Result;
use crate::event::VaultEvent;
use crate::otp;

/// Largest look-ahead or look-around `window` accepted.
pub const MAX_WINDOW: u64 = 10;

/// Whether two codes are the same, in constant time for equal lengths.
pub fn same_code(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A typed code as it is compared: without white space; Steam symbols upper case (people type
/// them any way).
fn normalise(code: &str, kind: OtpKind) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if kind == OtpKind::Steam {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

fn replay_key(id: i64) -> String {
    format!("verify.{id}")
}

/// Forget the replay record of a removed account (inside the caller's transaction).
pub(in crate::vault) fn forget(w: &mut Write<'_>, keys: &Keys, id: i64) -> Result<()> {
    settings::delete(w, keys, &replay_key(id))?;
    Ok(())
}

/// TOTP and Steam: the accepted step's distance from now, recording it so neither it nor any
/// earlier step is accepted again.
fn timed(
    w: &mut Write<'_>,
    keys: &Keys,
    acc: &Account,
    code: &str,
    window: u64,
    now: i64,
) -> Result<Option<i64>> {
    let params = &acc.data.otp;
    let current = otp::time_step(now, params.period) as i64;
    let window = window as i64;
    let mut deltas: Vec<i64> = (-window..=window).collect();
    deltas.sort_by_key(|d| (d.abs(), *d));
    let Some(delta) = deltas.into_iter().find(|d| {
        let step = current + d;
        step >= 0 && same_code(&otp::at_counter(params, step as u64).text, code)
    }) else {
        return Ok(None);
    };
    let step = (current + delta) as u64;
    let key = replay_key(acc.id);
    let last = settings::read_checked(w, keys, &key)?.and_then(|v| v.as_u64());
    if last.is_some_and(|l| step <= l) {
        return Ok(None);
    }
    settings::put(w, keys, &key, &serde_json::json!(step))?;
    Ok(Some(delta))
}

impl Vault {
    /// Check a code typed for account `id`, within `window` steps (TOTP, Steam: either side of
    /// now; HOTP: ahead of the stored counter; at most [`MAX_WINDOW`]). `Accepted(delta)` gives
    /// the matching step's distance; a wrong code is `Rejected` and charged to the account's
    /// attempt budget; a locked budget is `Throttled` and nothing is evaluated.
    pub fn verify_code(&self, id: i64, code: &str, window: u64) -> Result<Guess<i64>> {
        let window = window.min(MAX_WINDOW);
        let (guess, hotp) = self.write(|conn, open, now| {
            open.verified()?;
            let mut w = Write::begin(conn, &open.keys)?;
            let mut acc = stored(&w, open, id)?;
            let keys = &open.keys;
            let mut budget = Budget::load(&w, keys, Kind::Code, id)?;
            if let Some(retry_after) = budget.locked(now) {
                return Ok((Guess::Throttled { retry_after }, false));
            }
            let kind = acc.data.otp.kind;
            let typed = normalise(code, kind);
            let found = if kind == OtpKind::Hotp {
                resync_in(
                    &mut w,
                    keys,
                    &mut acc,
                    window,
                    |c| same_code(c, &typed),
                    now,
                )?
                .map(|d| d as i64)
            } else {
                timed(&mut w, keys, &acc, &typed, window, now)?
            };
            let guess = match found {
                Some(delta) => {
                    budget.succeed(&mut w, keys)?;
                    Guess::Accepted(delta)
                }
                None => {
                    budget.fail(&mut w, keys, now)?;
                    Guess::Rejected
                }
            };
            w.commit(keys)?;
            let hotp = kind == OtpKind::Hotp && matches!(guess, Guess::Accepted(_));
            if hotp {
                open.accounts.insert(id, acc);
            }
            Ok((guess, hotp))
        })?;
        if hotp {
            self.emit(VaultEvent::AccountUpdated(id));
        }
        Ok(guess)
    }
}
