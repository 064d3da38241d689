//! FreeOTP+ JSON exports: `{tokenOrder, tokens[]}` with secrets as arrays of
//! signed Java bytes. FreeOTP stores the last HOTP counter used, so the next one is `+ 1`.
//! A TOTP whose issuer is "Steam" is a Steam token (as Aegis reads it).

use serde_json::Value;

use super::draft::Draft;
use super::json::{arr_of, int_of, str_of};
use super::{Format, ImportBatch, ImportError, ImportedEntry, batch};
use crate::account::{NewAccount, OtpKind, is_steam_service};

/// Import a parsed FreeOTP+ document.
pub(crate) fn import(doc: &Value) -> Result<ImportBatch, ImportError> {
    let tokens = doc
        .get("tokens")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::damaged(Format::FreeOtpPlus, "no tokens"))?;
    Ok(batch(
        Format::FreeOtpPlus,
        false,
        tokens.iter().map(token).collect(),
    ))
}

fn token(t: &Value) -> ImportedEntry {
    ImportedEntry::new(secret_bytes(t).and_then(|s| account(t, s, true)))
}

/// A token's `secret`: a JSON array of signed Java bytes.
pub(crate) fn secret_bytes(t: &Value) -> Result<Vec<u8>, String> {
    arr_of(t, "secret")
        .iter()
        .map(|b| {
            b.as_i64()
                .and_then(|b| i8::try_from(b).ok())
                .map(|b| b as u8)
        })
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(|| "the secret is not a byte array".to_owned())
}

/// The account of a FreeOTP (or FreeOTP+) token JSON with its secret. `last_used` says the
/// file's HOTP counter is the last one used (FreeOTP v1, FreeOTP+), so the next is `+ 1`.
/// Missing fields take the defaults (a v2 backup may leave out `algo`).
pub(crate) fn account(t: &Value, secret: Vec<u8>, last_used: bool) -> Result<NewAccount, String> {
    let issuer = match str_of(t, "issuerExt") {
        "" => str_of(t, "issuerInt"),
        i => i,
    };
    let mut d = Draft::new(issuer, str_of(t, "label"));
    d.kind(str_of(t, "type"))?;
    if is_steam_service(issuer) && d.kind == OtpKind::Totp {
        d.kind("steam")?;
    }
    d.algorithm(str_of(t, "algo"))?;
    let counter = int_of(t, "counter").map(|c| if last_used { c.saturating_add(1) } else { c });
    d.numbers(int_of(t, "digits"), int_of(t, "period"), counter);
    d.secret_bytes(secret);
    d.finish()
}
