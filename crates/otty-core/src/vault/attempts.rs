//! Attempt budgets for secrets that can be guessed: a code typed at `verify`, a backup code.
//!
//! Each account has one budget per kind of guess, kept sealed in the `settings` table
//! (`attempts.<kind>.<account id>`) and read, checked and charged inside the same immediate
//! transaction as the guess itself, so it holds across processes and restarts: a second server
//! on the same vault, or a restarted one, sees the same count.
//!
//! The rule ([`POLICY`]): 5 wrong guesses within 30 s lock the budget; the first lock lasts
//! 30 s and each further one twice as long as the last, up to a day. Locks are forgotten
//! after a day without one. A right guess resets the count of wrong ones, not the locks, so a
//! user's success does not hand a guesser a fresh start. `docs/RELIABILITY.md` ("Threat
//! model") works out what this leaves a guesser.

use serde::{Deserialize, Serialize};

use super::keys::Keys;
use super::settings;
use super::write::Write;
use crate::error::Result;

/// How many guesses a budget allows and how locks grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Wrong guesses allowed within `window` seconds before a lock.
    pub failures: u32,
    /// The counting window, in seconds.
    pub window: i64,
    /// The first lock, in seconds; each further lock doubles it.
    pub first_lock: i64,
    /// The longest lock, in seconds.
    pub longest_lock: i64,
    /// Locks are forgotten after this many quiet seconds past the last one's end.
    pub forget_after: i64,
}

/// The budget every guessable secret gets.
pub const POLICY: Policy = Policy {
    failures: 5,
    window: 30,
    first_lock: 30,
    longest_lock: 86_400,
    forget_after: 86_400,
};

/// What is guessed: each has its own budget per account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A one-time code typed at `verify`.
    Code,
    /// A backup (recovery) code.
    BackupCode,
}

impl Kind {
    fn key(self, account: i64) -> String {
        match self {
            Kind::Code => format!("attempts.verify.{account}"),
            Kind::BackupCode => format!("attempts.backup.{account}"),
        }
    }
}

/// The outcome of a guess checked against its budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guess<T> {
    /// Right: the value the check produced.
    Accepted(T),
    /// Wrong (charged to the budget).
    Rejected,
    /// The budget is locked: not evaluated. Retry after this many seconds.
    Throttled {
        /// Seconds until the lock ends (at least 1).
        retry_after: u64,
    },
}

/// A budget's stored state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
struct State {
    /// Wrong guesses in the current window.
    #[serde(rename = "f")]
    failures: u32,
    /// Start of the current window.
    #[serde(rename = "w")]
    window_start: i64,
    /// Locks so far (not yet forgotten).
    #[serde(rename = "k")]
    locks: u32,
    /// End of the current (or last) lock.
    #[serde(rename = "u")]
    locked_until: i64,
}

impl State {
    /// Seconds left on the lock at `now`, if locked.
    fn locked(&self, now: i64) -> Option<u64> {
        (now < self.locked_until).then(|| (self.locked_until - now).max(1) as u64)
    }

    /// Charge a wrong guess at `now` under `policy`.
    fn fail(&mut self, policy: &Policy, now: i64) {
        if self.locks > 0 && now - self.locked_until >= policy.forget_after {
            self.locks = 0;
        }
        if now - self.window_start >= policy.window || self.failures == 0 {
            self.window_start = now;
            self.failures = 0;
        }
        self.failures += 1;
        if self.failures >= policy.failures {
            let doubled = policy
                .first_lock
                .checked_shl(self.locks.min(32))
                .unwrap_or(policy.longest_lock);
            self.locked_until = now + doubled.min(policy.longest_lock);
            self.locks = self.locks.saturating_add(1);
            self.failures = 0;
        }
    }
}

/// One account's budget for one kind of guess, loaded inside a write transaction.
pub(super) struct Budget {
    key: String,
    state: State,
    stored: bool,
}

