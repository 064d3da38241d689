//! Tampering while a vault is open (another handle changes rows under it): `refresh()` reports
//! it and nothing crashes; and the one rewrite opening a damaged file may do: a vault switched
//! out of WAL mode is switched back.

use std::path::Path;

use otty::core::vault::head::Problem;
use otty::core::vault::tokens::hash_token;
use otty::core::{Error, Vault};
use rusqlite::Connection;

use super::cases::put_sql;
use super::fixture::{AT, Fixture, HOTP, PW};
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
    // Only the middle of the blob changed, not the tag end the head records.
    assert!(v.problems().unwrap().is_empty());
    let after: Vec<String> = [1, 3, 4]
        .iter()
        .map(|id| v.peek(*id, AT).unwrap().password.to_string())
        .collect();
    assert_eq!(before, after);
    assert_eq!(v.account_count().unwrap(), 4);
    // Nothing was written back over the damaged row.
    assert_eq!(sealed_of(&other, 2), blob);
}

#[test]
fn wrong_types_and_header_damage_under_an_open_vault_do_not_crash_it() {
    let fx = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = opened(&fx, dir.path());
    let other = Connection::open(&path).unwrap();
    let hotp_blob = sealed_of(&other, HOTP);
    // A wrong-typed version in the HOTP row, with no refresh in between: handing out a code
    // reads the row again, finds it unusable and advances nothing.
    other
        .execute("UPDATE accounts SET version = 'first' WHERE id = 2", [])
        .unwrap();
    assert!(matches!(
        v.otp(HOTP, AT),
        Err(Error::Corrupted {
            table: "accounts",
            id: 2
        })
    ));
    assert_eq!(sealed_of(&other, HOTP), hotp_blob);
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
    assert!(!v.problems().unwrap().is_empty());
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
    assert_eq!(v.group(2).unwrap().name, "Home");
    assert_eq!(v.peek(1, AT).unwrap().password.len(), 6);
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
    assert_eq!(v.account_count().unwrap(), 4);
    // Unlocking reads the header from the file again: refused, and a new open too.
    v.lock();
    assert!(matches!(
        v.unlock(PW.as_bytes()),
        Err(Error::BadHeader { .. })
    ));
    assert!(matches!(Vault::open(&path), Err(Error::BadHeader { .. })));
}

/// A row moved in from another copy of the same vault under an open vault: the next refresh
/// names it, HOTP codes and tokens are refused until `accept`, TOTP codes keep working.
#[test]
fn a_row_from_another_copy_under_an_open_vault_is_named_and_accept_lifts_the_refusal() {
    let fx = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = opened(&fx, dir.path());
    let other = Connection::open(&path).unwrap();
    other
        .execute_batch(&put_sql("accounts", &fx.sibling_row("accounts", 5)))
        .unwrap();
    assert!(v.refresh().unwrap());
    assert_eq!(
        v.problems().unwrap(),
        [Problem::Replaced {
            table: "accounts",
            id: 5
        }]
    );
    assert_eq!(v.account(5).unwrap().data.service, "Theirs");
    assert!(matches!(v.otp(HOTP, AT), Err(Error::Unverified)));
    assert!(matches!(
        v.check_token(&hash_token(&fx.tokens[0].1)),
        Err(Error::Unverified)
    ));
    // Other writes are not refused, and do not hide the problem.
    let group = v.add_group("New").unwrap();
    assert_eq!(v.peek(1, AT).unwrap().password.len(), 6);
    let report = v.check().unwrap();
    assert_eq!(report.problems, v.problems().unwrap());
    assert!(report.corrupted.is_empty());
    assert_eq!(v.group(group.id).unwrap().name, "New");
    assert!(v.accept().unwrap().is_intact());
    assert!(v.problems().unwrap().is_empty());
    assert!(v.otp(HOTP, AT).is_ok());
    assert_eq!(
        v.check_token(&hash_token(&fx.tokens[0].1))
            .unwrap()
            .map(|t| t.id),
        Some(1)
    );
}

/// The head damaged under an open vault: the next refresh says so; every write, HOTP codes
/// and tokens are refused, and nothing is written over the damage.
#[test]
fn a_head_damaged_under_an_open_vault_stops_writes() {
    let fx = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = opened(&fx, dir.path());
    let other = Connection::open(&path).unwrap();
    other
        .execute(
            "UPDATE head SET sealed = substr(sealed, 2) WHERE id = 1",
            [],
        )
        .unwrap();
    let head = |c: &Connection| -> Vec<u8> {
        c.query_row("SELECT sealed FROM head", [], |r| r.get(0))
            .unwrap()
    };
    let damaged = head(&other);
    assert!(v.refresh().unwrap());
    assert_eq!(v.problems().unwrap(), [Problem::Head]);
    assert!(matches!(v.otp(HOTP, AT), Err(Error::Unverified)));
    assert!(matches!(v.add_group("New"), Err(Error::Unverified)));
    assert!(matches!(
        v.set_setting("pref.x", &serde_json::json!(1)),
        Err(Error::Unverified)
    ));
    assert!(matches!(
        v.check_token(&hash_token(&fx.tokens[1].1)),
        Err(Error::Unverified)
    ));
    assert_eq!(v.peek(4, AT).unwrap().password.len(), 6);
    assert_eq!(head(&other), damaged);
}

/// The HOTP row put back to an older copy under an open vault, no refresh in between: the
/// code of the older counter (already handed out) must not be handed out again, and the
/// rollback must not be sealed into the head by that write.
#[test]

fn an_hotp_row_rolled_back_under_an_open_vault_is_not_served_again() {
    let fx = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = opened(&fx, dir.path());
    let other = Connection::open(&path).unwrap();
    other
        .execute_batch(&put_sql("accounts", &fx.older["accounts/2"]))
        .unwrap();
    let got = v.otp(HOTP, AT);
    assert!(
        matches!(got, Err(Error::Unverified)),
        "handed out counter {:?} again",
        got.map(|o| o.counter)
    );
}

/// A revoked token's older row put back under a running vault, and the change counter set
/// back so the vault does not reload: the token must not authenticate.
#[test]

fn a_revoked_token_rolled_back_with_the_change_counter_set_back_stays_refused() {
    let fx = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = opened(&fx, dir.path());
    let token = hash_token(&fx.tokens[2].1);
    assert_eq!(v.check_token(&token).unwrap(), None);
    let other = Connection::open(&path).unwrap();
    let generation: i64 = other
        .query_row("SELECT generation FROM changes", [], |r| r.get(0))
        .unwrap();
    other
        .execute_batch(&put_sql("tokens", &fx.older["tokens/3"]))
        .unwrap();
    other
        .execute("UPDATE changes SET generation = ?1", [generation])
        .unwrap();
    let _ = v.refresh();
    let got = v.check_token(&token);
    assert!(
        !matches!(got, Ok(Some(_))),
        "the revoked token authenticates again"
    );
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
