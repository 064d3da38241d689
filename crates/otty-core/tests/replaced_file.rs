//! A vault file replaced under an open `Vault` (a sync tool or `git checkout` renaming another
//! file over it, or a deletion): no write goes to the old file, where it would be lost; the
//! next `refresh` (the TUI's and the server's one-second timer) opens the new file, keeping
//! the vault unlocked when it is the same vault under the same key and locking otherwise.

mod support;

use std::path::Path;

use otty_core::{Error, Vault, VaultEvent};
use support::{FAST, PW, account, services};

/// What a sync tool does: write the other device's copy beside the vault, rename it over.
fn replace_with(path: &Path, other: &Path) {
    let tmp = path.with_extension("sync-tmp");
    std::fs::copy(other, &tmp).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn a_copy_of_the_same_vault_renamed_over_it_is_reloaded_and_no_write_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let running = Vault::create(&path, PW, FAST).unwrap();
    running.add(account("Local")).unwrap();
    running.checkpoint().unwrap();
    // The other device's copy: the same vault, one more account.
    let remote = dir.path().join("remote.otty");
    std::fs::copy(&path, &remote).unwrap();
    {
        let other = Vault::open(&remote).unwrap();
        other.unlock(PW).unwrap();
        other.add(account("FromRemote")).unwrap();
    }
    let events = running.subscribe();
    replace_with(&path, &remote);

    // A write before the refresh is refused, not written to the replaced file.
    let err = running.add(account("TooEarly")).unwrap_err();
    assert!(matches!(err, Error::FileReplaced), "{err:?}");

    assert!(running.refresh().unwrap(), "the new file is read");
    assert!(running.is_unlocked());
    assert_eq!(services(&running), ["FromRemote", "Local"]);
    let seen: Vec<VaultEvent> = events.try_iter().collect();
    assert!(
        seen.iter()
            .any(|e| matches!(e, VaultEvent::AccountAdded(_))),
        "{seen:?}"
    );

    // Writes go to the new file now.
    running.add(account("AfterSync")).unwrap();
    drop(running);
    let reopened = Vault::open(&path).unwrap();
    reopened.unlock(PW).unwrap();
    assert_eq!(services(&reopened), ["AfterSync", "FromRemote", "Local"]);
    assert!(reopened.problems().unwrap().is_empty());
}

#[test]
fn another_vault_renamed_over_it_locks_and_unlocks_as_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let running = Vault::create(&path, PW, FAST).unwrap();
    running.add(account("Mine")).unwrap();
    let stranger = dir.path().join("stranger.otty");
    {
        let v = Vault::create(&stranger, b"another password", FAST).unwrap();
        v.add(account("Theirs")).unwrap();
    }
    replace_with(&path, &stranger);
    assert!(running.refresh().unwrap());
    assert!(!running.is_unlocked(), "another vault: locked");
    assert!(matches!(running.unlock(PW), Err(Error::WrongPassword)));
    running.unlock(b"another password").unwrap();
    assert!(
        running.problems().unwrap().is_empty(),
        "the new file is read whole"
    );
    assert_eq!(services(&running), ["Theirs"]);
}

#[test]
fn a_deleted_vault_locks_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let running = Vault::create(&path, PW, FAST).unwrap();
    running.add(account("Mine")).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    assert!(matches!(
        running.add(account("Ghost")),
        Err(Error::FileReplaced)
    ));
    running.refresh().unwrap();
    assert!(!running.is_unlocked(), "nothing left to write to: locked");
    assert!(matches!(running.unlock(PW), Err(Error::FileReplaced)));
    assert!(!path.exists(), "nothing was recreated");
}

#[test]
fn a_vault_replaced_while_locked_unlocks_as_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let running = Vault::create(&path, PW, FAST).unwrap();
    running.add(account("Old")).unwrap();
    running.checkpoint().unwrap();
    let remote = dir.path().join("remote.otty");
    std::fs::copy(&path, &remote).unwrap();
    {
        let other = Vault::open(&remote).unwrap();
        other.unlock(PW).unwrap();
        other.add(account("New")).unwrap();
    }
    running.lock();
    replace_with(&path, &remote);
    running.unlock(PW).unwrap();
    assert_eq!(services(&running), ["New", "Old"]);
}
