//! Reading other apps' SQLite databases (Google Authenticator, Microsoft Authenticator,
//! Stratum's internal database) from bytes.
//!
//! The user's file is never opened by SQLite: its bytes, already read, are copied into an
//! in-memory database opened read-only (`sqlite3_deserialize`), so nothing can write to it,
//! and no journal or WAL file is created or read beside it. A database in WAL mode is read as
//! a rollback-journal one (the header's two version bytes are set to 1 in the copy), which is
//! what its main file holds after the app's last checkpoint. The connection runs defensive,
//! trusts no schema, checks cell sizes, reads only real tables (never a view, whose query a
//! hostile file would choose) and at most [`MAX_ROWS`] rows.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, MAIN_DB, OpenFlags, config::DbConfig};
use zeroize::Zeroizing;

use super::{Format, ImportError};

/// SQLite's file header.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Most rows read from one query (a few per account; far above any real database).
const MAX_ROWS: usize = 100_000;

/// Whether the bytes are an SQLite database file.
pub(crate) fn is_sqlite(bytes: &[u8]) -> bool {
    bytes.len() >= 100 && bytes.starts_with(MAGIC)
}

/// Whether the bytes are an otty vault ([`crate::store::is_vault`]: its format version and
/// key-derivation header), read like any other database: from a read-only copy, `meta` only if
/// it is a real table.
pub(crate) fn is_otty_vault(bytes: &[u8]) -> bool {
    Db::open(Format::Otty, bytes).is_ok_and(|db| {
        db.has_columns("meta", &["key", "value"]) && crate::store::is_vault(&db.conn)
    })
}

/// Whether SQLite can read the database: its schema, and every page
/// (`PRAGMA quick_check`). A file that starts like a database and fails this is damaged or cut
/// short.
pub(crate) fn is_readable(bytes: &[u8]) -> bool {
    Db::open(Format::GoogleAuthenticatorDb, bytes).is_ok_and(|db| {
        db.conn
            .query_row("PRAGMA quick_check(1)", [], |r| r.get::<_, String>(0))
            .is_ok_and(|answer| answer == "ok")
    })
}

/// Which app's database this is, by its tables and columns.
pub(crate) fn detect(bytes: &[u8]) -> Option<Format> {
    // The format only names errors; detection ignores them.
    let db = Db::open(Format::GoogleAuthenticatorDb, bytes).ok()?;
    if db.has_columns("accounts", &["oath_secret_key", "username", "name"]) {
        Some(Format::MicrosoftAuthenticator)
    } else if db.has_columns("accounts", &["email", "secret", "type"]) {
        Some(Format::GoogleAuthenticatorDb)
    } else if db.has_columns("authenticator", &["secret", "type", "issuer", "username"]) {
        Some(Format::Stratum)
    } else {
        None
    }
}

/// A read-only, in-memory copy of a database.
pub(crate) struct Db {
    conn: Connection,
    format: Format,
}

/// One column value of a row (text is wiped on drop: it may be a secret).
#[derive(Debug)]
enum Cell {
    Null,
    Int(i64),
    Text(Zeroizing<String>),
}

/// One row of a query.
#[derive(Debug)]
pub(crate) struct Row(Vec<Cell>);

impl Row {
    /// Column `i` as text: text as is, an integer in decimal, anything else `""`.
    pub fn text(&self, i: usize) -> &str {
        match self.0.get(i) {
            Some(Cell::Text(t)) => t.as_str(),
            _ => "",
        }
    }

    /// Column `i` as an integer (an integer, or text holding one).
    pub fn int(&self, i: usize) -> Option<i64> {
        match self.0.get(i)? {
            Cell::Int(n) => Some(*n),
            Cell::Text(t) => t.trim().parse().ok(),
            Cell::Null => None,
        }
    }
}

