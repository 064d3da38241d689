//! [`Connections`]: the open connections of one server and the cap on their number.
//!
//! At the cap a newcomer still gets in: the connection idle the longest (no byte moved for the
//! longest time, no request in flight) is evicted to make room. Only when every connection has
//! a request in flight is the newcomer refused. Reaching the cap is logged once per episode: the
//! episode ends when the count falls back to three quarters of the cap.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::activity::Activity;

/// The open connections.
pub struct Connections {
    cap: usize,
    state: Mutex<State>,
}

struct State {
    open: HashMap<u64, Arc<Activity>>,
    next: u64,
    at_cap: bool,
}

/// One admitted connection; dropping it frees its place.
pub struct Slot {
    table: Arc<Connections>,
    id: u64,
    /// What the connection is doing.
    pub activity: Arc<Activity>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut state = self.table.state();
        state.open.remove(&self.id);
        if state.at_cap && state.open.len() <= self.table.cap / 4 * 3 {
            state.at_cap = false;
            tracing::info!(
                open = state.open.len(),
                "API connections back under the limit"
            );
        }
    }
}

impl Connections {
    /// A table for at most `cap` connections (at least one).
    pub fn new(cap: usize) -> Arc<Self> {
        Arc::new(Connections {
            cap: cap.max(1),
            state: Mutex::new(State {
                open: HashMap::new(),
                next: 0,
                at_cap: false,
            }),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Admit a new connection, evicting the longest-idle one at the cap; `None` when every
    /// open connection is busy.
    pub fn admit(self: &Arc<Self>) -> Option<Slot> {
        let mut state = self.state();
        if state.open.len() >= self.cap {
            if !state.at_cap {
                state.at_cap = true;
                tracing::warn!(
                    limit = self.cap,
                    "API connection limit reached: closing the longest-idle connections to make room \
                     (logged once until the load drops)"
                );
            }
            if !evict_idlest(&mut state) {
                return None;
            }
        }
        let id = state.next;
        state.next += 1;
        let activity = Arc::new(Activity::new());
        state.open.insert(id, activity.clone());
        Some(Slot {
            table: self.clone(),
            id,
            activity,
        })
    }

    /// Evict the longest-idle connection (to free a descriptor); whether there was one.
    pub fn evict_idlest(&self) -> bool {
        evict_idlest(&mut self.state())
    }
}

fn evict_idlest(state: &mut State) -> bool {
    let idlest = state
        .open
        .iter()
        .filter(|(_, a)| !a.busy())
        .max_by_key(|(_, a)| a.idle_for())
        .map(|(id, _)| *id);
    match idlest.and_then(|id| state.open.remove(&id)) {
        Some(activity) => {
            activity.evict();
            true
        }
        None => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn at_the_cap_the_idlest_connection_makes_room() {
        let table = Connections::new(2);
        let first = table.admit().unwrap();
        let second = table.admit().unwrap();
        // `second` moves a byte until the clock shows `first` idle for longer.
        while first.activity.idle_for() < second.activity.idle_for() + Duration::from_millis(5) {
            second.activity.touch();
        }
        let third = table.admit().unwrap();
        assert_eq!(table.state().open.len(), 2);
        assert!(!table.state().open.contains_key(&first.id));
        assert!(table.state().open.contains_key(&third.id));
    }

    #[test]
    fn busy_connections_are_never_evicted() {
        let table = Connections::new(1);
        let only = table.admit().unwrap();
        let request = only.activity.begin();
        assert!(table.admit().is_none(), "the only connection is busy");
        drop(request);
        assert!(table.admit().is_some(), "idle again: it makes room");
        assert!(!table.state().open.contains_key(&only.id));
    }

    #[test]
    fn a_dropped_slot_frees_its_place() {
        let table = Connections::new(1);
        let a = table.admit().unwrap();
        let _busy = a.activity.begin();
        drop(a);
        assert!(table.admit().is_some());
    }
}
