//! The unlocked state readers see: an immutable snapshot, published whole.
//!
//! Readers (lists, codes, lookups) clone an `Arc` of the current [`Unlocked`] under a read
//! lock held for that clone alone, then work on it without any lock: a write's commit and
//! fsync never make a code request wait. Writers hold the vault's connection mutex (so they
//! are serialised, and so is locking), work on a copy of the snapshot, and publish it when they
//! are done. The copy is cheap: accounts are shared (`Arc<Account>`) and copied only when a
//! writer changes one, and the keys are shared by every snapshot of one unlock.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, PoisonError, RwLock};

use super::head::Problem;
use super::keys::Keys;
use crate::account::{Account, Group};

/// Decrypted state, present only while unlocked.
#[derive(Clone)]
pub(super) struct Unlocked {
    pub keys: Arc<Keys>,
    pub accounts: Accounts,
    pub groups: BTreeMap<i64, Group>,
    pub corrupted: BTreeSet<(&'static str, i64)>,
    /// Where the file and the head disagree (empty: intact).
    pub problems: Vec<Problem>,
}

/// The readable accounts by id, each shared between the snapshots that hold it unchanged.
#[derive(Clone, Default, PartialEq)]
pub(super) struct Accounts(BTreeMap<i64, Arc<Account>>);

impl Accounts {
    pub fn get(&self, id: &i64) -> Option<&Account> {
        self.0.get(id).map(|a| &**a)
    }

    /// The account to change in place: copied first if an older snapshot still holds it.
    pub fn get_mut(&mut self, id: &i64) -> Option<&mut Account> {
        self.0.get_mut(id).map(Arc::make_mut)
    }

    pub fn insert(&mut self, id: i64, account: Account) {
        self.0.insert(id, Arc::new(account));
    }

    pub fn remove(&mut self, id: &i64) {
        self.0.remove(id);
    }

    pub fn contains_key(&self, id: &i64) -> bool {
        self.0.contains_key(id)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn keys(&self) -> impl Iterator<Item = &i64> {
        self.0.keys()
    }

    pub fn values(&self) -> impl Iterator<Item = &Account> {
        self.0.values().map(|a| &**a)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&i64, &Account)> {
        self.0.iter().map(|(id, a)| (id, &**a))
    }
}

/// The published snapshot: `None` while locked.
pub(super) struct Published(RwLock<Option<Arc<Unlocked>>>);

impl Published {
    pub fn new(state: Option<Unlocked>) -> Self {
        Published(RwLock::new(state.map(Arc::new)))
    }

    /// The current snapshot (the read lock is held only to clone the `Arc`).
    pub fn current(&self) -> Option<Arc<Unlocked>> {
        self.0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Replace the snapshot. Callers hold the vault's connection mutex, so publications are
    /// serialised with every write, unlock and lock.
    pub fn set(&self, state: Option<Unlocked>) {
        let old = std::mem::replace(
            &mut *self.0.write().unwrap_or_else(PoisonError::into_inner),
            state.map(Arc::new),
        );
        // The old snapshot (and, on lock, the keys) is dropped outside the write lock.
        drop(old);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::mpsc::channel;
    use std::time::Duration;

    use crate::account::{NewAccount, OtpParams, Secret};
    use crate::crypto::KdfParams;
    use crate::vault::Vault;

    const CHEAP: KdfParams = KdfParams::CHEAPEST;

    /// How long the reader may take before the test calls it blocked: a deadlock detector
    /// (the read takes microseconds), not a performance bound.
    const BLOCKED: Duration = Duration::from_secs(20);

    #[test]
    fn codes_and_lists_are_answered_while_a_write_transaction_is_open() {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::create(&dir.path().join("v.otty"), b"pw", CHEAP).unwrap();
        let secret = Secret::from_bytes(b"12345678901234567890".to_vec());
        let id = v
            .add(NewAccount::new("GitHub", "me", OtpParams::totp(secret)))
            .unwrap()
            .id;
        let (entered_tx, entered) = channel();
        let (release, release_rx) = channel::<()>();
        let (answered_tx, answered) = channel();
        let v = &v;
        std::thread::scope(|s| {
            s.spawn(move || {
                v.write(|conn, _, _| {
                    let tx =
                        conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                    entered_tx.send(()).unwrap();
                    release_rx.recv().unwrap();
                    tx.commit()?;
                    Ok(())
                })
                .unwrap();
            });
            entered.recv().unwrap();
            s.spawn(move || {
                // RFC 6238's SHA-1 vector at T = 59.
                let code = v.otp(id, 59).unwrap();
                let listed = v.accounts().unwrap().len();
                answered_tx
                    .send((code.password.to_string(), listed))
                    .unwrap();
            });
            let got = answered.recv_timeout(BLOCKED);
            release.send(()).unwrap();
            assert_eq!(got.unwrap(), ("287082".to_string(), 1));
        });
    }

    #[test]
    fn a_write_publishes_a_new_snapshot_and_older_ones_stay_whole() {
        let v = Vault::create_in_memory(b"pw", CHEAP).unwrap();
        let secret = Secret::from_bytes(b"12345678901234567890".to_vec());
        let a = v
            .add(NewAccount::new("A", "x", OtpParams::totp(secret.clone())))
            .unwrap();
        let before = v.state.current().unwrap();
        v.add(NewAccount::new("B", "y", OtpParams::totp(secret)))
            .unwrap();
        let after = v.state.current().unwrap();
        assert_eq!((before.accounts.len(), after.accounts.len()), (1, 2));
        // The unchanged account is shared, not copied.
        assert!(std::sync::Arc::ptr_eq(
            &before.accounts.0[&a.id],
            &after.accounts.0[&a.id]
        ));
        v.lock();
        assert!(v.state.current().is_none());
        assert_eq!(before.accounts.get(&a.id).unwrap().data.service, "A");
    }
}
