//! Unlocking with a vault key another process already holds, without Argon2id.
//!
//! The unlock agent keeps one vault unlocked; a full-screen interface or a server of the same
//! user that starts while it runs asks it for the key ([`Vault::key`] there) and unlocks its
//! own handle with [`Vault::unlock_with_key`]. The key is checked against this file before any
//! row is read: the same vault id, the same key epoch (a `passwd` since makes it stale), and it
//! must open the sealed head when there is one. How the key travels is the caller's business.

use super::Vault;
use super::head::Head;
use super::keys::Keys;
use crate::crypto::SecretKey;
use crate::error::{Error, Result};
use crate::store;

/// An unlocked vault's key with what identifies it: the vault's id and the key epoch.
/// Held in locked memory; no `Debug`.
#[derive(Clone)]
pub struct VaultKey {
    key: SecretKey,
    vault_id: [u8; 16],
    epoch: u32,
}

impl VaultKey {
    /// Rebuild a key from its parts (bytes copied straight into locked memory); `None` when
    /// `key` is not 32 bytes long. The caller wipes its own copy.
    pub fn from_parts(key: &[u8], vault_id: [u8; 16], epoch: u32) -> Option<Self> {
        Some(VaultKey {
            key: SecretKey::from_slice(key)?,
            vault_id,
            epoch,
        })
    }

    /// The key bytes. Treat as secret.
    pub fn expose(&self) -> &[u8; 32] {
        self.key.expose()
    }

    /// The id of the vault this key opens.
    pub fn vault_id(&self) -> [u8; 16] {
        self.vault_id
    }

    /// The key epoch (raised by every `passwd`).
    pub fn epoch(&self) -> u32 {
        self.epoch
    }
}

impl Vault {
    /// The vault key of this unlocked handle, to hand to another process of the same user.
    pub fn key(&self) -> Result<VaultKey> {
        self.read(|o| {
            Ok(VaultKey {
                key: o.keys.key.clone(),
                vault_id: o.keys.vault_id,
                epoch: o.keys.epoch,
            })
        })
    }

    /// Unlock with a key taken from another handle of this vault ([`Vault::key`]): no Argon2id.
    /// A key of another vault, or of an older epoch, is [`Error::KeyChanged`]; one that does not
    /// open the head is [`Error::WrongPassword`]. A format-1 file is refused the same way: only
    /// a password unlock migrates it.
    pub fn unlock_with_key(&self, key: &VaultKey) -> Result<()> {
        self.follow_file()?;
        let inner = self.inner();
        if inner.format != store::FORMAT_VERSION {
            return Err(Error::KeyChanged);
        }
        let header = store::read_header(&inner.conn, &self.path)?;
        if header.vault_id != key.vault_id || header.epoch != key.epoch {
            return Err(Error::KeyChanged);
        }
        let keys = Keys::new(key.key.clone(), &header)?;
        if store::head(&inner.conn)?.is_some() && Head::stored(&inner.conn, &keys)?.is_none() {
            return Err(Error::WrongPassword);
        }
        self.open_with(inner, keys, header)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::KdfParams;

    const KDF: KdfParams = KdfParams::CHEAPEST;

    #[test]
    fn a_key_from_one_handle_unlocks_another() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.otty");
        let first = Vault::create(&path, b"pw", KDF).unwrap();
        let key = first.key().unwrap();
        let second = Vault::open(&path).unwrap();
        second.unlock_with_key(&key).unwrap();
        assert!(second.is_unlocked());
        assert!(second.problems().unwrap().is_empty());
        // Another vault's key, a stale epoch and wrong bytes are all refused.
        let other = Vault::create(&dir.path().join("w.otty"), b"pw", KDF).unwrap();
        let third = Vault::open(&path).unwrap();
        let foreign = other.key().unwrap();
        // A locked handle knows its vault's id: the key's, not the other vault's.
        assert_eq!(third.id(), Some(key.vault_id()));
        assert_eq!(other.id(), Some(foreign.vault_id()));
        assert_ne!(third.id(), other.id());
        assert!(matches!(
            third.unlock_with_key(&foreign),
            Err(Error::KeyChanged)
        ));
        let stale = VaultKey::from_parts(key.expose(), key.vault_id(), key.epoch() + 1).unwrap();
        assert!(matches!(
            third.unlock_with_key(&stale),
            Err(Error::KeyChanged)
        ));
        let wrong = VaultKey::from_parts(&[7; 32], key.vault_id(), key.epoch()).unwrap();
        assert!(matches!(
            third.unlock_with_key(&wrong),
            Err(Error::WrongPassword)
        ));
        assert!(!third.is_unlocked());
        assert!(VaultKey::from_parts(&[1; 31], [0; 16], 0).is_none());
    }
}
