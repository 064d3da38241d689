//! [`LockLog`]: one warning per lock of an attempt budget (`verify`, backup codes), however
//! many guesses the lock refuses, so guessing shows in the log without flooding it.
//!
//! The core answers a guess at a locked budget with the seconds the lock has left; the lock's
//! end is now plus those seconds, remembered per kind of guess and account. A lock lasts at
//! least [`POLICY`]`.first_lock` seconds and a new one can only start once the last one is
//! over, so an end less than [`SAME_LOCK`] seconds past the one last logged is that lock seen a
//! moment later (the clock may tick between the core's reading and this one), and a later end
//! is a new lock, logged again. The guessed code is never logged.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use otty_core::vault::attempts::POLICY;

/// Ends of one lock measured at different moments differ by less than this many seconds.
pub const SAME_LOCK: i64 = POLICY.first_lock / 2;

/// What was guessed: each has its own budget per account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Guessed {
    /// A code sent to `verify`.
    Code,
    /// A code sent to `backup-codes/use`.
    BackupCode,
}

impl Guessed {
    fn as_str(self) -> &'static str {
        match self {
            Guessed::Code => "verify",
            Guessed::BackupCode => "backup code",
        }
    }
}

/// The end of the lock last logged, per kind of guess and account.
#[derive(Debug, Default)]
pub struct LockLog(Mutex<HashMap<(Guessed, i64), i64>>);

impl LockLog {
    fn ends(&self) -> MutexGuard<'_, HashMap<(Guessed, i64), i64>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A guess of `kind` on `account` was refused at `now` because its budget is locked for
    /// `retry_after` more seconds: warn, unless this lock was logged already.
    pub fn refused(&self, kind: Guessed, account: i64, now: i64, retry_after: u64) {
        let until = now.saturating_add(i64::try_from(retry_after).unwrap_or(i64::MAX));
        if self.first_sight(kind, account, until) {
            tracing::warn!(
                kind = kind.as_str(),
                account,
                seconds = retry_after,
                "repeated wrong guesses: the account's attempt budget is locked, guesses get 429 \
                 until the lock ends (logged once per lock)"
            );
        }
    }

    /// Whether a lock of `kind` on `account` ending at `until` is one not logged yet;
    /// remembers it.
    pub fn first_sight(&self, kind: Guessed, account: i64, until: i64) -> bool {
        let mut ends = self.ends();
        match ends.get(&(kind, account)) {
            Some(&logged) if until < logged.saturating_add(SAME_LOCK) => false,
            _ => {
                ends.insert((kind, account), until);
                true
            }
        }
    }

    /// Forget locks that are over at `now` (called by the server's timer).
    pub fn prune(&self, now: i64) {
        self.ends().retain(|_, until| *until > now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_lock_is_seen_first_once() {
        let log = LockLog::default();
        let end = 1_000_030;
        assert!(log.first_sight(Guessed::Code, 1, end));
        // The same lock, asked again and again, its end read a second late or early.
        for until in [end, end + 1, end - 1, end + 2] {
            assert!(!log.first_sight(Guessed::Code, 1, until));
        }
        // Another account, or the other kind of guess, has its own locks.
        assert!(log.first_sight(Guessed::Code, 2, end));
        assert!(log.first_sight(Guessed::BackupCode, 1, end));
        // The next lock starts after this one ends and lasts at least 30 s: logged again once.
        let next = end + 60;
        assert!(log.first_sight(Guessed::Code, 1, next));
        assert!(!log.first_sight(Guessed::Code, 1, next + 1));
    }

    #[test]
    fn pruning_forgets_only_locks_that_are_over() {
        let log = LockLog::default();
        assert!(log.first_sight(Guessed::Code, 1, 100));
        assert!(log.first_sight(Guessed::BackupCode, 1, 200));
        log.prune(150);
        assert!(!log.first_sight(Guessed::BackupCode, 1, 200));
        assert_eq!(log.ends().len(), 1);
    }
}
