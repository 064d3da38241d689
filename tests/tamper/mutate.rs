//! Damaging a closed vault file the way someone with write access (but no password) could:
//! raw SQL on one column of one row, done on a connection of its own that is closed again, so
//! the damage sits in the main file and no -wal file is left behind.

use std::path::Path;

use rusqlite::Connection;
use rusqlite::types::Value;

use super::fixture::Row;

/// Where in a blob a bit is flipped (the lowest bit of that byte).
#[derive(Debug, Clone, Copy)]
pub enum At {
    First,
    Middle,
    Last,
}

/// One mutation of one column of one row.
#[derive(Debug, Clone)]
pub enum Mutation {
    /// Flip the lowest bit of one byte of a blob.
    Flip(At),
    /// Keep only this many bytes: `Some(n)`, or `None` for half.
    Truncate(Option<usize>),
    /// Drop the last byte.
    TruncateMinusOne,
    /// Exchange the value with the same column of another row (given by its key).
    Swap(Value),
    /// Set NULL (NOT NULL constraints are dropped from the schema first, as an attacker could).
    Null,
    /// Store this value (type affinity applies, as it would for an attacker).
    Set(Value),
    /// Delete the whole row.
    Delete,
    /// Run SQL (schema changes, pragmas): a name for the report, then the SQL.
    Sql(String, String),
    /// Write a whole row (every column) over the row with its id, or as a new row: a name for
    /// the report, then the row (an older copy, or a row of the sibling vault).
    Put(String, Row),
}

impl Mutation {
    /// Short name for the report.
    pub fn name(&self) -> String {
        match self {
            Mutation::Flip(at) => format!("flip {at:?} byte").to_lowercase(),
            Mutation::Truncate(Some(n)) => format!("truncate to {n}"),
            Mutation::Truncate(None) => "truncate to half".into(),
            Mutation::TruncateMinusOne => "truncate −1 byte".into(),
            Mutation::Swap(_) => "swap with another row".into(),
            Mutation::Null => "set NULL".into(),
            Mutation::Set(Value::Integer(n)) => format!("set integer {n}"),
            Mutation::Set(Value::Real(x)) => format!("set real {x}"),
            Mutation::Set(Value::Text(t)) => format!("set text {t:?}"),
            Mutation::Set(Value::Blob(b)) => format!("set {}-byte blob", b.len()),
            Mutation::Set(Value::Null) => "set NULL".into(),
            Mutation::Delete => "delete row".into(),
            Mutation::Sql(name, _) | Mutation::Put(name, _) => name.clone(),
        }
    }
}

/// The row a mutation targets: table, key column and key value.
#[derive(Debug, Clone)]
pub struct Target {
    pub table: &'static str,
    pub column: &'static str,
    pub key_column: &'static str,
    pub key: Value,
}

impl Target {
    /// `table[key].column` for the report.
    pub fn label(&self) -> String {
        let key = match &self.key {
            Value::Integer(n) => n.to_string(),
            Value::Text(t) => t.clone(),
            _ => String::new(),
        };
        match (self.table, key.as_str()) {
            ("meta", _) => format!("meta[{key}]"),
            (_, "") => format!("{}.{}", self.table, self.column),
            _ => format!("{}[{key}].{}", self.table, self.column),
        }
    }
}

fn get(conn: &Connection, t: &Target, key: &Value) -> Value {
    conn.query_row(
        &format!(
            "SELECT {} FROM {} WHERE {} = ?1",
            t.column, t.table, t.key_column
        ),
        [key],
        |r| r.get(0),
    )
    .unwrap()
}

fn set(conn: &Connection, t: &Target, key: &Value, value: &Value) {
    let n = conn
        .execute(
            &format!(
                "UPDATE {} SET {} = ?1 WHERE {} = ?2",
                t.table, t.column, t.key_column
            ),
            rusqlite::params![value, key],
        )
        .unwrap();
    assert_eq!(n, 1, "no row {key:?} in {}", t.table);
}

fn blob(v: Value) -> Vec<u8> {
    match v {
        Value::Blob(b) => b,
        other => panic!("not a blob: {other:?}"),
    }
}

/// Drop every NOT NULL constraint of `table` by editing the stored schema.
fn relax_not_null(path: &Path, table: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA writable_schema = ON").unwrap();
    conn.execute(
        "UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '') WHERE type = 'table' AND name = ?1",
        [table],
    )
    .unwrap();
    conn.execute_batch("PRAGMA writable_schema = OFF").unwrap();
}

/// Apply `m` to `t` in the vault file at `path`.
pub fn apply(path: &Path, t: &Target, m: &Mutation) {
    if matches!(m, Mutation::Null) {
        relax_not_null(path, t.table);
    }
    let conn = Connection::open(path).unwrap();
    // An attacker's SQLite does not enforce otty's foreign keys (this build enables them).
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let key = &t.key;
    match m {
        Mutation::Flip(at) => {
            let mut b = blob(get(&conn, t, key));
            let i = match at {
                At::First => 0,
                At::Middle => b.len() / 2,
                At::Last => b.len() - 1,
            };
            b[i] ^= 1;
            set(&conn, t, key, &Value::Blob(b));
        }
        Mutation::Truncate(n) => {
            let mut b = blob(get(&conn, t, key));
            b.truncate(n.unwrap_or(b.len() / 2));
            set(&conn, t, key, &Value::Blob(b));
        }
        Mutation::TruncateMinusOne => {
            let mut b = blob(get(&conn, t, key));
            b.pop();
            set(&conn, t, key, &Value::Blob(b));
        }
        Mutation::Swap(other) => {
            let (a, b) = (get(&conn, t, key), get(&conn, t, other));
            // Through a placeholder, so UNIQUE and PRIMARY KEY columns can be swapped too.
            let placeholder = match a {
                Value::Integer(_) => Value::Integer(-7_777),
                _ => Value::Text("swap placeholder".into()),
            };
            set(&conn, t, key, &placeholder);
            // When the key column itself is swapped, the first row is now found by the
            // placeholder.
            let first = if t.column == t.key_column {
                placeholder
            } else {
                key.clone()
            };
            set(&conn, t, other, &a);
            set(&conn, t, &first, &b);
        }
        Mutation::Null => set(&conn, t, key, &Value::Null),
        Mutation::Set(v) => set(&conn, t, key, v),
        Mutation::Delete => {
            let n = conn
                .execute(
                    &format!("DELETE FROM {} WHERE {} = ?1", t.table, t.key_column),
                    [key],
                )
                .unwrap();
            assert_eq!(n, 1);
        }
        Mutation::Sql(_, sql) => conn.execute_batch(sql).unwrap(),
        Mutation::Put(_, row) => {
            let cols: Vec<&str> = row.keys().map(String::as_str).collect();
            let marks = vec!["?"; cols.len()].join(", ");
            let sql = format!(
                "INSERT OR REPLACE INTO {} ({}) VALUES ({marks})",
                t.table,
                cols.join(", ")
            );
            let values: Vec<&Value> = row.values().collect();
            conn.execute(&sql, rusqlite::params_from_iter(values))
                .unwrap();
        }
    }
    drop(conn);
    assert_no_wal(path);
}

/// The -wal file is absent or empty: everything is in the main file.
pub fn assert_no_wal(path: &Path) {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(meta) = std::fs::metadata(&wal) {
        assert_eq!(meta.len(), 0, "{} is not empty", Path::new(&wal).display());
    }
}
