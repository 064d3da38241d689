//! FreeOTP (the original app): its v1 token store and, through `freeotp_v2.rs`, its v2
//! encrypted backups.
//!
//! v1 is Android `shared_prefs` XML (`tokens.xml`): one `<string>` per token, named
//! `issuer:label`, holding the token as JSON (the same fields as FreeOTP+'s export: secret as
//! signed Java bytes, HOTP counter stored as the last one used, so the next is `+ 1`), plus a
//! `tokenOrder` entry. FreeOTP+ keeps the same file internally, so it is read here too.

use serde_json::Value;

use super::freeotp_plus;
use super::xml::Prefs;
use super::{Format, ImportBatch, ImportError, ImportedEntry, batch};

const F: Format = Format::FreeOtp;

/// Whether a `shared_prefs` map is FreeOTP's token store: a `tokenOrder`, or token JSON.
pub(crate) fn is_token_store(prefs: &Prefs) -> bool {
    prefs.get("tokenOrder").is_some()
        || prefs.entries().any(|(_, v)| {
            serde_json::from_str::<Value>(v)
                .is_ok_and(|t| t.get("secret").is_some_and(Value::is_array))
        })
}

/// Import a v1 token store or a v2 backup.
pub(crate) fn import(bytes: &[u8], passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    if super::java_serial::is_serialized(bytes) {
        return super::freeotp_v2::import(bytes, passphrase);
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ImportError::damaged(F, "neither a v2 backup nor a v1 XML file"))?;
    let prefs = Prefs::parse_as(text, F)?;
    let entries: Vec<ImportedEntry> = prefs
        .entries()
        .filter(|(name, _)| *name != "tokenOrder")
        .map(|(_, value)| {
            ImportedEntry::new(
                serde_json::from_str::<Value>(value)
                    .map_err(|_| "the token is not JSON".to_owned())
                    .and_then(|t| {
                        let secret = freeotp_plus::secret_bytes(&t)?;
                        freeotp_plus::account(&t, secret, true)
                    }),
            )
        })
        .collect();
    if entries.is_empty() {
        return Err(ImportError::damaged(F, "no token"));
    }
    Ok(batch(F, false, entries))
}
