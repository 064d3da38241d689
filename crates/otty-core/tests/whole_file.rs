//! The main vault file alone is a whole vault after every acknowledged write: a copy of it
//! without its `-wal`, taken while the vault is still open, opens with the password and holds
//! every write. The first commit in a second is checkpointed at once; the others of that
//! second, and those a reader in the middle of an older snapshot holds back, are finished by
//! the next `Vault::refresh` (the server's and the TUI's one-second timer).

mod support;

use std::path::{Path, PathBuf};

use otty_core::{OtpKind, Vault};
use support::{FAST, PW, account};

/// Copy the main file only (never its `-wal` or `-shm`) to `name` in `dir`.
fn copy_main_file(path: &Path, dir: &Path, name: &str) -> PathBuf {
    let copy = dir.join(name);
    std::fs::copy(path, &copy).unwrap();
    copy
}

/// The services of the vault at `path`, opened with the password.
fn services_of(path: &Path) -> Vec<String> {
    let v = Vault::open(path).unwrap();
    v.unlock(PW).unwrap();
    assert!(v.problems().unwrap().is_empty(), "the copy is intact");
    v.accounts()
        .unwrap()
        .into_iter()
        .map(|a| a.data.service)
        .collect()
}

#[test]
fn a_copy_of_the_main_file_alone_holds_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let copies = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let v = Vault::create(&path, PW, FAST).unwrap();
    assert!(services_of(&copy_main_file(&path, copies.path(), "0.otty")).is_empty());

    let a = v.add(account("First")).unwrap();
    v.add(account("Second")).unwrap();
    let mut edited = a.data.clone();
    edited.service = "Renamed".into();
    v.update(a.id, edited).unwrap();
    let mut h = account("Counter");
    h.otp.kind = OtpKind::Hotp;
    let h = v.add(h).unwrap();
    v.otp(h.id, 0).unwrap();
    v.add_group("Work").unwrap();
    // Writes in quick succession: the timer's refresh finishes what the first one left.
    v.refresh().unwrap();
    assert!(v.main_file_whole());

    let copy = copy_main_file(&path, copies.path(), "1.otty");
    assert_eq!(services_of(&copy), ["Renamed", "Second", "Counter"]);
    let c = Vault::open(&copy).unwrap();
    c.unlock(PW).unwrap();
    assert_eq!(c.account(h.id).unwrap().data.otp.counter, 1);
    assert_eq!(c.groups().unwrap()[0].name, "Work");
    drop(c);

    v.remove(&[a.id]).unwrap();
    v.refresh().unwrap();
    let copy = copy_main_file(&path, copies.path(), "2.otty");
    assert_eq!(services_of(&copy), ["Second", "Counter"]);
}

#[test]
fn the_first_write_of_a_process_is_in_the_main_file_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let copies = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    drop(Vault::create(&path, PW, FAST).unwrap());
    // Another handle stays open, as a server would, so nothing checkpoints on close.
    let server = Vault::open(&path).unwrap();
    server.unlock(PW).unwrap();
    let cli = Vault::open(&path).unwrap();
    cli.unlock(PW).unwrap();
    cli.add(account("Now")).unwrap();
    assert!(cli.main_file_whole());
    let copy = copy_main_file(&path, copies.path(), "now.otty");
    assert_eq!(services_of(&copy), ["Now"]);
    drop(server);
}

#[test]
fn a_checkpoint_held_back_by_a_reader_finishes_at_the_next_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let copies = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let v = Vault::create(&path, PW, FAST).unwrap();
    v.add(account("Before")).unwrap();

    // Another connection in the middle of a read of the snapshot before the next write.
    let mut reader = rusqlite::Connection::open(&path).unwrap();
    let snapshot = reader.transaction().unwrap();
    let n: i64 = snapshot
        .query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    v.add(account("During")).unwrap();
    v.refresh().unwrap();
    // SQLite copies a page only once its newest version may be copied: while the reader holds
    // its snapshot the main file is not whole (not even the state before), and says so.
    assert!(!v.main_file_whole(), "the reader holds the checkpoint back");

    snapshot.commit().unwrap();
    drop(reader);
    v.refresh().unwrap();
    assert!(v.main_file_whole());
    let copy = copy_main_file(&path, copies.path(), "done.otty");
    assert_eq!(services_of(&copy), ["Before", "During"]);
}

#[test]
fn the_otp_log_written_on_a_side_connection_reaches_the_main_file() {
    let dir = tempfile::tempdir().unwrap();
    let copies = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let v = Vault::create(&path, PW, FAST).unwrap();
    let a = v.add(account("Logged")).unwrap();
    let entry = otty_core::vault::otp_log::OtpLogEntry {
        account_id: a.id,
        token_name: Some("script".into()),
        created_at: 1_700_000_000,
        count: 1,
    };
    v.append_otp_logs(&[entry]).unwrap();
    let copy = copy_main_file(&path, copies.path(), "log.otty");
    let c = Vault::open(&copy).unwrap();
    c.unlock(PW).unwrap();
    assert_eq!(c.otp_logs(a.id, 0, 10).unwrap().len(), 1);
}
