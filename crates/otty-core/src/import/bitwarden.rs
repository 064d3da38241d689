//! Bitwarden exports: the password manager's and the Authenticator app's JSON
//! and CSV, and password-protected JSON (decrypted in `bitwarden/protected.rs`).
//!
//! `login.totp` holds an `otpauth://` URI, a `steam://SECRET` or a bare base32 secret. Items
//! without one are skipped. The item name and `login.username` fill in a missing issuer and
//! account; the item's folder becomes the group.

use std::collections::HashMap;

use serde_json::Value;

use super::draft::{Draft, group_name};
use super::json::{arr_of, str_of};
use super::{Format, ImportBatch, ImportError, ImportedEntry, batch};
use crate::account::STEAM_SERVICE;
use crate::uri;

mod protected;

/// Import a parsed Bitwarden JSON document.
pub(crate) fn import_json(
    doc: &Value,
    passphrase: Option<&[u8]>,
) -> Result<ImportBatch, ImportError> {
    let f = Format::Bitwarden;
    if doc.get("encrypted").and_then(Value::as_bool) == Some(true) {
        if doc.get("passwordProtected").and_then(Value::as_bool) != Some(true) {
            return Err(ImportError::Unsupported {
                format: f,
                reason: "it is encrypted with the Bitwarden account key; export it again with a \
                         file password or unencrypted"
                    .into(),
            });
        }
        let password = passphrase.ok_or(ImportError::NeedPassphrase { format: f })?;
        let plain = protected::decrypt(doc, password)?;
        let inner: Value = serde_json::from_slice(&plain)
            .map_err(|_| ImportError::damaged(f, "the decrypted data is not JSON"))?;
        let mut b = items(&inner)?;
        b.encrypted = true;
        return Ok(b);
    }
    items(doc)
}

fn items(doc: &Value) -> Result<ImportBatch, ImportError> {
    let f = Format::Bitwarden;
    let list = doc
        .get("items")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::damaged(f, "no items"))?;
    let folders: HashMap<&str, &str> = arr_of(doc, "folders")
        .iter()
        .map(|x| (str_of(x, "id"), str_of(x, "name")))
        .collect();
    let entries = list
        .iter()
        .filter_map(|item| {
            let login = item.get("login")?;
            let totp = str_of(login, "totp");
            let mut e = from_totp(totp, str_of(item, "name"), str_of(login, "username"))?;
            e.group = folders
                .get(str_of(item, "folderId"))
                .copied()
                .and_then(group_name);
            Some(e)
        })
        .collect();
    Ok(batch(f, false, entries))
}

/// One TOTP field with the item's name and user name as fallbacks; `None` if empty.
fn from_totp(totp: &str, name: &str, username: &str) -> Option<ImportedEntry> {
    let totp = totp.trim();
    if totp.is_empty() {
        return None;
    }
    let account = if totp
        .get(..8)
        .is_some_and(|h| h.eq_ignore_ascii_case("steam://"))
    {
        uri::parse(totp).map(|mut a| {
            a.service = if name.is_empty() {
                STEAM_SERVICE.into()
            } else {
                name.into()
            };
            a.account = username.to_owned();
            a
        })
    } else if totp.contains("://") {
        uri::parse(totp).map(|mut a| {
            if a.service.is_empty() {
                a.service = name.to_owned();
            }
            if a.account.is_empty() {
                a.account = username.to_owned();
            }
            a
        })
    } else {
        let mut d = Draft::new(name, username);
        return Some(ImportedEntry::new(
            d.secret_base32(totp).and_then(|()| d.finish()),
        ));
    };
    Some(ImportedEntry::new(
        account.map_err(|e| e.to_string()).and_then(|mut a| {
            a.validate().map_err(|e| e.to_string())?;
            Ok(a)
        }),
    ))
}

/// Whether text is a Bitwarden CSV export (its header names `login_totp`).
pub(crate) fn is_csv(text: &str) -> bool {
    text.lines()
        .next()
        .is_some_and(|h| h.split(',').any(|c| c.trim() == "login_totp"))
}

/// Import a Bitwarden CSV export. Rows may have more fields than the header (the
/// Authenticator app writes 9 under a 6-column header), so the TOTP is found by position or
/// by its `otpauth://` prefix.
pub(crate) fn import_csv(text: &str) -> Result<ImportBatch, ImportError> {
    let f = Format::BitwardenCsv;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|_| ImportError::damaged(f, "unreadable header"))?
        .clone();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (totp_col, name_col) = (col("login_totp"), col("name"));
    let (user_col, folder_col) = (col("login_username"), col("folder"));
    let mut entries = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let Ok(row) = row else {
            entries.push(ImportedEntry::new(Err(format!(
                "row {} is unreadable",
                i + 2
            ))));
            continue;
        };
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or("");
        let totp = row
            .iter()
            .find(|v| v.starts_with("otpauth://"))
            .unwrap_or_else(|| get(totp_col));
        if let Some(mut e) = from_totp(totp, get(name_col), get(user_col)) {
            e.group = group_name(get(folder_col));
            entries.push(e);
        }
    }
    Ok(batch(f, false, entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authenticator_csv_with_extra_columns() {
        let csv = "folder,favorite,type,name,login_uri,login_totp\n\
                   ,,1,ACME,,otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&issuer=ACME,ACME,30,6\n\
                   Work,,1,Bare,,JBSWY3DPEHPK3PXP\n\
                   ,,1,Nothing,,\n";
        assert!(is_csv(csv));
        let b = import_csv(csv).unwrap();
        assert_eq!(b.entries.len(), 2);
        let a = b.entries[0].account.as_ref().unwrap();
        assert_eq!((a.service.as_str(), a.account.as_str()), ("ACME", "bob"));
        let bare = b.entries[1].account.as_ref().unwrap();
        assert_eq!((bare.service.as_str(), bare.otp.digits), ("Bare", 6));
        assert_eq!(b.entries[1].group.as_deref(), Some("Work"));
    }
}
