//! [`AcceptFailures`]: failed accepts (out of file descriptors, most often) are logged once per
//! episode, not once per failure.
//!
//! Under descriptor exhaustion accepts fail and succeed by turns (each eviction frees one
//! descriptor for one newcomer), so "until an accept succeeds" would end an episode many times a
//! second. An episode ends instead when no accept has failed for [`QUIET`]; the first success
//! after that logs how many failures the episode had.

use std::time::{Duration, Instant};

/// How long accepts must go without failing for an episode to end.
pub const QUIET: Duration = Duration::from_secs(60);

/// The current episode of failed accepts, if any.
#[derive(Debug, Default)]
pub struct AcceptFailures {
    /// When the last accept failed.
    last: Option<Instant>,
    /// Failures in the current episode.
    count: u64,
}

impl AcceptFailures {
    /// An accept failed at `now`: whether this failure starts an episode (and is to be logged).
    pub fn failed(&mut self, now: Instant) -> bool {
        let starts = !self.ongoing(now);
        if starts {
            self.count = 0;
        }
        self.last = Some(now);
        self.count = self.count.saturating_add(1);
        starts
    }

    /// An accept succeeded at `now`: the number of failures of the episode it ends, if it ends
    /// one (to be logged).
    pub fn succeeded(&mut self, now: Instant) -> Option<u64> {
        if self.last.is_none() || self.ongoing(now) {
            return None;
        }
        self.last = None;
        Some(std::mem::take(&mut self.count))
    }

    fn ongoing(&self, now: Instant) -> bool {
        self.last
            .is_some_and(|last| now.saturating_duration_since(last) < QUIET)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_between_successes_are_one_episode() {
        let mut f = AcceptFailures::default();
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        assert!(f.failed(at(0)));
        // Out of descriptors: every eviction lets one accept through, then the next fails.
        for i in 1..240 {
            assert_eq!(f.succeeded(at(i * 100)), None);
            assert!(!f.failed(at(i * 100 + 50)));
        }
        // A quiet minute ends the episode; the next success reports its failures.
        let calm = at(239 * 100 + 50) + QUIET;
        assert_eq!(f.succeeded(calm), Some(240));
        assert_eq!(f.succeeded(calm), None);
        // A later failure starts a new episode.
        assert!(f.failed(calm + Duration::from_secs(1)));
        assert!(!f.failed(calm + Duration::from_secs(2)));
    }
}
