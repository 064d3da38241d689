//! `Vault::merge`: two copies of a vault that went their own ways fold back into one without
//! losing an account, an edit, a deletion, an HOTP advance or a used backup code.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use otty_core::account::BackupCode;
use otty_core::vault::merge::{Change, MergeReport, RowKind};
use otty_core::vault::tokens::hash_token;
use otty_core::{Error, NewAccount, OtpKind, Vault};
use support::{FAST, PW, account as totp, services};

fn hotp(service: &str) -> NewAccount {
    let mut a = totp(service);
    a.otp.kind = OtpKind::Hotp;
    a
}

/// A vault at `dir/name` holding a few accounts, and a second file that is a copy of it.
fn two_copies(dir: &Path) -> (Vault, Vault, PathBuf) {
    let a_path = dir.join("a.otty");
    let a = Vault::create(&a_path, PW, FAST).unwrap();
    let work = a.add_group("Work").unwrap();
    let mut keep = totp("Keep");
    keep.group_id = Some(work.id);
    a.add(keep).unwrap();
    a.add(totp("Rename me")).unwrap();
    a.add(totp("Delete me")).unwrap();
    a.add(hotp("Counter")).unwrap();
    let mut codes = totp("Codes");
    codes.backup_codes = vec![
        BackupCode {
            code: "1111-1111".into(),
            used_at: None,
        },
        BackupCode {
            code: "2222-2222".into(),
            used_at: None,
        },
    ];
    a.add(codes).unwrap();
    let b_path = dir.join("b.otty");
    a.backup_to(&b_path, false).unwrap();
    let b = Vault::open(&b_path).unwrap();
    b.unlock(PW).unwrap();
    (a, b, b_path)
}

fn id_of(v: &Vault, service: &str) -> i64 {
    v.accounts()
        .unwrap()
        .into_iter()
        .find(|a| a.data.service == service)
        .unwrap_or_else(|| panic!("no {service}"))
        .id
}

/// Every account by UUID: what two copies must agree on after merging each other.
fn accounts_of(v: &Vault) -> BTreeMap<String, String> {
    let groups: BTreeMap<i64, String> = v
        .groups()
        .unwrap()
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    v.accounts()
        .unwrap()
        .into_iter()
        .map(|a| {
            let group = a.data.group_id.and_then(|g| groups.get(&g).cloned());
            let used: Vec<bool> = a
                .data
                .backup_codes
                .iter()
                .map(|c| c.used_at.is_some())
                .collect();
            (
                a.uuid.clone(),
                format!(
                    "{} / {} / counter {} / group {group:?} / used {used:?} / {:?}",
                    a.data.service, a.data.notes, a.data.otp.counter, a.edit
                ),
            )
        })
        .collect()
}

/// Edits on both sides: adds, an edit, a deletion, HOTP advances, a used backup code.
fn diverge(a: &Vault, b: &Vault) {
    a.add(totp("Added on A")).unwrap();
    let mut renamed = a.account(id_of(a, "Rename me")).unwrap().data;
    renamed.service = "Renamed on A".into();
    a.update(id_of(a, "Rename me"), renamed).unwrap();
    for _ in 0..3 {
        a.otp(id_of(a, "Counter"), 0).unwrap();
    }

    b.add(totp("Added on B")).unwrap();
    b.remove(&[id_of(b, "Delete me")]).unwrap();
    b.otp(id_of(b, "Counter"), 0).unwrap();
    let used = b.use_backup_code(id_of(b, "Codes"), "2222 2222").unwrap();
    assert_eq!(used.remaining, 1);
}

