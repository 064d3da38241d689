//! Picking up changes made by other processes (a CLI call while the TUI or server runs).
//!
//! [`Vault::refresh`] is cheap when nothing changed (one `PRAGMA data_version`), so callers
//! run it on every tick. When another connection committed, the trigger-kept change counter
//! (`store::generation`) says whether accounts or groups were touched: commits that only wrote
//! the OTP log or token use cost one more query; otherwise every row is reloaded and the
//! differences are announced as [`VaultEvent`]s.

use super::keys::Keys;
use super::{Vault, load};
use crate::error::Result;
use crate::event::VaultEvent;
use crate::store;

impl Vault {
    /// Reload if another process changed the vault. Returns whether anything was reloaded.
    /// A locked vault only notes the new version. Also retries a checkpoint a reader held
    /// back (`vault/maintain.rs`): callers run this once a second.
    pub fn refresh(&self) -> Result<bool> {
        let mut events = Vec::new();
        {
            let mut guard = self.inner();
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
            self.state.set(Some(new));
        }
        for e in events {
            self.emit(e);
        }
        self.emit(VaultEvent::Reloaded);
        Ok(true)
    }
}
