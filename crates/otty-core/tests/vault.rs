//! Integration tests of `core::Vault`: the file format, sealing, tampering, reloads and modes.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use otty_core::{
    Error, FixedClock, KdfParams, NewAccount, OtpKind, OtpParams, Secret, Vault, VaultEvent,
};

const FAST: KdfParams = KdfParams::CHEAPEST;
const PW: &[u8] = b"correct horse";

fn new_vault(dir: &Path) -> (PathBuf, Vault) {
    let path = dir.join("v.otty");
    let v = Vault::create(&path, PW, FAST).unwrap();
    (path, v)
}

fn acme() -> NewAccount {
    NewAccount::new(
        "ACME",
        "alice",
        OtpParams::totp(Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap()),
    )
}

fn hotp(counter: u64) -> NewAccount {
    let mut p = OtpParams::totp(Secret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap());
    p.kind = OtpKind::Hotp;
    p.counter = counter;
    NewAccount::new("Issuu", "james", p)
}

fn bytes_of(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn accounts_survive_reopen_and_give_codes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = new_vault(dir.path());
    let a = v.add(acme()).unwrap();
    drop(v);
    let v = Vault::open(&path).unwrap();
    assert!(matches!(v.accounts(), Err(Error::Locked)));
    v.unlock(PW).unwrap();
    let got = v.account(a.id).unwrap();
    assert_eq!(got.data, a.data);
    // RFC 6238 style check against the well-known JBSWY3DPEHPK3PXP code at t=1700000000.
    let otp = v.otp(a.id, 1_700_000_000).unwrap();
    assert_eq!(otp.password.len(), 6);
    assert_eq!(otp.generated_at, Some(1_700_000_000));
    v.lock();
    assert!(matches!(v.account(a.id), Err(Error::Locked)));
}

#[test]
fn wrong_password_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = new_vault(dir.path());
    v.add(acme()).unwrap();
    drop(v);
    let before = bytes_of(&path);
    let v = Vault::open(&path).unwrap();
    assert!(matches!(v.unlock(b"nope"), Err(Error::WrongPassword)));
    drop(v);
    assert_eq!(before, bytes_of(&path));
}

fn flip_sealed_byte(path: &Path, table: &str, id: i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut blob: Vec<u8> = conn
        .query_row(
            &format!("SELECT sealed FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .unwrap();
    let mid = blob.len() / 2;
    blob[mid] ^= 0x01;
    conn.execute(
        &format!("UPDATE {table} SET sealed = ?1 WHERE id = ?2"),
        rusqlite::params![blob, id],
    )
    .unwrap();
}

#[test]
fn a_tampered_row_is_reported_and_the_rest_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = new_vault(dir.path());
    let a = v.add(acme()).unwrap();
    let b = v.add(hotp(0)).unwrap();
    drop(v);
    flip_sealed_byte(&path, "accounts", a.id);
    let before = bytes_of(&path);
    let v = Vault::open(&path).unwrap();
    v.unlock(PW).unwrap();
    assert!(matches!(
        v.account(a.id),
        Err(Error::Corrupted { table: "accounts", id }) if id == a.id
    ));
    assert!(matches!(v.otp(a.id, 0), Err(Error::Corrupted { .. })));
    assert!(matches!(
        v.find(&a.id.to_string()),
        Err(Error::Corrupted { .. })
    ));
    assert_eq!(v.corrupted().unwrap(), vec![("accounts", a.id)]);
    assert_eq!(v.accounts().unwrap().len(), 1);
    v.peek(b.id, 0).unwrap();
    drop(v);
    assert_eq!(before, bytes_of(&path), "reading must not rewrite anything");
}

#[test]
fn swapped_blobs_fail_their_integrity_check() {
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = new_vault(dir.path());
    let a = v.add(acme()).unwrap();
    let b = v.add(hotp(3)).unwrap();
    drop(v);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&format!(
        "UPDATE accounts SET sealed = (SELECT sealed FROM accounts WHERE id = {b}) WHERE id = {a};",
        a = a.id,
        b = b.id
    ))
    .unwrap();
    drop(conn);
    let v = Vault::open(&path).unwrap();
    v.unlock(PW).unwrap();
    assert!(matches!(v.account(a.id), Err(Error::Corrupted { .. })));
    assert!(v.account(b.id).is_ok());
}

