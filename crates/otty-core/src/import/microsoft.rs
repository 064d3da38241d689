//! Microsoft Authenticator's database (`PhoneFactor`, SQLite): table `accounts` with `name`
//! (the issuer), `username`, `oath_secret_key` and `account_type`. Type 0 is a third-party
//! TOTP whose secret is base32 (often lower case); type 1 a Microsoft account whose secret is
//! base64 and whose codes have 8 digits. Both are SHA1 over 30 s. Other types (work accounts
//! that only approve sign-ins) carry no OTP secret and are listed as invalid.

use super::draft::{Draft, entry};
use super::json::b64;
use super::sqlite::Db;
use super::{Format, ImportBatch, ImportError, batch};

const F: Format = Format::MicrosoftAuthenticator;

/// Import the database.
pub(crate) fn import(bytes: &[u8]) -> Result<ImportBatch, ImportError> {
    let db = Db::open(F, bytes)?;
    db.require(&[(
        "accounts",
        &["name", "username", "oath_secret_key", "account_type"],
    )])?;
    let rows =
        db.rows("SELECT name, username, oath_secret_key, account_type FROM accounts ORDER BY _id")?;
    let entries = rows
        .iter()
        .map(|r| {
            entry(|| {
                let mut d = Draft::new(r.text(0).trim(), r.text(1).trim());
                match r.int(3) {
                    Some(0) => d.secret_base32(r.text(2))?,
                    Some(1) => {
                        d.numbers(Some(8), None, None);
                        d.secret_bytes(b64(r.text(2)).ok_or("the secret is not base64")?);
                    }
                    other => {
                        let t = other.map_or("none".to_owned(), |t| t.to_string());
                        return Err(format!("account type {t} holds no OTP secret"));
                    }
                }
                d.finish()
            })
        })
        .collect();
    Ok(batch(F, false, entries))
}
