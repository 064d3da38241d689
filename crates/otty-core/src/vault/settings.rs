//! Key/value settings kept sealed in the vault's `settings` table: the API's custom settings,
//! user preferences and small bits of state (replay records of `verify`, attempt budgets).
//!
//! Each row seals `{"k": key, "v": value}`; the row is found by a keyed hash of the key (the
//! `lookup` column, `vault/keys.rs`), so setting names are not in clear either, and the hash
//! is in the row's associated data, so a value cannot be moved to another key. Callers
//! namespace keys (`pref.`, `verify.`, `attempts.`, `deleted.` for tombstones). A row that fails its check is reported by
//! its id (`Corrupted { table: "settings", id }`).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::Vault;
use super::keys::Keys;
use super::payload::{open_json, to_plain};
use super::write::Write;
use crate::error::{Error, Result};
use crate::store::{self, Table};

/// A setting's sealed payload.
#[derive(Serialize, Deserialize)]
pub(super) struct Setting {
    /// The key.
    pub k: String,
    /// The value.
    pub v: serde_json::Value,
}

fn check_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > 200 {
        return Err(Error::invalid("key", "must be 1 to 200 characters"));
    }
    Ok(())
}

/// The value of setting `key` in `row` (if found); a row sealed for another key is
/// `Corrupted`.
fn value_of(
    keys: &Keys,
    key: &str,
    row: Option<store::RawRow>,
) -> Result<Option<serde_json::Value>> {
    let Some(row) = row else {
        return Ok(None);
    };
    let s: Setting = open_json(keys, Table::Settings, &row)?;
    if s.k != key {
        return Err(Error::Corrupted {
            table: "settings",
            id: row.id,
        });
    }
    Ok(Some(s.v))
}

/// One setting read with `conn`, as stored now (for reads that change nothing).
pub(super) fn read(conn: &Connection, keys: &Keys, key: &str) -> Result<Option<serde_json::Value>> {
    value_of(
        keys,
        key,
        store::row_by_lookup(conn, Table::Settings, &keys.lookup(key)?)?,
    )
}

/// One setting read inside the caller's write, checked against the head (see
/// [`Write::row_by_lookup`]): how one-time state (replay records, attempt budgets) is read.
pub(super) fn read_checked(
    w: &Write<'_>,
    keys: &Keys,
    key: &str,
) -> Result<Option<serde_json::Value>> {
    value_of(
        keys,
        key,
        w.row_by_lookup(Table::Settings, &keys.lookup(key)?)?,
    )
}

/// The plaintext and lookup of a setting (also used by the migration and re-keying).
pub(super) fn plain(
    keys: &Keys,
    key: &str,
    value: &serde_json::Value,
) -> Result<(Vec<u8>, zeroize::Zeroizing<Vec<u8>>)> {
    check_key(key)?;
    let plain = to_plain(&Setting {
        k: key.to_owned(),
        v: value.clone(),
    })?;
    Ok((keys.lookup(key)?, plain))
}

/// Set (or replace) one setting inside the caller's write.
pub(super) fn put(
    w: &mut Write<'_>,
    keys: &Keys,
    key: &str,
    value: &serde_json::Value,
) -> Result<()> {
    let (lookup, plain) = plain(keys, key, value)?;
    match w.row_by_lookup(Table::Settings, &lookup)? {
        Some(row) => w.update(keys, Table::Settings, row.id, &lookup, &plain),
        None => w
            .insert(keys, Table::Settings, None, &lookup, &plain)
            .map(|_| ()),
    }
}

/// Delete one setting inside the caller's write; returns whether it existed.
pub(super) fn delete(w: &mut Write<'_>, keys: &Keys, key: &str) -> Result<bool> {
    match w.row_by_lookup(Table::Settings, &keys.lookup(key)?)? {
        Some(row) => w.delete(Table::Settings, row.id),
        None => Ok(false),
    }
}

impl Vault {
    /// Every setting whose key starts with `prefix`, by key. Unreadable rows are skipped.
    pub fn settings_with_prefix(&self, prefix: &str) -> Result<Vec<(String, serde_json::Value)>> {
        self.query(|conn, open| {
            let mut out = Vec::new();
            for row in store::all_rows(conn, Table::Settings)?
                .into_iter()
                .flatten()
            {
                if let Ok(s) = open_json::<Setting>(&open.keys, Table::Settings, &row)
                    && s.k.starts_with(prefix)
                {
                    out.push((s.k, s.v));
                }
            }
            out.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(out)
        })
    }

    /// One setting, if set. A row that fails its check is [`Error::Corrupted`].
    pub fn setting(&self, key: &str) -> Result<Option<serde_json::Value>> {
        self.query(|conn, open| read(conn, &open.keys, key))
    }

    /// Set (or replace) a setting.
    pub fn set_setting(&self, key: &str, value: &serde_json::Value) -> Result<()> {
        check_key(key)?;
        self.write(|conn, open, _| {
            let mut w = Write::begin(conn, &open.keys)?;
            put(&mut w, &open.keys, key, value)?;
            w.commit(&open.keys)
        })
    }

    /// Delete a setting; returns whether it existed.
    pub fn remove_setting(&self, key: &str) -> Result<bool> {
        self.write(|conn, open, _| {
            let mut w = Write::begin(conn, &open.keys)?;
            let existed = delete(&mut w, &open.keys, key)?;
            w.commit(&open.keys)?;
            Ok(existed)
        })
    }
}
