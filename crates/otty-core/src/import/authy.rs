//! Authy's Android token store: a `shared_prefs` XML whose
//! `com.authy.storage.tokens.authenticator.key` entry holds a JSON array of tokens.
//!
//! A token carries its secret as `decryptedSecret` (base32), or encrypted as `encryptedSecret`
//! with a `salt`: AES-256-CBC (PKCS#7, an all-zero IV) under PBKDF2-HMAC-SHA1(backup password,
//! the salt string's UTF-8 bytes, 1000 iterations, or the token's `key_derivation_iterations`
//! when present, capped). The plaintext is the base32 secret. Authy stores no algorithm or
//! period: every token is SHA1 over 30 s, with the file's digits.
//!
//! Names: the issuer is `originalIssuer`, else the part of `originalName` before `:`, else the
//! part of `name` before ` - `; the account is what follows that separator.

use serde_json::Value;

use super::cipher::{cbc_open, pbkdf2_sha1};
use super::draft::Draft;
use super::json::{b64, int_of, str_of};
use super::xml::Prefs;
use super::{Format, ImportBatch, ImportError, ImportedEntry, batch};
use crate::account::NewAccount;

const F: Format = Format::Authy;

/// The `shared_prefs` entries that hold Authy's third-party tokens.
pub(crate) const KEYS: [&str; 1] = ["com.authy.storage.tokens.authenticator.key"];

/// PBKDF2 iterations of tokens that do not say.
const DEFAULT_ITERATIONS: i64 = 1000;

/// Import Authy's XML.
pub(crate) fn import(text: &str, passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    let prefs = Prefs::parse_as(text, F)?;
    let json = KEYS
        .iter()
        .find_map(|k| prefs.get(k))
        .ok_or_else(|| ImportError::damaged(F, "no Authy token list"))?;
    let tokens: Value = serde_json::from_str(json)
        .map_err(|_| ImportError::damaged(F, "the token list is not JSON"))?;
    let tokens = tokens
        .as_array()
        .ok_or_else(|| ImportError::damaged(F, "the token list is not an array"))?;
    let sealed = tokens.iter().any(|t| {
        str_of(t, "decryptedSecret").is_empty() && !str_of(t, "encryptedSecret").is_empty()
    });
    let password = match (sealed, passphrase) {
        (true, None) => return Err(ImportError::NeedPassphrase { format: F }),
        (true, Some(p)) => Some(p),
        (false, _) => None,
    };
    let mut entries = Vec::with_capacity(tokens.len());
    let mut opened_one = false;
    for t in tokens {
        let entry = token(t, password, &mut opened_one)?;
        entries.push(entry);
    }
    Ok(batch(F, sealed, entries))
}

/// One token. A secret that does not decrypt before any other did means a wrong password.
fn token(
    t: &Value,
    password: Option<&[u8]>,
    opened_one: &mut bool,
) -> Result<ImportedEntry, ImportError> {
    let mut secret_text = str_of(t, "decryptedSecret").to_owned();
    if let (true, Some(password), Some(sealed)) = (
        secret_text.is_empty(),
        password,
        b64(str_of(t, "encryptedSecret")),
    ) {
        {
            let iterations = int_of(t, "key_derivation_iterations").unwrap_or(DEFAULT_ITERATIONS);
            let iterations = u32::try_from(iterations)
                .map_err(|_| ImportError::damaged(F, "bad key_derivation_iterations"))?;
            let key = pbkdf2_sha1(F, password, str_of(t, "salt").as_bytes(), iterations)?;
            match cbc_open(&key, &[0; 16], &sealed).and_then(|p| String::from_utf8(p.to_vec()).ok())
            {
                Some(s) => {
                    *opened_one = true;
                    secret_text = s;
                }
                None if !*opened_one => return Err(ImportError::WrongPassphrase { format: F }),
                None => {}
            }
        }
    }
    Ok(ImportedEntry::new(account(t, &secret_text)))
}

fn account(t: &Value, secret: &str) -> Result<NewAccount, String> {
    if secret.is_empty() {
        return Err("no secret (or it could not be decrypted)".into());
    }
    let (issuer, name) = names(t);
    let mut d = Draft::new(issuer, name);
    d.numbers(int_of(t, "digits"), Some(30), None);
    d.secret_base32(secret.trim())?;
    d.finish()
}

/// Issuer and account name, as described in the module comment.
fn names(t: &Value) -> (String, String) {
    let original = str_of(t, "originalName");
    let name = str_of(t, "name");
    let (issuer, rest) = if let Some((i, n)) = original.split_once(':') {
        (i.to_owned(), n.to_owned())
    } else if let Some((i, n)) = name.split_once(" - ") {
        (i.to_owned(), n.to_owned())
    } else {
        (String::new(), name.to_owned())
    };
    let issuer = match str_of(t, "originalIssuer") {
        "" => issuer,
        i => i.to_owned(),
    };
    (issuer.trim().to_owned(), rest.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_from_each_field() {
        let t = json!({"originalIssuer": "ACME", "originalName": "Other:bob", "name": "x"});
        assert_eq!(names(&t), ("ACME".into(), "bob".into()));
        let t = json!({"name": "ACME - bob"});
        assert_eq!(names(&t), ("ACME".into(), "bob".into()));
        let t = json!({"name": "Test"});
        assert_eq!(names(&t), (String::new(), "Test".into()));
    }
}
