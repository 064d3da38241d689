//! Picking up changes made by other processes (a CLI call while the TUI or server runs).
//!
//! [`Vault::refresh`] is cheap when nothing changed (one `PRAGMA data_version`), so callers
//! run it on every tick. When another connection committed, the trigger-kept change counter
//! (`store::generation`) says whether accounts or groups were touched: commits that only wrote
//! the OTP log or token use cost one more query; otherwise every row is reloaded and the
//! differences are announced as [`VaultEvent`]s. A vault file replaced under the process (a
//! sync tool's rename, `git checkout`) is opened again (`vault/identity.rs`).

use std::sync::MutexGuard;

use super::keys::Keys;
use super::state::Unlocked;
use super::{Inner, Vault, load};
use crate::error::Result;
use crate::event::VaultEvent;
use crate::store;

impl Vault {
    /// Reload if another process changed the vault. Returns whether anything was reloaded.
    /// A locked vault only notes the new version. Also retries a checkpoint a reader held
    /// back (`vault/maintain.rs`): callers run this once a second. When the vault's path now
    /// names another file (replaced by a rename, or deleted), that file is opened instead
    /// ([`Vault::reopen`]).
    pub fn refresh(&self) -> Result<bool> {
        let events;
        {
            let mut guard = self.inner();
            if guard.check_file(&self.path).is_err() {
                return self.reopen(guard);
            }
            let inner = &mut *guard;
            let conflicts = inner.maintain(&self.path);
            self.notes
                .conflicts
                .store(conflicts, std::sync::atomic::Ordering::Relaxed);
            let version = store::data_version(&inner.conn)?;
            if version == inner.data_version {
                return Ok(false);
            }
            inner.data_version = version;
            let generation = store::generation(&inner.conn)?;
            let rows_changed = generation != inner.generation;
            inner.generation = generation;
            // The header may have changed (`otty passwd` elsewhere). A new key epoch means the
            // vault key was replaced: this handle's key opens nothing written from now on, so
            // it locks (the user unlocks again with the new password).
            if inner.format == store::FORMAT_VERSION
                && let Ok(h) = store::read_header(&inner.conn, &self.path)
            {
                inner.header = h;
            }
            let Some(old) = self.state.current() else {
                return Ok(rows_changed);
            };
            if old.keys.epoch != inner.header.epoch {
                self.state.set(None);
                drop(guard);
                self.emit(VaultEvent::Locked);
                return Ok(true);
            }
            if !rows_changed {
                return Ok(false);
            }
            let keys = Keys::new(old.keys.key.clone(), &inner.header)?;
            let new = load(&inner.conn, keys, &inner.header)?;
            events = changes(&old, &new);
            self.state.set(Some(new));
        }
        for e in events {
            self.emit(e);
        }
        self.emit(VaultEvent::Reloaded);
        Ok(true)
    }

    /// Before unlocking: when the vault's path names another file than the one open (replaced
    /// while locked), open that one; [`crate::Error::FileReplaced`] when there is none to open.
    pub(super) fn follow_file(&self) -> Result<()> {
        let inner = self.inner();
        if inner.check_file(&self.path).is_ok() {
            return Ok(());
        }
        self.reopen(inner)?;
        self.inner().check_file(&self.path)
    }

    /// The vault's path names another file than the one open (`vault/identity.rs`): open that
    /// one instead. While unlocked, the same vault (its id) under the same key (its epoch) is
    /// read with the key in hand and the differences are announced, as for a change made by
    /// another process; anything else (another vault, a changed password, a file that is not
    /// a vault, no file) locks, so nothing is ever written to the file that was replaced.
    fn reopen(&self, mut guard: MutexGuard<'_, Inner>) -> Result<bool> {
        let old = self.state.current();
        // The old file's write-ahead log goes by the vault's name, so the new file would read
        // it as its own: empty it into the old file first (SQLite does not on closing a moved
        // file), then close it.
        let _ = store::checkpoint(&guard.conn);
        drop(std::mem::replace(
            &mut guard.conn,
            rusqlite::Connection::open_in_memory()?,
        ));
        let fresh = match Vault::open(&self.path) {
            Ok(v) => v,
            Err(e) => {
                tracing::warn!(
                    "the vault file was replaced or deleted and the file there now cannot be opened: {e}"
                );
                if old.is_some() {
                    self.state.set(None);
                    drop(guard);
                    self.emit(VaultEvent::Locked);
                    return Ok(true);
                }
                return Ok(false);
            }
        };
        // Take the new file's connection and state; the old ones go with `fresh`.
        std::mem::swap(&mut *guard, &mut *fresh.inner());
        let Some(old) = old else {
            tracing::info!("the vault file was replaced: opened the new one (locked)");
            return Ok(true);
        };
        let inner = &*guard;
        let same_vault = inner.format == store::FORMAT_VERSION
            && inner.header.vault_id == old.keys.vault_id
            && inner.header.epoch == old.keys.epoch;
        let reloaded = if same_vault {
            Keys::new(old.keys.key.clone(), &inner.header)
                .and_then(|keys| load(&inner.conn, keys, &inner.header))
                .ok()
        } else {
            None
        };
        match reloaded {
            Some(new) => {
                let events = changes(&old, &new);
                self.state.set(Some(new));
                drop(guard);
                tracing::info!("the vault file was replaced: reloaded from the new one");
                for e in events {
                    self.emit(e);
                }
                self.emit(VaultEvent::Reloaded);
            }
            None => {
                self.state.set(None);
                drop(guard);
                tracing::warn!(
                    "the vault file was replaced by another vault or under another password: locked"
                );
                self.emit(VaultEvent::Locked);
            }
        }
        Ok(true)
    }
}

/// What changed between two unlocked states, as events.
fn changes(old: &Unlocked, new: &Unlocked) -> Vec<VaultEvent> {
    let mut events = Vec::new();
    for (id, a) in new.accounts.iter() {
        match old.accounts.get(id) {
            None => events.push(VaultEvent::AccountAdded(*id)),
            Some(b) if b != a => events.push(VaultEvent::AccountUpdated(*id)),
            _ => {}
        }
    }
    for id in old.accounts.keys() {
        if !new.accounts.contains_key(id) {
            events.push(VaultEvent::AccountRemoved(*id));
        }
    }
    if new.groups != old.groups {
        events.push(VaultEvent::GroupsChanged);
    }
    events
}
