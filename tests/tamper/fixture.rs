//! The vault every tampering case starts from, made through the core API and closed:
//! five accounts (TOTP in group 1 with icon 1, HOTP in group 2, Steam, TOTP, and one written
//! after the fork below), three groups, three icons, four settings, four API tokens (one
//! revoked, two with a recorded last use) and three OTP log rows.
//!
//! Kept beside it, for the cases that put things back or bring them in:
//! - older sealed copies of rows (`(version, blob)` saved before an edit): the HOTP account
//!   before its counter advanced, group 1 before a rename, token 3 before its revocation,
//!   setting `pref.theme` before its second value, and the head and account 4 before the
//!   last write;
//! - a **sibling**: a copy of the vault taken before the last writes, in which other writes
//!   were made (two accounts, a group, an icon, a setting, a token, an edit of account 1, a
//!   revocation of token 1), so its rows collide by id with the template's.
//!
//! Each case works on its own copy of the template.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use otty::core::vault::otp_log::OtpLogEntry;
use otty::core::{KdfParams, NewAccount, OtpKind, OtpParams, Secret, Vault};
use rusqlite::types::Value;

/// The vault password.
pub const PW: &str = "tamper test password";
/// Small Argon2id parameters: 8 MiB, 2 passes (so swapping passes and lanes stays valid).
pub const KDF: KdfParams = KdfParams {
    memory_kib: KdfParams::MIN_MEMORY_KIB,
    iterations: 2,
    parallelism: 1,
};
/// The time codes are computed for.
pub const AT: i64 = 1_700_000_000;
/// The HOTP account.
pub const HOTP: i64 = 2;

/// A whole stored row: every column by name.
pub type Row = BTreeMap<String, Value>;

/// The template vault and the ids and names in it.
pub struct Fixture {
    /// Holds the template and the sibling (deleted on drop).
    _dir: tempfile::TempDir,
    /// The template vault file.
    pub path: PathBuf,
    /// The sibling copy (same vault id and key, other rows written after the fork).
    pub sibling: PathBuf,
    /// Account ids.
    pub accounts: Vec<i64>,
    /// Group ids.
    pub groups: Vec<i64>,
    /// Icons as `(row id, file name)`.
    pub icons: Vec<(i64, String)>,
    /// Setting names and their row ids.
    pub settings: BTreeMap<String, i64>,
    /// Tokens as `(row id, token text)`; token 3 is revoked.
    pub tokens: Vec<(i64, String)>,
    /// Older rows, by `table/id` (`head` for the head), as they were before a later write.
    pub older: BTreeMap<String, Row>,
    /// Salt, KDF parameters, wrapped key, vault id and key epoch of another vault with the same
    /// password.
    pub foreign_header: BTreeMap<String, Vec<u8>>,
}

fn secret(b32: &str) -> Secret {
    Secret::from_base32(b32).unwrap()
}

fn accounts() -> Vec<NewAccount> {
    let totp = NewAccount::new("ACME", "alice", OtpParams::totp(secret("JBSWY3DPEHPK3PXP")));
    let mut p = OtpParams::totp(secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
    p.kind = OtpKind::Hotp;
    p.counter = 5;
    let hotp = NewAccount::new("Issuu", "james", p);
    let steam = NewAccount::new(
        "Steam",
        "gabe",
        OtpParams::steam(secret("KRSXG5CTMVRXEZLU")),
    );
    let other = NewAccount::new("GitHub", "bob", OtpParams::totp(secret("MFRGGZDFMZTWQ2LK")));
    vec![totp, hotp, steam, other]
}

/// The header rows of a vault file, by key.
pub fn header_rows(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT key, value FROM meta
             WHERE key LIKE 'kdf_%' OR key IN ('wrapped_key', 'vault_id', 'key_epoch')",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Every column of row `id` of `table`, as stored now.
pub fn row_of(path: &Path, table: &str, id: i64) -> Row {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {table} WHERE id = ?1"))
        .unwrap();
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    stmt.query_row([id], |r| {
        Ok(names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), r.get::<_, Value>(i).unwrap()))
            .collect())
    })
    .unwrap()
}

