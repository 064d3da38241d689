//! Format 1 → format 2, at the first unlock by a build that writes format 2 (the only moment
//! the vault key is at hand).
//!
//! First a copy of the format-1 file is written beside it (`<vault>.format1.bak`, 0600, never
//! overwriting: `.format1-2.bak` and so on), so nothing is lost if anything goes wrong. Then,
//! in one immediate transaction: every format-1 row is opened with format 1's associated data;
//! the tables are replaced by format 2's; every row is written again under the same id, sealed
//! with format 2's associated data (the UUID, group, position and times now inside the seal),
//! tokens and the OTP log sealed; the vault gets a random id, key epoch 0, and its key wrapped
//! again (same password, salt and parameters) with format 2's associated data, which names the
//! format version; the head commits to it all. Rows that did not open in format 1 cannot be
//! carried over: they stay in the backup copy, and their number is in the `migration` setting.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

use super::head::Head;
use super::keys::Keys;
use super::tokens::{Scope, TokenInfo, token_plain};
use super::write::Write;
use super::{otp_log, payload, settings};
use crate::account::{Account, Group};
use crate::crypto::{self, SecretKey};
use crate::error::Result;
use crate::store::{self, Header, Table, v1};

/// A format-1 header as a [`Header`] (no vault id, epoch 0).
pub(super) fn header_v1(conn: &Connection, path: &Path) -> Result<Header> {
    let (salt, kdf, wrapped_key) = store::read_kdf(conn, path)?;
    Ok(Header {
        salt,
        kdf,
        wrapped_key,
        vault_id: [0; 16],
        epoch: 0,
    })
}

/// Format 1's associated data of the wrapped key.
pub(super) fn aad_v1(header: &Header) -> Vec<u8> {
    v1::wrapped_key_aad(
        &header.salt,
        header.kdf.memory_kib,
        header.kdf.iterations,
        header.kdf.parallelism,
    )
}