#[test]
fn a_vault_from_a_newer_otty_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = new_vault(dir.path());
    drop(v);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let before = bytes_of(&path);
    let err = Vault::open(&path).err().unwrap();
    assert!(matches!(err, Error::TooNew { found: 99, .. }));
    assert!(err.to_string().contains("newer otty"), "{err}");
    assert_eq!(before, bytes_of(&path));
}

#[test]
fn foreign_files_are_refused_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, b"my precious notes, not a database at all ....").unwrap();
    assert!(matches!(Vault::open(&path), Err(Error::NotAVault { .. })));
    assert!(matches!(
        Vault::create(&path, PW, FAST),
        Err(Error::AlreadyExists { .. })
    ));
    let empty = dir.path().join("empty.otty");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(Vault::open(&empty), Err(Error::NotAVault { .. })));
    assert_eq!(
        bytes_of(&path),
        b"my precious notes, not a database at all ...."
    );
    assert!(bytes_of(&empty).is_empty());
    assert!(matches!(
        Vault::open(&dir.path().join("missing.otty")),
        Err(Error::NoVault { .. })
    ));
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn no_secret_or_name_in_clear_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = new_vault(dir.path());
    let raw_secret = b"TOPSECRETBYTES-0123456789".to_vec();
    let secret = Secret::from_bytes(raw_secret.clone());
    let b32 = secret.to_base32().to_string();
    let mut a = NewAccount::new(
        "Zyxwvutservice",
        "qwertyaccount@example.org",
        OtpParams::totp(secret),
    );
    a.notes = "Noteworthyremark".into();
    let added = v.add(a).unwrap();
    v.add_group("Grouplyname").unwrap();
    v.create_scoped_token("Tokenlyname", None, otty_core::vault::tokens::Scope::Read)
        .unwrap();
    v.set_setting("pref.Settinglykey", &serde_json::json!("Settinglyvalue"))
        .unwrap();
    v.append_otp_logs(&[otty_core::vault::otp_log::OtpLogEntry {
        account_id: added.id,
        token_name: Some("Loglytoken".into()),
        created_at: 1_700_000_000,
        count: 1,
    }])
    .unwrap();
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    let mut disk = bytes_of(&path);
    if wal.exists() {
        disk.extend(bytes_of(&wal));
    }
    for needle in [
        b32.as_bytes(),
        &raw_secret,
        b"Zyxwvutservice",
        b"qwertyaccount",
        b"Noteworthyremark",
        b"Grouplyname",
        b"Tokenlyname",
        b"Settinglykey",
        b"Settinglyvalue",
        b"Loglytoken",
        added.uuid.as_bytes(),
    ] {
        assert!(
            !contains(&disk, needle),
            "{} found in clear",
            String::from_utf8_lossy(needle)
        );
    }
    // The scan itself must be able to see plaintext: table names are in the schema.
    assert!(contains(&disk, b"otp_logs"));
}

#[test]
fn file_and_directory_modes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("v.otty");
    let v = Vault::create(&path, PW, FAST).unwrap();
    v.add(acme()).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    for suffix in ["-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{suffix}");
        }
    }
}

#[test]
fn hotp_hands_out_the_code_at_n_and_stores_n_plus_one() {
    let dir = tempfile::tempdir().unwrap();
    let (_, v) = new_vault(dir.path());
    let a = v.add(hotp(0)).unwrap();
    // RFC 4226 Appendix D: counter 0 → 755224, 1 → 287082.
    let first = v.otp(a.id, 0).unwrap();
    assert_eq!(
        (first.password.as_str(), first.counter),
        ("755224", Some(1))
    );
    assert_eq!(v.peek(a.id, 0).unwrap().password.as_str(), "287082");
    let second = v.otp(a.id, 0).unwrap();
    assert_eq!(
        (second.password.as_str(), second.counter),
        ("287082", Some(2))
    );
    assert_eq!(v.account(a.id).unwrap().data.otp.counter, 2);
}

#[test]
fn hotp_across_connections_never_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = new_vault(dir.path());
    let id = v.add(hotp(0)).unwrap().id;
    drop(v);
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let v = Vault::open(&path).unwrap();
                v.unlock(PW).unwrap();
                (0..50)
                    .map(|_| v.otp(id, 0).unwrap().counter.unwrap())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut counters: Vec<u64> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    counters.sort_unstable();
    counters.dedup();
    assert_eq!(counters.len(), 100);
    let v = Vault::open(&path).unwrap();
    v.unlock(PW).unwrap();
    assert_eq!(v.account(id).unwrap().data.otp.counter, 100);
}

