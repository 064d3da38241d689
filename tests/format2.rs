//! Vault format 2, end to end: a format-1 vault migrates on unlock (with a backup beside it),
//! `otty check` names every row deleted, inserted (from another copy of the same vault) or
//! rolled back while `otty list` keeps working, one-time state is refused until the state is
//! accepted, and `passwd` replaces the vault key so the old password and an old copy of the
//! file open nothing written afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "cli/support.rs"]
#[allow(dead_code)] // not every helper is used here
mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use otty::core::vault::head::Problem;
use otty::core::vault::tokens::hash_token;
use otty::core::{Error, Vault};
use rusqlite::Connection;
use support::{ACME_URI, Fixture, PW};

const FIXTURE_PW: &[u8] = b"correct horse";
const BOB_URI: &str = "otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&issuer=ACME";

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

fn copy_fixture(name: &str, dir: &Path) -> std::path::PathBuf {
    let to = dir.join("v.otty");
    std::fs::copy(format!("tests/data/vaults/{name}.otty"), &to).unwrap();
    std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).unwrap();
    to
}

#[test]
fn a_format_1_vault_migrates_on_unlock_and_keeps_everything() {
    for (name, scope) in [("format1", "admin"), ("format1-before-scopes", "admin")] {
        let dir = tempfile::tempdir().unwrap();
        let path = copy_fixture(name, dir.path());
        let token = std::fs::read_to_string(format!("tests/data/vaults/{name}.token")).unwrap();
        assert_eq!(user_version(&path), 1);
        let v = Vault::open(&path).unwrap();
        v.unlock(FIXTURE_PW).unwrap();
        assert_eq!(user_version(&path), 2, "{name}");
        let accounts = v.accounts().unwrap();
        let labels: Vec<String> = accounts.iter().map(|a| a.label()).collect();
        assert_eq!(
            labels,
            ["GitHub alice@example.com", "Bank 1234", "Steam gamer"],
            "{name}"
        );
        let work = v.group_by_name("Work").unwrap();
        assert_eq!(accounts[0].data.group_id, Some(work.id));
        assert_eq!(accounts[1].data.otp.counter, 7);
        let uuid = accounts[0].uuid.clone();
        assert_eq!(uuid.len(), 36, "UUIDs are carried over");
        let info = v.check_token(&hash_token(token.trim())).unwrap().unwrap();
        assert_eq!((info.name.as_str(), info.scope.as_str()), ("laptop", scope));
        let tokens = v.tokens().unwrap();
        assert!(
            tokens
                .iter()
                .any(|t| t.name == "old" && t.revoked_at.is_some())
        );
        assert!(v.problems().unwrap().is_empty(), "{name}");
        assert!(v.check().unwrap().is_intact());
        drop(v);
        // The backup beside it is the untouched format-1 vault, 0600.
        let backup = dir.path().join("v.otty.format1.bak");
        assert_eq!(user_version(&backup), 1);
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // And the migrated vault opens again, with the same UUIDs.
        let v = Vault::open(&path).unwrap();
        v.unlock(FIXTURE_PW).unwrap();
        assert_eq!(v.accounts().unwrap()[0].uuid, uuid);
    }
}

#[test]
fn a_lowered_format_version_is_refused() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let conn = Connection::open(&f.vault).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.execute("DELETE FROM head", []).unwrap();
    drop(conn);
    let err = f.fails(&["list"], 5);
    assert!(err.contains("format version was lowered"), "{err}");
}

/// The sealed blob and version of an account row.
fn account_row(path: &Path, id: i64) -> (i64, Vec<u8>) {
    Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT version, sealed FROM accounts WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// `otty check` fails with exit 5 and names `needle`; `otty list` still works and warns.
fn check_names(f: &Fixture, needle: &str) {
    let out = f.run(&["check"]);
    assert_eq!(out.status.code(), Some(5));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains(needle), "{report}");
    let list = f.run(&["list"]);
    assert_eq!(list.status.code(), Some(0));
    let warning = String::from_utf8_lossy(&list.stderr);
    assert!(warning.contains("integrity check"), "{warning}");
}

#[test]
fn check_is_quiet_on_an_intact_vault() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let out = f.ok(&["check"]);
    assert!(out.contains("intact"), "{out}");
}

#[test]
fn check_names_a_deleted_row() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let gone = f.add(&["--uri", BOB_URI]);
    Connection::open(&f.vault)
        .unwrap()
        .execute("DELETE FROM accounts WHERE id = ?1", [gone])
        .unwrap();
    check_names(&f, &format!("accounts {gone}: deleted from the file"));
}

#[test]
fn check_names_a_row_rolled_back_to_an_older_copy() {
    let f = Fixture::new();
    let id = f.add(&["--uri", ACME_URI]);
    let old = account_row(&f.vault, id);
    f.ok(&["edit", &id.to_string(), "--service", "Renamed"]);
    Connection::open(&f.vault)
        .unwrap()
        .execute(
            "UPDATE accounts SET version = ?1, sealed = ?2 WHERE id = ?3",
            rusqlite::params![old.0, old.1, id],
        )
        .unwrap();
    check_names(
        &f,
        &format!("accounts {id}: an older copy of the row was put back"),
    );
    // The list shows what the file holds (the older copy opens) while the check fails.
    assert!(f.ok(&["list"]).contains("ACME"));
}

