//! The vault every tampering case starts from: four accounts (TOTP, HOTP, Steam, TOTP), two
//! groups, two icons, three settings, three API tokens (one revoked) and three OTP log rows,
//! all made through the core API, then closed. Each case works on its own copy.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use otty::core::vault::otp_log::OtpLogEntry;
use otty::core::{KdfParams, NewAccount, OtpKind, OtpParams, Secret, Vault};

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

/// The template vault and the ids and names in it.
pub struct Fixture {
    /// Holds the template (deleted on drop).
    _dir: tempfile::TempDir,
    /// The template vault file.
    pub path: PathBuf,
    /// Account ids: TOTP in group 1 with icon 1, HOTP in group 2, Steam, TOTP without group.
    pub accounts: Vec<i64>,
    /// Group ids.
    pub groups: Vec<i64>,
    /// Icons as `(row id, file name)`.
    pub icons: Vec<(i64, String)>,
    /// Setting keys and their SQLite rowids.
    pub settings: BTreeMap<String, i64>,
    /// Tokens as `(row id, token text)`; the last one is revoked.
    pub tokens: Vec<(i64, String)>,
    /// The HOTP account's sealed blob before its counter advanced (for the replay case).
    pub old_hotp_blob: Vec<u8>,
    /// Salt, KDF parameters and wrapped key of another vault with the same password.
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
        .prepare("SELECT key, value FROM meta WHERE key LIKE 'kdf_%' OR key = 'wrapped_key'")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn sealed_of(path: &Path, table: &str, id: i64) -> Vec<u8> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        &format!("SELECT sealed FROM {table} WHERE id = ?1"),
        [id],
        |r| r.get(0),
    )
    .unwrap()
}

impl Fixture {
    /// Build the template vault.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("template.otty");
        let v = Vault::create(&path, PW.as_bytes(), KDF).unwrap();
        let groups = vec![
            v.add_group("Work").unwrap().id,
            v.add_group("Home").unwrap().id,
        ];
        let icons: Vec<(i64, String)> = [b"\x89PNG first".as_slice(), b"\x89PNG second"]
            .iter()
            .enumerate()
            .map(|(i, bytes)| (i as i64 + 1, v.add_icon("png", "image/png", bytes).unwrap()))
            .collect();
        let mut list = accounts();
        list[0].group_id = Some(groups[0]);
        list[0].icon = Some(icons[0].1.clone());
        list[1].group_id = Some(groups[1]);
        let ids: Vec<i64> = v.add_many(list).unwrap().iter().map(|a| a.id).collect();
        // Advance the HOTP counter once, keeping the blob it had before.
        let old_hotp_blob = sealed_of(&path, "accounts", ids[1]);
        v.otp(ids[1], AT).unwrap();
        for (key, value) in [
            ("pref.theme", serde_json::json!("dark")),
            ("api.useDarkMode", serde_json::json!(true)),
            ("verify.window", serde_json::json!([1, 2])),
        ] {
            v.set_setting(key, &value).unwrap();
        }
        let mut tokens = Vec::new();
        for (name, days) in [("ci", Some(30)), ("laptop", None), ("old", None)] {
            let t = v.create_token(name, days).unwrap();
            tokens.push((t.info.id, t.token.to_string()));
        }
        v.revoke_token(tokens[2].0).unwrap();
        let log = |account_id, token_name: Option<&str>, created_at| OtpLogEntry {
            account_id,
            token_name: token_name.map(str::to_owned),
            created_at,
        };
        v.append_otp_logs(&[
            log(ids[0], None, AT),
            log(ids[0], Some("laptop"), AT + 1),
            log(ids[1], Some("ci"), AT + 2),
        ])
        .unwrap();
        drop(v);
        let conn = rusqlite::Connection::open(&path).unwrap();
        let settings = conn
            .prepare("SELECT key, rowid FROM settings")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        drop(conn);
        let other = dir.path().join("other.otty");
        drop(Vault::create(&other, PW.as_bytes(), KDF).unwrap());
        Fixture {
            foreign_header: header_rows(&other),
            _dir: dir,
            path,
            accounts: ids,
            groups,
            icons,
            settings,
            tokens,
            old_hotp_blob,
        }
    }

    /// A fresh copy of the template in `dir`.
    pub fn copy_to(&self, dir: &Path) -> PathBuf {
        let path = dir.join("v.otty");
        std::fs::copy(&self.path, &path).unwrap();
        path
    }
}