#[test]
fn changes_from_another_connection_are_reloaded_with_events() {
    let dir = tempfile::tempdir().unwrap();
    let (path, a) = new_vault(dir.path());
    let events = a.subscribe();
    assert!(!a.refresh().unwrap(), "nothing changed yet");
    let b = Vault::open(&path).unwrap();
    b.unlock(PW).unwrap();
    let added = b.add(acme()).unwrap();
    assert!(a.refresh().unwrap());
    assert_eq!(a.account(added.id).unwrap().data.service, "ACME");
    let got: Vec<VaultEvent> = events.try_iter().collect();
    assert!(got.contains(&VaultEvent::AccountAdded(added.id)), "{got:?}");
    b.remove(&[added.id]).unwrap();
    assert!(a.refresh().unwrap());
    assert!(matches!(
        a.account(added.id),
        Err(Error::AccountNotFound(_))
    ));
    assert!(
        events
            .try_iter()
            .any(|e| e == VaultEvent::AccountRemoved(added.id))
    );
}

#[test]
fn groups_add_rename_assign_reorder_remove() {
    let dir = tempfile::tempdir().unwrap();
    let (_, v) = new_vault(dir.path());
    let work = v.add_group("Work").unwrap();
    let home = v.add_group("Home").unwrap();
    assert!(
        v.add_group("work").is_err(),
        "names are unique, case-insensitively"
    );
    assert!(v.add_group("  ").is_err());
    let a = v.add(acme()).unwrap();
    v.assign(&[a.id], Some(work.id)).unwrap();
    assert_eq!(v.account(a.id).unwrap().data.group_id, Some(work.id));
    assert!(v.assign(&[a.id], Some(999)).is_err());
    v.rename_group(work.id, "Job").unwrap();
    assert_eq!(v.group_by_name("job").unwrap().id, work.id);
    v.reorder_groups(&[home.id]).unwrap();
    let names: Vec<String> = v.groups().unwrap().into_iter().map(|g| g.name).collect();
    assert_eq!(names, ["Home", "Job"]);
    assert_eq!(v.group_counts().unwrap(), vec![(home.id, 0), (work.id, 1)]);
    v.remove_group(work.id).unwrap();
    assert_eq!(v.account(a.id).unwrap().data.group_id, None);
}

#[test]
fn reorder_update_remove_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let (_, v) = new_vault(dir.path());
    let a = v.add(acme()).unwrap();
    let b = v.add(hotp(1)).unwrap();
    v.reorder(&[b.id]).unwrap();
    let ids: Vec<i64> = v.accounts().unwrap().iter().map(|x| x.id).collect();
    assert_eq!(ids, [b.id, a.id]);
    let mut changed = a.data.clone();
    changed.service = "ACME Corp".into();
    changed.otp.digits = 8;
    v.update(a.id, changed).unwrap();
    assert_eq!(v.account(a.id).unwrap().data.otp.digits, 8);
    let mut bad = a.data.clone();
    bad.otp.digits = 11;
    assert!(matches!(
        v.update(a.id, bad),
        Err(Error::Invalid {
            field: "digits",
            ..
        })
    ));
    assert!(v.remove(&[a.id, 12345]).is_err());
    assert_eq!(
        v.account_count().unwrap(),
        2,
        "a failed remove removes nothing"
    );
    v.remove(&[a.id]).unwrap();
    assert_eq!(v.find("acme").unwrap().len(), 0);
    assert_eq!(v.find("issuu").unwrap().len(), 1);
}

#[test]
fn change_password_rewraps_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = new_vault(dir.path());
    let a = v.add(acme()).unwrap();
    v.change_password(b"new one", None).unwrap();
    drop(v);
    let v = Vault::open(&path).unwrap();
    assert!(matches!(v.unlock(PW), Err(Error::WrongPassword)));
    v.unlock(b"new one").unwrap();
    assert_eq!(v.account(a.id).unwrap().data.service, "ACME");
}

#[test]
fn header_tampering_gives_wrong_password_or_bad_header() {
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = new_vault(dir.path());
    drop(v);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE meta SET value = zeroblob(16) WHERE key = 'kdf_salt'",
        [],
    )
    .unwrap();
    drop(conn);
    let v = Vault::open(&path).unwrap();
    assert!(matches!(v.unlock(PW), Err(Error::WrongPassword)));
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("DELETE FROM meta WHERE key = 'wrapped_key'", [])
        .unwrap();
    drop(conn);
    assert!(matches!(Vault::open(&path), Err(Error::BadHeader { .. })));
}

