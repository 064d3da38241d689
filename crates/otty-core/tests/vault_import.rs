//! `Vault::import` is one transaction: a failure part-way through (here an SQLite trigger
//! that aborts the third account insert, after a group and two accounts were written) leaves
//! the vault file and the unlocked view exactly as they were.

#![allow(clippy::unwrap_used)]

use otty_core::{KdfParams, NewAccount, OtpParams, Secret, Vault};

const CHEAP: KdfParams = KdfParams::CHEAPEST;

fn acc(service: &str) -> NewAccount {
    NewAccount::new(
        service,
        "me",
        OtpParams::totp(Secret::from_bytes(vec![9; 10])),
    )
}

fn counts(path: &std::path::Path) -> (i64, i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let n = |t: &str| {
        conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    };
    (n("accounts"), n("groups"))
}

#[test]
fn a_failure_part_way_leaves_the_vault_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let vault = Vault::create(&path, b"pw", CHEAP).unwrap();
    vault.add(acc("Existing")).unwrap();
    assert_eq!(counts(&path), (1, 0));
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TRIGGER fail_third BEFORE INSERT ON accounts
             WHEN (SELECT count(*) FROM accounts) >= 3
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        )
        .unwrap();
    }
    let before_accounts = vault.accounts().unwrap();
    let entries = ["A", "B", "C", "D"]
        .into_iter()
        .map(|s| (acc(s), Some("Imported".to_owned())))
        .collect();
    assert!(vault.import(entries).is_err());
    assert_eq!(counts(&path), (1, 0), "rows were left behind");
    assert_eq!(vault.accounts().unwrap(), before_accounts);
    assert!(vault.groups().unwrap().is_empty());
    // A fresh process sees the same.
    drop(vault);
    let again = Vault::open(&path).unwrap();
    again.unlock(b"pw").unwrap();
    assert_eq!(again.accounts().unwrap().len(), 1);
    assert!(again.groups().unwrap().is_empty());
    // Without the trigger the same import goes through whole.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("DROP TRIGGER fail_third").unwrap();
    }
    again.refresh().unwrap();
    let entries = ["A", "B", "C", "D"]
        .into_iter()
        .map(|s| (acc(s), Some("Imported".to_owned())))
        .collect();
    let s = again.import(entries).unwrap();
    assert_eq!((s.added.len(), s.groups_created.len()), (4, 1));
    assert_eq!(counts(&path), (5, 1));
}
