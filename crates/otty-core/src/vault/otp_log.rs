//! The OTP log: one row per burst of codes handed out, with the account, the name of the token
//! that asked, the time (to the second) and how many codes that requester took in that second.
//! The code itself is never recorded. A client polling a code thousands of times a second
//! writes one row a second, not thousands.
//!
//! Each row is sealed (`{a, t, c[, n]}`: account id, token name, time, count when above 1) with associated data that
//! names the vault and the table but not the row: entries are written by a short-lived second
//! connection (`Vault::side_write`) that holds no lock on the vault, after being sealed under
//! it. The log is informational and outside the head's commitment: deleting entries from the
//! file goes unnoticed, reading them needs the key.
//!
//! Writers buffer entries and call [`Vault::append_otp_logs`] at most once a second, so a TOTP
//! request never waits for a disk sync. The vault then sees another connection's commit, but
//! its change counter (`store::generation`, bumped only by account and group writes) tells
//! [`Vault::refresh`] that no row needs reloading.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::keys::Keys;
use super::payload::to_plain;
use super::{Unlocked, Vault};
use crate::error::Result;
use crate::store;

/// One code handed out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpLogEntry {
    /// Account the code belongs to.
    pub account_id: i64,
    /// Name of the token that asked for it (`None`: the TUI or CLI).
    pub token_name: Option<String>,
    /// When, unix seconds.
    pub created_at: i64,
    /// How many codes this requester took in that second (at least 1).
    pub count: u32,
}

impl OtpLogEntry {
    /// One code handed out to `token_name` at `created_at`.
    pub fn one(account_id: i64, token_name: Option<String>, created_at: i64) -> Self {
        OtpLogEntry {
            account_id,
            token_name,
            created_at,
            count: 1,
        }
    }
}

/// A log row's sealed payload.
#[derive(Serialize, Deserialize)]
struct Entry {
    a: i64,
    t: Option<String>,
    c: i64,
    /// Absent (1) in rows written before bursts were counted, and whenever it is 1.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    n: u32,
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

const TABLE: &str = "otp_logs";

/// Seal one entry (also used by the migration and re-keying).
pub(super) fn seal(keys: &Keys, e: &OtpLogEntry) -> Result<Vec<u8>> {
    let plain = to_plain(&Entry {
        a: e.account_id,
        t: e.token_name.clone(),
        c: e.created_at,
        n: e.count.max(1),
    })?;
    keys.seal(TABLE, 0, 0, &[], &plain)
}

/// Open one entry; `None` when it fails its check.
pub(super) fn open_entry(keys: &Keys, sealed: &[u8]) -> Option<OtpLogEntry> {
    let plain = keys.open_named(TABLE, 0, 0, &[], sealed).ok()?;
    let e: Entry = serde_json::from_slice(&plain).ok()?;
    Some(OtpLogEntry {
        account_id: e.a,
        token_name: e.t,
        created_at: e.c,
        count: e.n.max(1),
    })
}

/// Every log row: `(row id, sealed)`, newest first. Rows of the wrong type are skipped.
pub(super) fn rows(conn: &Connection) -> Result<Vec<(i64, Vec<u8>)>> {
    let mut stmt = conn.prepare_cached("SELECT id, sealed FROM otp_logs ORDER BY id DESC")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        if let (Ok(id), Ok(sealed)) = (r.get(0), r.get(1)) {
            out.push((id, sealed));
        }
    }
    Ok(out)
}

/// Insert sealed entries in one transaction.
pub(super) fn insert(conn: &mut Connection, sealed: &[Vec<u8>]) -> Result<()> {
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare_cached("INSERT INTO otp_logs(sealed) VALUES (?1)")?;
        for s in sealed {
            stmt.execute(params![s])?;
        }
    }
    tx.commit()?;
    Ok(())
}

impl Vault {
    /// Run a write to the tables outside the head (OTP log, token use) on a connection of its
    /// own when the vault is a file, so the vault's lock is not held during it; in memory, on
    /// the vault's connection.
    pub(super) fn side_write<R>(&self, f: impl FnOnce(&mut Connection) -> Result<R>) -> Result<R> {
        if self.path == store::memory_path() {
            let mut inner = self.inner();
            return f(&mut inner.conn);
        }
        let store::Opened { mut conn, .. } = store::open(&self.path)?;
        let out = f(&mut conn)?;
        self.after_side_commit(&conn);
        Ok(out)
    }

    /// Append entries in one transaction (sealed first, under the vault's lock; written on a
    /// connection of their own).
    pub fn append_otp_logs(&self, entries: &[OtpLogEntry]) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let sealed = self.read(|o: &Unlocked| {
            entries
                .iter()
                .map(|e| seal(&o.keys, e))
                .collect::<Result<Vec<_>>>()
        })?;
        self.side_write(|conn| insert(conn, &sealed))
    }

    /// The newest `limit` entries of an account, newest first, not older than `since`. Rows
    /// that fail their check are skipped.
    pub fn otp_logs(&self, account_id: i64, since: i64, limit: usize) -> Result<Vec<OtpLogEntry>> {
        self.query(|conn, open| {
            let mut out = Vec::new();
            for (_, sealed) in rows(conn)? {
                if out.len() >= limit {
                    break;
                }
                if let Some(e) = open_entry(&open.keys, &sealed)
                    && e.account_id == account_id
                    && e.created_at >= since
                {
                    out.push(e);
                }
            }
            Ok(out)
        })
    }

    /// Forget the log of removed accounts.
    pub fn clear_otp_logs(&self, account_ids: &[i64]) -> Result<()> {
        self.write(|conn, open, _| {
            let doomed: Vec<i64> = rows(conn)?
                .into_iter()
                .filter(|(_, sealed)| {
                    open_entry(&open.keys, sealed)
                        .is_some_and(|e| account_ids.contains(&e.account_id))
                })
                .map(|(id, _)| id)
                .collect();
            let tx = conn.transaction()?;
            for id in doomed {
                tx.execute("DELETE FROM otp_logs WHERE id = ?1", [id])?;
            }
            tx.commit()?;
            Ok(())
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_count_of_one_is_left_out_and_rows_without_one_read_as_one() {
        let one: Entry = serde_json::from_str(r#"{"a":1,"t":null,"c":5}"#).unwrap();
        assert_eq!(one.n, 1);
        let plain = |n| {
            serde_json::to_value(Entry {
                a: 1,
                t: None,
                c: 5,
                n,
            })
            .unwrap()
        };
        assert_eq!(plain(1), serde_json::json!({"a": 1, "t": null, "c": 5}));
        assert_eq!(
            plain(7),
            serde_json::json!({"a": 1, "t": null, "c": 5, "n": 7})
        );
    }
}
