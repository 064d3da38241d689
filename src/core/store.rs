//! The vault file: SQLite schema, pragmas, migrations, the header and raw sealed rows.
//!
//! This layer knows tables and blobs, not OTP: sealing and unsealing happen in
//! [`super::vault`]. Plaintext columns are ids, UUIDs, `group_id`, `position` and timestamps;
//! everything else of an account or group lives in the `sealed` blob.

use std::fs::{self, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::crypto::{KdfParams, SALT_LEN};
use super::error::{Error, Result};

/// The format version this build writes (`PRAGMA user_version`).
pub const FORMAT_VERSION: i64 = 1;

/// Schema of format version 1.
const SCHEMA_V1: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    sealed BLOB NOT NULL
);
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,
    position INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_used_at INTEGER,
    sealed BLOB NOT NULL
);
CREATE INDEX accounts_group ON accounts(group_id);
CREATE TABLE tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    last_used_at INTEGER,
    revoked_at INTEGER,
    scope TEXT NOT NULL DEFAULT 'admin'
);
CREATE TABLE otp_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL,
    token_name TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX otp_logs_account ON otp_logs(account_id);
CREATE TABLE icons (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    sealed BLOB NOT NULL
);
CREATE TABLE settings (key TEXT PRIMARY KEY, sealed BLOB NOT NULL);
-- One counter bumped by every change to accounts or groups, so a reader can tell a commit that
-- touched them from one that only wrote the OTP log or token use (see `generation`).
CREATE TABLE changes (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL);
INSERT INTO changes (id, generation) VALUES (1, 0);
CREATE TRIGGER accounts_insert AFTER INSERT ON accounts BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER accounts_update AFTER UPDATE ON accounts BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER accounts_delete AFTER DELETE ON accounts BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER groups_insert AFTER INSERT ON groups BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER groups_update AFTER UPDATE ON groups BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER groups_delete AFTER DELETE ON groups BEGIN UPDATE changes SET generation = generation + 1; END;
";

/// Associated data binding a sealed blob to its table and row: `otty/v1/<table>/<id>`.
pub fn row_aad(table: &str, id: i64) -> Vec<u8> {
    // Built by hand: this runs once per row on every unlock, and `format!` costs more.
    let mut aad = Vec::with_capacity(9 + table.len() + 20);
    aad.extend_from_slice(b"otty/v1/");
    aad.extend_from_slice(table.as_bytes());
    aad.push(b'/');
    aad.extend_from_slice(id.to_string().as_bytes());
    aad
}

/// The key-derivation header: salt, cost parameters and the wrapped vault key.
#[derive(Clone, PartialEq, Eq)]
pub struct Header {
    /// Argon2 salt.
    pub salt: [u8; SALT_LEN],
    /// Argon2id parameters.
    pub kdf: KdfParams,
    /// The vault key sealed with the password key.
    pub wrapped_key: Vec<u8>,
}

impl Header {
    /// Associated data for the wrapped key: binds it to the salt and parameters.
    pub fn aad(&self) -> Vec<u8> {
        let mut aad = b"otty/v1/meta/wrapped_key/".to_vec();
        aad.extend_from_slice(&self.salt);
        for n in [
            self.kdf.memory_kib,
            self.kdf.iterations,
            self.kdf.parallelism,
        ] {
            aad.extend_from_slice(&n.to_le_bytes());
        }
        aad
    }
}

/// One raw row of `accounts` or `groups`.
#[derive(Clone, PartialEq, Eq)]
pub struct RawRow {
    /// Row id.
    pub id: i64,
    /// Random UUID.
    pub uuid: String,
    /// Group (accounts only).
    pub group_id: Option<i64>,
    /// Sort position.
    pub position: i64,
    /// Created, unix seconds.
    pub created_at: i64,
    /// Updated, unix seconds.
    pub updated_at: i64,
    /// Last used, unix seconds (accounts only).
    pub last_used_at: Option<i64>,
    /// The sealed blob.
    pub sealed: Vec<u8>,
}

/// Create the file (0600, never overwriting) and its directory (0700) if missing.
pub fn create_file(path: &Path) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(io)?;
    }
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::AlreadyExists {
            path: path.to_owned(),
        }),
        Err(e) => Err(io(e)),
    }
}

/// Largest size the write-ahead log is left at after a checkpoint, in bytes.
const JOURNAL_SIZE_LIMIT: i64 = 1024 * 1024;

