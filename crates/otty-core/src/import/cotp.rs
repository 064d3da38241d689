//! cotp's database, the terminal authenticator otty is nearest to.
//!
//! - Decrypted JSON (what `cotp export` writes): `{version, elements: [{secret (base32),
//!   issuer, label, digits, type (TOTP, HOTP, STEAM, YANDEX, MOTP), algorithm (SHA1, SHA256,
//!   SHA512, MD5), period, counter, pin}]}`. The HOTP counter is the next one.
//! - Encrypted database: JSON `{version, nonce, salt, cipher}` (standard base64), key =
//!   Argon2id v1.3 (32 MiB, 4 passes, 4 lanes, 32 bytes) of the password and the 16-byte
//!   salt, content = XChaCha20-Poly1305 of the decrypted JSON under the 24-byte nonce, no
//!   associated data. These parameters are fixed by cotp's source, not read from the file.

use serde_json::Value;

use super::cipher::argon2id;
use super::draft::{Draft, entry};
use super::json::{b64, int_of, str_of};
use super::{Format, ImportBatch, ImportError, batch};
use crate::crypto::KdfParams;

const F: Format = Format::Cotp;

/// cotp's key derivation.
const KDF: KdfParams = KdfParams {
    memory_kib: 32 * 1024,
    iterations: 4,
    parallelism: 4,
};

/// Whether a JSON object is a cotp database, decrypted or encrypted.
pub(crate) fn detect(v: &Value) -> bool {
    let has = |k: &str| v.get(k).is_some();
    (has("version") && v.get("elements").is_some_and(Value::is_array))
        || (has("version") && has("nonce") && has("salt") && has("cipher"))
}

/// Import either form.
pub(crate) fn import(doc: &Value, passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    if doc.get("elements").is_some() {
        return content(doc, false);
    }
    let field =
        |k: &str| b64(str_of(doc, k)).ok_or_else(|| ImportError::damaged(F, format!("bad {k}")));
    let (nonce, salt, cipher) = (field("nonce")?, field("salt")?, field("cipher")?);
    if nonce.len() != crate::crypto::NONCE_LEN {
        return Err(ImportError::damaged(F, "the nonce is not 24 bytes"));
    }
    let password = passphrase.ok_or(ImportError::NeedPassphrase { format: F })?;
    let key = argon2id(F, password, &salt, KDF)?;
    let blob = [nonce.as_slice(), cipher.as_slice()].concat();
    let plain = key
        .cipher()
        .open(&blob, b"")
        .map_err(|_| ImportError::WrongPassphrase { format: F })?;
    let inner: Value = serde_json::from_slice(&plain)
        .map_err(|_| ImportError::damaged(F, "the decrypted database is not JSON"))?;
    content(&inner, true)
}

/// Read the decrypted database.
fn content(doc: &Value, encrypted: bool) -> Result<ImportBatch, ImportError> {
    let elements = doc
        .get("elements")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::damaged(F, "no elements"))?;
    let entries = elements
        .iter()
        .map(|e| {
            entry(|| {
                let mut d = Draft::new(str_of(e, "issuer"), str_of(e, "label"));
                d.kind(str_of(e, "type"))?;
                d.algorithm(str_of(e, "algorithm"))?;
                d.numbers(
                    int_of(e, "digits"),
                    int_of(e, "period"),
                    int_of(e, "counter"),
                );
                d.secret_base32(str_of(e, "secret"))?;
                d.finish()
            })
        })
        .collect();
    Ok(batch(F, encrypted, entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_derivation_matches_cotp() {
        // cotp's own test of its key derivation (password "pa$$w0rd", salt "0123456789abcdef").
        let key = argon2id(F, b"pa$$w0rd", b"0123456789abcdef", KDF).unwrap();
        let hex = data_encoding::HEXLOWER.encode(key.expose());
        assert_eq!(
            hex,
            "1bae31857cc03a6fbb54f463a991e09e3294bdf3b8c44e4ddcec4ec1d7d6a4a7"
        );
    }
}
