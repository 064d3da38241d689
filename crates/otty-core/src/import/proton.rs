//! Proton Authenticator exports.
//!
//! - Plain: `{version: 1, entries: [{id, content: {uri, entry_type ("Totp" | "Steam"), name},
//!   note}]}`; each `uri` is an `otpauth://` URI (Steam: `steam://SECRET`), read by otty's URI
//!   parser; `note` becomes the account's notes.
//! - Encrypted: `{version, salt, content}` (standard base64); key = Argon2id v1.3 (19 MiB,
//!   2 passes, 1 lane, 32 bytes) of the password and the salt; `content` = 12-byte nonce ||
//!   AES-256-GCM(plain export) with the associated data `proton.authenticator.export.v1`.

use serde_json::Value;

use super::cipher::{argon2id, gcm_open};
use super::draft::entry;
use super::json::{arr_of, b64, str_of};
use super::{Format, ImportBatch, ImportError, batch};
use crate::crypto::KdfParams;

const F: Format = Format::Proton;
const AAD: &[u8] = b"proton.authenticator.export.v1";
const KDF: KdfParams = KdfParams {
    memory_kib: 19 * 1024,
    iterations: 2,
    parallelism: 1,
};

/// Whether a JSON object is a Proton Authenticator export, plain or encrypted.
pub(crate) fn detect(v: &Value) -> bool {
    let plain = arr_of(v, "entries")
        .first()
        .is_some_and(|e| e.get("content").and_then(|c| c.get("uri")).is_some());
    let sealed = v.get("version").is_some()
        && v.get("salt").is_some_and(Value::is_string)
        && v.get("content").is_some_and(Value::is_string);
    plain || sealed
}

/// Import either form.
pub(crate) fn import(doc: &Value, passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    if doc.get("entries").is_some() {
        return content(doc, false);
    }
    let salt = b64(str_of(doc, "salt")).ok_or_else(|| ImportError::damaged(F, "bad salt"))?;
    let sealed =
        b64(str_of(doc, "content")).ok_or_else(|| ImportError::damaged(F, "bad content"))?;
    if sealed.len() < 12 + 16 {
        return Err(ImportError::damaged(F, "the content is too short"));
    }
    let password = passphrase.ok_or(ImportError::NeedPassphrase { format: F })?;
    let key = argon2id(F, password, &salt, KDF)?;
    let (nonce, ct) = sealed.split_at(12);
    let plain =
        gcm_open(key.expose(), nonce, ct, AAD).ok_or(ImportError::WrongPassphrase { format: F })?;
    let inner: Value = serde_json::from_slice(&plain)
        .map_err(|_| ImportError::damaged(F, "the decrypted export is not JSON"))?;
    content(&inner, true)
}

fn content(doc: &Value, encrypted: bool) -> Result<ImportBatch, ImportError> {
    let list = doc
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::damaged(F, "no entries"))?;
    let entries = list
        .iter()
        .map(|e| {
            entry(|| {
                let content = e.get("content").ok_or("no content")?;
                let mut account =
                    crate::uri::parse(str_of(content, "uri")).map_err(|e| e.to_string())?;
                if account.account.is_empty() {
                    account.account = str_of(content, "name").trim().to_owned();
                }
                account.notes = str_of(e, "note").to_owned();
                account.validate().map_err(|e| e.to_string())?;
                Ok(account)
            })
        })
        .collect();
    Ok(batch(F, encrypted, entries))
}
