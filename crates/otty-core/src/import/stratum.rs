//! Stratum (formerly Authenticator Pro): its JSON backup, its two encrypted backups and its
//! internal SQLite database.
//!
//! - JSON: `{Authenticators: [{Type, Issuer, Username, Secret (base32), Algorithm, Digits,
//!   Period, Counter}], Categories: [{Id, Name}], AuthenticatorCategories: [{CategoryId,
//!   AuthenticatorSecret}]}`. Type 1 is HOTP, 2 TOTP, 4 Steam; Algorithm 0, 1, 2 is SHA1,
//!   SHA256, SHA512. An account's first category becomes its group.
//! - Encrypted: `AUTHENTICATORPRO` || salt (16) || IV (12) || AES-256-GCM(JSON), key =
//!   Argon2id(password, salt, 3 passes, 64 MiB, 4 lanes).
//! - Legacy encrypted: `AuthenticatorPro` || salt (20) || IV (16) || AES-256-CBC(JSON), key =
//!   PBKDF2-HMAC-SHA1(password, salt, 64,000 iterations).
//! - Internal database: table `authenticator` with the same columns in lower case, and
//!   `category` / `authenticatorcategory` for groups.

use std::collections::HashMap;

use serde_json::Value;

use super::cipher::{argon2id, cbc_open, gcm_open, pbkdf2_sha1};
use super::draft::{Draft, group_name};
use super::json::{arr_of, int_of, str_of};
use super::sqlite::Db;
use super::{Format, ImportBatch, ImportError, ImportedEntry, batch};
use crate::crypto::KdfParams;

const F: Format = Format::Stratum;
const HEADER: &[u8] = b"AUTHENTICATORPRO";
const HEADER_LEGACY: &[u8] = b"AuthenticatorPro";

/// Whether the bytes start with one of the encrypted backups' headers.
pub(crate) fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(HEADER) || bytes.starts_with(HEADER_LEGACY)
}

/// Whether a JSON object is a Stratum backup.
pub(crate) fn detect(v: &Value) -> bool {
    v.get("Authenticators").is_some_and(Value::is_array)
}

/// Import any of the four forms.
pub(crate) fn import(
    bytes: &[u8],
    parsed: Option<&Value>,
    passphrase: Option<&[u8]>,
) -> Result<ImportBatch, ImportError> {
    if let Some(doc) = parsed {
        return content(doc, false);
    }
    if super::sqlite::is_sqlite(bytes) {
        return database(bytes);
    }
    let (plain, legacy) = if let Some(rest) = bytes.strip_prefix(HEADER) {
        (decrypt(rest, passphrase)?, false)
    } else if let Some(rest) = bytes.strip_prefix(HEADER_LEGACY) {
        (decrypt_legacy(rest, passphrase)?, true)
    } else {
        return Err(ImportError::damaged(
            F,
            "neither JSON, a backup header nor a database",
        ));
    };
    let doc: Value = serde_json::from_slice(&plain).map_err(|_| {
        let what = if legacy { "legacy backup" } else { "backup" };
        ImportError::damaged(F, format!("the decrypted {what} is not JSON"))
    })?;
    content(&doc, true)
}

fn decrypt(
    rest: &[u8],
    passphrase: Option<&[u8]>,
) -> Result<zeroize::Zeroizing<Vec<u8>>, ImportError> {
    if rest.len() < 16 + 12 + 16 {
        return Err(ImportError::damaged(F, "too short"));
    }
    let password = passphrase.ok_or(ImportError::NeedPassphrase { format: F })?;
    let (salt, rest) = rest.split_at(16);
    let (iv, ct) = rest.split_at(12);
    let params = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 4,
    };
    let key = argon2id(F, password, salt, params)?;
    gcm_open(key.expose(), iv, ct, &[]).ok_or(ImportError::WrongPassphrase { format: F })
}

fn decrypt_legacy(
    rest: &[u8],
    passphrase: Option<&[u8]>,
) -> Result<zeroize::Zeroizing<Vec<u8>>, ImportError> {
    if rest.len() < 20 + 16 + 16 {
        return Err(ImportError::damaged(F, "too short"));
    }
    let password = passphrase.ok_or(ImportError::NeedPassphrase { format: F })?;
    let (salt, rest) = rest.split_at(20);
    let (iv, ct) = rest.split_at(16);
    let key = pbkdf2_sha1(F, password, salt, 64_000)?;
    cbc_open(&key, iv, ct).ok_or(ImportError::WrongPassphrase { format: F })
}

