//! `Vault::update_if_unchanged` across two handles on one file, as two otty processes: the
//! stamp is checked against the row stored now, not against the handle's own snapshot.

mod support;

use otty_core::vault::HotpCounter;
use otty_core::{Error, KdfParams, NewAccount, OtpKind, OtpParams, Secret, Vault};
use support::PW;

fn hotp() -> NewAccount {
    let mut p = OtpParams::totp(Secret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap());
    p.kind = OtpKind::Hotp;
    p.counter = 5;
    NewAccount::new("GitHub", "alice@example.com", p)
}

#[test]
fn a_save_from_a_stale_snapshot_is_refused_and_the_other_change_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let tui = Vault::create(&path, PW, KdfParams::CHEAPEST).unwrap();
    let read = tui.add(hotp()).unwrap();
    let cli = Vault::open(&path).unwrap();
    cli.unlock(PW).unwrap();
    let mut theirs = cli.account(read.id).unwrap().data;
    theirs.account = "alice-cli@example.com".into();
    theirs.notes = "from cli".into();
    cli.update(read.id, theirs).unwrap();
    // The first handle has not refreshed: its snapshot still holds the version it read.
    assert_eq!(
        tui.account(read.id).unwrap().data.account,
        "alice@example.com"
    );
    let mut mine = read.data.clone();
    mine.service = "GitHub Enterprise".into();
    let refused = tui.update_if_unchanged(read.id, read.edit.stamp, mine, HotpCounter::Keep);
    assert!(
        matches!(refused, Err(Error::AccountChanged { id }) if id == read.id),
        "{refused:?}"
    );
    let other = Vault::open(&path).unwrap();
    other.unlock(PW).unwrap();
    let stored = other.account(read.id).unwrap();
    assert_eq!(stored.data.account, "alice-cli@example.com");
    assert_eq!(stored.data.notes, "from cli");
    assert_eq!(stored.data.service, "GitHub");
    // The refusal left the stored version in the snapshot, ready to be read again.
    let now = tui.account(read.id).unwrap();
    assert_eq!(now.edit, stored.edit);
    assert_eq!(now.data.notes, "from cli");
    // A save built on it goes through, the other process's change included.
    let mut mine = now.data.clone();
    mine.service = "GitHub Enterprise".into();
    tui.update_if_unchanged(read.id, now.edit.stamp, mine, HotpCounter::Keep)
        .unwrap();
    other.refresh().unwrap();
    let stored = other.account(read.id).unwrap();
    assert_eq!(stored.data.service, "GitHub Enterprise");
    assert_eq!(stored.data.notes, "from cli");
}

#[test]
fn a_code_handed_out_elsewhere_is_not_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let tui = Vault::create(&path, PW, KdfParams::CHEAPEST).unwrap();
    let read = tui.add(hotp()).unwrap();
    let cli = Vault::open(&path).unwrap();
    cli.unlock(PW).unwrap();
    cli.otp(read.id, 0).unwrap();
    let mut mine = read.data.clone();
    mine.notes = "mine".into();
    let saved = tui
        .update_if_unchanged(read.id, read.edit.stamp, mine, HotpCounter::Keep)
        .unwrap();
    assert_eq!(
        saved.data.otp.counter, 6,
        "the counter advanced elsewhere is kept"
    );
}
