//! Steam Guard files: Steam Desktop Authenticator's `.maFile` (one account object) and the
//! SteamGuard JSON Aegis reads (`{"accounts": {id: account}}`, or the older bare account).
//! The secret is `shared_secret` (base64), not the `uri` beside it, which lacks Steam's five
//! characters; the issuer is "Steam" and the account `account_name`.
//!
//! SDA's `manifest.json` lists its maFiles, and for encrypted ones the salt and IV of each:
//! [`import_manifest`] reads the maFiles beside it (plain names only) and, when SDA encrypted
//! them, opens each with the passphrase: PBKDF2-HMAC-SHA1 (50,000 iterations, the entry's
//! salt) to an AES-256-CBC key, the entry's IV, the file's base64 text. Given alone (from
//! bytes, as the API's migration endpoint gets it), the manifest is refused with a hint; an
//! encrypted maFile alone cannot be opened (its salt and IV are in the manifest).

use serde_json::Value;

use super::cipher::{cbc_open, pbkdf2_sha1};
use super::draft::{Draft, entry};
use super::json::{b64, str_of};
use super::{Beside, Format, ImportBatch, ImportError, ImportedEntry, batch};

/// SDA's PBKDF2 iteration count, fixed by SDA.
const SDA_ITERATIONS: u32 = 50_000;

const F: Format = Format::Steam;

/// Whether a JSON object is a Steam Guard file (or SDA's manifest).
pub(crate) fn detect(v: &Value) -> bool {
    v.get("shared_secret").is_some()
        || v.get("accounts")
            .and_then(Value::as_object)
            .is_some_and(|a| a.values().any(|x| x.get("shared_secret").is_some()))
        || is_manifest(v)
}

/// A file named `*.maFile` whose content is not JSON: one SDA encrypted, which cannot be opened
/// without the salt and IV its folder's `manifest.json` holds. Refused with that hint (the
/// content alone looks like a TOTP Authenticator backup).
pub(crate) fn encrypted_alone(bytes: &[u8], name: Option<&str>) -> Option<ImportError> {
    let mafile = name.is_some_and(|n| {
        n.len() > 7
            && n.get(n.len() - 7..)
                .is_some_and(|e| e.eq_ignore_ascii_case(".maFile"))
    });
    (mafile && super::json::parse(bytes).is_none()).then(|| ImportError::Unsupported {
        format: F,
        reason: "this maFile is encrypted by Steam Desktop Authenticator; import the folder's \
                 manifest.json instead, which holds the salt and IV to open it"
            .to_owned(),
    })
}

/// SDA's `manifest.json`: `{encrypted, entries: [{filename, steamid, encryption_iv, …}]}`.
fn is_manifest(v: &Value) -> bool {
    v.get("encrypted").is_some_and(Value::is_boolean)
        && v.get("entries")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
            .is_some_and(|e| e.get("steamid").is_some() && e.get("filename").is_some())
}

/// Import a Steam Guard file, or SDA's manifest with the maFiles `beside` it.
pub(crate) fn import(
    doc: &Value,
    beside: Beside<'_>,
    passphrase: Option<&[u8]>,
) -> Result<ImportBatch, ImportError> {
    if is_manifest(doc) {
        if let Some(read) = beside {
            return import_manifest(doc, read, passphrase);
        }
        return Err(ImportError::Unsupported {
            format: F,
            reason: "this is Steam Desktop Authenticator's manifest.json: import it from its \
                     folder (`otty import manifest.json`), which reads the maFiles beside it"
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

/// Import the accounts SDA's `manifest` lists, reading each maFile with `read` (given the
/// entry's file name, already checked to be a plain name). Encrypted maFiles need the
/// passphrase; one that does not open is [`ImportError::WrongPassphrase`] for the whole file.
fn import_manifest(
    manifest: &Value,
    read: &mut dyn FnMut(&str) -> std::io::Result<Vec<u8>>,
    passphrase: Option<&[u8]>,
) -> Result<ImportBatch, ImportError> {
    let encrypted = manifest.get("encrypted").and_then(Value::as_bool) == Some(true);
    let pass = match (encrypted, passphrase) {
        (true, None) => return Err(ImportError::NeedPassphrase { format: F }),
        (_, p) => p,
    };
    let list = manifest
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::damaged(F, "the manifest has no entries"))?;
    let mut entries = Vec::with_capacity(list.len());
    for e in list {
        let name = str_of(e, "filename");
        if !is_plain_name(name) {
            entries.push(refused(format!(
                "{name:?} is not a file name beside the manifest"
            )));
            continue;
        }
        let bytes = match read(name) {
            Ok(b) => b,
            Err(err) => {
                entries.push(refused(format!("cannot read {name}: {err}")));
                continue;
            }
        };
        let text = match pass.filter(|_| encrypted) {
            Some(pw) => open_mafile(e, &bytes, pw)?,
            None => zeroize::Zeroizing::new(bytes),
        };
        match serde_json::from_slice::<Value>(&text) {
            Ok(v) if v.get("shared_secret").is_some() => entries.push(account(&v)),
            _ => entries.push(refused(format!("{name} is not a Steam Guard file"))),
        }
    }
    Ok(batch(F, encrypted, entries))
}

/// A file name with no directory part: a manifest may not point elsewhere.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', '\0'])
}

fn refused(reason: String) -> ImportedEntry {
    ImportedEntry::new(Err(reason))
}

/// Open one encrypted maFile with the salt and IV of its manifest entry.
fn open_mafile(
    entry: &Value,
    bytes: &[u8],
    passphrase: &[u8],
) -> Result<zeroize::Zeroizing<Vec<u8>>, ImportError> {
    let damaged = |what: &str| ImportError::damaged(F, what);
    let salt =
        b64(str_of(entry, "encryption_salt")).ok_or_else(|| damaged("a bad encryption_salt"))?;
    let iv = b64(str_of(entry, "encryption_iv")).ok_or_else(|| damaged("a bad encryption_iv"))?;
    let text =
        std::str::from_utf8(bytes).map_err(|_| damaged("an encrypted maFile is not text"))?;
    let ct = b64(text).ok_or_else(|| damaged("an encrypted maFile is not base64"))?;
    let key = pbkdf2_sha1(F, passphrase, &salt, SDA_ITERATIONS)?;
    cbc_open(&key, &iv, &ct).ok_or(ImportError::WrongPassphrase { format: F })
}
