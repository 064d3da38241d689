//! Change stamps: which of two versions of a row was written last, across copies of a vault.
//!
//! A [`Stamp`] is a hybrid logical clock reading: wall-clock milliseconds, a counter that
//! orders stamps taken within the same millisecond (or while the wall clock lags behind a stamp
//! already seen), and a device id that breaks the remaining ties. Stamps compare in that order,
//! so they are totally ordered and a later edit always gets a higher stamp than the version it
//! replaces, even when the clocks of two machines disagree. The device id is 64 random bits
//! drawn once per process: it names no machine, it only keeps two writers' stamps apart.
//!
//! Each account and group row keeps, inside its seal, the [`Edit`] that last changed its
//! fields: the stamp of that edit and the stamp of the version it replaced. Merging copies
//! (`vault/merge.rs`) keeps the version with the higher stamp; the previous stamp tells a plain
//! update from two copies editing the same row.

use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// A hybrid logical clock reading. The zero stamp is "before everything": rows written before
/// stamps existed read as it.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Stamp {
    /// Wall-clock time, unix milliseconds (never behind a stamp this process has seen).
    #[serde(rename = "t")]
    pub ms: i64,
    /// Orders stamps of the same millisecond.
    #[serde(rename = "c")]
    pub counter: u32,
    /// The writing process's random id.
    #[serde(rename = "d")]
    pub device: u64,
}

/// The edit that last changed a row's fields: its stamp, and the stamp of the version it
/// replaced (zero for a row as first written).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Edit {
    /// When (in stamp order) the row got its current fields.
    pub stamp: Stamp,
    /// The stamp of the version this edit replaced.
    pub prev: Stamp,
}

impl Stamp {
    /// Whether this is the zero stamp (a row written before stamps existed).
    pub fn is_zero(&self) -> bool {
        *self == Stamp::default()
    }
}

impl Edit {
    /// A new edit of a row whose current edit is `self`: a fresh stamp above it.
    pub fn next(&self) -> Edit {
        Edit {
            stamp: clock().tick(self.stamp),
            prev: self.stamp,
        }
    }

    /// The edit of a row written for the first time.
    pub fn first() -> Edit {
        Edit {
            stamp: clock().tick(Stamp::default()),
            prev: Stamp::default(),
        }
    }
}

/// The process's hybrid logical clock.
struct Hlc {
    /// The last (ms, counter) handed out or seen.
    last: Mutex<(i64, u32)>,
    device: u64,
}

fn clock() -> &'static Hlc {
    static CLOCK: OnceLock<Hlc> = OnceLock::new();
    CLOCK.get_or_init(|| {
        let device = crate::crypto::random_bytes::<8>()
            .map(u64::from_le_bytes)
            // Without randomness, the process id and the time still tell processes apart.
            .unwrap_or_else(|_| u64::from(std::process::id()) ^ wall_ms().unsigned_abs() << 16);
        Hlc {
            last: Mutex::new((0, 0)),
            device,
        }
    })
}

fn wall_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl Hlc {
    /// A stamp above `after`, above every stamp handed out or seen so far, and not behind the
    /// wall clock.
    fn tick(&self, after: Stamp) -> Stamp {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        let floor = (*last).max((after.ms, after.counter));
        let now = wall_ms();
        let next = if now > floor.0 {
            (now, 0)
        } else {
            (floor.0, floor.1.saturating_add(1))
        };
        *last = next;
        Stamp {
            ms: next.0,
            counter: next.1,
            device: self.device,
        }
    }

    fn observe(&self, seen: Stamp) {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        *last = (*last).max((seen.ms, seen.counter));
    }
}

/// Note a stamp read from another copy, so this process's next stamps are above it.
pub fn observe(seen: Stamp) {
    clock().observe(seen);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_order_by_time_then_counter_then_device() {
        let s = |ms, counter, device| Stamp {
            ms,
            counter,
            device,
        };
        assert!(s(1, 9, 9) < s(2, 0, 0));
        assert!(s(2, 0, 9) < s(2, 1, 0));
        assert!(s(2, 1, 0) < s(2, 1, 1));
        assert!(Stamp::default().is_zero() && !s(0, 0, 1).is_zero());
    }

    #[test]
    fn a_new_edit_is_above_the_one_it_replaces_even_from_the_future() {
        let ahead = Stamp {
            ms: wall_ms() + 3_600_000,
            counter: 7,
            device: 1,
        };
        let old = Edit {
            stamp: ahead,
            prev: Stamp::default(),
        };
        let new = old.next();
        assert!(new.stamp > ahead);
        assert_eq!(new.prev, ahead);
        // And every later stamp of this process too.
        assert!(Edit::first().stamp > new.stamp);
    }

    #[test]
    fn observed_stamps_raise_the_clock() {
        let seen = Stamp {
            ms: wall_ms() + 7_200_000,
            counter: 3,
            device: 2,
        };
        observe(seen);
        assert!(Edit::first().stamp > seen);
    }

    #[test]
    fn stamps_serialise_compactly() {
        let e = Edit {
            stamp: Stamp {
                ms: 5,
                counter: 1,
                device: 9,
            },
            prev: Stamp::default(),
        };
        let json = serde_json::json!({"stamp": {"t": 5, "c": 1, "d": 9}, "prev": {"t": 0, "c": 0, "d": 0}});
        assert_eq!(serde_json::to_value(e).unwrap(), json);
        assert_eq!(serde_json::from_value::<Edit>(json).unwrap(), e);
    }
}
