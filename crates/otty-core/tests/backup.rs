//! Backups of a vault in use: `Vault::backup_to` (what `otty backup` calls) and the automatic
//! backups taken after changes.

mod support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use otty_core::vault::backup::AutoBackup;
use otty_core::{Error, Vault};
use support::{FAST, PW, account};

fn services_of(path: &Path) -> Vec<String> {
    let v = Vault::open(path).unwrap();
    v.unlock(PW).unwrap();
    assert!(
        v.check().unwrap().is_intact(),
        "{} is intact",
        path.display()
    );
    v.accounts()
        .unwrap()
        .into_iter()
        .map(|a| a.data.service)
        .collect()
}

fn mode_of(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_backup_is_a_whole_vault_created_0600_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let v = Vault::create(&path, PW, FAST).unwrap();
    v.add(account("First")).unwrap();
    // A reader in an older snapshot keeps the second write in the WAL only.
    let mut reader = rusqlite::Connection::open(&path).unwrap();
    let snapshot = reader.transaction().unwrap();
    snapshot
        .query_row("SELECT count(*) FROM accounts", [], |r| r.get::<_, i64>(0))
        .unwrap();
    v.add(account("Second")).unwrap();

    let copy = dir.path().join("copy.otty");
    v.backup_to(&copy, false).unwrap();
    assert_eq!(mode_of(&copy), 0o600);
    assert_eq!(services_of(&copy), ["First", "Second"]);

    v.add(account("Third")).unwrap();
    assert!(matches!(
        v.backup_to(&copy, false),
        Err(Error::AlreadyExists { .. })
    ));
    assert_eq!(services_of(&copy), ["First", "Second"], "left as it was");
    v.backup_to(&copy, true).unwrap();
    assert_eq!(mode_of(&copy), 0o600);
    assert_eq!(services_of(&copy), ["First", "Second", "Third"]);
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    snapshot.commit().unwrap();

    // A locked vault can be backed up too: no key is needed to copy sealed rows.
    drop(v);
    let locked = Vault::open(&path).unwrap();
    let second = dir.path().join("locked.otty");
    locked.backup_to(&second, false).unwrap();
    assert_eq!(services_of(&second), ["First", "Second", "Third"]);
}

/// The automatic backups in `dir`, by name.
fn backups_in(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Make every backup in `dir` look over a minute old (name and time), oldest first, as if
/// taken earlier: the next change may take one again. `counter` numbers the minutes given.
fn age(dir: &Path, counter: &mut u64) {
    for p in backups_in(dir) {
        *counter += 1;
        let older = dir.join(format!("v-20000101T00{:02}00Z.otty", *counter));
        fs::rename(&p, &older).unwrap();
        let when = SystemTime::now() - Duration::from_secs((100 - *counter) * 60);
        fs::File::options()
            .write(true)
            .open(&older)
            .unwrap()
            .set_modified(when)
            .unwrap();
    }
}

#[test]
fn automatic_backups_follow_changes_at_most_once_a_minute_and_keep_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    let path = dir.path().join("v.otty");
    let v = Vault::create(&path, PW, FAST).unwrap();
    v.add(account("Before")).unwrap();
    assert!(!backups.exists(), "off by default");

    v.set_auto_backup(Some(AutoBackup {
        dir: backups.clone(),
        keep: 2,
    }));
    v.add(account("One")).unwrap();
    let taken = backups_in(&backups);
    assert_eq!(taken.len(), 1);
    assert_eq!(mode_of(&taken[0]), 0o600);
    assert_eq!(services_of(&taken[0]), ["Before", "One"]);

    // Within the minute: no second backup, neither by the write nor by the timer.
    v.add(account("Two")).unwrap();
    v.refresh().unwrap();
    assert_eq!(backups_in(&backups).len(), 1);
    // Once the minute has passed, the timer takes the change that waited.
    let mut minutes = 0;
    age(&backups, &mut minutes);
    v.refresh().unwrap();
    let taken = backups_in(&backups);
    assert_eq!(taken.len(), 2);
    assert_eq!(services_of(taken.last().unwrap()), ["Before", "One", "Two"]);
    // Nothing changed since: the timer takes no other.
    age(&backups, &mut minutes);
    v.refresh().unwrap();
    assert_eq!(backups_in(&backups).len(), 2);
    // The next change does, and only the two newest are kept.
    v.add(account("Three")).unwrap();
    let taken = backups_in(&backups);
    assert_eq!(taken.len(), 2);
    assert_eq!(
        services_of(taken.last().unwrap()),
        ["Before", "One", "Two", "Three"]
    );
    assert_eq!(services_of(&taken[0]), ["Before", "One", "Two"]);
}
