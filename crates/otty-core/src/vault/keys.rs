//! The unlocked vault's keys and how a row is sealed in format 2.
//!
//! Every sealed row's associated data is `otty/v2/` ‖ vault id ‖ table ‖ row id ‖ row version
//! ‖ the row's lookup column, so a blob cannot be moved to another vault, table, id, version or
//! name without failing its check. Plaintext is padded before sealing: a 4-byte length, the
//! data, then zeros up to the next power of two (at least 256 bytes), so a blob's size tells
//! little about the lengths of names, notes or the number of backup codes.
//!
//! A second key, derived from the vault key (HKDF-SHA256, `otty/v2/lookup`), makes the keyed
//! hashes of setting names, so settings can be found by name without the names in clear.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::crypto::{Sealer, SecretKey};
use crate::error::{Error, Result};
use crate::store::{Header, Table};

/// Smallest padded plaintext, in bytes.
const MIN_PADDED: usize = 256;

/// The keys of an unlocked vault and the header values its associated data names.
pub(crate) struct Keys {
    /// The vault key.
    pub key: SecretKey,
    /// Seals and opens rows with the vault key.
    pub sealer: Sealer,
    /// Key of the setting-name hashes.
    lookup: SecretKey,
    /// The vault's random id.
    pub vault_id: [u8; 16],
    /// The key epoch this key belongs to.
    pub epoch: u32,
}

impl Keys {
    /// The keys for vault `key` of the vault described by `header`.
    pub fn new(key: SecretKey, header: &Header) -> Result<Self> {
        let hk = hkdf::Hkdf::<Sha256>::new(Some(&header.vault_id), key.expose());
        let mut lookup = Zeroizing::new([0u8; 32]);
        hk.expand(b"otty/v2/lookup", &mut lookup[..])
            .map_err(|_| Error::Random)?;
        let lookup = SecretKey::from_slice(&lookup[..]).ok_or(Error::Random)?;
        Ok(Keys {
            sealer: key.cipher(),
            key,
            lookup,
            vault_id: header.vault_id,
            epoch: header.epoch,
        })
    }

    /// Associated data of a row.
    pub fn aad(&self, table: &str, id: i64, version: i64, lookup: &[u8]) -> Vec<u8> {
        let mut aad = Vec::with_capacity(8 + 16 + table.len() + 17 + lookup.len());
        aad.extend_from_slice(b"otty/v2/");
        aad.extend_from_slice(&self.vault_id);
        aad.extend_from_slice(table.as_bytes());
        aad.push(b'/');
        aad.extend_from_slice(&id.to_le_bytes());
        aad.extend_from_slice(&version.to_le_bytes());
        aad.extend_from_slice(lookup);
        aad
    }

    /// Seal `plain` (padded) for a row.
    pub fn seal(
        &self,
        table: &str,
        id: i64,
        version: i64,
        lookup: &[u8],
        plain: &[u8],
    ) -> Result<Vec<u8>> {
        let padded = pad(plain)?;
        self.sealer
            .seal(&padded, &self.aad(table, id, version, lookup))
    }

    /// Open a row's blob and strip its padding. Any failure is `Corrupted { table, id }`.
    pub fn open(
        &self,
        table: Table,
        id: i64,
        version: i64,
        lookup: &[u8],
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>> {
        self.open_named(table.name(), id, version, lookup, sealed)
    }

    /// [`Keys::open`] for a table the head does not commit to (the OTP log).
    pub fn open_named(
        &self,
        table: &'static str,
        id: i64,
        version: i64,
        lookup: &[u8],
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>> {
        let corrupted = || Error::Corrupted { table, id };
        let padded = self
            .sealer
            .open(sealed, &self.aad(table, id, version, lookup))
            .map_err(|_| corrupted())?;
        unpad(&padded).ok_or_else(corrupted)
    }

    /// The keyed hash that finds a setting by name.
    pub fn lookup(&self, name: &str) -> Result<Vec<u8>> {
        // HMAC takes keys of any length: this cannot fail.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.lookup.expose())
            .map_err(|_| Error::invalid("key", "unusable lookup key"))?;
        mac.update(name.as_bytes());
        Ok(mac.finalize().into_bytes().to_vec())
    }
}

/// `len ‖ data ‖ zeros` up to the next power of two, at least [`MIN_PADDED`] bytes.
fn pad(plain: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let len = u32::try_from(plain.len()).map_err(|_| Error::invalid("row", "too large"))?;
    let size = (plain.len() + 4).next_power_of_two().max(MIN_PADDED);
    let mut out = Zeroizing::new(Vec::with_capacity(size));
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(plain);
    out.resize(size, 0);
    Ok(out)
}

/// The data of a padded plaintext, if well formed.
fn unpad(padded: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let len = u32::from_le_bytes(padded.get(..4)?.try_into().ok()?) as usize;
    let data = padded.get(4..4usize.checked_add(len)?)?;
    Some(Zeroizing::new(data.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_hides_lengths_within_a_bucket() {
        for (len, size) in [(0, 256), (10, 256), (252, 256), (253, 512), (600, 1024)] {
            let p = pad(&vec![7; len]).unwrap();
            assert_eq!(p.len(), size, "{len}");
            assert_eq!(unpad(&p).unwrap().as_slice(), &vec![7u8; len][..]);
        }
        assert!(unpad(&[9, 0, 0, 0, 1]).is_none(), "length past the end");
    }
}