impl Db {
    /// Copy `bytes` into a read-only in-memory database.
    pub fn open(format: Format, bytes: &[u8]) -> Result<Db, ImportError> {
        if !is_sqlite(bytes) {
            return Err(ImportError::damaged(format, "not an SQLite database"));
        }
        let damaged = |_| ImportError::damaged(format, "the SQLite database cannot be read");
        let mut copy = Zeroizing::new(bytes.to_vec());
        // Read and write versions: 1 (rollback journal) instead of 2 (WAL).
        copy[18] = 1;
        copy[19] = 1;
        let mut conn = Connection::open_in_memory_with_flags(
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(damaged)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)
            .map_err(damaged)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)
            .map_err(damaged)?;
        conn.deserialize_read_exact(MAIN_DB, &copy[..], copy.len(), true)
            .map_err(damaged)?;
        conn.execute_batch("PRAGMA cell_size_check = ON; PRAGMA query_only = ON;")
            .map_err(damaged)?;
        Ok(Db { conn, format })
    }

    /// Whether `table` is a real table (not a view) with all of `columns`.
    pub fn has_columns(&self, table: &str, columns: &[&str]) -> bool {
        let is_table = self
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get::<_, i64>(0),
            )
            .is_ok_and(|n| n == 1);
        if !is_table {
            return false;
        }
        let Ok(mut stmt) = self.conn.prepare("SELECT name FROM pragma_table_info(?1)") else {
            return false;
        };
        let Ok(names) = stmt.query_map([table], |r| r.get::<_, String>(0)) else {
            return false;
        };
        let names: Vec<String> = names.filter_map(Result::ok).take(1000).collect();
        columns
            .iter()
            .all(|c| names.iter().any(|n| n.eq_ignore_ascii_case(c)))
    }

    /// Run a query over real tables and read at most [`MAX_ROWS`] rows.
    pub fn rows(&self, sql: &str) -> Result<Vec<Row>, ImportError> {
        let damaged =
            |_| ImportError::damaged(self.format, "the database lacks the expected table");
        let mut stmt = self.conn.prepare(sql).map_err(damaged)?;
        let n = stmt.column_count();
        let mut rows = stmt.query([]).map_err(damaged)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(damaged)? {
            if out.len() == MAX_ROWS {
                return Err(ImportError::damaged(self.format, "too many rows"));
            }
            let cells = (0..n)
                .map(|i| match row.get_ref(i) {
                    Ok(ValueRef::Integer(v)) => Cell::Int(v),
                    Ok(ValueRef::Text(t)) => {
                        Cell::Text(Zeroizing::new(String::from_utf8_lossy(t).into_owned()))
                    }
                    _ => Cell::Null,
                })
                .collect();
            out.push(Row(cells));
        }
        Ok(out)
    }

    /// [`Db::rows`], as text columns, `None` on any error.
    pub fn strings(&self, sql: &str, columns: usize) -> Option<Vec<Vec<String>>> {
        let rows = self.rows(sql).ok()?;
        Some(
            rows.iter()
                .map(|r| (0..columns).map(|i| r.text(i).to_owned()).collect())
                .collect(),
        )
    }

    /// Check that each table is a real table with the given columns, else the file is damaged.
    pub fn require(&self, tables: &[(&str, &[&str])]) -> Result<(), ImportError> {
        for (table, columns) in tables {
            if !self.has_columns(table, columns) {
                return Err(ImportError::damaged(
                    self.format,
                    format!("no table {table} with the expected columns"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database(sql: &str, wal: bool) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(sql).unwrap();
        if wal {
            conn.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
        }
        drop(conn);
        std::fs::read(path).unwrap()
    }

    #[test]
    fn reads_tables_never_views_and_wal_files() {
        let bytes = database(
            "CREATE TABLE accounts (email TEXT, secret TEXT, type INTEGER);
             INSERT INTO accounts VALUES ('a', 'JBSWY3DPEHPK3PXP', 0);",
            true,
        );
        assert_eq!(bytes[18], 2, "the test database is in WAL mode");
        assert_eq!(detect(&bytes), Some(Format::GoogleAuthenticatorDb));
        let db = Db::open(Format::GoogleAuthenticatorDb, &bytes).unwrap();
        let rows = db.rows("SELECT email, type FROM accounts").unwrap();
        assert_eq!((rows[0].text(0), rows[0].int(1)), ("a", Some(0)));
        let view = database(
            "CREATE TABLE t (x); CREATE VIEW accounts AS SELECT 1 AS email, 2 AS secret, 3 AS type;",
            false,
        );
        assert_eq!(detect(&view), None);
        assert!(Db::open(Format::Stratum, b"SQLite format 3\0 too short").is_err());
    }
}