/// Set the pragmas every connection needs: WAL with full syncs, foreign keys, and
/// `secure_delete`, so a removed row's bytes (its sealed blob, UUID and times) are overwritten
/// with zeros in the page instead of lingering in free space; `journal_size_limit` keeps the
/// WAL from keeping old page images beyond a checkpoint.
fn configure(conn: &mut Connection) -> Result<()> {
    wait_when_busy(conn)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.pragma_update(None, "journal_size_limit", JOURNAL_SIZE_LIMIT)?;
    Ok(())
}

/// Copy every committed page from the WAL into the main file and truncate the WAL to zero
/// bytes, so old page images (a removed row, an old wrapped key) leave the files. Returns
/// whether it completed: another connection in the middle of a read or write can hold it back,
/// and it is then retried at the next call (SQLite also checkpoints on its own).
pub fn checkpoint(conn: &Connection) -> Result<bool> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    Ok(busy == 0)
}

/// How many times [`wait_when_busy`] retries a locked database, one millisecond apart: about
/// ten seconds in all before "database is locked" reaches anyone.
const BUSY_RETRIES: i32 = 10_000;

/// Retry a locked database every millisecond. SQLite's own `busy_timeout` backs off to 100 ms
/// sleeps, so a process that commits in a tight loop (a busy API server) could starve another
/// one (`otty code`) for the whole timeout; short sleeps let it in between two commits.
fn wait_when_busy(conn: &mut Connection) -> Result<()> {
    conn.busy_handler(Some(|attempt: i32| {
        std::thread::sleep(std::time::Duration::from_millis(1));
        attempt < BUSY_RETRIES
    }))?;
    Ok(())
}

