//! The merge rules, as a pure function of one row's state in each copy: which version a merge
//! keeps, and whether the two copies changed the row in ways that could not both be kept.
//!
//! - Last writer wins: of two live versions, the one with the higher stamp (equal stamps with
//!   different fields, which only rows written before stamps can have, fall back to an order
//!   of their contents, so both directions of a merge pick the same one).
//! - A deletion wins over an edit older than it and loses to a newer one (equal: it wins).
//! - With a common ancestor (a three-way merge, e.g. git's), a copy that did not change the
//!   row since the ancestor takes the other's state, deletions without tombstones included;
//!   a row changed by both copies is a conflict, decided as above (a deletion whose time is
//!   unknown loses to an edit, so nothing edited is lost).
//! - Without an ancestor, a version is known to follow another only when its previous stamp
//!   is the other's stamp; otherwise two differing versions are reported as conflicting, also
//!   when one copy merely edited the row twice since the copies parted.

use std::cmp::Ordering;

use crate::stamp::Edit;

/// One copy's state of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Never seen (or deleted so long ago that its tombstone was purged).
    Absent,
    /// Present, last changed by this edit.
    Live(Edit),
    /// Deleted: the tombstone's edit (the deletion's stamp, the stamp of the version deleted).
    Deleted(Edit),
}

/// Which state the merged vault takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// This copy's version (joined with the other's HOTP counter and used codes).
    Local,
    /// The other copy's version (joined likewise).
    Other,
    /// No row: deleted, or never there.
    Gone,
}

/// What the rules decided for one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// The state kept.
    pub pick: Pick,
    /// Both copies changed the row and one change was dropped.
    pub conflict: bool,
}

impl State {
    fn is_live(self) -> bool {
        matches!(self, State::Live(_))
    }

    /// Whether two states are the same version: the same edit, or both without a row.
    fn same_version(self, other: State) -> bool {
        match (self, other) {
            (State::Live(a), State::Live(b)) => a.stamp == b.stamp,
            (a, b) => !a.is_live() && !b.is_live(),
        }
    }

    /// Keep this state.
    fn kept_as(self, side: Pick) -> Pick {
        if self.is_live() { side } else { Pick::Gone }
    }
}

/// Decide one row. `same` says whether two live versions hold the same fields (the same edit
/// made twice is no conflict); `tie` orders the local version's contents against the other's,
/// for live versions with equal stamps.
pub fn decide(
    local: State,
    other: State,
    ancestor: Option<State>,
    same: bool,
    tie: Ordering,
) -> Decision {
    if let Some(base) = ancestor {
        if local.same_version(base) {
            return Decision {
                pick: other.kept_as(Pick::Other),
                conflict: false,
            };
        }
        if other.same_version(base) {
            return Decision {
                pick: local.kept_as(Pick::Local),
                conflict: false,
            };
        }
        let conflict = match (local, other) {
            (State::Live(_), State::Live(_)) => !same,
            (l, o) => l.is_live() || o.is_live(),
        };
        let pick = match (local, other) {
            // Deleted without a tombstone (purged, or by an older otty): the time of the
            // deletion is unknown, so the edit is kept.
            (State::Absent, State::Live(_)) => Pick::Other,
            (State::Live(_), State::Absent) => Pick::Local,
            _ => two_way(local, other, same, tie).pick,
        };
        return Decision { pick, conflict };
    }
    two_way(local, other, same, tie)
}

