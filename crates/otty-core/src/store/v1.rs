//! Format 1, read once to migrate it to format 2 (see `vault/migrate.rs`).
//!
//! Format 1 kept ids, UUIDs, group ids, positions and times in clear columns, token names and
//! hashes and the OTP log in clear tables, and bound each sealed blob only to
//! `otty/v1/<table>/<id>`. Nothing here writes.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

/// The tables of format version 1.
pub const TABLES: [&str; 8] = [
    "meta", "groups", "accounts", "tokens", "otp_logs", "icons", "settings", "changes",
];

/// Format 1's associated data of a sealed row: `otty/v1/<table>/<id>`.
pub fn row_aad(table: &str, id: i64) -> Vec<u8> {
    format!("otty/v1/{table}/{id}").into_bytes()
}

/// Format 1's associated data of a setting: `otty/v1/settings/<key>`.
pub fn setting_aad(key: &str) -> Vec<u8> {
    format!("otty/v1/settings/{key}").into_bytes()
}

/// Format 1's associated data of the wrapped key: the salt and the KDF parameters.
pub fn wrapped_key_aad(salt: &[u8], memory_kib: u32, iterations: u32, parallelism: u32) -> Vec<u8> {
    let mut aad = b"otty/v1/meta/wrapped_key/".to_vec();
    aad.extend_from_slice(salt);
    for n in [memory_kib, iterations, parallelism] {
        aad.extend_from_slice(&n.to_le_bytes());
    }
    aad
}

/// An account or group row of format 1.
pub struct Row {
    /// Row id.
    pub id: i64,
    /// The account's random UUID, kept across copies of the vault.
    pub uuid: String,
    /// Group (accounts).
    pub group_id: Option<i64>,
    /// Sort position.
    pub position: i64,
    /// Created, unix seconds.
    pub created_at: i64,
    /// Updated, unix seconds.
    pub updated_at: i64,
    /// Last used (accounts).
    pub last_used_at: Option<i64>,
    /// Sealed blob.
    pub sealed: Vec<u8>,
}

/// Rows of `accounts` (`groups: false`) or `groups`; unreadable rows are left out.
pub fn rows(conn: &Connection, groups: bool) -> Result<Vec<Row>> {
    let sql = if groups {
        "SELECT id, uuid, NULL, position, created_at, updated_at, NULL, sealed FROM groups ORDER BY id"
    } else {
        "SELECT id, uuid, group_id, position, created_at, updated_at, last_used_at, sealed FROM accounts ORDER BY id"
    };
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let row = (|| {
            Ok::<_, rusqlite::Error>(Row {
                id: r.get(0)?,
                uuid: r.get(1)?,
                group_id: r.get(2)?,
                position: r.get(3)?,
                created_at: r.get(4)?,
                updated_at: r.get(5)?,
                last_used_at: r.get(6)?,
                sealed: r.get(7)?,
            })
        })();
        if let Ok(row) = row {
            out.push(row);
        }
    }
    Ok(out)
}

/// A token of format 1 (clear).
pub struct Token {
    /// Row id.
    pub id: i64,
    /// The token's name as stored in format 1.
    pub name: String,
    /// SHA-256 of the token.
    pub hash: Vec<u8>,
    /// Created.
    pub created_at: i64,
    /// Expiry.
    pub expires_at: Option<i64>,
    /// Last use.
    pub last_used_at: Option<i64>,
    /// Revocation.
    pub revoked_at: Option<i64>,
    /// Scope name (`admin` for vaults made before scopes).
    pub scope: String,
}

/// Every readable token row.
pub fn tokens(conn: &Connection) -> Result<Vec<Token>> {
    let has_scope = conn
        .prepare("SELECT 1 FROM pragma_table_info('tokens') WHERE name = 'scope'")?
        .exists([])?;
    let sql = format!(
        "SELECT id, name, hash, created_at, expires_at, last_used_at, revoked_at, {} FROM tokens ORDER BY id",
        if has_scope { "scope" } else { "'admin'" }
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let t = (|| {
            Ok::<_, rusqlite::Error>(Token {
                id: r.get(0)?,
                name: r.get(1)?,
                hash: r.get(2)?,
                created_at: r.get(3)?,
                expires_at: r.get(4)?,
                last_used_at: r.get(5)?,
                revoked_at: r.get(6)?,
                scope: r.get(7)?,
            })
        })();
        if let Ok(t) = t {
            out.push(t);
        }
    }
    Ok(out)
}

/// Every readable OTP-log row: `(account id, token name, time)`.
pub fn otp_logs(conn: &Connection) -> Result<Vec<(i64, Option<String>, i64)>> {
    let mut stmt =
        conn.prepare("SELECT account_id, token_name, created_at FROM otp_logs ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        if let (Ok(a), Ok(t), Ok(c)) = (r.get(0), r.get(1), r.get(2)) {
            out.push((a, t, c));
        }
    }
    Ok(out)
}

/// Every icon row: `(id, name, sealed)`.
pub fn icons(conn: &Connection) -> Result<Vec<(i64, String, Vec<u8>)>> {
    let mut stmt = conn.prepare("SELECT id, name, sealed FROM icons ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        if let (Ok(i), Ok(n), Ok(s)) = (r.get(0), r.get(1), r.get(2)) {
            out.push((i, n, s));
        }
    }
    Ok(out)
}

/// Every setting row: `(key, sealed)`.
pub fn settings(conn: &Connection) -> Result<Vec<(String, Vec<u8>)>> {
    let mut stmt = conn.prepare("SELECT key, sealed FROM settings ORDER BY key")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        if let (Ok(k), Ok(Value::Blob(s))) = (r.get::<_, String>(0), r.get::<_, Value>(1)) {
            out.push((k, s));
        }
    }
    Ok(out)
}

/// The `created_at` of the vault, if recorded.
pub fn created_at(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = 'created_at'", [], |r| {
            r.get::<_, i64>(0)
        })
        .optional()
        .ok()
        .flatten())
}
