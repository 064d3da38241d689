//! Google Authenticator's own database (Android `databases`, SQLite): table `accounts` with
//! `email` (the label, often `Issuer:account`), `secret` (base32), `counter`, `type` (0 TOTP,
//! 1 HOTP) and `issuer`. Google Authenticator only makes SHA1, 6-digit, 30 s codes; the stored
//! counter is the next one.

use super::draft::{Draft, entry, strip_issuer_prefix};
use super::sqlite::Db;
use super::{Format, ImportBatch, ImportError, batch};

const F: Format = Format::GoogleAuthenticatorDb;

/// Import the database.
pub(crate) fn import(bytes: &[u8]) -> Result<ImportBatch, ImportError> {
    let db = Db::open(F, bytes)?;
    db.require(&[(
        "accounts",
        &["email", "secret", "counter", "type", "issuer"],
    )])?;
    let rows = db.rows("SELECT email, secret, counter, type, issuer FROM accounts ORDER BY _id")?;
    let entries = rows
        .iter()
        .map(|r| {
            entry(|| {
                let (email, issuer) = (r.text(0), r.text(4));
                let (issuer, name) = match (issuer, email.split_once(':')) {
                    ("", Some((i, n))) => (i.trim(), n.trim().to_owned()),
                    (i, _) => (i, strip_issuer_prefix(email, i)),
                };
                let mut d = Draft::new(issuer, name);
                match r.int(3) {
                    Some(0) | None => {}
                    Some(1) => {
                        d.kind("hotp")?;
                        d.numbers(None, None, r.int(2));
                    }
                    Some(other) => return Err(format!("unknown account type {other}")),
                }
                d.secret_base32(r.text(1))?;
                d.finish()
            })
        })
        .collect();
    Ok(batch(F, false, entries))
}