fn two_way(local: State, other: State, same: bool, tie: Ordering) -> Decision {
    let keep = |pick, conflict| Decision { pick, conflict };
    match (local, other) {
        (State::Live(l), State::Live(o)) => {
            let local_wins = match l.stamp.cmp(&o.stamp) {
                Ordering::Equal => tie != Ordering::Less,
                order => order == Ordering::Greater,
            };
            let follows = l.prev == o.stamp || o.prev == l.stamp;
            let conflict = l.stamp != o.stamp && !same && !follows;
            keep(if local_wins { Pick::Local } else { Pick::Other }, conflict)
        }
        (State::Live(l), State::Deleted(t)) => {
            if t.stamp >= l.stamp {
                keep(Pick::Gone, l.stamp != t.prev)
            } else {
                keep(Pick::Local, true)
            }
        }
        (State::Deleted(t), State::Live(o)) => {
            if t.stamp >= o.stamp {
                keep(Pick::Gone, o.stamp != t.prev)
            } else {
                keep(Pick::Other, true)
            }
        }
        (State::Live(_), _) => keep(Pick::Local, false),
        (_, State::Live(_)) => keep(Pick::Other, false),
        _ => keep(Pick::Gone, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stamp::Stamp;

    fn s(ms: i64) -> Stamp {
        Stamp {
            ms,
            counter: 0,
            device: 1,
        }
    }

    /// A version stamped `at`, following the one stamped `prev`.
    fn e(at: i64, prev: i64) -> Edit {
        Edit {
            stamp: s(at),
            prev: s(prev),
        }
    }

    use Pick::{Gone, Local, Other};
    use State::{Absent, Deleted, Live};

    #[test]
    fn two_way_rules() {
        // (local, other, same fields, tie) → (pick, conflict)
        let table: &[(State, State, bool, Ordering, Pick, bool, &str)] = &[
            (
                Live(e(5, 0)),
                Live(e(5, 0)),
                true,
                Ordering::Equal,
                Local,
                false,
                "same version",
            ),
            (
                Live(e(5, 0)),
                Live(e(9, 5)),
                false,
                Ordering::Equal,
                Other,
                false,
                "other edited it",
            ),
            (
                Live(e(9, 5)),
                Live(e(5, 0)),
                false,
                Ordering::Equal,
                Local,
                false,
                "this copy edited it",
            ),
            (
                Live(e(7, 5)),
                Live(e(9, 5)),
                false,
                Ordering::Equal,
                Other,
                true,
                "both edited: later wins",
            ),
            (
                Live(e(9, 5)),
                Live(e(7, 5)),
                false,
                Ordering::Equal,
                Local,
                true,
                "both edited: later wins",
            ),
            (
                Live(e(7, 5)),
                Live(e(9, 5)),
                true,
                Ordering::Equal,
                Other,
                false,
                "the same edit twice",
            ),
            (
                Live(e(9, 8)),
                Live(e(5, 0)),
                false,
                Ordering::Equal,
                Local,
                true,
                "two edits since: cannot tell",
            ),
            (
                Live(e(0, 0)),
                Live(e(0, 0)),
                false,
                Ordering::Less,
                Other,
                false,
                "unstamped: contents decide",
            ),
            (
                Live(e(0, 0)),
                Live(e(0, 0)),
                false,
                Ordering::Greater,
                Local,
                false,
                "unstamped: contents decide",
            ),
            (
                Live(e(5, 0)),
                Deleted(e(9, 5)),
                false,
                Ordering::Equal,
                Gone,
                false,
                "other deleted it",
            ),
            (
                Live(e(7, 5)),
                Deleted(e(9, 5)),
                false,
                Ordering::Equal,
                Gone,
                true,
                "deleted after this copy's edit",
            ),
            (
                Live(e(9, 5)),
                Deleted(e(7, 5)),
                false,
                Ordering::Equal,
                Local,
                true,
                "edited after the deletion",
            ),
            (
                Deleted(e(9, 5)),
                Live(e(5, 0)),
                false,
                Ordering::Equal,
                Gone,
                false,
                "this copy deleted it",
            ),
            (
                Deleted(e(7, 5)),
                Live(e(9, 5)),
                false,
                Ordering::Equal,
                Other,
                true,
                "edited after the deletion",
            ),
            (
                Deleted(e(9, 5)),
                Live(e(7, 5)),
                false,
                Ordering::Equal,
                Gone,
                true,
                "deleted after the edit",
            ),
            (
                Deleted(e(9, 5)),
                Deleted(e(8, 5)),
                false,
                Ordering::Equal,
                Gone,
                false,
                "deleted twice",
            ),
            (
                Live(e(5, 0)),
                Absent,
                false,
                Ordering::Equal,
                Local,
                false,
                "only here",
            ),
            (
                Absent,
                Live(e(5, 0)),
                false,
                Ordering::Equal,
                Other,
                false,
                "added there",
            ),
            (
                Absent,
                Deleted(e(9, 5)),
                false,
                Ordering::Equal,
                Gone,
                false,
                "deleted there, never here",
            ),
            (
                Absent,
                Absent,
                false,
                Ordering::Equal,
                Gone,
                false,
                "nowhere",
            ),
        ];
        for (local, other, same, tie, pick, conflict, why) in table {
            let d = decide(*local, *other, None, *same, *tie);
            assert_eq!(
                (d.pick, d.conflict),
                (*pick, *conflict),
                "{why}: {local:?} {other:?}"
            );
        }
    }

    #[test]
    fn both_directions_keep_the_same_state() {
        let states = [
            Absent,
            Live(e(5, 0)),
            Live(e(7, 5)),
            Live(e(9, 5)),
            Deleted(e(6, 5)),
            Deleted(e(9, 7)),
        ];
        for a in states {
            for b in states {
                for tie in [Ordering::Less, Ordering::Greater] {
                    let ab = decide(a, b, None, false, tie);
                    let ba = decide(b, a, None, false, tie.reverse());
                    let kept = |d: Decision, l: State, o: State| match d.pick {
                        Local => Some(l),
                        Other => Some(o),
                        Gone => None,
                    };
                    let (x, y) = (kept(ab, a, b), kept(ba, b, a));
                    match (x, y) {
                        (None, None) => {}
                        (Some(x), Some(y)) => assert!(x.same_version(y), "{a:?} {b:?}"),
                        _ => panic!("{a:?} {b:?}: {ab:?} / {ba:?}"),
                    }
                    assert_eq!(ab.conflict, ba.conflict, "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn three_way_rules() {
        // (ancestor, local, other) → (pick, conflict)
        let table: &[(State, State, State, Pick, bool, &str)] = &[
            (
                Live(e(5, 0)),
                Live(e(5, 0)),
                Live(e(9, 5)),
                Other,
                false,
                "only theirs changed",
            ),
            (
                Live(e(5, 0)),
                Live(e(9, 5)),
                Live(e(5, 0)),
                Local,
                false,
                "only ours changed",
            ),
            (
                Live(e(5, 0)),
                Live(e(5, 0)),
                Absent,
                Gone,
                false,
                "deleted there without a tombstone",
            ),
            (
                Live(e(5, 0)),
                Absent,
                Live(e(5, 0)),
                Gone,
                false,
                "deleted here without a tombstone",
            ),
            (
                Live(e(5, 0)),
                Live(e(5, 0)),
                Deleted(e(6, 5)),
                Gone,
                false,
                "deleted there",
            ),
            (
                Live(e(5, 0)),
                Live(e(7, 5)),
                Live(e(9, 5)),
                Other,
                true,
                "both edited: later wins",
            ),
            (
                Live(e(5, 0)),
                Live(e(7, 5)),
                Absent,
                Local,
                true,
                "edited here, deleted there: the edit stays",
            ),
            (
                Live(e(5, 0)),
                Absent,
                Live(e(7, 5)),
                Other,
                true,
                "deleted here, edited there: the edit stays",
            ),
            (
                Live(e(5, 0)),
                Live(e(7, 5)),
                Deleted(e(9, 5)),
                Gone,
                true,
                "deleted after the edit",
            ),
            (
                Live(e(5, 0)),
                Absent,
                Absent,
                Gone,
                false,
                "deleted on both sides",
            ),
            (Absent, Live(e(5, 0)), Absent, Local, false, "added here"),
            (Absent, Absent, Live(e(5, 0)), Other, false, "added there"),
            (
                Live(e(5, 0)),
                Live(e(7, 5)),
                Live(e(8, 5)),
                Other,
                false,
                "the same edit on both sides",
            ),
        ];
        for (base, local, other, pick, conflict, why) in table {
            let same = why.contains("same edit");
            let d = decide(*local, *other, Some(*base), same, Ordering::Equal);
            assert_eq!((d.pick, d.conflict), (*pick, *conflict), "{why}");
        }
    }
}
