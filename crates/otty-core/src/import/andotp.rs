//! andOTP backups: a plain JSON array, or one of two encrypted layouts with no
//! magic header.
//!
//! Without a header, detection is conservative: a binary file is taken for a new-layout backup
//! only when its first four bytes are an iteration count andOTP itself draws (140,000 to
//! 160,000), and for either layout when its name ends in `.aes` (andOTP names its encrypted
//! backups `*.json.aes`). Anything else needs `--format andotp`, so an unknown binary is never
//! called an andOTP file and never asks for a passphrase.
//!
//! New layout: `iterations (u32 BE) || salt (12) || nonce (12) || ct || tag`, key =
//! PBKDF2-HMAC-SHA1. Old layout: `nonce (12) || ct || tag`, key = SHA-256(password). Both use
//! AES-256-GCM; the new one is tried first. Old files have no `issuer` and a label
//! `"Issuer - account"`.

use serde_json::Value;

use super::cipher::{MAX_PBKDF2_ITERATIONS, gcm_open, pbkdf2_sha1, sha256_key};
use super::draft::{Draft, group_name};
use super::json::{arr_of, int_of, str_of};
use super::{Format, ImportBatch, ImportError, ImportedEntry, batch};

const F: Format = Format::AndOtp;
const SALT: usize = 12;
const NONCE: usize = 12;
const TAG: usize = 16;

/// The iteration counts andOTP draws from for a new backup.
const ANDOTP_ITERATIONS: std::ops::RangeInclusive<u32> = 140_000..=160_000;

/// Whether binary content is recognisably a new-layout andOTP backup: long enough, and its
/// first four bytes an iteration count andOTP would have chosen.
pub(crate) fn looks_encrypted(bytes: &[u8]) -> bool {
    bytes.len() >= 4 + SALT + NONCE + TAG + 2
        && bytes
            .first_chunk::<4>()
            .is_some_and(|h| ANDOTP_ITERATIONS.contains(&u32::from_be_bytes(*h)))
}

/// Whether a file that matched no format is taken for an andOTP backup by its name
/// (`*.aes`, as andOTP names its encrypted backups).
pub(crate) fn named(bytes: &[u8], name: Option<&str>) -> bool {
    let aes = name.is_some_and(|n| {
        n.len() > 4
            && n.get(n.len() - 4..)
                .is_some_and(|e| e.eq_ignore_ascii_case(".aes"))
    });
    aes && bytes.len() >= NONCE + TAG + 2 && std::str::from_utf8(bytes).is_err()
}

/// Import an encrypted backup.
pub(crate) fn import_encrypted(
    bytes: &[u8],
    passphrase: Option<&[u8]>,
) -> Result<ImportBatch, ImportError> {
    if bytes.len() < NONCE + TAG + 2 {
        return Err(ImportError::damaged(F, "too short for an andOTP backup"));
    }
    let password = passphrase.ok_or(ImportError::NeedPassphrase { format: F })?;
    let plain = match new_layout(bytes, password)? {
        Some(p) => p,
        None => {
            let key = sha256_key(password);
            let (nonce, ct) = bytes.split_at(NONCE);
            gcm_open(&key, nonce, ct, &[]).ok_or(ImportError::WrongPassphrase { format: F })?
        }
    };
    let doc: Value = serde_json::from_slice(&plain)
        .map_err(|_| ImportError::damaged(F, "the decrypted backup is not JSON"))?;
    import_json(&doc, true)
}

/// Try the new layout; `None` when it does not authenticate (or cannot be this layout).
fn new_layout(
    bytes: &[u8],
    password: &[u8],
) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, ImportError> {
    let Some((head, rest)) = bytes.split_first_chunk::<4>() else {
        return Ok(None);
    };
    let iterations = u32::from_be_bytes(*head);
    if iterations == 0 || iterations > MAX_PBKDF2_ITERATIONS || rest.len() < SALT + NONCE + TAG {
        // Not the new layout (or a count no real backup uses): fall back to the old one.
        return Ok(None);
    }
    let (salt, rest) = rest.split_at(SALT);
    let (nonce, ct) = rest.split_at(NONCE);
    let key = pbkdf2_sha1(F, password, salt, iterations)?;
    Ok(gcm_open(&key, nonce, ct, &[]))
}

/// Import the JSON array (plain file, or decrypted content).
pub(crate) fn import_json(doc: &Value, encrypted: bool) -> Result<ImportBatch, ImportError> {
    let items = doc
        .as_array()
        .ok_or_else(|| ImportError::damaged(F, "expected a JSON array"))?;
    Ok(batch(F, encrypted, items.iter().map(item).collect()))
}

fn item(v: &Value) -> ImportedEntry {
    let account = (|| {
        let label = str_of(v, "label");
        let (issuer, name) = match v.get("issuer").and_then(Value::as_str) {
            Some(i) => (i.to_owned(), label.to_owned()),
            None => match label.split_once(" - ") {
                Some((i, n)) => (i.to_owned(), n.to_owned()),
                None => (String::new(), label.to_owned()),
            },
        };
        let mut d = Draft::new(issuer, name);
        d.kind(str_of(v, "type"))?;
        d.algorithm(str_of(v, "algorithm"))?;
        d.numbers(
            int_of(v, "digits"),
            int_of(v, "period"),
            int_of(v, "counter"),
        );
        d.secret_base32(str_of(v, "secret"))?;
        d.finish()
    })();
    let group = arr_of(v, "tags")
        .iter()
        .filter_map(Value::as_str)
        .find_map(group_name);
    ImportedEntry {
        account,
        group,
        icon: None,
    }
}