#[test]
fn diverged_copies_merge_to_the_union_of_both() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, _) = two_copies(dir.path());
    diverge(&a, &b);

    let dry = a.merge(&b, None, true).unwrap();
    assert!(!dry.written);
    assert_eq!(dry.count(RowKind::Account, Change::Added), 1);
    assert_eq!(dry.count(RowKind::Account, Change::Deleted), 1);
    assert_eq!(
        services(&a),
        [
            "Added on A",
            "Codes",
            "Counter",
            "Delete me",
            "Keep",
            "Renamed on A"
        ],
        "a dry run writes nothing"
    );

    let report = a.merge(&b, None, false).unwrap();
    assert!(report.written);
    assert_eq!(
        report,
        MergeReport {
            written: true,
            ..dry
        }
    );
    assert_eq!(
        services(&a),
        [
            "Added on A",
            "Added on B",
            "Codes",
            "Counter",
            "Keep",
            "Renamed on A"
        ]
    );
    let counter = a.account(id_of(&a, "Counter")).unwrap();
    assert_eq!(counter.data.otp.counter, 3, "the higher counter");
    let codes = a.account(id_of(&a, "Codes")).unwrap();
    assert!(
        codes.data.backup_codes[1].used_at.is_some(),
        "B's use is kept"
    );
    let keep = a.account(id_of(&a, "Keep")).unwrap();
    assert_eq!(a.group(keep.data.group_id.unwrap()).unwrap().name, "Work");
    assert!(a.check().unwrap().is_intact());

    let again = a.merge(&b, None, false).unwrap();
    assert!(!again.written, "merging twice changes nothing: {again:?}");
    assert!(!again.changes_anything());
}

#[test]
fn both_directions_give_the_same_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, _) = two_copies(dir.path());
    diverge(&a, &b);
    // Merge each into a copy of the other, so both start from the diverged states.
    let a2_path = dir.path().join("a2.otty");
    a.backup_to(&a2_path, false).unwrap();
    let a2 = Vault::open(&a2_path).unwrap();
    a2.unlock(PW).unwrap();
    a.merge(&b, None, false).unwrap();
    b.merge(&a2, None, false).unwrap();
    assert_eq!(accounts_of(&a), accounts_of(&b));
    assert!(b.check().unwrap().is_intact());
}

#[test]
fn a_deletion_wins_over_an_older_edit_and_loses_to_a_newer_one() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, _) = two_copies(dir.path());
    // B edits "Keep" first, then A deletes it: the deletion is newer.
    let mut data = b.account(id_of(&b, "Keep")).unwrap().data;
    data.notes = "edited before the deletion".into();
    b.update(id_of(&b, "Keep"), data).unwrap();
    a.remove(&[id_of(&a, "Keep")]).unwrap();
    // A deletes "Rename me" first, then B edits it: the edit is newer.
    a.remove(&[id_of(&a, "Rename me")]).unwrap();
    let mut data = b.account(id_of(&b, "Rename me")).unwrap().data;
    data.notes = "edited after the deletion".into();
    b.update(id_of(&b, "Rename me"), data).unwrap();

    let report = a.merge(&b, None, false).unwrap();
    let names = services(&a);
    assert!(!names.contains(&"Keep".to_owned()), "{names:?}");
    assert!(names.contains(&"Rename me".to_owned()), "{names:?}");
    let mut conflicts: Vec<(&str, Change)> = report
        .rows
        .iter()
        .filter(|r| r.conflict)
        .map(|r| (r.name.as_str(), r.change))
        .collect();
    conflicts.sort();
    assert_eq!(
        conflicts,
        [
            ("Keep (alice)", Change::Unchanged),
            ("Rename me (alice)", Change::Added)
        ]
    );
    assert_eq!(report.conflicts(RowKind::Account), 2, "{report:?}");
    // And B, merging A, reaches the same.
    b.merge(&a, None, false).unwrap();
    assert_eq!(accounts_of(&a), accounts_of(&b));
}

