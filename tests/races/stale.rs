//! Stale copies: an edit, a code or a resynchronisation from a handle whose cache another
//! process has made stale works on the counter stored in the file (two `Vault` handles on one
//! file, the TUI form driven with keys, the real server and CLI). These pin the bug the long
//! race test found: an edit used to write its copy's HOTP counter back.

use std::sync::Arc;

use otty::core::{KdfParams, NewAccount, OtpKind, OtpParams, Secret, Vault};
use serde_json::{Value, json};

use crate::HOTP_SECRET;
use crate::served::{Served, request, token};
use crate::support::{Fixture, PW};

const FAST: KdfParams = KdfParams::CHEAPEST;

fn hotp(service: &str, counter: u64) -> NewAccount {
    let mut otp = OtpParams::totp(Secret::from_base32(HOTP_SECRET).unwrap());
    otp.kind = OtpKind::Hotp;
    otp.digits = 10;
    otp.counter = counter;
    NewAccount::new(service, "race", otp)
}

/// Two handles on one file, both unlocked, the second opened after `setup` ran on the first.
fn two_handles(setup: impl FnOnce(&Vault)) -> (tempfile::TempDir, Vault, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let a = Vault::create(&path, PW.as_bytes(), FAST).unwrap();
    setup(&a);
    let b = Vault::open(&path).unwrap();
    b.unlock(PW.as_bytes()).unwrap();
    (dir, a, b)
}

fn stored_counter(v: &Vault, id: i64) -> u64 {
    let fresh = Vault::open(v.path()).unwrap();
    fresh.unlock(PW.as_bytes()).unwrap();
    fresh.account(id).unwrap().data.otp.counter
}

#[test]
fn an_edit_from_a_stale_copy_keeps_the_stored_counter() {
    let (_dir, a, b) = two_handles(|a| {
        a.add(hotp("Stale", 0)).unwrap();
    });
    let id = 1;
    let handed: Vec<String> = (0..3)
        .map(|_| a.otp(id, 0).unwrap().password.to_string())
        .collect();
    // `b` still holds counter 0; its edit (notes only) must not roll the counter back.
    let mut copy = b.account(id).unwrap().data;
    assert_eq!(copy.otp.counter, 0, "the copy is stale");
    copy.notes = "edited elsewhere".into();
    let saved = b.update(id, copy).unwrap();
    assert_eq!(saved.data.otp.counter, 3);
    assert_eq!(stored_counter(&a, id), 3);
    let next = a.otp(id, 0).unwrap().password.to_string();
    assert!(!handed.contains(&next), "a code was handed out twice");
}

#[test]
fn an_explicit_counter_edit_sets_the_counter() {
    let (_dir, a, b) = two_handles(|a| {
        a.add(hotp("Explicit", 0)).unwrap();
    });
    a.otp(1, 0).unwrap();
    let mut copy = b.account(1).unwrap().data;
    copy.otp.counter = 40;
    b.update_with_counter(1, copy).unwrap();
    assert_eq!(stored_counter(&a, 1), 40);
}

#[test]
fn a_code_from_a_stale_handle_uses_the_stored_counter() {
    let (_dir, a, b) = two_handles(|a| {
        a.add(hotp("Code", 0)).unwrap();
    });
    let first = a.otp(1, 0).unwrap();
    // `b`'s cache says 0; the code it hands out must be counter 1's.
    let second = b.otp(1, 0).unwrap();
    assert_eq!((first.counter, second.counter), (Some(1), Some(2)));
    assert_ne!(first.password.as_str(), second.password.as_str());
}

#[test]
fn a_resync_from_a_stale_handle_uses_the_stored_counter() {
    let (_dir, a, b) = two_handles(|a| {
        a.add(hotp("Resync", 0)).unwrap();
    });
    let used = a.otp(1, 0).unwrap().password.to_string(); // counter 0, now 1
    let mut params = a.account(1).unwrap().data.otp;
    params.counter = 0;
    let code_at = |n: u64| otty::core::otp::at_counter(&params, n).text.to_string();
    // The used code is not accepted again, even by a handle whose cache still says 0.
    assert_eq!(b.resync_hotp(1, 1, |c| c == used).unwrap(), None);
    let next = code_at(2);
    assert_eq!(b.resync_hotp(1, 1, |c| c == next).unwrap(), Some(1));
    assert_eq!(stored_counter(&a, 1), 3);
}