fn max_id(path: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(&format!("SELECT max(id) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn unlocked(path: &Path) -> Vault {
    let v = Vault::open(path).unwrap();
    v.unlock(PW.as_bytes()).unwrap();
    v
}

impl Fixture {
    /// Build the template vault and its sibling.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("template.otty");
        let v = Vault::create(&path, PW.as_bytes(), KDF).unwrap();
        let mut older = BTreeMap::new();
        let mut groups = vec![v.add_group("Wrok").unwrap().id];
        groups.push(v.add_group("Home").unwrap().id);
        older.insert("groups/1".to_owned(), row_of(&path, "groups", 1));
        v.rename_group(groups[0], "Work").unwrap();
        let mut icons: Vec<(i64, String)> = [b"\x89PNG first".as_slice(), b"\x89PNG second"]
            .iter()
            .enumerate()
            .map(|(i, bytes)| (i as i64 + 1, v.add_icon("png", "image/png", bytes).unwrap()))
            .collect();
        let mut list = accounts();
        list[0].group_id = Some(groups[0]);
        list[0].icon = Some(icons[0].1.clone());
        list[1].group_id = Some(groups[1]);
        let mut ids: Vec<i64> = v.add_many(list).unwrap().iter().map(|a| a.id).collect();
        assert_eq!(ids[1], HOTP);
        // Advance the HOTP counter once, keeping the row as it was before.
        older.insert(format!("accounts/{HOTP}"), row_of(&path, "accounts", HOTP));
        v.otp(HOTP, AT).unwrap();
        let mut settings = BTreeMap::new();
        for (key, value) in [
            ("pref.theme", serde_json::json!("light")),
            ("api.useDarkMode", serde_json::json!(true)),
            ("verify.window", serde_json::json!([1, 2])),
        ] {
            v.set_setting(key, &value).unwrap();
            settings.insert(key.to_owned(), max_id(&path, "settings"));
        }
        older.insert(
            "settings/1".to_owned(),
            row_of(&path, "settings", settings["pref.theme"]),
        );
        v.set_setting("pref.theme", &serde_json::json!("dark"))
            .unwrap();
        let mut tokens = Vec::new();
        for (name, days) in [("ci", Some(30)), ("laptop", None), ("old", None)] {
            let t = v.create_token(name, days).unwrap();
            tokens.push((t.info.id, t.token.to_string()));
        }
        older.insert("tokens/3".to_owned(), row_of(&path, "tokens", 3));
        v.revoke_token(tokens[2].0).unwrap();
        v.touch_tokens(&[(tokens[0].0, AT), (tokens[1].0, AT + 5)])
            .unwrap();
        let log = |account_id, token_name: Option<&str>, created_at| OtpLogEntry {
            account_id,
            token_name: token_name.map(str::to_owned),
            created_at,
            count: 1,
        };
        v.append_otp_logs(&[
            log(ids[0], None, AT),
            log(ids[0], Some("laptop"), AT + 1),
            log(ids[1], Some("ci"), AT + 2),
        ])
        .unwrap();
        drop(v);

        // The fork: both copies get rows with the same ids and different contents.
        let sibling = dir.path().join("sibling.otty");
        std::fs::copy(&path, &sibling).unwrap();
        let s = unlocked(&sibling);
        let theirs = NewAccount::new(
            "Theirs",
            "mallory",
            OtpParams::totp(secret("ONSWG4TFOQYTEMZU")),
        );
        let extra = NewAccount::new(
            "Extra",
            "mallory",
            OtpParams::totp(secret("MZXW6YTBOI2DKNRX")),
        );
        assert_eq!(s.add_many(vec![theirs, extra]).unwrap()[0].id, 5);
        let mut acme = s.account(1).unwrap().data;
        acme.service = "ACME (sibling)".into();
        s.update(1, acme).unwrap();
        assert_eq!(s.add_group("Theirs").unwrap().id, 3);
        s.add_icon("png", "image/png", b"\x89PNG theirs").unwrap();
        s.set_setting("pref.fork", &serde_json::json!("sibling"))
            .unwrap();
        s.create_token("fork", None).unwrap();
        s.revoke_token(tokens[0].0).unwrap();
        drop(s);

        let v = unlocked(&path);
        let mine = NewAccount::new("Mine", "alice", OtpParams::totp(secret("NVUW4ZJAMFWGSY3F")));
        ids.push(v.add(mine).unwrap().id);
        groups.push(v.add_group("Mine").unwrap().id);
        icons.push((3, v.add_icon("png", "image/png", b"\x89PNG mine").unwrap()));
        v.set_setting("pref.fork", &serde_json::json!("template"))
            .unwrap();
        settings.insert("pref.fork".to_owned(), max_id(&path, "settings"));
        let t = v.create_token("fork", None).unwrap();
        tokens.push((t.info.id, t.token.to_string()));
        older.insert("head".to_owned(), row_of(&path, "head", 1));
        older.insert("accounts/4".to_owned(), row_of(&path, "accounts", 4));
        // The last write: account 4 gets a note.
        let mut github = v.account(4).unwrap().data;
        github.notes = "last write".into();
        v.update(4, github).unwrap();
        drop(v);

        let other = dir.path().join("other.otty");
        drop(Vault::create(&other, PW.as_bytes(), KDF).unwrap());
        Fixture {
            foreign_header: header_rows(&other),
            _dir: dir,
            path,
            sibling,
            accounts: ids,
            groups,
            icons,
            settings,
            tokens,
            older,
        }
    }

    /// A fresh copy of the template in `dir`.
    pub fn copy_to(&self, dir: &Path) -> PathBuf {
        let path = dir.join("v.otty");
        std::fs::copy(&self.path, &path).unwrap();
        path
    }

    /// Row `id` of `table` in the sibling.
    pub fn sibling_row(&self, table: &str, id: i64) -> Row {
        row_of(&self.sibling, table, id)
    }
}
