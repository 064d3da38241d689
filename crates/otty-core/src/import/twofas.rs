//! 2FAS backups: schemas 1–4, plain and encrypted, Android and iOS.
//!
//! Encrypted backups hold `servicesEncrypted` and `reference`, each
//! `b64(ct||tag):b64(salt):b64(iv)`, under PBKDF2-HMAC-SHA256 (10 000 iterations) and
//! AES-256-GCM. `reference` decrypts to a fixed string, which tells a wrong password from a
//! damaged file. The salt length differs between Android (256 bytes) and iOS (32 bytes), so it
//! is taken from the file.

use std::collections::HashMap;

use serde_json::Value;
use zeroize::Zeroizing;

use super::cipher::{Key32, gcm_open, pbkdf2_sha256};
use super::draft::{Draft, group_name};
use super::json::{arr_of, b64, int_of, str_of};
use super::{Format, ImportBatch, ImportError, ImportedEntry, batch};

const F: Format = Format::TwoFas;
/// PBKDF2 iterations 2FAS uses.
const ITERATIONS: u32 = 10_000;
/// What `reference` decrypts to in every 2FAS backup.
const REFERENCE: &str = "tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6mtsy92R3HkdGfwuXbzLebqVFJsR7IZ2w58t938iymwG4824igYy1wi6n2WDpO1Q1P69zwJGs2F5a1qP4MyIiDSD7NCV2OvidXQCBnDlGfmz0f1BQySRkkt4ryiJeCjD2o4QsveJ9uDBUn8ELyOrESv5R5DMDkD4iAF8TXU7KyoJujd";

/// Import a parsed 2FAS document.
pub(crate) fn import(doc: &Value, passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    let schema = int_of(doc, "schemaVersion").unwrap_or(0);
    if schema > 4 {
        return Err(ImportError::Unsupported {
            format: F,
            reason: format!("schema version {schema} is newer than otty knows (4)"),
        });
    }
    let groups: HashMap<&str, &str> = arr_of(doc, "groups")
        .iter()
        .map(|g| (str_of(g, "id"), str_of(g, "name")))
        .collect();
    let sealed = str_of(doc, "servicesEncrypted");
    if sealed.is_empty() {
        let services = doc
            .get("services")
            .and_then(Value::as_array)
            .ok_or_else(|| ImportError::damaged(F, "no services"))?;
        let entries = services.iter().map(|s| service(s, &groups)).collect();
        return Ok(batch(F, false, entries));
    }
    let password = passphrase.ok_or(ImportError::NeedPassphrase { format: F })?;
    let plain = decrypt(doc, sealed, password)?;
    let services: Vec<Value> = serde_json::from_slice(&plain)
        .map_err(|_| ImportError::damaged(F, "the decrypted services are not a JSON array"))?;
    let entries = services.iter().map(|s| service(s, &groups)).collect();
    Ok(batch(F, true, entries))
}

/// One `b64(ct||tag):b64(salt):b64(iv)` field, decoded.
struct Sealed {
    ct: Vec<u8>,
    salt: Vec<u8>,
    iv: Vec<u8>,
}

/// Split `b64(ct||tag):b64(salt):b64(iv)`.
fn parts(field: &str) -> Result<Sealed, ImportError> {
    let mut it = field.split(':').map(b64);
    match (it.next(), it.next(), it.next(), it.next()) {
        (Some(Some(ct)), Some(Some(salt)), Some(Some(iv)), None) => Ok(Sealed { ct, salt, iv }),
        _ => Err(ImportError::damaged(
            F,
            "servicesEncrypted is not ct:salt:iv",
        )),
    }
}

fn decrypt(doc: &Value, sealed: &str, password: &[u8]) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let Sealed { ct, salt, iv } = parts(sealed)?;
    let key: Key32 = pbkdf2_sha256(F, password, &salt, ITERATIONS)?;
    let reference = str_of(doc, "reference");
    if !reference.is_empty() {
        let r = parts(reference)?;
        match gcm_open(&key, &r.iv, &r.ct, &[]) {
            Some(r) if r.as_slice() == REFERENCE.as_bytes() => {}
            _ => return Err(ImportError::WrongPassphrase { format: F }),
        }
    }
    gcm_open(&key, &iv, &ct, &[]).ok_or(if reference.is_empty() {
        ImportError::WrongPassphrase { format: F }
    } else {
        ImportError::damaged(F, "the services failed their integrity check")
    })
}

fn service(s: &Value, groups: &HashMap<&str, &str>) -> ImportedEntry {
    let account = (|| {
        let otp = s.get("otp").unwrap_or(&Value::Null);
        let issuer = match str_of(s, "name") {
            "" => str_of(otp, "issuer"),
            name => name,
        };
        let label = str_of(otp, "label");
        let name = match str_of(otp, "account") {
            "" => super::draft::strip_issuer_prefix(label, issuer),
            a => a.to_owned(),
        };
        let mut d = Draft::new(issuer, name);
        d.kind(str_of(otp, "tokenType"))?;
        d.algorithm(str_of(otp, "algorithm"))?;
        d.numbers(
            int_of(otp, "digits"),
            int_of(otp, "period"),
            int_of(otp, "counter"),
        );
        d.secret_base32(str_of(s, "secret"))?;
        d.finish()
    })();
    let group = groups
        .get(str_of(s, "groupId"))
        .copied()
        .and_then(group_name);
    ImportedEntry {
        account,
        group,
        icon: None,
    }
}