#[test]
fn fixed_clock_drives_timestamps() {
    let v = Vault::create_in_memory(PW, FAST)
        .unwrap()
        .with_clock(Arc::new(FixedClock::new(1_000)));
    let a = v.add(acme()).unwrap();
    assert_eq!((a.created_at, a.updated_at), (1_000, 1_000));
}

#[test]
fn many_rows_load_in_parallel_and_a_bad_one_is_still_singled_out() {
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = new_vault(dir.path());
    let list: Vec<NewAccount> = (0..700)
        .map(|i| {
            let mut a = acme();
            a.account = format!("user{i}");
            a
        })
        .collect();
    let added = v.add_many(list).unwrap();
    drop(v);
    let victim = added[450].id;
    flip_sealed_byte(&path, "accounts", victim);
    let v = Vault::open(&path).unwrap();
    v.unlock(PW).unwrap();
    assert_eq!(v.account_count().unwrap(), 699);
    assert_eq!(v.corrupted().unwrap(), vec![("accounts", victim)]);
    for a in &added {
        if a.id != victim {
            assert_eq!(v.account(a.id).unwrap().data, a.data, "row {}", a.id);
        }
    }
}

#[test]
fn log_writes_from_elsewhere_do_not_reload_rows_but_account_writes_do() {
    use otty_core::vault::otp_log::OtpLogEntry;
    let dir = tempfile::tempdir().unwrap();
    let (path, a) = new_vault(dir.path());
    let id = a.add(acme()).unwrap().id;
    let b = Vault::open(&path).unwrap();
    b.unlock(PW).unwrap();
    // The first refresh may reload once for a's own earlier writes; settle it.
    a.refresh().unwrap();
    let events = a.subscribe();
    b.append_otp_logs(&[OtpLogEntry {
        account_id: id,
        token_name: None,
        created_at: 1,
        count: 1,
    }])
    .unwrap();
    assert!(
        !a.refresh().unwrap(),
        "an OTP log write must not reload the rows"
    );
    assert_eq!(events.try_iter().count(), 0);
    let mut changed = acme();
    changed.service = "Changed".into();
    b.update(id, changed).unwrap();
    assert!(a.refresh().unwrap());
    assert_eq!(a.account(id).unwrap().data.service, "Changed");
    assert!(
        events
            .try_iter()
            .any(|e| e == VaultEvent::AccountUpdated(id))
    );
}

/// The vault file and its WAL, as bytes.
fn file_and_wal(path: &Path) -> Vec<u8> {
    let mut all = bytes_of(path);
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(b) = std::fs::read(PathBuf::from(wal)) {
        all.extend(b);
    }
    all
}

fn raw_value(path: &Path, sql: &str) -> Vec<u8> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_removed_account_leaves_no_bytes_in_the_file_or_wal() {
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = new_vault(dir.path());
    // Another process has the vault open (the TUI, a server) the whole time.
    let other = Vault::open(&path).unwrap();
    other.unlock(PW).unwrap();
    let ids: Vec<i64> = (0..3).map(|_| v.add(acme()).unwrap().id).collect();
    let gone = ids[1];
    let blob = raw_value(
        &path,
        &format!("SELECT sealed FROM accounts WHERE id = {gone}"),
    );
    assert!(
        contains(&file_and_wal(&path), &blob),
        "the test must see the blob first"
    );
    v.remove(&[gone]).unwrap();
    let after = file_and_wal(&path);
    assert!(
        !contains(&after, &blob[blob.len() - 32..]),
        "sealed blob left behind"
    );
    other.refresh().unwrap();
    assert_eq!(other.account_count().unwrap(), 2);
}

#[test]
fn passwd_leaves_no_old_wrapped_key_in_the_file_or_wal() {
    let dir = tempfile::tempdir().unwrap();
    let (path, v) = new_vault(dir.path());
    let _other = Vault::open(&path).unwrap();
    v.add(acme()).unwrap();
    let old = raw_value(&path, "SELECT value FROM meta WHERE key = 'wrapped_key'");
    v.change_password(b"another battery staple", None).unwrap();
    assert!(
        !contains(&file_and_wal(&path), &old),
        "the old wrapped key is still in the file or WAL"
    );
    drop(v);
    let v = Vault::open(&path).unwrap();
    assert!(matches!(v.unlock(PW), Err(Error::WrongPassword)));
    v.unlock(b"another battery staple").unwrap();
}
