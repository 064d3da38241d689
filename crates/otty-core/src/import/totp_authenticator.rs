//! TOTP Authenticator (BinaryBoxStudio): its encrypted backup and its internal `shared_prefs`.
//!
//! - Backup: one line of base64; the bytes are AES-256-CBC (PKCS#7, all-zero IV) under
//!   SHA-256(password). A backup made without a password uses the app's fixed one,
//!   `TotpAuthenticator`, which is tried first. The plaintext is a JSON object whose key is
//!   the token list, itself JSON text.
//! - Internal XML: the `STATIC_TOTP_CODES_LIST` entry holds the same list.
//!
//! Each token has `key` in base `base` (16 hex, 32 base32, 64 base64), `issuer`, `name`,
//! `digits` and `period` (numbers as strings). Everything is TOTP with SHA1.
//!
//! The backup has no header: content detection takes a single line of standard base64 whose
//! bytes are whole AES blocks for this format (documented in docs/FORMATS.md; an encrypted
//! Steam Desktop Authenticator maFile looks the same: a file named `*.maFile` is refused
//! before detection, `steam::encrypted_alone`).

use serde_json::Value;
use zeroize::Zeroizing;

use super::cipher::{cbc_open, sha256_key};
use super::draft::{Draft, entry};
use super::json::{b64, hex, int_of, str_of};
use super::xml::Prefs;
use super::{Format, ImportBatch, ImportError, batch};
use data_encoding::BASE64;

const F: Format = Format::TotpAuthenticator;
/// The `shared_prefs` entry with the token list.
pub(crate) const LIST_KEY: &str = "STATIC_TOTP_CODES_LIST";
/// The password of backups made without one.
const DEFAULT_PASSWORD: &[u8] = b"TotpAuthenticator";

/// Whether text is a single line of base64 whose bytes are whole AES blocks.
pub(crate) fn looks_encrypted(text: &str) -> bool {
    let t = text.trim_end_matches(['\r', '\n']);
    t.len() >= 44
        && t.len().is_multiple_of(4)
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
        && BASE64
            .decode(t.as_bytes())
            .is_ok_and(|b| b.len().is_multiple_of(16))
}

/// Import a backup or the internal XML.
pub(crate) fn import(text: &str, passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    if super::xml::is_xml(text) {
        let prefs = Prefs::parse_as(text, F)?;
        let list = prefs
            .get(LIST_KEY)
            .ok_or_else(|| ImportError::damaged(F, "no token list"))?;
        return tokens(list, false);
    }
    let sealed = BASE64
        .decode(text.trim().as_bytes())
        .map(Zeroizing::new)
        .map_err(|_| ImportError::damaged(F, "the backup is not base64"))?;
    let plain = match cbc_open(&sha256_key(DEFAULT_PASSWORD), &[0; 16], &sealed)
        .filter(|p| serde_json::from_slice::<Value>(p).is_ok())
    {
        Some(p) => p,
        None => {
            let password = passphrase.ok_or(ImportError::NeedPassphrase { format: F })?;
            cbc_open(&sha256_key(password), &[0; 16], &sealed)
                .ok_or(ImportError::WrongPassphrase { format: F })?
        }
    };
    let doc: Value =
        serde_json::from_slice(&plain).map_err(|_| ImportError::WrongPassphrase { format: F })?;
    let list = doc
        .as_object()
        .and_then(|o| o.keys().find(|k| k.trim_start().starts_with('[')))
        .ok_or_else(|| ImportError::damaged(F, "the backup holds no token list"))?;
    tokens(list, true)
}

/// The token list (JSON text of an array of objects, or of JSON strings of objects).
fn tokens(list: &str, encrypted: bool) -> Result<ImportBatch, ImportError> {
    let items: Value = serde_json::from_str(list)
        .map_err(|_| ImportError::damaged(F, "the token list is not JSON"))?;
    let items = items
        .as_array()
        .ok_or_else(|| ImportError::damaged(F, "the token list is not an array"))?;
    let entries = items
        .iter()
        .map(|item| {
            entry(|| {
                let owned;
                let t = match item.as_str() {
                    Some(s) => {
                        owned = serde_json::from_str::<Value>(s)
                            .map_err(|_| "the token is not JSON")?;
                        &owned
                    }
                    None => item,
                };
                let mut d = Draft::new(str_of(t, "issuer"), str_of(t, "name"));
                d.numbers(int_of(t, "digits"), int_of(t, "period"), None);
                let key = str_of(t, "key");
                match int_of(t, "base") {
                    Some(16) => d.secret_bytes(hex(key).ok_or("the key is not hex")?),
                    Some(32) => d.secret_base32(key)?,
                    Some(64) => d.secret_bytes(b64(key).ok_or("the key is not base64")?),
                    other => {
                        let b = other.map_or("none".to_owned(), |b| b.to_string());
                        return Err(format!("unsupported key encoding base {b}"));
                    }
                }
                d.finish()
            })
        })
        .collect();
    Ok(batch(F, encrypted, entries))
}