/// Create the schema and header in a fresh database.
pub fn initialise(conn: &mut Connection, header: &Header, now: i64) -> Result<()> {
    configure(conn)?;
    let tx = conn.transaction()?;
    tx.execute_batch(SCHEMA_V1)?;
    write_header(&tx, header)?;
    tx.execute(
        "INSERT INTO meta(key, value) VALUES ('created_at', ?1)",
        params![now],
    )?;
    tx.pragma_update(None, "user_version", FORMAT_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// The tables of format version 1.
const TABLES_V1: [&str; 8] = [
    "meta", "groups", "accounts", "tokens", "otp_logs", "icons", "settings", "changes",
];

fn table_names(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
    let names = stmt.query_map([], |r| r.get(0))?;
    names.collect()
}

/// Open an existing vault file without modifying it unless it is ours and current.
pub fn open(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(Error::NoVault {
            path: path.to_owned(),
        });
    }
    let not_vault = || Error::NotAVault {
        path: path.to_owned(),
    };
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| not_vault())?;
    // Before the first query: a file busy with another process's commit is not "not a vault".
    wait_when_busy(&mut conn)?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|_| not_vault())?;
    if version > FORMAT_VERSION {
        return Err(Error::TooNew {
            path: path.to_owned(),
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    let tables = table_names(&conn).map_err(|_| not_vault())?;
    if version < 1 || !tables.iter().any(|t| t == "meta") {
        return Err(not_vault());
    }
    // Ours, but a table was dropped: damaged, and refused before anything is read or written.
    if let Some(missing) = TABLES_V1.iter().find(|t| !tables.iter().any(|n| n == *t)) {
        return Err(Error::BadHeader {
            path: path.to_owned(),
            what: format!("the {missing} table is missing"),
        });
    }
    configure(&mut conn)?;
    add_token_scope(&mut conn)?;
    // Forward-only migrations go here: `if version < 2 { migrate_v2(&conn)?; }`.
    Ok(conn)
}

/// Whether the `tokens` table has a `scope` column.
fn has_token_scope(conn: &Connection) -> Result<bool> {
    let mut stmt =
        conn.prepare("SELECT 1 FROM pragma_table_info('tokens') WHERE name = 'scope'")?;
    Ok(stmt.exists([])?)
}

/// Format-1 vaults made before token scopes have no `tokens.scope` column: add it, every
/// existing token keeping `admin` (all it could do before). Checked again inside the write
/// transaction, so two processes opening the same old vault add it once. A vault that has the
/// column is not written to.
fn add_token_scope(conn: &mut Connection) -> Result<()> {
    if has_token_scope(conn)? {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if !has_token_scope(&tx)? {
        tx.execute_batch("ALTER TABLE tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'admin'")?;
    }
    tx.commit()?;
    Ok(())
}

/// Open a fresh in-memory database (demo vault, tests).
pub fn open_in_memory() -> Result<Connection> {
    Ok(Connection::open_in_memory()?)
}

/// A header value, if present and a blob: a value of another type reads as missing, so a
/// tampered header is [`Error::BadHeader`], not a database error.
fn meta_blob(conn: &Connection, key: &str) -> Result<Option<Vec<u8>>> {
    let value: Option<Value> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?;
    Ok(match value {
        Some(Value::Blob(b)) => Some(b),
        _ => None,
    })
}

/// Read the key-derivation header.
pub fn read_header(conn: &Connection, path: &Path) -> Result<Header> {
    let bad = |what: &str| Error::BadHeader {
        path: path.to_owned(),
        what: what.to_owned(),
    };
    let salt: [u8; SALT_LEN] = meta_blob(conn, "kdf_salt")?
        .and_then(|v| v.try_into().ok())
        .ok_or_else(|| bad("missing or malformed salt"))?;
    let number = |key: &str| -> Result<u32> {
        meta_blob(conn, key)?
            .and_then(|v| <[u8; 4]>::try_from(v).ok())
            .map(u32::from_le_bytes)
            .ok_or_else(|| bad(&format!("missing or malformed {key}")))
    };
    let kdf = KdfParams {
        memory_kib: number("kdf_memory_kib")?,
        iterations: number("kdf_iterations")?,
        parallelism: number("kdf_parallelism")?,
    };
    // Checked before any key derivation, so an edited header cannot make an unlock run for
    // minutes: it is refused here at once.
    kdf.validate().map_err(|e| match e {
        Error::Invalid { reason, .. } => bad(&format!(
            "key-derivation parameters out of range ({reason})"
        )),
        _ => bad("key-derivation parameters out of range"),
    })?;
    let wrapped_key = meta_blob(conn, "wrapped_key")?.ok_or_else(|| bad("missing wrapped key"))?;
    Ok(Header {
        salt,
        kdf,
        wrapped_key,
    })
}

/// Write (or replace) the key-derivation header.
pub fn write_header(conn: &Connection, header: &Header) -> Result<()> {
    let mut put = conn.prepare_cached("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)")?;
    put.execute(params!["kdf_salt", header.salt.to_vec()])?;
    put.execute(params![
        "kdf_memory_kib",
        header.kdf.memory_kib.to_le_bytes().to_vec()
    ])?;
    put.execute(params![
        "kdf_iterations",
        header.kdf.iterations.to_le_bytes().to_vec()
    ])?;
    put.execute(params![
        "kdf_parallelism",
        header.kdf.parallelism.to_le_bytes().to_vec()
    ])?;
    put.execute(params!["wrapped_key", header.wrapped_key.clone()])?;
    Ok(())
}

/// How many times accounts or groups were changed, by any connection (kept by triggers).
/// A missing row or a value that is not an integer is `Corrupted { table: "changes", id: 1 }`.
pub fn generation(conn: &Connection) -> Result<i64> {
    let value: Option<Value> = conn
        .prepare_cached("SELECT generation FROM changes WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    match value {
        Some(Value::Integer(n)) => Ok(n),
        _ => Err(Error::Corrupted {
            table: "changes",
            id: 1,
        }),
    }
}

/// `PRAGMA data_version`: changes when another connection commits.
pub fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
}

/// Table names with sealed rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// `accounts`.
    Accounts,
    /// `groups`.
    Groups,
}

impl Table {
    /// SQL name.
    pub fn name(self) -> &'static str {
        match self {
            Table::Accounts => "accounts",
            Table::Groups => "groups",
        }
    }
}

fn row_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok(RawRow {
        id: r.get(0)?,
        uuid: r.get(1)?,
        group_id: r.get(2)?,
        position: r.get(3)?,
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
        last_used_at: r.get(6)?,
        sealed: r.get(7)?,
    })
}

fn select(table: Table) -> String {
    match table {
        Table::Accounts => "SELECT id, uuid, group_id, position, created_at, updated_at, last_used_at, sealed FROM accounts".into(),
        Table::Groups => "SELECT id, uuid, NULL, position, created_at, updated_at, NULL, sealed FROM groups".into(),
    }
}

/// Read rows one by one: a row with a column of the wrong type (text where an integer
/// belongs, NULL in a blob…) is `Err(id)`; it never fails the others.
fn read_rows(mut rows: rusqlite::Rows<'_>) -> Result<Vec<Result<RawRow, i64>>> {
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        // `id` is the INTEGER PRIMARY KEY, the rowid itself: always an integer.
        let id: i64 = r.get(0)?;
        out.push(row_from(r).map_err(|_| id));
    }
    Ok(out)
}