/// The fields of one authenticator, whichever form it came from.
struct Row<'a> {
    kind: Option<i64>,
    issuer: &'a str,
    username: &'a str,
    secret: &'a str,
    algorithm: Option<i64>,
    digits: Option<i64>,
    period: Option<i64>,
    counter: Option<i64>,
}

fn entry(row: &Row<'_>, group: Option<String>) -> ImportedEntry {
    let account = (|| {
        let mut d = Draft::new(row.issuer, row.username);
        d.kind(match row.kind {
            Some(1) => "hotp",
            Some(2) => "totp",
            Some(4) => "steam",
            Some(other) => return Err(format!("unsupported Stratum type {other}")),
            None => return Err("no type".into()),
        })?;
        d.algorithm(match row.algorithm {
            None | Some(0) => "SHA1",
            Some(1) => "SHA256",
            Some(2) => "SHA512",
            Some(other) => return Err(format!("unsupported Stratum algorithm {other}")),
        })?;
        d.numbers(row.digits, row.period, row.counter);
        d.secret_base32(row.secret)?;
        d.finish()
    })();
    ImportedEntry {
        account,
        group,
        icon: None,
    }
}

/// Read the JSON backup (plain or decrypted).
fn content(doc: &Value, encrypted: bool) -> Result<ImportBatch, ImportError> {
    let list = doc
        .get("Authenticators")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::damaged(F, "no Authenticators"))?;
    let names: HashMap<&str, &str> = arr_of(doc, "Categories")
        .iter()
        .map(|c| (str_of(c, "Id"), str_of(c, "Name")))
        .collect();
    let mut groups: HashMap<&str, &str> = HashMap::new();
    for link in arr_of(doc, "AuthenticatorCategories") {
        if let Some(name) = names.get(str_of(link, "CategoryId")) {
            groups
                .entry(str_of(link, "AuthenticatorSecret"))
                .or_insert(name);
        }
    }
    let entries = list
        .iter()
        .map(|a| {
            let row = Row {
                kind: int_of(a, "Type"),
                issuer: str_of(a, "Issuer"),
                username: str_of(a, "Username"),
                secret: str_of(a, "Secret"),
                algorithm: int_of(a, "Algorithm"),
                digits: int_of(a, "Digits"),
                period: int_of(a, "Period"),
                counter: int_of(a, "Counter"),
            };
            let group = groups.get(row.secret).and_then(|g| group_name(g));
            entry(&row, group)
        })
        .collect();
    Ok(batch(F, encrypted, entries))
}

/// Read the internal database.
fn database(bytes: &[u8]) -> Result<ImportBatch, ImportError> {
    let db = Db::open(F, bytes)?;
    let groups = db
        .strings(
            "SELECT ac.authenticatorSecret, c.name FROM authenticatorcategory ac \
             JOIN category c ON c.id = ac.categoryId ORDER BY ac.ranking",
            2,
        )
        .unwrap_or_default();
    let mut group_of: HashMap<String, String> = HashMap::new();
    for g in groups {
        if let [secret, name] = &g[..] {
            group_of
                .entry(secret.clone())
                .or_insert_with(|| name.clone());
        }
    }
    let rows = db.rows(
        "SELECT type, issuer, username, secret, algorithm, digits, period, counter \
         FROM authenticator ORDER BY ranking",
    )?;
    let entries = rows
        .iter()
        .map(|r| {
            let row = Row {
                kind: r.int(0),
                issuer: r.text(1),
                username: r.text(2),
                secret: r.text(3),
                algorithm: r.int(4),
                digits: r.int(5),
                period: r.int(6),
                counter: r.int(7),
            };
            let group = group_of.get(row.secret).and_then(|g| group_name(g));
            entry(&row, group)
        })
        .collect();
    Ok(batch(F, false, entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn categories_become_groups_and_odd_types_are_refused() {
        let doc = json!({"Authenticators": [
            {"Type": 2, "Issuer": "A", "Username": "u", "Secret": "JBSWY3DPEHPK3PXP", "Algorithm": 0,
             "Digits": 6, "Period": 30, "Counter": 0},
            {"Type": 3, "Issuer": "B", "Username": "v", "Secret": "JBSWY3DPEHPK3PXQ", "Algorithm": 0,
             "Digits": 6, "Period": 30, "Counter": 0}],
            "Categories": [{"Id": "c1", "Name": "Work"}],
            "AuthenticatorCategories": [{"CategoryId": "c1", "AuthenticatorSecret": "JBSWY3DPEHPK3PXP"}]});
        let b = content(&doc, false).unwrap();
        assert_eq!(b.entries[0].group.as_deref(), Some("Work"));
        assert_eq!(
            b.entries[1].account,
            Err("unsupported Stratum type 3".into())
        );
    }
}
