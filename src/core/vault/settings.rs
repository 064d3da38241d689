//! Key/value settings kept sealed in the vault's `settings` table: the API's custom settings,
//! user preferences and small bits of state (replay windows of `verify`).
//!
//! Values are JSON, sealed with associated data `otty/v1/settings/<key>` so a value cannot be
//! moved to another key. Keys are plain text; callers namespace them (`pref.`, `verify.`).

use rusqlite::{OptionalExtension, params};
use zeroize::Zeroizing;

use super::{Unlocked, Vault};
use crate::core::error::{Error, Result};

fn aad(key: &str) -> Vec<u8> {
    format!("otty/v1/settings/{key}").into_bytes()
}

fn open_value(open: &Unlocked, key: &str, sealed: &[u8]) -> Result<serde_json::Value> {
    let corrupted = || Error::Corrupted {
        table: "settings",
        id: 0,
    };
    let plain = open
        .sealer
        .open(sealed, &aad(key))
        .map_err(|_| corrupted())?;
    serde_json::from_slice(&plain).map_err(|_| corrupted())
}

impl Vault {
    /// Every setting whose key starts with `prefix`, by key. Unreadable rows are skipped.
    pub fn settings_with_prefix(&self, prefix: &str) -> Result<Vec<(String, serde_json::Value)>> {
        self.write(|conn, open, _| {
            let mut stmt = conn.prepare_cached("SELECT key, sealed FROM settings ORDER BY key")?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (key, sealed) = row?;
                if key.starts_with(prefix)
                    && let Ok(v) = open_value(open, &key, &sealed)
                {
                    out.push((key, v));
                }
            }
            Ok(out)
        })
    }

    /// One setting, if set.
    pub fn setting(&self, key: &str) -> Result<Option<serde_json::Value>> {
        self.write(|conn, open, _| {
            let sealed: Option<Vec<u8>> = conn
                .query_row("SELECT sealed FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?;
            sealed.map(|s| open_value(open, key, &s)).transpose()
        })
    }

    /// Set (or replace) a setting.
    pub fn set_setting(&self, key: &str, value: &serde_json::Value) -> Result<()> {
        if key.is_empty() || key.len() > 200 {
            return Err(Error::invalid("key", "must be 1 to 200 characters"));
        }
        self.write(|conn, open, _| {
            let plain = Zeroizing::new(
                serde_json::to_vec(value).map_err(|_| Error::invalid("value", "not JSON"))?,
            );
            let sealed = open.sealer.seal(&plain, &aad(key))?;
            conn.execute(
                "INSERT OR REPLACE INTO settings(key, sealed) VALUES (?1, ?2)",
                params![key, sealed],
            )?;
            Ok(())
        })
    }

    /// Delete a setting; returns whether it existed.
    pub fn remove_setting(&self, key: &str) -> Result<bool> {
        self.write(|conn, _, _| Ok(conn.execute("DELETE FROM settings WHERE key = ?1", [key])? > 0))
    }
}
