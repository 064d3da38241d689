//! FreeOTP v2 backups (`externalBackup.xml`, binary despite the name): a Java-serialized
//! `HashMap<String, String>` (read by `java_serial.rs`).
//!
//! - `masterKey`: JSON `{mAlgorithm: "PBKDF2withHmacSHA1" | "PBKDF2withHmacSHA512",
//!   mIterations, mSalt: [bytes], mEncryptedKey}`. PBKDF2(password, salt, iterations) gives a
//!   256-bit key that opens `mEncryptedKey`, the 32-byte master key.
//! - `<uuid>`: JSON `{key: "<encrypted key JSON>"}`, the token's secret under the master key.
//! - `<uuid>-token`: the token's JSON as in v1, without the secret; its HOTP counter is the
//!   next one to use.
//!
//! An encrypted key is `{mCipher: "AES/GCM/NoPadding", mCipherText: [bytes] (ciphertext and
//! tag), mParameters: [bytes], mToken}`: `mParameters` is the DER of the 12-byte nonce, an
//! OCTET STRING alone or first in a SEQUENCE (`GCMParameters`), and the associated data is
//! `mToken`'s UTF-8. Byte arrays are JSON arrays of signed Java bytes.

use serde_json::Value;
use zeroize::Zeroizing;

use super::cipher::{Key32, gcm_open, pbkdf2_sha1, pbkdf2_sha512};
use super::java_serial::read_string_map;
use super::json::{int_of, str_of};
use super::{Format, ImportBatch, ImportError, ImportedEntry, batch, freeotp_plus};

const F: Format = Format::FreeOtp;
const MASTER_KEY: &str = "masterKey";
const TOKEN_SUFFIX: &str = "-token";

/// Whether the bytes are a FreeOTP v2 backup: a serialized map with a `masterKey`.
pub(crate) fn detect(bytes: &[u8]) -> bool {
    read_string_map(bytes).is_ok_and(|m| m.iter().any(|(k, _)| k.as_deref() == Some(MASTER_KEY)))
}

/// Import a v2 backup.
pub(crate) fn import(bytes: &[u8], passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    let map = read_string_map(bytes).map_err(|e| ImportError::damaged(F, e.to_string()))?;
    let map: Vec<(String, Zeroizing<String>)> = map
        .into_iter()
        .filter_map(|(k, v)| Some((k?, Zeroizing::new(v?))))
        .collect();
    let get = |key: &str| map.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let master = get(MASTER_KEY).ok_or_else(|| ImportError::damaged(F, "no masterKey"))?;
    let master: Value = serde_json::from_str(master)
        .map_err(|_| ImportError::damaged(F, "masterKey is not JSON"))?;
    let password = passphrase.ok_or(ImportError::NeedPassphrase { format: F })?;
    let master = open_master(&master, password)?;
    let entries = map
        .iter()
        .filter_map(|(k, v)| Some((k.strip_suffix(TOKEN_SUFFIX)?, v)))
        .map(|(uuid, token)| ImportedEntry::new(account(&master, get(uuid), token)))
        .collect();
    Ok(batch(F, true, entries))
}

/// Derive the password key and open the master key.
fn open_master(doc: &Value, password: &[u8]) -> Result<Key32, ImportError> {
    let salt = bytes(doc.get("mSalt")).ok_or_else(|| ImportError::damaged(F, "bad mSalt"))?;
    let iterations = int_of(doc, "mIterations")
        .and_then(|i| u32::try_from(i).ok())
        .ok_or_else(|| ImportError::damaged(F, "bad mIterations"))?;
    let key = match str_of(doc, "mAlgorithm") {
        "PBKDF2withHmacSHA1" => pbkdf2_sha1(F, password, &salt, iterations)?,
        "PBKDF2withHmacSHA512" => pbkdf2_sha512(F, password, &salt, iterations)?,
        other => {
            return Err(ImportError::Unsupported {
                format: F,
                reason: format!("key derivation {:?}", super::draft::short(other)),
            });
        }
    };
    let sealed = doc
        .get("mEncryptedKey")
        .ok_or_else(|| ImportError::damaged(F, "no mEncryptedKey"))?;
    let plain = open(&key, sealed)
        .map_err(|e| ImportError::damaged(F, e))?
        .ok_or(ImportError::WrongPassphrase { format: F })?;
    let master: [u8; 32] = plain
        .as_slice()
        .try_into()
        .map_err(|_| ImportError::damaged(F, "the master key is not 32 bytes"))?;
    Ok(Zeroizing::new(master))
}

/// Open an encrypted key: `Err` when malformed, `Ok(None)` when it does not authenticate.
fn open(key: &[u8; 32], sealed: &Value) -> Result<Option<Zeroizing<Vec<u8>>>, String> {
    if !matches!(str_of(sealed, "mCipher"), "" | "AES/GCM/NoPadding") {
        return Err("an encrypted key uses a cipher other than AES-GCM".into());
    }
    let ct = bytes(sealed.get("mCipherText")).ok_or("bad mCipherText")?;
    let params = bytes(sealed.get("mParameters")).ok_or("bad mParameters")?;
    let nonce = gcm_nonce(&params).ok_or("mParameters holds no nonce")?;
    Ok(gcm_open(
        key,
        nonce,
        &ct,
        str_of(sealed, "mToken").as_bytes(),
    ))
}

/// The nonce in DER `mParameters`: `04 len nonce`, or `30 len 04 len nonce …`.
fn gcm_nonce(der: &[u8]) -> Option<&[u8]> {
    let inner = match der {
        [0x30, len, rest @ ..] if usize::from(*len) <= rest.len() => &rest[..usize::from(*len)],
        _ => der,
    };
    match inner {
        [0x04, len, rest @ ..] if usize::from(*len) <= rest.len() => {
            Some(&rest[..usize::from(*len)])
        }
        _ => None,
    }
}

/// One token: its JSON and its encrypted secret.
fn account(
    master: &[u8; 32],
    key_entry: Option<&str>,
    token: &str,
) -> Result<crate::NewAccount, String> {
    let token: Value = serde_json::from_str(token).map_err(|_| "the token is not JSON")?;
    let key_entry: Value = serde_json::from_str(key_entry.ok_or("the token has no key")?)
        .map_err(|_| "the token's key is not JSON")?;
    let sealed: Value = serde_json::from_str(str_of(&key_entry, "key"))
        .map_err(|_| "the token's key is not JSON")?;
    let secret = open(master, &sealed)?.ok_or("the token's key does not open")?;
    freeotp_plus::account(&token, secret.to_vec(), false)
}

/// A JSON array of signed Java bytes.
fn bytes(v: Option<&Value>) -> Option<Vec<u8>> {
    v?.as_array()?
        .iter()
        .map(|b| {
            b.as_i64()
                .and_then(|b| i8::try_from(b).ok())
                .map(|b| b as u8)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_in_both_der_shapes() {
        let n = [7u8; 12];
        let bare = [&[0x04, 12][..], &n].concat();
        let seq = [&[0x30, 17, 0x04, 12][..], &n, &[0x02, 0x01, 0x10]].concat();
        assert_eq!(gcm_nonce(&bare), Some(&n[..]));
        assert_eq!(gcm_nonce(&seq), Some(&n[..]));
        assert_eq!(gcm_nonce(&[0x04, 13, 1]), None);
        assert_eq!(gcm_nonce(&[0x30, 200]), None);
        assert_eq!(gcm_nonce(&[]), None);
    }
}
