//! Account icons, stored sealed in the `icons` table (DESIGN §5: "stored sealed in the vault").
//!
//! An icon is named like 2FAuth's (`<40 random alphanumerics>.<ext>`) and its bytes are sealed
//! with the vault key and `otty/v1/icons/<row id>` as associated data, the media type in the
//! first line of the plaintext. The core checks nothing about the image: the caller decides
//! which types it accepts. Deleting an icon clears its name from the accounts that used it, in
//! the same transaction.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use zeroize::Zeroizing;

use super::{Vault, payload};
use crate::core::crypto::Sealer;
use crate::core::error::{Error, Result};
use crate::core::event::VaultEvent;
use crate::core::store::{self, Table, row_aad};

/// Largest icon accepted, in bytes.
pub const MAX_ICON_BYTES: usize = 4 * 1024 * 1024;

const ALNUM: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// An icon's media type and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Icon {
    /// Media type, e.g. `image/png`.
    pub mime: String,
    /// The image.
    pub bytes: Vec<u8>,
}

fn random_name(ext: &str) -> Result<String> {
    let mut buf = [0u8; 80];
    let mut name = String::with_capacity(45);
    while name.len() < 40 {
        getrandom::fill(&mut buf).map_err(|_| Error::Random)?;
        for &b in &buf {
            if b < 248 && name.len() < 40 {
                name.push(ALNUM[usize::from(b % 62)] as char);
            }
        }
    }
    name.push('.');
    name.push_str(ext);
    Ok(name)
}

/// Refuse empty or oversized images and odd extensions or media types.
pub(super) fn check_icon(ext: &str, mime: &str, bytes: &[u8]) -> Result<()> {
    if bytes.is_empty() || bytes.len() > MAX_ICON_BYTES {
        return Err(Error::invalid("icon", "empty or larger than 4 MiB"));
    }
    if ext.is_empty() || !ext.bytes().all(|b| b.is_ascii_alphanumeric()) || mime.contains('\n') {
        return Err(Error::invalid("icon", "bad file type"));
    }
    Ok(())
}

/// Insert a checked icon inside the caller's transaction; returns its new file name.
pub(super) fn insert_icon(
    conn: &rusqlite::Connection,
    sealer: &Sealer,
    ext: &str,
    mime: &str,
    bytes: &[u8],
    now: i64,
) -> Result<String> {
    let name = random_name(ext)?;
    conn.execute(
        "INSERT INTO icons(name, created_at, sealed) VALUES (?1, ?2, x'')",
        params![name, now],
    )?;
    let id = conn.last_insert_rowid();
    let mut plain = Zeroizing::new(Vec::with_capacity(mime.len() + 1 + bytes.len()));
    plain.extend_from_slice(mime.as_bytes());
    plain.push(b'\n');
    plain.extend_from_slice(bytes);
    let sealed = sealer.seal(&plain, &row_aad("icons", id))?;
    conn.execute(
        "UPDATE icons SET sealed = ?1 WHERE id = ?2",
        params![sealed, id],
    )?;
    Ok(name)
}

impl Vault {
    /// Store an icon and return its new file name (`<40 alphanumerics>.<ext>`).
    pub fn add_icon(&self, ext: &str, mime: &str, bytes: &[u8]) -> Result<String> {
        check_icon(ext, mime, bytes)?;
        self.write(|conn, open, now| {
            let tx = conn.transaction()?;
            let name = insert_icon(&tx, &open.sealer, ext, mime, bytes, now)?;
            tx.commit()?;
            Ok(name)
        })
    }

    /// An icon by file name, if it exists. A row that fails its check is `Corrupted`.
    pub fn icon(&self, name: &str) -> Result<Option<Icon>> {
        self.write(|conn, open, _| {
            let row: Option<(i64, Value)> = conn
                .query_row(
                    "SELECT id, sealed FROM icons WHERE name = ?1",
                    [name],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((id, sealed)) = row else {
                return Ok(None);
            };
            let corrupted = || Error::Corrupted { table: "icons", id };
            // A value of the wrong type (NULL, text, a number) is as corrupted as a bad tag.
            let Value::Blob(sealed) = sealed else {
                return Err(corrupted());
            };
            let plain = open
                .sealer
                .open(&sealed, &row_aad("icons", id))
                .map_err(|_| corrupted())?;
            let split = plain
                .iter()
                .position(|&b| b == b'\n')
                .ok_or_else(corrupted)?;
            let mime = std::str::from_utf8(&plain[..split]).map_err(|_| corrupted())?;
            Ok(Some(Icon {
                mime: mime.to_owned(),
                bytes: plain[split + 1..].to_vec(),
            }))
        })
    }

    /// Whether an icon with this name exists.
    pub fn has_icon(&self, name: &str) -> Result<bool> {
        let inner = self.inner();
        let n: i64 =
            inner
                .conn
                .query_row("SELECT count(*) FROM icons WHERE name = ?1", [name], |r| {
                    r.get(0)
                })?;
        Ok(n > 0)
    }

    /// Delete an icon and clear its name from every account that names it, in one immediate
    /// transaction; returns whether the icon existed. Accounts are read as stored inside the
    /// transaction (not the cached copies), so their HOTP counters stay as stored; rows that do
    /// not open are left alone (they are reported as corrupted elsewhere). Names of icons that
    /// no longer exist are cleared too.
    pub fn remove_icon(&self, name: &str) -> Result<bool> {
        let (existed, cleared) = self.write(|conn, open, now| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let existed = tx.execute("DELETE FROM icons WHERE name = ?1", [name])? > 0;
            let mut cleared = Vec::new();
            for row in store::all_rows(&tx, Table::Accounts)?.into_iter().flatten() {
                let Ok(mut account) = payload::open_account(&open.sealer, &row) else {
                    continue;
                };
                if account.data.icon.as_deref() != Some(name) {
                    continue;
                }
                account.data.icon = None;
                let sealed = payload::seal_account(&open.sealer, &account.data, account.id)?;
                store::set_sealed(&tx, Table::Accounts, account.id, &sealed, now)?;
                account.updated_at = now;
                cleared.push(account);
            }
            tx.commit()?;
            let ids: Vec<i64> = cleared.iter().map(|a| a.id).collect();
            for account in cleared {
                open.accounts.insert(account.id, account);
            }
            Ok((existed, ids))
        })?;
        for id in cleared {
            self.emit(VaultEvent::AccountUpdated(id));
        }
        Ok(existed)
    }
}