#[test]
fn another_vault_with_its_own_password_merges_by_uuid_and_group_name() {
    let dir = tempfile::tempdir().unwrap();
    let a = Vault::create(&dir.path().join("a.otty"), PW, FAST).unwrap();
    let work = a.add_group("Work").unwrap();
    let mut mine = totp("Mine");
    mine.group_id = Some(work.id);
    a.add(mine).unwrap();
    let other = Vault::create(&dir.path().join("o.otty"), b"another password", FAST).unwrap();
    let owork = other.add_group("work").unwrap();
    let home = other.add_group("Home").unwrap();
    let mut theirs = totp("Theirs");
    theirs.group_id = Some(owork.id);
    other.add(theirs).unwrap();
    let mut at_home = totp("At home");
    at_home.group_id = Some(home.id);
    other.add(at_home).unwrap();
    let token = other.create_token("script", None).unwrap();

    let report = a.merge(&other, None, false).unwrap();
    assert_eq!(report.count(RowKind::Account, Change::Added), 2);
    assert_eq!(report.count(RowKind::Group, Change::Added), 1, "Home only");
    assert_eq!(report.tokens_added, 1);
    let groups: Vec<String> = a.groups().unwrap().into_iter().map(|g| g.name).collect();
    assert_eq!(groups, ["Work", "Home"]);
    let theirs = a.account(id_of(&a, "Theirs")).unwrap();
    assert_eq!(theirs.data.group_id, Some(work.id), "same name, same group");
    assert!(a.check_token(&hash_token(&token.token)).unwrap().is_some());
    assert!(a.check().unwrap().is_intact());
    assert!(!a.merge(&other, None, false).unwrap().written);
}

#[test]
fn a_vault_that_fails_its_integrity_check_is_not_merged() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, b_path) = two_copies(dir.path());
    drop(b);
    let conn = rusqlite::Connection::open(&b_path).unwrap();
    conn.execute("DELETE FROM accounts WHERE id = 1", [])
        .unwrap();
    drop(conn);
    let b = Vault::open(&b_path).unwrap();
    b.unlock(PW).unwrap();
    assert!(matches!(a.merge(&b, None, false), Err(Error::Unverified)));
}

#[test]
fn with_the_common_ancestor_deletions_need_no_tombstone() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, _) = two_copies(dir.path());
    let base_path = dir.path().join("base.otty");
    a.backup_to(&base_path, false).unwrap();
    let base = Vault::open(&base_path).unwrap();
    base.unlock(PW).unwrap();
    diverge(&a, &b);
    let report = a.merge(&b, Some(&base), false).unwrap();
    assert_eq!(report.conflicts(RowKind::Account), 0, "{report:?}");
    assert!(!services(&a).contains(&"Delete me".to_owned()));
    assert!(services(&a).contains(&"Added on B".to_owned()));
}

#[test]
fn deletions_leave_tombstones_purged_after_180_days() {
    let clock = std::sync::Arc::new(otty_core::FixedClock::new(0));
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
    };
    clock.set(now());
    let v = Vault::create_in_memory(PW, FAST)
        .unwrap()
        .with_clock(clock.clone());
    let gone = v.add(totp("Gone")).unwrap();
    let group = v.add_group("Old").unwrap();
    v.remove(&[gone.id]).unwrap();
    v.remove_group(group.id).unwrap();
    let tombs = v.tombstones().unwrap();
    assert_eq!(tombs.len(), 2);
    assert!(tombs[&gone.uuid].edit.stamp > gone.edit.stamp);
    assert_eq!(tombs[&gone.uuid].edit.prev, gone.edit.stamp);
    // 179 days later they are kept; 181 days later the next removal purges them.
    clock.set(now() + 179 * 86_400);
    let other = v.add(totp("Other")).unwrap();
    let another = v.add(totp("Another")).unwrap();
    v.remove(&[other.id]).unwrap();
    assert_eq!(v.tombstones().unwrap().len(), 3);
    clock.set(now() + 181 * 86_400);
    v.remove(&[another.id]).unwrap();
    assert!(v.tombstones().unwrap().is_empty());
}
