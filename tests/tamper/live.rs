//! Tampering while a vault is open (another handle changes rows under it), and the one rewrite
//! opening a damaged file may do: a vault switched out of WAL mode is switched back.

use std::path::Path;

use otty::core::{Error, Vault};
use rusqlite::Connection;

use super::fixture::{AT, Fixture, PW};
use super::snapshot;

fn opened(fx: &Fixture, dir: &Path) -> (std::path::PathBuf, Vault) {
    let path = fx.copy_to(dir);
    let v = Vault::open(&path).unwrap();
    v.unlock(PW.as_bytes()).unwrap();
    // Settle the first refresh.
    v.refresh().unwrap();
    (path, v)
}

fn sealed_of(conn: &Connection, id: i64) -> Vec<u8> {
    conn.query_row("SELECT sealed FROM accounts WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .unwrap()
}

#[test]
fn a_row_damaged_under_an_open_vault_is_reported_on_refresh() {
    let fx = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = opened(&fx, dir.path());
    let before: Vec<String> = [1, 3, 4]
        .iter()
        .map(|id| v.peek(*id, AT).unwrap().password.to_string())
        .collect();
    let other = Connection::open(&path).unwrap();
    let mut blob = sealed_of(&other, 2);
    blob[30] ^= 1;
    other
        .execute("UPDATE accounts SET sealed = ?1 WHERE id = 2", [&blob])
        .unwrap();
    assert!(v.refresh().unwrap(), "the change was not noticed");
    assert_eq!(v.corrupted().unwrap(), vec![("accounts", 2)]);
    assert!(matches!(
        v.account(2),
        Err(Error::Corrupted {
            table: "accounts",
            id: 2
        })
    ));
    assert!(matches!(v.otp(2, AT), Err(Error::Corrupted { .. })));
    let after: Vec<String> = [1, 3, 4]
        .iter()
        .map(|id| v.peek(*id, AT).unwrap().password.to_string())
        .collect();
    assert_eq!(before, after);
    assert_eq!(v.account_count().unwrap(), 3);
    // Nothing was written back over the damaged row.
    assert_eq!(sealed_of(&other, 2), blob);
}

#[test]
fn wrong_types_and_header_damage_under_an_open_vault_do_not_crash_it() {
    let fx = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = opened(&fx, dir.path());
    let other = Connection::open(&path).unwrap();
    let hotp_blob = sealed_of(&other, 2);
    // A wrong-typed value in the HOTP row, with no refresh in between: handing out a code
    // reads the row again, finds it unusable and advances nothing.
    other
        .execute("UPDATE accounts SET position = 'first' WHERE id = 2", [])
        .unwrap();
    assert!(matches!(
        v.otp(2, AT),
        Err(Error::Corrupted {
            table: "accounts",
            id: 2
        })
    ));
    assert_eq!(sealed_of(&other, 2), hotp_blob);
    // Reported at once, not only after the next refresh.
    assert_eq!(v.corrupted().unwrap(), vec![("accounts", 2)]);
    // A group row and the header damaged too.
    other
        .execute_batch(
            "UPDATE groups SET sealed = 7 WHERE id = 1;
             UPDATE meta SET value = 'salt' WHERE key = 'kdf_salt';",
        )
        .unwrap();
    assert!(v.refresh().unwrap());
    assert_eq!(v.corrupted().unwrap(), vec![("accounts", 2), ("groups", 1)]);
    assert!(matches!(
        v.group(1),
        Err(Error::Corrupted {
            table: "groups",
            id: 1
        })
    ));
    assert!(matches!(
        v.group_by_name("1"),
        Err(Error::Corrupted {
            table: "groups",
            id: 1
        })
    ));
    assert!(matches!(
        v.group_by_name("Work"),
        Err(Error::GroupNameNotFound(_))
    ));
    assert_eq!(v.group(2).unwrap().name, "Home");
    assert_eq!(v.peek(1, AT).unwrap().password.len(), 6);
    // The open vault keeps the header it read; a new open reports the damage.
    v.lock();
    v.unlock(PW.as_bytes()).unwrap();
    assert!(matches!(Vault::open(&path), Err(Error::BadHeader { .. })));
    // The change counter deleted: the next refresh says so, and the vault keeps serving the
    // rows it holds.
    other.execute("DELETE FROM changes", []).unwrap();
    assert!(matches!(
        v.refresh(),
        Err(Error::Corrupted {
            table: "changes",
            id: 1
        })
    ));
    assert_eq!(v.peek(4, AT).unwrap().password.len(), 6);
    assert_eq!(v.account_count().unwrap(), 3);
}

#[test]
fn a_vault_switched_out_of_wal_is_switched_back_and_nothing_else_changes() {
    let fx = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let path = fx.copy_to(dir.path());
    let baseline = snapshot::take(&fx.copy_to(tempfile::tempdir().unwrap().path()), &fx);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    // File format bytes 18 and 19: 1 = rollback journal, 2 = WAL.
    assert_eq!(before[18..20], [1, 1]);
    let got = snapshot::take(&path, &fx);
    assert_eq!(got, baseline, "the vault reads differently");
    let after = std::fs::read(&path).unwrap();
    assert_eq!(after[18..20], [2, 2], "WAL was not turned back on");
    assert_eq!(before.len(), after.len());
    let changed: Vec<usize> = (0..before.len())
        .filter(|&i| before[i] != after[i])
        .collect();
    // Only the database header changes: the journal-mode bytes (18, 19) and the two counters
    // SQLite bumps with them (file change counter 24..28, version-valid-for 92..96); no page
    // of data is rewritten.
    let allowed = |i: usize| matches!(i, 18 | 19 | 24..=27 | 92..=95);
    assert!(
        changed.iter().all(|&i| allowed(i)),
        "changed offsets: {changed:?}"
    );
    assert!(changed.contains(&18) && changed.contains(&19));
    println!("switching WAL back on changed header offsets {changed:?}");
}