/// Every row of a table, by id. A row with a column of the wrong type is `Err(id)`.
pub fn all_rows(conn: &Connection, table: Table) -> Result<Vec<Result<RawRow, i64>>> {
    let mut stmt = conn.prepare_cached(&format!("{} ORDER BY id", select(table)))?;
    read_rows(stmt.query([])?)
}

/// One row, if it exists. A column of the wrong type gives [`Error::Corrupted`].
pub fn row(conn: &Connection, table: Table, id: i64) -> Result<Option<RawRow>> {
    let mut stmt = conn.prepare_cached(&format!("{} WHERE id = ?1", select(table)))?;
    read_rows(stmt.query([id])?)?
        .pop()
        .map(|r| {
            r.map_err(|id| Error::Corrupted {
                table: table.name(),
                id,
            })
        })
        .transpose()
}

/// Insert a row with a placeholder blob and return its id (the caller seals with that id,
/// then calls [`set_sealed`] in the same transaction).
pub fn insert_row(conn: &Connection, table: Table, row: &RawRow) -> Result<i64> {
    match table {
        Table::Accounts => conn.execute(
            "INSERT INTO accounts(uuid, group_id, position, created_at, updated_at, last_used_at, sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, x'')",
            params![row.uuid, row.group_id, row.position, row.created_at, row.updated_at, row.last_used_at],
        )?,
        Table::Groups => conn.execute(
            "INSERT INTO groups(uuid, position, created_at, updated_at, sealed) VALUES (?1, ?2, ?3, ?4, x'')",
            params![row.uuid, row.position, row.created_at, row.updated_at],
        )?,
    };
    Ok(conn.last_insert_rowid())
}

/// Insert a row with a fresh UUID and a placeholder blob at `position`; the caller seals it
/// with the returned id and calls [`set_sealed`] in the same transaction.
pub fn new_row(
    conn: &Connection,
    table: Table,
    group_id: Option<i64>,
    position: i64,
    now: i64,
) -> Result<RawRow> {
    let mut row = RawRow {
        id: 0,
        uuid: uuid::Uuid::new_v4().to_string(),
        group_id,
        position,
        created_at: now,
        updated_at: now,
        last_used_at: None,
        sealed: Vec::new(),
    };
    row.id = insert_row(conn, table, &row)?;
    Ok(row)
}

/// Replace a row's sealed blob and `updated_at`.
pub fn set_sealed(conn: &Connection, table: Table, id: i64, sealed: &[u8], now: i64) -> Result<()> {
    let sql = format!(
        "UPDATE {} SET sealed = ?1, updated_at = ?2 WHERE id = ?3",
        table.name()
    );
    conn.prepare_cached(&sql)?
        .execute(params![sealed, now, id])?;
    Ok(())
}

/// Next free position at the end of a table.
pub fn next_position(conn: &Connection, table: Table) -> Result<i64> {
    let sql = format!(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM {}",
        table.name()
    );
    Ok(conn.query_row(&sql, [], |r| r.get(0))?)
}

/// Path helper for messages about in-memory vaults.
pub fn memory_path() -> PathBuf {
    PathBuf::from(":memory:")
}

/// Set an account's group.
pub fn set_group(conn: &Connection, id: i64, group_id: Option<i64>, now: i64) -> Result<()> {
    conn.prepare_cached("UPDATE accounts SET group_id = ?1, updated_at = ?2 WHERE id = ?3")?
        .execute(params![group_id, now, id])?;
    Ok(())
}

/// Set a row's sort position.
pub fn set_position(conn: &Connection, table: Table, id: i64, position: i64) -> Result<()> {
    let sql = format!("UPDATE {} SET position = ?1 WHERE id = ?2", table.name());
    conn.prepare_cached(&sql)?.execute(params![position, id])?;
    Ok(())
}

/// Record that an account handed out a code.
pub fn touch_used(conn: &Connection, id: i64, now: i64) -> Result<()> {
    conn.prepare_cached("UPDATE accounts SET last_used_at = ?1 WHERE id = ?2")?
        .execute(params![now, id])?;
    Ok(())
}

/// Delete a row; returns whether it existed.
pub fn delete_row(conn: &Connection, table: Table, id: i64) -> Result<bool> {
    let sql = format!("DELETE FROM {} WHERE id = ?1", table.name());
    Ok(conn.prepare_cached(&sql)?.execute([id])? > 0)
}