#[test]
fn check_names_a_row_copied_in_from_another_copy_of_the_vault() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let copy = f.dir.path().join("copy.otty");
    std::fs::copy(&f.vault, &copy).unwrap();
    // Each copy gets a second account: the same id, different content.
    let mine = f.add(&["--uri", BOB_URI]);
    let c = Vault::open(&copy).unwrap();
    c.unlock(PW.as_bytes()).unwrap();
    let mut theirs = c.accounts().unwrap()[0].data.clone();
    theirs.account = "theirs".into();
    let theirs = c.add(theirs).unwrap();
    drop(c);
    assert_eq!(
        mine, theirs.id,
        "AUTOINCREMENT gives both copies the same id"
    );
    let row = account_row(&copy, theirs.id);
    Connection::open(&f.vault)
        .unwrap()
        .execute(
            "UPDATE accounts SET version = ?1, sealed = ?2 WHERE id = ?3",
            rusqlite::params![row.0, row.1, mine],
        )
        .unwrap();
    check_names(&f, &format!("accounts {mine}: "));
    // A new id from the other copy is "inserted".
    let c = Vault::open(&copy).unwrap();
    c.unlock(PW.as_bytes()).unwrap();
    let extra = c.add(c.accounts().unwrap()[0].data.clone()).unwrap();
    drop(c);
    let row = account_row(&copy, extra.id);
    Connection::open(&f.vault)
        .unwrap()
        .execute(
            "INSERT INTO accounts(id, version, sealed) VALUES (?1, ?2, ?3)",
            rusqlite::params![extra.id, row.0, row.1],
        )
        .unwrap();
    check_names(&f, &format!("accounts {}: not written by otty", extra.id));
}

#[test]
fn one_time_state_is_refused_until_the_state_is_accepted() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let hotp = f.add(&[
        "--uri",
        "otpauth://hotp/Bank:me?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=3",
    ]);
    let gone = f.add(&["--uri", BOB_URI]);
    Connection::open(&f.vault)
        .unwrap()
        .execute("DELETE FROM accounts WHERE id = ?1", [gone])
        .unwrap();
    let err = f.fails(&["code", &hotp.to_string()], 5);
    assert!(err.contains("otty check"), "{err}");
    // A TOTP code is still shown: it changes no state.
    f.ok(&["code", "acme"]);
    let out = f.run(&["check", "--accept"]);
    assert_eq!(out.status.code(), Some(0), "{:?}", out);
    f.ok(&["check"]);
    f.ok(&["code", &hotp.to_string()]);
}

#[test]
fn passwd_replaces_the_vault_key() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let old_copy = f.dir.path().join("old.otty");
    std::fs::copy(&f.vault, &old_copy).unwrap();
    let new_pw = f.dir.path().join("new-pw");
    std::fs::write(&new_pw, "a much better passphrase\n").unwrap();
    f.ok(&["passwd", "--new-password-file", new_pw.to_str().unwrap()]);
    // An account written after the change.
    let v = Vault::open(&f.vault).unwrap();
    v.unlock(b"a much better passphrase").unwrap();
    let mut later = v.accounts().unwrap()[0].data.clone();
    later.service = "WrittenLater".into();
    let later = v.add(later).unwrap();
    drop(v);
    // Someone with the old password and the old copy: put the old header on the new file.
    let old = Connection::open(&old_copy).unwrap();
    let header: Vec<(String, Vec<u8>)> = old
        .prepare("SELECT key, value FROM meta WHERE key != 'created_at'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mixed = f.dir.path().join("mixed.otty");
    std::fs::copy(&f.vault, &mixed).unwrap();
    let conn = Connection::open(&mixed).unwrap();
    for (k, v) in header {
        conn.execute(
            "UPDATE meta SET value = ?1 WHERE key = ?2",
            rusqlite::params![v, k],
        )
        .unwrap();
    }
    drop(conn);
    let v = Vault::open(&mixed).unwrap();
    v.unlock(PW.as_bytes()).unwrap();
    assert!(
        v.accounts().unwrap().is_empty(),
        "the old key opened rows written after the change"
    );
    assert!(v.corrupted().unwrap().contains(&("accounts", later.id)));
    assert_eq!(v.problems().unwrap(), [Problem::Head]);
}

#[test]
fn another_process_locks_when_the_key_is_replaced() {
    let f = Fixture::new();
    let id = f.add(&[
        "--uri",
        "otpauth://hotp/Bank:me?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=3",
    ]);
    let running = Vault::open(&f.vault).unwrap();
    running.unlock(PW.as_bytes()).unwrap();
    let other = Vault::open(&f.vault).unwrap();
    other.unlock(PW.as_bytes()).unwrap();
    other
        .change_password(b"a much better passphrase", None)
        .unwrap();
    // A write from the stale key is refused, not sealed under a key nobody holds any more.
    assert!(matches!(running.otp(id, 0), Err(Error::KeyChanged)));
    running.refresh().unwrap();
    assert!(!running.is_unlocked());
}
