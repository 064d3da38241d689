//! The vault file: SQLite schema (format 2), pragmas, the header and raw sealed rows.
//!
//! This layer knows tables and blobs, not OTP and not keys: sealing, opening and the vault-wide
//! commitment happen in [`super::vault`]. Every sealed table keeps only an id, a per-row
//! version and the sealed blob in clear, plus the one lookup column a table needs (an icon's
//! random file name, a setting's keyed hash); `docs/FORMAT.md` lists every clear column and
//! why it is there. Format 1 is read once, to migrate it (`store/v1.rs`).

pub mod v1;

use std::fs::{self, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::crypto::{KdfParams, SALT_LEN};
use super::error::{Error, Result};

/// The format version this build writes (`PRAGMA user_version`).
pub const FORMAT_VERSION: i64 = 2;

/// Schema of format version 2.
const SCHEMA_V2: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE head (id INTEGER PRIMARY KEY CHECK (id = 1), sealed BLOB NOT NULL);
CREATE TABLE accounts (id INTEGER PRIMARY KEY AUTOINCREMENT, version INTEGER NOT NULL, sealed BLOB NOT NULL);
CREATE TABLE groups (id INTEGER PRIMARY KEY AUTOINCREMENT, version INTEGER NOT NULL, sealed BLOB NOT NULL);
CREATE TABLE tokens (id INTEGER PRIMARY KEY AUTOINCREMENT, version INTEGER NOT NULL, sealed BLOB NOT NULL);
CREATE TABLE icons (id INTEGER PRIMARY KEY AUTOINCREMENT, version INTEGER NOT NULL, name TEXT NOT NULL UNIQUE, sealed BLOB NOT NULL);
CREATE TABLE settings (id INTEGER PRIMARY KEY AUTOINCREMENT, version INTEGER NOT NULL, lookup BLOB NOT NULL UNIQUE, sealed BLOB NOT NULL);
CREATE TABLE otp_logs (id INTEGER PRIMARY KEY AUTOINCREMENT, sealed BLOB NOT NULL);
CREATE TABLE token_use (token_id INTEGER PRIMARY KEY, last_used_at INTEGER NOT NULL);
-- One counter bumped by every change to a committed table or the head, so a reader can tell a
-- commit that touched them from one that only wrote the OTP log or token use (see `generation`).
CREATE TABLE changes (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL);
INSERT INTO changes (id, generation) VALUES (1, 0);
CREATE TRIGGER accounts_insert AFTER INSERT ON accounts BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER accounts_update AFTER UPDATE ON accounts BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER accounts_delete AFTER DELETE ON accounts BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER groups_insert AFTER INSERT ON groups BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER groups_update AFTER UPDATE ON groups BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER groups_delete AFTER DELETE ON groups BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER tokens_change AFTER UPDATE ON tokens BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER tokens_insert AFTER INSERT ON tokens BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER tokens_delete AFTER DELETE ON tokens BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER icons_insert AFTER INSERT ON icons BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER icons_delete AFTER DELETE ON icons BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER settings_change AFTER UPDATE ON settings BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER settings_insert AFTER INSERT ON settings BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER settings_delete AFTER DELETE ON settings BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER head_change AFTER UPDATE ON head BEGIN UPDATE changes SET generation = generation + 1; END;
CREATE TRIGGER head_delete AFTER DELETE ON head BEGIN UPDATE changes SET generation = generation + 1; END;
";

/// The tables of format version 2.
const TABLES_V2: [&str; 10] = [
    "meta",
    "head",
    "accounts",
    "groups",
    "tokens",
    "icons",
    "settings",
    "otp_logs",
    "token_use",
    "changes",
];

/// The key-derivation header: salt, cost parameters, the wrapped vault key, the vault's random
/// id and the key epoch (bumped each time `passwd` replaces the vault key).
#[derive(Clone, PartialEq, Eq)]
pub struct Header {
    /// Argon2 salt.
    pub salt: [u8; SALT_LEN],
    /// Argon2id parameters.
    pub kdf: KdfParams,
    /// The vault key sealed with the password key.
    pub wrapped_key: Vec<u8>,
    /// Random id of this vault, in every row's associated data.
    pub vault_id: [u8; 16],
    /// How many times the vault key was replaced.
    pub epoch: u32,
}

impl Header {
    /// Associated data for the wrapped key: binds it to the format version, the vault id, the
    /// key epoch, the salt and the parameters, so lowering `user_version` or editing any of
    /// them makes the key fail to unwrap.
    pub fn aad(&self) -> Vec<u8> {
        let mut aad = b"otty/v2/meta/wrapped_key/".to_vec();
        aad.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        aad.extend_from_slice(&self.vault_id);
        aad.extend_from_slice(&self.epoch.to_le_bytes());
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

    /// SHA-256 of every header field, committed to by the vault's head.
    pub fn digest(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.aad());
        h.update(&self.wrapped_key);
        h.finalize().into()
    }
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

/// SQLite's page cache per connection, in KiB (SQLite's default is 2,000).
const CACHE_KIB: i64 = 256;

/// Largest size the write-ahead log is left at after a checkpoint, in bytes.
const JOURNAL_SIZE_LIMIT: i64 = 1024 * 1024;

/// Set the pragmas every connection needs: WAL with full syncs, foreign keys, and
/// `secure_delete`, so a removed row's bytes (its sealed blob, UUID and times) are overwritten
/// with zeros in the page instead of lingering in free space; `journal_size_limit` keeps the
/// WAL from keeping old page images beyond a checkpoint. The page cache is small
/// (`CACHE_KIB`): rows are read once at unlock and kept decrypted in memory, so the cache only
/// serves writes, which touch a few pages each.
fn configure(conn: &mut Connection) -> Result<()> {
    wait_when_busy(conn)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.pragma_update(None, "journal_size_limit", JOURNAL_SIZE_LIMIT)?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
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

/// Copy every committed page the WAL holds into the main file without waiting for anyone (a
/// passive checkpoint), so the main file alone is a whole vault. Returns whether every frame
/// was copied: a reader elsewhere still reading an older snapshot holds the rest back, and the
/// caller tries again later. An in-memory database (no WAL) is always whole.
pub fn checkpoint_passive(conn: &Connection) -> Result<bool> {
    let (busy, log, copied): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    Ok(busy == 0 && log == copied)
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
    tx.execute_batch(SCHEMA_V2)?;
    write_header(&tx, header)?;
    tx.execute(
        "INSERT INTO meta(key, value) VALUES ('created_at', ?1)",
        params![now],
    )?;
    tx.pragma_update(None, "user_version", FORMAT_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// Replace a format-1 schema by format 2's inside the caller's transaction (the migration
/// has read every format-1 row first).
pub fn replace_schema_v1(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DROP TABLE accounts; DROP TABLE groups; DROP TABLE tokens; DROP TABLE otp_logs;
         DROP TABLE icons; DROP TABLE settings; DROP TABLE changes;",
    )?;
    let without_meta = SCHEMA_V2.replacen(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);",
        "",
        1,
    );
    conn.execute_batch(&without_meta)?;
    conn.pragma_update(None, "user_version", FORMAT_VERSION)?;
    Ok(())
}

fn table_names(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
    let names = stmt.query_map([], |r| r.get(0))?;
    names.collect()
}

/// What [`open`] found: the connection and the format version of the file.
pub struct Opened {
    /// The connection, configured.
    pub conn: Connection,
    /// 1 (to be migrated at unlock) or [`FORMAT_VERSION`].
    pub version: i64,
}

/// Open an existing vault file without modifying it unless it is ours: refuses files that are
/// not otty vaults, come from a newer otty, or miss one of their tables.
pub fn open(path: &Path) -> Result<Opened> {
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
    let expected: &[&str] = if version == 1 {
        &v1::TABLES
    } else {
        &TABLES_V2
    };
    // Ours, but a table was dropped: damaged, and refused before anything is read or written.
    if let Some(missing) = expected.iter().find(|t| !tables.iter().any(|n| n == *t)) {
        return Err(Error::BadHeader {
            path: path.to_owned(),
            what: format!("the {missing} table is missing"),
        });
    }
    // A format-2 vault whose version was lowered: refused rather than read as format 1.
    if version == 1 && meta_blob(&conn, "vault_id")?.is_some() {
        return Err(Error::BadHeader {
            path: path.to_owned(),
            what: "its format version was lowered".into(),
        });
    }
    configure(&mut conn)?;
    Ok(Opened { conn, version })
}

/// Whether a database holds an otty vault, by what every vault has from its creation on: a
/// format version (`user_version`) of 1 or more and, in its `meta` table, the key-derivation
/// header's salt and wrapped key. Any other SQLite file, another app's database or an empty
/// one, has neither. A vault from a newer otty counts: [`open`] then says it is too new.
pub fn is_vault(conn: &Connection) -> bool {
    let version = conn
        .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .unwrap_or(0);
    version >= 1
        && ["kdf_salt", "wrapped_key"]
            .iter()
            .all(|key| matches!(meta_blob(conn, key), Ok(Some(_))))
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

fn bad_header(path: &Path, what: &str) -> Error {
    Error::BadHeader {
        path: path.to_owned(),
        what: what.to_owned(),
    }
}

/// Read the salt and the KDF parameters (both formats), refusing parameters out of range
/// before any key derivation, so an edited header cannot make an unlock run for minutes.
pub fn read_kdf(conn: &Connection, path: &Path) -> Result<([u8; SALT_LEN], KdfParams, Vec<u8>)> {
    let salt: [u8; SALT_LEN] = meta_blob(conn, "kdf_salt")?
        .and_then(|v| v.try_into().ok())
        .ok_or_else(|| bad_header(path, "missing or malformed salt"))?;
    let number = |key: &str| -> Result<u32> {
        meta_blob(conn, key)?
            .and_then(|v| <[u8; 4]>::try_from(v).ok())
            .map(u32::from_le_bytes)
            .ok_or_else(|| bad_header(path, &format!("missing or malformed {key}")))
    };
    let kdf = KdfParams {
        memory_kib: number("kdf_memory_kib")?,
        iterations: number("kdf_iterations")?,
        parallelism: number("kdf_parallelism")?,
    };
    kdf.validate().map_err(|e| match e {
        Error::Invalid { reason, .. } => bad_header(
            path,
            &format!("key-derivation parameters out of range ({reason})"),
        ),
        _ => bad_header(path, "key-derivation parameters out of range"),
    })?;
    let wrapped_key =
        meta_blob(conn, "wrapped_key")?.ok_or_else(|| bad_header(path, "missing wrapped key"))?;
    Ok((salt, kdf, wrapped_key))
}

/// Read the format-2 header.
pub fn read_header(conn: &Connection, path: &Path) -> Result<Header> {
    let (salt, kdf, wrapped_key) = read_kdf(conn, path)?;
    let vault_id: [u8; 16] = meta_blob(conn, "vault_id")?
        .and_then(|v| v.try_into().ok())
        .ok_or_else(|| bad_header(path, "missing or malformed vault id"))?;
    let epoch = meta_blob(conn, "key_epoch")?
        .and_then(|v| <[u8; 4]>::try_from(v).ok())
        .map(u32::from_le_bytes)
        .ok_or_else(|| bad_header(path, "missing or malformed key epoch"))?;
    Ok(Header {
        salt,
        kdf,
        wrapped_key,
        vault_id,
        epoch,
    })
}

/// The key epoch stored now (read inside a write transaction to notice another process's
/// `passwd`). `None` when unreadable.
pub fn epoch(conn: &Connection) -> Result<Option<u32>> {
    Ok(meta_blob(conn, "key_epoch")?
        .and_then(|v| <[u8; 4]>::try_from(v).ok())
        .map(u32::from_le_bytes))
}

/// Write (or replace) the format-2 header.
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
    put.execute(params!["vault_id", header.vault_id.to_vec()])?;
    put.execute(params!["key_epoch", header.epoch.to_le_bytes().to_vec()])?;
    Ok(())
}

/// SHA-256 of the schema (every table, index and trigger SQLite knows, but its own), committed
/// to by the vault's head so a dropped trigger or an added table is noticed.
pub fn schema_digest(conn: &Connection) -> Result<[u8; 32]> {
    let mut stmt = conn.prepare_cached(
        "SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master
         WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let mut rows = stmt.query([])?;
    let mut h = Sha256::new();
    while let Some(r) = rows.next()? {
        for i in 0..4 {
            let text: String = r.get(i)?;
            h.update((text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
    }
    Ok(h.finalize().into())
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

/// The sealed tables the head commits to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    /// `accounts`.
    Accounts,
    /// `groups`.
    Groups,
    /// `tokens`.
    Tokens,
    /// `icons`.
    Icons,
    /// `settings`.
    Settings,
}

impl Table {
    /// Every committed table.
    pub const ALL: [Table; 5] = [
        Table::Accounts,
        Table::Groups,
        Table::Tokens,
        Table::Icons,
        Table::Settings,
    ];

    /// SQL name.
    pub fn name(self) -> &'static str {
        match self {
            Table::Accounts => "accounts",
            Table::Groups => "groups",
            Table::Tokens => "tokens",
            Table::Icons => "icons",
            Table::Settings => "settings",
        }
    }

    /// The table's lookup column, if it has one (`icons.name`, `settings.lookup`).
    fn lookup(self) -> Option<&'static str> {
        match self {
            Table::Icons => Some("name"),
            Table::Settings => Some("lookup"),
            _ => None,
        }
    }
}

/// One raw row of a sealed table.
#[derive(Clone, PartialEq, Eq)]
pub struct RawRow {
    /// Row id.
    pub id: i64,
    /// Per-row version: 1 when inserted, one more at each write.
    pub version: i64,
    /// The lookup column's bytes (icons: the name; settings: the keyed hash), else empty.
    pub lookup: Vec<u8>,
    /// The sealed blob.
    pub sealed: Vec<u8>,
}

/// A row's identity in the head: id, version and the last 8 bytes of its blob's tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    /// Row id.
    pub id: i64,
    /// Per-row version.
    pub version: i64,
    /// The blob's last 8 bytes (the end of its authentication tag).
    pub tag: [u8; 8],
}

/// The last 8 bytes of a sealed blob (zeros for a blob shorter than that).
pub fn tag_of(sealed: &[u8]) -> [u8; 8] {
    sealed
        .len()
        .checked_sub(8)
        .and_then(|start| sealed[start..].try_into().ok())
        .unwrap_or([0; 8])
}

fn lookup_expr(table: Table) -> String {
    match table.lookup() {
        Some("name") => "CAST(name AS BLOB)".into(),
        Some(col) => col.into(),
        None => "x''".into(),
    }
}

/// Read rows one by one: a row with a column of the wrong type is `Err(id)`; it never fails
/// the others.
fn read_rows(mut rows: rusqlite::Rows<'_>) -> Result<Vec<Result<RawRow, i64>>> {
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        // `id` is the INTEGER PRIMARY KEY, the rowid itself: always an integer.
        let id: i64 = r.get(0)?;
        let row = (|| {
            Ok::<_, rusqlite::Error>(RawRow {
                id,
                version: r.get(1)?,
                lookup: r.get(2)?,
                sealed: r.get(3)?,
            })
        })();
        out.push(row.map_err(|_| id));
    }
    Ok(out)
}

fn select(table: Table) -> String {
    format!(
        "SELECT id, version, {}, sealed FROM {}",
        lookup_expr(table),
        table.name()
    )
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

/// The row whose lookup column is `lookup` (icons by name, settings by keyed hash).
pub fn row_by_lookup(conn: &Connection, table: Table, lookup: &[u8]) -> Result<Option<RawRow>> {
    let Some(col) = table.lookup() else {
        return Ok(None);
    };
    let sql = format!("{} WHERE {col} = ?1", select(table));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = if col == "name" {
        let name = String::from_utf8_lossy(lookup).into_owned();
        read_rows(stmt.query([name])?)?
    } else {
        read_rows(stmt.query([lookup])?)?
    };
    rows.into_iter()
        .next()
        .map(|r| {
            r.map_err(|id| Error::Corrupted {
                table: table.name(),
                id,
            })
        })
        .transpose()
}

/// The fingerprint of every row of a table, reading only the blob's tail (icons can be
/// megabytes). A version of the wrong type reads as -1 and a blob of the wrong type as eight
/// zeros, so such a row never matches the head.
pub fn fingerprints(conn: &Connection, table: Table) -> Result<Vec<Fingerprint>> {
    let sql = format!(
        "SELECT id, version, substr(sealed, -8) FROM {} ORDER BY id",
        table.name()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let version = r.get::<_, i64>(1).unwrap_or(-1);
        let tag = match r.get::<_, Value>(2) {
            Ok(Value::Blob(b)) => tag_of(&b),
            _ => [0; 8],
        };
        out.push(Fingerprint { id, version, tag });
    }
    Ok(out)
}

/// Insert a row with a placeholder blob (version 0) and return its id: the caller seals with
/// that id and calls [`set_sealed`] in the same transaction. `id` asks for a given id (the
/// migration keeps format 1's ids).
pub fn insert_placeholder(
    conn: &Connection,
    table: Table,
    id: Option<i64>,
    lookup: &[u8],
) -> Result<i64> {
    match table.lookup() {
        Some("name") => conn
            .prepare_cached(&format!(
                "INSERT INTO {}(id, version, name, sealed) VALUES (?1, 0, ?2, x'')",
                table.name()
            ))?
            .execute(params![id, String::from_utf8_lossy(lookup)])?,
        Some(col) => conn
            .prepare_cached(&format!(
                "INSERT INTO {}(id, version, {col}, sealed) VALUES (?1, 0, ?2, x'')",
                table.name()
            ))?
            .execute(params![id, lookup])?,
        None => conn
            .prepare_cached(&format!(
                "INSERT INTO {}(id, version, sealed) VALUES (?1, 0, x'')",
                table.name()
            ))?
            .execute(params![id])?,
    };
    Ok(conn.last_insert_rowid())
}

/// Replace a row's version, lookup column and sealed blob.
pub fn set_sealed(
    conn: &Connection,
    table: Table,
    id: i64,
    version: i64,
    lookup: &[u8],
    sealed: &[u8],
) -> Result<()> {
    match table.lookup() {
        Some("name") => conn
            .prepare_cached(&format!(
                "UPDATE {} SET version = ?1, name = ?2, sealed = ?3 WHERE id = ?4",
                table.name()
            ))?
            .execute(params![
                version,
                String::from_utf8_lossy(lookup),
                sealed,
                id
            ])?,
        Some(col) => conn
            .prepare_cached(&format!(
                "UPDATE {} SET version = ?1, {col} = ?2, sealed = ?3 WHERE id = ?4",
                table.name()
            ))?
            .execute(params![version, lookup, sealed, id])?,
        None => conn
            .prepare_cached(&format!(
                "UPDATE {} SET version = ?1, sealed = ?2 WHERE id = ?3",
                table.name()
            ))?
            .execute(params![version, sealed, id])?,
    };
    Ok(())
}

/// Delete a row; returns whether it existed.
pub fn delete_row(conn: &Connection, table: Table, id: i64) -> Result<bool> {
    let sql = format!("DELETE FROM {} WHERE id = ?1", table.name());
    Ok(conn.prepare_cached(&sql)?.execute([id])? > 0)
}

/// The sealed head, if present and a blob.
pub fn head(conn: &Connection) -> Result<Option<Vec<u8>>> {
    let value: Option<Value> = conn
        .prepare_cached("SELECT sealed FROM head WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(match value {
        Some(Value::Blob(b)) => Some(b),
        _ => None,
    })
}

/// Write the sealed head.
pub fn set_head(conn: &Connection, sealed: &[u8]) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO head(id, sealed) VALUES (1, ?1)
         ON CONFLICT(id) DO UPDATE SET sealed = excluded.sealed",
    )?
    .execute([sealed])?;
    Ok(())
}

/// Path helper for messages about in-memory vaults.
pub fn memory_path() -> PathBuf {
    PathBuf::from(":memory:")
}