#[test]
fn a_tui_edit_keeps_the_stored_counter_unless_the_counter_field_changed() {
    use otty::tui::action::Action;
    use otty::tui::{Config, app::App, update};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    // Vault writes are performed at once, as the runner's writer thread would.
    let key = |app: &mut App, code: KeyCode, mods: KeyModifiers| {
        update(app, Action::Key(KeyEvent::new(code, mods)));
        otty::tui::terminal::run_writes(app);
    };
    let retype = |app: &mut App, text: &str| {
        key(app, KeyCode::Char('u'), KeyModifiers::CONTROL);
        for c in text.chars() {
            key(app, KeyCode::Char(c), KeyModifiers::NONE);
        }
        key(app, KeyCode::Enter, KeyModifiers::NONE);
    };
    let (_dir, other, tui) = two_handles(|a| {
        a.add(hotp("Tui", 0)).unwrap();
    });
    let tui = Arc::new(tui);
    let mut app = App::new(Some(tui.clone()), tui.path().to_owned(), Config::default());
    update(&mut app, Action::Resize(100, 24));
    // The TUI shows counter 0; another process takes three codes.
    for _ in 0..3 {
        other.otp(1, 0).unwrap();
    }
    key(&mut app, KeyCode::Char('e'), KeyModifiers::NONE);
    retype(&mut app, "Renamed"); // the service field has the focus
    assert!(app.overlay.is_none(), "the form was saved");
    let stored = |v: &Vault| {
        let fresh = Vault::open(v.path()).unwrap();
        fresh.unlock(PW.as_bytes()).unwrap();
        let a = fresh.account(1).unwrap().data;
        (a.service, a.otp.counter)
    };
    assert_eq!(stored(&other), ("Renamed".to_owned(), 3));
    // Changing the counter field sets it.
    key(&mut app, KeyCode::Char('e'), KeyModifiers::NONE);
    for _ in 0..7 {
        key(&mut app, KeyCode::Down, KeyModifiers::NONE); // service → … → counter
    }
    retype(&mut app, "50");
    assert!(app.overlay.is_none(), "the form was saved");
    assert_eq!(stored(&other), ("Renamed".to_owned(), 50));
}

#[test]
fn api_and_cli_edits_keep_a_counter_advanced_elsewhere() {
    let f = Fixture::new();
    let id = f.add(&[
        "--service",
        "Edit",
        "--account",
        "race",
        "--secret",
        HOTP_SECRET,
        "--type",
        "hotp",
        "--counter",
        "0",
    ]);
    let token = token(&f, "races");
    let mut server = Served::start(&f);
    let put = |body: Value| {
        request(
            &server.addr,
            &token,
            "PUT",
            &format!("/twofaccounts/{id}"),
            Some(&body),
        )
        .unwrap()
    };
    let mut body = json!({"service": "Edit", "account": "race", "icon": null, "otp_type": "hotp",
        "secret": HOTP_SECRET, "digits": 6, "algorithm": "sha1"});
    let r = request(
        &server.addr,
        &token,
        "GET",
        &format!("/twofaccounts/{id}"),
        None,
    )
    .unwrap();
    assert_eq!(r.body["counter"], 0, "the server has read the account");
    f.ok(&["code", &id.to_string()]);
    f.ok(&["code", &id.to_string()]);
    // No counter in the body: the two codes taken by the CLI stay taken.
    let r = put(body.clone());
    assert_eq!(
        (r.status, r.body["counter"].as_u64()),
        (200, Some(2)),
        "{}",
        r.body
    );
    body["counter"] = json!(7);
    assert_eq!(put(body).body["counter"], 7);
    server.stop();
    f.ok(&["edit", &id.to_string(), "--notes", "from the CLI"]);
    assert_eq!(f.json(&["list", "--json"])[0]["counter"], 7);
    f.ok(&["edit", &id.to_string(), "--counter", "9"]);
    assert_eq!(f.json(&["list", "--json"])[0]["counter"], 9);
}
