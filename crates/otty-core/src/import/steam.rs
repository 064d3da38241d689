//! Steam Guard files: Steam Desktop Authenticator's `.maFile` (one account object) and the
//! SteamGuard JSON Aegis reads (`{"accounts": {id: account}}`, or the older bare account).
//! The secret is `shared_secret` (base64), not the `uri` beside it, which lacks Steam's five
//! characters; the issuer is "Steam" and the account `account_name`.
//!
//! SDA's `manifest.json` is recognised and refused with a hint (it holds no secret); maFiles
//! that SDA encrypted are plain base64 text and are not supported: decrypt them in SDA first.

use serde_json::Value;

use super::draft::{Draft, entry};
use super::json::{b64, str_of};
use super::{Format, ImportBatch, ImportError, ImportedEntry, batch};

const F: Format = Format::Steam;

/// Whether a JSON object is a Steam Guard file (or SDA's manifest).
pub(crate) fn detect(v: &Value) -> bool {
    v.get("shared_secret").is_some()
        || v.get("accounts")
            .and_then(Value::as_object)
            .is_some_and(|a| a.values().any(|x| x.get("shared_secret").is_some()))
        || is_manifest(v)
}

/// SDA's `manifest.json`: `{encrypted, entries: [{filename, steamid, encryption_iv, …}]}`.
fn is_manifest(v: &Value) -> bool {
    v.get("encrypted").is_some_and(Value::is_boolean)
        && v.get("entries")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
            .is_some_and(|e| e.get("steamid").is_some() && e.get("filename").is_some())
}

/// Import a Steam Guard file.
pub(crate) fn import(doc: &Value) -> Result<ImportBatch, ImportError> {
    if is_manifest(doc) {
        return Err(ImportError::Unsupported {
            format: F,
            reason: "this is Steam Desktop Authenticator's manifest.json; import the .maFile \
                     files beside it (decrypted in SDA first if they are encrypted)"
                .into(),
        });
    }
    let entries = match doc.get("accounts").and_then(Value::as_object) {
        Some(accounts) => accounts.values().map(account).collect(),
        None if doc.get("shared_secret").is_some() => vec![account(doc)],
        None => return Err(ImportError::damaged(F, "no shared_secret")),
    };
    Ok(batch(F, false, entries))
}

fn account(a: &Value) -> ImportedEntry {
    entry(|| {
        let mut d = Draft::new("Steam", str_of(a, "account_name"));
        d.kind("steam")?;
        let secret = b64(str_of(a, "shared_secret")).ok_or("shared_secret is not base64")?;
        d.secret_bytes(secret);
        d.finish()
    })
}
