//! Vault writes leave the UI thread: `update` queues them as effects, the runner's writer
//! thread performs them, and the keys keep being answered while one waits, here for another
//! connection's write lock on a file vault.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use otty::core::{FixedClock, Vault};
use otty::tui::action::{Action, Effect};
use otty::tui::app::App;
use otty::tui::write::Writer;
use otty::tui::{Config, demo, update};
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

#[test]
fn keys_are_answered_while_a_delete_waits_for_the_write_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let clock = Arc::new(FixedClock::new(T0));
    let v = Arc::new(
        Vault::create(&path, PASSWORD.as_bytes(), demo::DEMO_KDF)
            .unwrap()
            .with_clock(clock.clone()),
    );
    demo::fill(&v).unwrap();
    let mut app = App::new(Some(v.clone()), path.clone(), Config::default());
    app.theme = otty::tui::theme::Theme::mono();
    update(&mut app, Action::Resize(100, 24));
    let before = v.accounts().unwrap().len();
    let victim = app.list.selected_account().unwrap().id;

    // Another process holds the vault's write lock.
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();

    // `d`, `y`: the delete is queued, not done.
    press_only(&mut app, KeyCode::Char('d'));
    press_only(&mut app, KeyCode::Char('y'));
    let writes: Vec<_> = effects(&mut app)
        .into_iter()
        .filter_map(|e| match e {
            Effect::Write(w) => Some(w),
            _ => None,
        })
        .collect();
    assert_eq!(writes.len(), 1, "one write queued");
    assert_eq!(app.writes_pending, 1);
    let (tx, rx) = mpsc::channel();
    let writer = Writer::spawn(v.clone(), move |done| {
        let _ = tx.send(done);
    });
    for w in writes {
        assert!(writer.send(w));
    }

    // The UI keeps answering: the selection moves, help opens and closes, a tick passes.
    press_only(&mut app, KeyCode::Down);
    assert_eq!(app.list.selected, 1);
    press_only(&mut app, KeyCode::Char('?'));
    assert!(screen(&app).contains(" Keys "), "{}", screen(&app));
    press_only(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    tick(&mut app, &clock, 1);
    assert!(
        rx.try_recv().is_err(),
        "the write cannot finish while the lock is held"
    );
    assert_eq!(app.list.accounts.len(), before, "nothing deleted yet");

    // The lock goes away: the write finishes and its answer updates the screen.
    other.execute_batch("ROLLBACK").unwrap();
    let done = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the write finishes once the lock is free");
    update(&mut app, Action::Written(Box::new(done)));
    assert_eq!(app.writes_pending, 0);
    assert_eq!(v.accounts().unwrap().len(), before - 1);
    assert!(app.list.accounts.iter().all(|a| a.id != victim));
    assert!(screen(&app).contains("Deleted "), "{}", screen(&app));
}

#[test]
fn a_saving_form_waits_for_the_writer() {
    let (mut app, _, v) = setup();
    let id = app.list.selected_account().unwrap().id;
    press(&mut app, KeyCode::Char('e'));
    clear_field(&mut app); // the service field has the focus
    typ(&mut app, "Renamed");
    press_only(&mut app, KeyCode::Enter);
    assert_eq!(app.writes_pending, 1);
    assert_ne!(
        v.account(id).unwrap().data.service,
        "Renamed",
        "not written yet"
    );
    press_only(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.overlay, Some(otty::tui::app::Overlay::Form(_))),
        "a saving form holds its keys until the writer answers"
    );
    otty::tui::terminal::run_writes(&mut app);
    assert!(app.overlay.is_none(), "{}", screen(&app));
    assert_eq!(v.account(id).unwrap().data.service, "Renamed");
    assert!(screen(&app).contains("Saved Renamed"));
}

/// How many vault writes wait in `app.effects`.
fn queued_writes(app: &App) -> usize {
    app.effects
        .iter()
        .filter(|e| matches!(e, Effect::Write(_)))
        .count()
}

#[test]
fn a_second_hotp_advance_waits_for_the_pending_one() {
    let (mut app, _, v) = setup();
    while app.list.selected_account().unwrap().data.otp.kind != otty::core::OtpKind::Hotp {
        press(&mut app, KeyCode::Down);
    }
    let id = app.list.selected_account().unwrap().id;
    let before = v.account(id).unwrap().data.otp.counter;
    // `+` then Enter before the writer answers: one advance, and Enter copies its code.
    press_only(&mut app, KeyCode::Char('+'));
    press_only(&mut app, KeyCode::Enter);
    press_only(&mut app, KeyCode::Char('+'));
    assert_eq!(queued_writes(&app), 1, "one advance asked of the writer");
    otty::tui::terminal::run_writes(&mut app);
    assert_eq!(
        v.account(id).unwrap().data.otp.counter,
        before + 1,
        "the counter advanced once"
    );
    let code = copied(&mut app).expect("Enter copies the code the pending advance brought");
    assert_eq!(code.as_str(), app.hotp_codes[&id].as_str());
    // Answered: the next `+` advances again.
    press(&mut app, KeyCode::Char('+'));
    assert_eq!(v.account(id).unwrap().data.otp.counter, before + 2);
}

#[test]
fn favourite_reorder_move_and_groups_are_written_by_the_writer() {
    let (mut app, _, v) = setup();
    let id = app.list.selected_account().unwrap().id;
    let pinned = v.account(id).unwrap().data.favorite;
    // Each key queues a write and leaves the vault alone until the writer performs it.
    press_only(&mut app, KeyCode::Char('f'));
    assert_eq!(queued_writes(&app), 1);
    assert_eq!(v.account(id).unwrap().data.favorite, pinned, "not yet");
    otty::tui::terminal::run_writes(&mut app);
    assert_eq!(v.account(id).unwrap().data.favorite, !pinned);
    // Move to group: `m`, ↓ (the first group), Enter.
    press_only(&mut app, KeyCode::Char('m'));
    press_only(&mut app, KeyCode::Down);
    press_only(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none());
    assert_eq!(queued_writes(&app), 1);
    let group = v.account(id).unwrap().data.group_id;
    otty::tui::terminal::run_writes(&mut app);
    assert_ne!(v.account(id).unwrap().data.group_id, group);
    // A new group: the screen holds its keys while the writer works, then selects it.
    press_only(&mut app, KeyCode::Char('g'));
    press_only(&mut app, KeyCode::Char('a'));
    for c in "Travel".chars() {
        press_only(&mut app, KeyCode::Char(c));
    }
    press_only(&mut app, KeyCode::Enter);
    assert_eq!(queued_writes(&app), 1);
    assert!(v.group_by_name("Travel").is_err(), "not yet");
    press_only(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.overlay, Some(otty::tui::app::Overlay::Groups(_))),
        "held until the writer answers"
    );
    otty::tui::terminal::run_writes(&mut app);
    assert!(v.group_by_name("Travel").is_ok());
    assert!(screen(&app).contains("▶ Travel"), "{}", screen(&app));
}
