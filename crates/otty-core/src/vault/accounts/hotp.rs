//! HOTP counters: the one piece of account state that changes on a read.
//!
//! Every function here reads the counter from the database INSIDE its `BEGIN IMMEDIATE`
//! transaction, never from this handle's cached copy: another process (the CLI while the TUI
//! or the server runs) may have advanced it since the cache was filled, and a stale counter
//! means a code handed out twice (issue 6, races).

use super::super::Vault;
use super::super::keys::Keys;
use super::super::write::Write;
use super::{Otp, save, stored};
use crate::account::{Account, OtpKind};
use crate::error::{Error, Result};
use crate::event::VaultEvent;
use crate::otp;

/// Store `acc` (its counter changed); the caller commits and updates the cache.
fn save_counter(
    w: &mut Write<'_>,
    keys: &Keys,
    acc: &mut Account,
    used: bool,
    now: i64,
) -> Result<()> {
    acc.updated_at = now;
    if used {
        acc.last_used_at = Some(now);
    }
    save(w, keys, acc)
}

impl Vault {
    /// Hand out a code (2FAuth semantics). TOTP and Steam: the code at `unix` and the next one,
    /// no write. HOTP: the code at the stored counter N, and N+1 is stored, in one immediate
    /// transaction that reads N from the database, so two processes never hand out the same
    /// code.
    pub fn otp(&self, id: i64, unix: i64) -> Result<Otp> {
        let kind = self.read(|o| Ok(o.get(id)?.data.otp.kind))?;
        if kind != OtpKind::Hotp {
            return self.peek(id, unix);
        }
        let out = self.write(|conn, open, now| {
            open.verified()?;
            let mut w = Write::begin(conn, &open.keys)?;
            let mut acc = stored(&w, open, id)?;
            if acc.data.otp.kind != OtpKind::Hotp {
                // Changed by another process since our cache was filled: nothing to advance.
                drop(w);
                let out = Otp::timed(&acc.data, unix);
                open.accounts.insert(id, acc);
                return Ok(out);
            }
            let next = acc.data.otp.counter.checked_add(1).ok_or_else(|| {
                Error::invalid("counter", "the HOTP counter cannot go any higher")
            })?;
            let out = Otp::hotp(&acc.data, next);
            acc.data.otp.counter = next;
            save_counter(&mut w, &open.keys, &mut acc, true, now)?;
            w.commit(&open.keys)?;
            open.accounts.insert(id, acc);
            Ok(out)
        })?;
        self.emit(VaultEvent::AccountUpdated(id));
        Ok(out)
    }

    /// HOTP resynchronisation (RFC 4226 §7.2): in one immediate transaction, find the first
    /// counter in `N..=N+window` (N the stored counter) whose code `matches`, and store the one
    /// after it. Returns its distance from N, or `None` (nothing written; also for accounts
    /// that are not HOTP).
    pub fn resync_hotp(
        &self,
        id: i64,
        window: u64,
        matches: impl Fn(&str) -> bool,
    ) -> Result<Option<u64>> {
        let found = self.write(|conn, open, now| {
            open.verified()?;
            let mut w = Write::begin(conn, &open.keys)?;
            let mut acc = stored(&w, open, id)?;
            let found = resync_in(&mut w, &open.keys, &mut acc, window, matches, now)?;
            if found.is_some() {
                w.commit(&open.keys)?;
                open.accounts.insert(id, acc);
            }
            Ok(found)
        })?;
        if found.is_some() {
            self.emit(VaultEvent::AccountUpdated(id));
        }
        Ok(found)
    }
}

/// The look-ahead of [`Vault::resync_hotp`] on `acc` as stored (read inside the caller's
/// write `w`): on a match, the counter after it is stored; the caller commits and updates the
/// cache.
pub(super) fn resync_in(
    w: &mut Write<'_>,
    keys: &Keys,
    acc: &mut Account,
    window: u64,
    matches: impl Fn(&str) -> bool,
    now: i64,
) -> Result<Option<u64>> {
    if acc.data.otp.kind != OtpKind::Hotp {
        return Ok(None);
    }
    let start = acc.data.otp.counter;
    let hit = (0..=window).find(|d| {
        start
            .checked_add(*d)
            .is_some_and(|n| matches(&otp::at_counter(&acc.data.otp, n).text))
    });
    let Some(delta) = hit else {
        return Ok(None);
    };
    acc.data.otp.counter = start
        .checked_add(delta + 1)
        .ok_or_else(|| Error::invalid("counter", "the HOTP counter cannot go any higher"))?;
    save_counter(w, keys, acc, false, now)?;
    Ok(Some(delta))
}