/// A path beside `path` that does not exist yet: `<path>.format1.bak`, `.format1-2.bak`, …
fn backup_path(path: &Path) -> PathBuf {
    let with = |suffix: String| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    };
    let first = with(".format1.bak".into());
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| with(format!(".format1-{n}.bak")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Write a consistent copy of the vault beside it, 0600, never overwriting.
fn back_up(conn: &Connection, path: &Path) -> Result<PathBuf> {
    let target = backup_path(path);
    store::create_file(&target)?;
    let text = target.to_string_lossy().into_owned();
    conn.execute("VACUUM INTO ?1", [text])?;
    Ok(target)
}

/// Migrate the format-1 vault on `conn` to format 2; returns the new header. `password_key`
/// is the key derived from the password (to wrap the vault key again) and `key` the vault key.
pub(super) fn to_v2(
    conn: &mut Connection,
    path: &Path,
    password_key: &SecretKey,
    key: SecretKey,
    old: &Header,
) -> Result<Header> {
    if path != store::memory_path() {
        back_up(conn, path)?;
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version != 1 {
        // Another process migrated it meanwhile.
        drop(tx);
        return store::read_header(conn, path);
    }
    let sealer = key.cipher();
    let open_v1 =
        |table: &str, id: i64, sealed: &[u8]| sealer.open(sealed, &v1::row_aad(table, id));
    let mut lost = 0usize;

    // Read everything format 1 holds, opened.
    let mut groups = Vec::new();
    for r in v1::rows(&tx, true)? {
        match open_v1("groups", r.id, &r.sealed)
            .ok()
            .and_then(|p| serde_json::from_slice::<serde_json::Value>(&p).ok())
            .and_then(|v| v.get("name")?.as_str().map(str::to_owned))
        {
            Some(name) => groups.push(Group {
                id: r.id,
                uuid: r.uuid,
                name,
                position: r.position,
                edit: Default::default(),
            }),
            None => lost += 1,
        }
    }
    let mut accounts = Vec::new();
    for r in v1::rows(&tx, false)? {
        let Ok(plain) = open_v1("accounts", r.id, &r.sealed) else {
            lost += 1;
            continue;
        };
        match payload::account_from_v1(&plain) {
            Some(data) => accounts.push(Account {
                id: r.id,
                uuid: r.uuid,
                position: r.position,
                created_at: r.created_at,
                updated_at: r.updated_at,
                last_used_at: r.last_used_at,
                edit: Default::default(),
                data: crate::account::NewAccount {
                    group_id: r.group_id,
                    ..data
                },
            }),
            None => lost += 1,
        }
    }
    let mut setting_values = Vec::new();
    for (k, sealed) in v1::settings(&tx)? {
        match sealer
            .open(&sealed, &v1::setting_aad(&k))
            .ok()
            .and_then(|p| serde_json::from_slice::<serde_json::Value>(&p).ok())
        {
            Some(v) => setting_values.push((k, v)),
            None => lost += 1,
        }
    }
    let mut icon_rows = Vec::new();
    for (id, name, sealed) in v1::icons(&tx)? {
        match open_v1("icons", id, &sealed) {
            Ok(plain) => icon_rows.push((id, name, plain)),
            Err(_) => lost += 1,
        }
    }
    let tokens = v1::tokens(&tx)?;
    let logs = v1::otp_logs(&tx)?;

    // Format 2: new tables, a vault id, the key wrapped again.
    store::replace_schema_v1(&tx)?;
    let mut header = Header {
        salt: old.salt,
        kdf: old.kdf,
        wrapped_key: Vec::new(),
        vault_id: crypto::random_bytes()?,
        epoch: 0,
    };
    header.wrapped_key = password_key.cipher().seal(key.expose(), &header.aad())?;
    store::write_header(&tx, &header)?;
    let keys = Keys::new(key, &header)?;
    let head = Head {
        generation: 0,
        epoch: 0,
        header: header.digest(),
        schema: store::schema_digest(&tx)?,
        rows: Default::default(),
    };
    let mut w = Write::with_head(tx, head);
    for g in &groups {
        w.insert(
            &keys,
            Table::Groups,
            Some(g.id),
            &[],
            &payload::group_plain(g)?,
        )?;
    }
    for a in &accounts {
        w.insert(
            &keys,
            Table::Accounts,
            Some(a.id),
            &[],
            &payload::account_plain(a)?,
        )?;
    }
    for (k, v) in &setting_values {
        let (lookup, plain) = settings::plain(&keys, k, v)?;
        w.insert(&keys, Table::Settings, None, &lookup, &plain)?;
    }
    for (id, name, plain) in &icon_rows {
        w.insert(&keys, Table::Icons, Some(*id), name.as_bytes(), plain)?;
    }
    for t in &tokens {
        let Ok(scope) = t.scope.parse::<Scope>() else {
            lost += 1;
            continue;
        };
        let info = TokenInfo {
            id: t.id,
            name: t.name.clone(),
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: None,
            revoked_at: t.revoked_at,
            scope,
        };
        w.insert(
            &keys,
            Table::Tokens,
            Some(t.id),
            &[],
            &token_plain(&info, &t.hash)?,
        )?;
        if let Some(at) = t.last_used_at {
            w.execute(
                "INSERT INTO token_use(token_id, last_used_at) VALUES (?1, ?2)",
                rusqlite::params![t.id, at],
            )?;
        }
    }
    for (account_id, token_name, created_at) in logs {
        let e = otp_log::OtpLogEntry::one(account_id, token_name, created_at);
        w.execute(
            "INSERT INTO otp_logs(sealed) VALUES (?1)",
            [otp_log::seal(&keys, &e)?],
        )?;
    }
    if lost > 0 {
        let (lookup, plain) =
            settings::plain(&keys, "migration.unreadable_rows", &serde_json::json!(lost))?;
        w.insert(&keys, Table::Settings, None, &lookup, &plain)?;
    }
    w.commit(&keys)?;
    store::checkpoint(conn)?;
    Ok(header)
}
