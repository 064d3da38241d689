//! Changing the password ([`Vault::change_password`]) replaces the vault key.
//!
//! Re-wrapping the old key would let anyone who learns the old password open every row written
//! afterwards with an old copy of the file (a backup, a sync conflict). So a new random vault
//! key is drawn and every sealed row (accounts, groups, tokens, icons, settings, the OTP log
//! and the head) is sealed again under it, in one immediate transaction with the new header;
//! the key epoch goes up by one, so other processes that still hold the old key lock instead
//! of writing rows nobody could open (`vault/write.rs`, `Vault::refresh`). Then the WAL is
//! checkpointed and truncated, so neither the old wrapped key nor old blobs stay in the files.
//! Rows that no longer open with the old key (already corrupted) are left as they are.

use super::keys::Keys;
use super::write::Write;
use super::{Vault, load, otp_log, wrap};
use crate::crypto::{KdfParams, SecretKey};
use crate::error::{Error, Result};
use crate::store::{self, Table};

impl Vault {
    /// Replace the vault key and wrap the new one under `new_password` (and optionally new KDF
    /// parameters): every row is sealed again in one transaction.
    pub fn change_password(&self, new_password: &[u8], kdf: Option<KdfParams>) -> Result<()> {
        let old_header = {
            let inner = self.inner();
            self.state.current().ok_or(Error::Locked)?;
            inner.header.clone()
        };
        let kdf = kdf.unwrap_or(old_header.kdf);
        kdf.validate()?;
        let new_key = SecretKey::random()?;
        let epoch = old_header.epoch.wrapping_add(1);
        // The KDF runs without holding the lock.
        let new_header = wrap(&new_key, new_password, kdf, old_header.vault_id, epoch)?;
        let new_keys = Keys::new(new_key.clone(), &new_header)?;
        let mut guard = self.inner();
        let inner = &mut *guard;
        inner.check_file(&self.path)?;
        let open = self.state.current().ok_or(Error::Locked)?;
        let old = &open.keys;
        let mut w = Write::begin(&mut inner.conn, old)?;
        for table in Table::ALL {
            for row in store::all_rows(&w, table)?.into_iter().flatten() {
                let Ok(plain) = old.open(table, row.id, row.version, &row.lookup, &row.sealed)
                else {
                    continue;
                };
                let lookup = if table == Table::Settings {
                    let s: super::settings::Setting =
                        serde_json::from_slice(&plain).map_err(|_| Error::Corrupted {
                            table: "settings",
                            id: row.id,
                        })?;
                    new_keys.lookup(&s.k)?
                } else {
                    row.lookup.clone()
                };
                w.update(&new_keys, table, row.id, &lookup, &plain)?;
            }
        }
        for (id, sealed) in otp_log::rows(&w)? {
            if let Some(e) = otp_log::open_entry(old, &sealed) {
                w.execute(
                    "UPDATE otp_logs SET sealed = ?1 WHERE id = ?2",
                    rusqlite::params![otp_log::seal(&new_keys, &e)?, id],
                )?;
            }
        }
        store::write_header(&w, &new_header)?;
        // Rows that did not open keep the fingerprints they had; the others were updated.
        let head = w.head_mut();
        head.epoch = epoch;
        head.header = new_header.digest();
        w.commit(&new_keys)?;
        // The old wrapped key and the old blobs must not stay readable in the WAL.
        store::checkpoint(&inner.conn)?;
        let reloaded = load(&inner.conn, new_keys, &new_header)?;
        inner.header = new_header;
        self.state.set(Some(reloaded));
        Ok(())
    }
}