impl Budget {
    /// Read the budget with `conn` (inside the caller's immediate transaction). An unreadable
    /// stored state is an error (`Corrupted`), never a fresh budget: deleting or garbling the
    /// row must not be a way to reset it without the key.
    pub(super) fn load(w: &Write<'_>, keys: &Keys, kind: Kind, account: i64) -> Result<Self> {
        let key = kind.key(account);
        let value = settings::read_checked(w, keys, &key)?;
        let stored = value.is_some();
        let state = match value {
            Some(v) => serde_json::from_value(v).unwrap_or(State {
                // A value of the wrong shape was sealed by us with the key: treat it as locked
                // for the longest time rather than as a fresh budget.
                locked_until: i64::MAX,
                ..State::default()
            }),
            None => State::default(),
        };
        Ok(Budget { key, state, stored })
    }

    /// Seconds left on the lock at `now`, if the budget is locked.
    pub(super) fn locked(&self, now: i64) -> Option<u64> {
        self.state.locked(now)
    }

    /// Charge a wrong guess and store the budget (the caller commits).
    pub(super) fn fail(&mut self, w: &mut Write<'_>, keys: &Keys, now: i64) -> Result<()> {
        self.state.fail(&POLICY, now);
        self.save(w, keys)
    }

    /// A right guess: forget the wrong ones of this window (locks stay) and store.
    pub(super) fn succeed(&mut self, w: &mut Write<'_>, keys: &Keys) -> Result<()> {
        if self.state.failures == 0 {
            return Ok(());
        }
        self.state.failures = 0;
        self.save(w, keys)
    }

    fn save(&mut self, w: &mut Write<'_>, keys: &Keys) -> Result<()> {
        if self.state == State::default() && !self.stored {
            return Ok(());
        }
        let value = serde_json::to_value(self.state)
            .map_err(|_| crate::Error::invalid("attempts", "not JSON"))?;
        settings::put(w, keys, &self.key, &value)?;
        self.stored = true;
        Ok(())
    }
}

/// Forget the budgets of a removed account (inside the caller's transaction).
pub(super) fn forget(w: &mut Write<'_>, keys: &Keys, account: i64) -> Result<()> {
    for kind in [Kind::Code, Kind::BackupCode] {
        settings::delete(w, keys, &kind.key(account))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wrong guesses at the given times; returns the lock end after each.
    fn run(times: &[i64]) -> Vec<i64> {
        let mut s = State::default();
        times
            .iter()
            .map(|&t| {
                assert!(s.locked(t).is_none(), "guess at {t} while locked");
                s.fail(&POLICY, t);
                s.locked_until
            })
            .collect()
    }

    #[test]
    fn five_wrong_guesses_lock_for_thirty_seconds() {
        assert_eq!(run(&[0, 1, 2, 3, 4]), [0, 0, 0, 0, 34]);
    }

    #[test]
    fn guesses_spread_over_windows_do_not_lock() {
        assert_eq!(run(&[0, 10, 20, 29, 30, 40, 50, 59]), [0; 8]);
    }

    #[test]
    fn each_lock_doubles_up_to_a_day() {
        let mut s = State::default();
        let mut t = 0;
        let mut locks = Vec::new();
        for _ in 0..14 {
            for _ in 0..POLICY.failures {
                assert!(s.locked(t).is_none());
                s.fail(&POLICY, t);
            }
            locks.push(s.locked_until - t);
            t = s.locked_until;
        }
        assert_eq!(
            locks,
            [
                30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 30720, 61440, 86400, 86400
            ]
        );
    }

    #[test]
    fn locks_are_forgotten_after_a_quiet_day() {
        let mut s = State::default();
        for t in 0..10 {
            if s.locked(t).is_none() {
                s.fail(&POLICY, t);
            }
        }
        assert_eq!(s.locks, 1);
        let later = s.locked_until + POLICY.forget_after;
        for t in later..later + 5 {
            s.fail(&POLICY, t);
        }
        assert_eq!(s.locked_until - (later + 4), 30, "back to the first lock");
    }

    #[test]
    fn a_lock_reports_the_seconds_left() {
        let s = State {
            locked_until: 100,
            ..State::default()
        };
        assert_eq!(s.locked(40), Some(60));
        assert_eq!(s.locked(100), None);
    }
}
