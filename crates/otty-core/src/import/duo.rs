//! Duo Mobile's account list (`duo.json`): a JSON array of `{name, otpGenerator: {otpSecret,
//! counter?}}`. A counter makes the account HOTP (the file's counter is the next one), none
//! makes it TOTP; both are SHA1, 6 digits, 30 s. Duo keeps no issuer, only the account's name.

use serde_json::Value;

use super::draft::{Draft, entry};
use super::json::{int_of, str_of};
use super::{Format, ImportBatch, ImportError, batch};

const F: Format = Format::Duo;

/// Whether a JSON array is Duo's (its first element has an `otpGenerator`).
pub(crate) fn detect(items: &[Value]) -> bool {
    items
        .first()
        .is_some_and(|i| i.get("otpGenerator").is_some())
}

/// Import the array.
pub(crate) fn import(doc: &Value) -> Result<ImportBatch, ImportError> {
    let items = doc
        .as_array()
        .ok_or_else(|| ImportError::damaged(F, "expected a JSON array"))?;
    let entries = items
        .iter()
        .map(|i| {
            entry(|| {
                let generator = i.get("otpGenerator").ok_or("no otpGenerator")?;
                let mut d = Draft::new("", str_of(i, "name"));
                if let Some(counter) = int_of(generator, "counter") {
                    d.kind("hotp")?;
                    d.numbers(None, None, Some(counter));
                }
                d.secret_base32(str_of(generator, "otpSecret"))?;
                d.finish()
            })
        })
        .collect();
    Ok(batch(F, false, entries))
}
