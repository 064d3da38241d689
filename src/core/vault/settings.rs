//! Key/value settings kept sealed in the vault's `settings` table: the API's custom settings,
//! user preferences and small bits of state (replay windows of `verify`).
//!
//! Values are JSON, sealed with associated data `otty/v1/settings/<key>` so a value cannot be
//! moved to another key. Keys are plain text; callers namespace them (`pref.`, `verify.`). A row
//! that fails its check is reported by its SQLite rowid (`Corrupted { table: "settings", id }`).

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

use super::{Unlocked, Vault};
use crate::core::error::{Error, Result};
use crate::core::plaintext::{JsonLayout, json_plaintext};

fn aad(key: &str) -> Vec<u8> {
    format!("otty/v1/settings/{key}").into_bytes()
}

/// Open one row's value. Any failure, a value of the wrong type included, is
/// `Corrupted { table: "settings", id: <rowid> }`.
fn open_value(open: &Unlocked, key: &str, rowid: i64, sealed: &Value) -> Result<serde_json::Value> {
    let corrupted = || Error::Corrupted {
        table: "settings",
        id: rowid,
    };
    let Value::Blob(sealed) = sealed else {
        return Err(corrupted());
    };
    let plain = open
        .sealer
        .open(sealed, &aad(key))
        .map_err(|_| corrupted())?;
    serde_json::from_slice(&plain).map_err(|_| corrupted())
}

/// One setting read with `conn`, inside the caller's transaction when it has one (one-time
/// state such as replay records and attempt budgets is read this way, from the store, never
/// from a cache).
pub(super) fn read(
    conn: &Connection,
    open: &Unlocked,
    key: &str,
) -> Result<Option<serde_json::Value>> {
    let row: Option<(i64, Value)> = conn
        .prepare_cached("SELECT rowid, sealed FROM settings WHERE key = ?1")?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(rowid, sealed)| open_value(open, key, rowid, &sealed))
        .transpose()
}

/// Set (or replace) one setting with `conn`, inside the caller's transaction when it has one.
pub(super) fn put(
    conn: &Connection,
    open: &Unlocked,
    key: &str,
    value: &serde_json::Value,
) -> Result<()> {
    if key.is_empty() || key.len() > 200 {
        return Err(Error::invalid("key", "must be 1 to 200 characters"));
    }
    let plain = json_plaintext(value, JsonLayout::Compact)
        .map_err(|_| Error::invalid("value", "not JSON"))?;
    let sealed = open.sealer.seal(&plain, &aad(key))?;
    conn.prepare_cached("INSERT OR REPLACE INTO settings(key, sealed) VALUES (?1, ?2)")?
        .execute(params![key, sealed])?;
    Ok(())
}

/// Delete one setting with `conn`, inside the caller's transaction when it has one.
pub(super) fn delete(conn: &Connection, key: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM settings WHERE key = ?1")?
        .execute([key])?
        > 0)
}

impl Vault {
    /// Every setting whose key starts with `prefix`, by key. Unreadable rows are skipped.
    pub fn settings_with_prefix(&self, prefix: &str) -> Result<Vec<(String, serde_json::Value)>> {
        self.write(|conn, open, _| {
            let mut stmt =
                conn.prepare_cached("SELECT rowid, key, sealed FROM settings ORDER BY key")?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                let (Ok(rowid), Ok(key), Ok(sealed)) = (
                    row.get::<_, i64>(0),
                    row.get::<_, String>(1),
                    row.get::<_, Value>(2),
                ) else {
                    continue;
                };
                if key.starts_with(prefix)
                    && let Ok(v) = open_value(open, &key, rowid, &sealed)
                {
                    out.push((key, v));
                }
            }
            Ok(out)
        })
    }

    /// One setting, if set. A row that fails its check is [`Error::Corrupted`].
    pub fn setting(&self, key: &str) -> Result<Option<serde_json::Value>> {
        self.write(|conn, open, _| read(conn, open, key))
    }

    /// Set (or replace) a setting.
    pub fn set_setting(&self, key: &str, value: &serde_json::Value) -> Result<()> {
        self.write(|conn, open, _| put(conn, open, key, value))
    }

    /// Delete a setting; returns whether it existed.
    pub fn remove_setting(&self, key: &str) -> Result<bool> {
        self.write(|conn, _, _| delete(conn, key))
    }
}
