//! The TUI driven with key events on ratatui's `TestBackend`, a `FixedClock` and made-up
//! secrets (the demo vault's), with insta snapshots of the screens. This file holds the main
//! screen (codes, tabs, filter, copy, mouse); `tui/editing.rs` the edit-in-place commands;
//! `tui/lock.rs` locking and the first run; `tui/api.rs` the
//! tokens screen and the API server; `tui/writes.rs` vault writes off the UI thread;
//! `tui/stale.rs` an account saved elsewhere while the edit form is open;
//! `tui/support.rs` the harness.

#[path = "tui/api.rs"]
mod api;
#[path = "tui/details.rs"]
mod details;
#[path = "tui/editing.rs"]
mod editing;
#[path = "tui/fit.rs"]
mod fit;
#[path = "tui/form.rs"]
mod form;
#[path = "support/halfblocks.rs"]
mod halfblocks;
#[path = "tui/lock.rs"]
mod lock;
#[path = "tui/stale.rs"]
mod stale;
#[path = "tui/support.rs"]
mod support;
#[path = "tui/transfer.rs"]
mod transfer;
#[path = "tui/wrap.rs"]
mod wrap;
#[path = "tui/writes.rs"]
mod writes;

use std::sync::Arc;

use otty::core::{FixedClock, OtpKind, Vault, otp};
use otty::tui::action::{Action, Effect};
use otty::tui::app::App;
use otty::tui::{Config, demo, update};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::support::*;

#[test]
fn main_screen() {
    let (app, _, _) = setup();
    insta::assert_snapshot!("main_screen", screen(&app));
}

#[test]
fn next_codes_show_in_the_last_ten_seconds() {
    let (mut app, clock, _) = setup();
    tick(&mut app, &clock, 12);
    let s = screen(&app);
    assert!(s.contains("→"), "next codes shown with 8 s left");
    insta::assert_snapshot!("last_ten_seconds", s);
}

#[test]
fn group_tabs_narrow_the_list() {
    let (mut app, _, _) = setup();
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.list.rows.len(), 4, "Work has 4 accounts");
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.list.rows.len(), 10, "back to All");
    insta::assert_snapshot!("personal_tab", {
        press(&mut app, KeyCode::Char('l'));
        press(&mut app, KeyCode::Char('l'));
        screen(&app)
    });
}

#[test]
fn filter_narrows_highlights_keeps_and_clears() {
    let (mut app, _, _) = setup();
    typ(&mut app, "/gh");
    assert_eq!(app.list.rows.len(), 1);
    assert_eq!(selected_service(&app), "GitHub");
    assert_eq!(app.list.rows[0].hl, vec![0, 3], "G and h highlighted");
    insta::assert_snapshot!("filter", screen(&app));
    press(&mut app, KeyCode::Enter);
    assert!(!app.filter.editing);
    assert_eq!(app.list.rows.len(), 1, "Enter keeps the filter");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.list.rows.len(), 10, "Esc clears it");
    typ(&mut app, "/zzzz");
    assert!(screen(&app).contains("No account matches"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.list.rows.len(), 10);
}

#[test]
fn copy_current_and_next_code() {
    let (mut app, clock, _) = setup();
    let github = app.list.selected_account().unwrap().clone();
    press(&mut app, KeyCode::Enter);
    let want = otp::generate(&github.data.otp, T0).text.to_string();
    assert_eq!(copied(&mut app).as_deref(), Some(want.as_str()));
    press(&mut app, KeyCode::Char('n'));
    let next = otp::generate(&github.data.otp, T0 + 30).text.to_string();
    assert_eq!(copied(&mut app).as_deref(), Some(next.as_str()));
    update(
        &mut app,
        Action::Copied(Ok(otty::clipboard::Method::System)),
    );
    assert!(screen(&app).contains("Copied the next GitHub (alice@example.com) code"));
    // Cleared after 30 s, and only then.
    tick(&mut app, &clock, 29);
    assert!(
        !effects(&mut app)
            .iter()
            .any(|e| matches!(e, Effect::ClearClipboard))
    );
    tick(&mut app, &clock, 1);
    assert!(
        effects(&mut app)
            .iter()
            .any(|e| matches!(e, Effect::ClearClipboard))
    );
}

#[test]
fn hotp_codes_on_demand() {
    let (mut app, _, v) = setup();
    while app.list.selected_account().unwrap().data.otp.kind != OtpKind::Hotp {
        press(&mut app, KeyCode::Down);
    }
    let id = app.list.selected_account().unwrap().id;
    assert!(screen(&app).contains("press +"));
    assert!(
        screen(&app).contains("next: #0"),
        "no countdown: the next counter"
    );
    press(&mut app, KeyCode::Char('+'));
    assert!(screen(&app).contains("next: #1"));
    assert_eq!(
        v.account(id).unwrap().data.otp.counter,
        1,
        "+ advances the counter"
    );
    press(&mut app, KeyCode::Enter);
    let code = copied(&mut app).unwrap();
    assert!(screen(&app).contains(&otp::grouped(&code)));
    assert_eq!(
        v.account(id).unwrap().data.otp.counter,
        1,
        "copying shows the same code"
    );
    press(&mut app, KeyCode::Char('n'));
    assert!(copied(&mut app).is_none(), "HOTP has no next code");
}

#[test]
fn steam_codes_as_is() {
    let (mut app, _, _) = setup();
    typ(&mut app, "/steam");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let code = copied(&mut app).unwrap();
    assert_eq!(code.len(), 5);
    assert!(
        code.chars()
            .all(|c| otp::STEAM_ALPHABET.contains(&(c as u8)))
    );
    assert!(screen(&app).contains(&code));
}

#[test]
fn help_overlay() {
    let (mut app, _, _) = setup();
    update(&mut app, Action::Resize(100, 40));
    press(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!("help", screen(&app));
    // A short terminal: the help scrolls (j/k, ↓/↑, PgDn/PgUp, End/Home) to every binding.
    for size in [(120, 24), (40, 10)] {
        update(&mut app, Action::Resize(size.0, size.1));
        press(&mut app, KeyCode::Home);
        let s = screen(&app);
        assert!(s.contains("Copy the code") && !s.contains("Quit"), "{s}");
        assert!(s.contains("↓"), "says there is more below");
        let mut seen_quit = false;
        for _ in 0..60 {
            press(&mut app, KeyCode::Char('j'));
            seen_quit |= screen(&app).contains("Quit");
        }
        let s = screen(&app);
        assert!(seen_quit && s.contains("closes it"), "{s}");
        press(&mut app, KeyCode::PageUp);
        press(&mut app, KeyCode::Char('k'));
        assert!(!screen(&app).contains("closes it"), "scrolled back up");
        press(&mut app, KeyCode::End);
        assert!(screen(&app).contains("closes it"));
        assert!(app.overlay.is_some(), "scrolling keys keep it open");
    }
    press(&mut app, KeyCode::Char('x'));
    assert!(app.overlay.is_none());
}

#[test]
fn changes_by_another_process_appear() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let clock = Arc::new(FixedClock::new(T0));
    let v = Vault::create(&path, PASSWORD.as_bytes(), demo::DEMO_KDF).unwrap();
    drop(v);
    let ours = Arc::new(Vault::open(&path).unwrap().with_clock(clock.clone()));
    ours.unlock(PASSWORD.as_bytes()).unwrap();
    let events = ours.subscribe();
    let mut app = App::new(Some(ours.clone()), path.clone(), Config::default());
    assert!(app.list.accounts.is_empty());
    // Another process (a CLI call) adds an account.
    let other = Vault::open(&path).unwrap();
    other.unlock(PASSWORD.as_bytes()).unwrap();
    demo::fill(&other).unwrap();
    // The runner's tick: refresh, then the vault's events.
    assert!(ours.refresh().unwrap());
    while let Ok(e) = events.try_recv() {
        update(&mut app, Action::Vault(e));
    }
    assert_eq!(app.list.accounts.len(), 10);
}

#[test]
fn a_vault_edited_outside_otty_is_announced_in_the_status_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let clock = Arc::new(FixedClock::new(T0));
    let v = Vault::create(&path, PASSWORD.as_bytes(), demo::DEMO_KDF).unwrap();
    demo::fill(&v).unwrap();
    drop(v);
    // Someone who can write the file deletes a row.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("DELETE FROM accounts WHERE id = 2", [])
        .unwrap();
    let ours = Arc::new(Vault::open(&path).unwrap().with_clock(clock.clone()));
    ours.unlock(PASSWORD.as_bytes()).unwrap();
    let mut app = App::new(Some(ours.clone()), path.clone(), Config::default());
    app.theme = otty::tui::theme::Theme::mono();
    update(&mut app, Action::Resize(120, 24));
    assert_eq!(app.list.accounts.len(), 9, "what can be read is shown");
    let text = screen(&app);
    assert!(
        text.contains("Integrity check failed (1 problem(s))"),
        "{text}"
    );
    assert!(text.contains("run otty check"), "{text}");
}

#[test]
fn mouse_click_selects_and_double_click_copies() {
    let (mut app, _, _) = setup();
    let click = |row| {
        Action::Mouse(
            MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column: 10,
                row,
                modifiers: KeyModifiers::NONE,
            },
            0,
        )
    };
    update(&mut app, click(5)); // rows start on line 3
    assert_eq!(app.list.selected, 2);
    assert!(copied(&mut app).is_none());
    update(&mut app, click(5));
    assert!(copied(&mut app).is_some(), "double click copies");
    update(
        &mut app,
        Action::Mouse(
            MouseEvent {
                kind: MouseEventKind::ScrollDown,
                column: 0,
                row: 0,
                modifiers: KeyModifiers::NONE,
            },
            1000,
        ),
    );
    assert_eq!(app.list.selected, 3);
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let (mut app, _, _) = setup();
    typ(&mut app, "/git");
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert!(app.quitting(), "even while typing a filter");
}

#[test]
fn tiny_terminal_gets_a_message() {
    let (mut app, _, _) = setup();
    update(&mut app, Action::Resize(30, 6));
    insta::assert_snapshot!("too_small", screen(&app));
}

#[test]
fn hide_codes_until_selected() {
    let clock = Arc::new(FixedClock::new(T0));
    let v = vault(&clock);
    let config = Config {
        hide_codes: true,
        ..Config::default()
    };
    let mut app = App::new(Some(v), "x".into(), config);
    update(&mut app, Action::Resize(100, 24));
    let s = screen(&app);
    assert_eq!(
        s.matches("••• •••").count(),
        7,
        "every 6-digit code but the selected one"
    );
}

#[test]
fn the_copy_toast_says_what_clearing_will_really_do() {
    use otty::clipboard::Method;
    let (mut app, clock, _) = setup();
    // OSC 52 inside tmux: tmux ignores the empty sequence that clears, so nothing is promised.
    press(&mut app, KeyCode::Enter);
    effects(&mut app);
    update(&mut app, Action::Copied(Ok(Method::Osc52 { tmux: true })));
    let s = screen(&app);
    assert!(s.contains("tmux keeps its copy"), "{s}");
    assert!(!s.contains("cleared in"), "{s}");
    tick(&mut app, &clock, 4);
    assert!(!screen(&app).contains("clipboard clears"), "no countdown");
    // Through tmux's own buffers: deleted after 30 s.
    press(&mut app, KeyCode::Enter);
    effects(&mut app);
    update(&mut app, Action::Copied(Ok(Method::Tmux)));
    let s = screen(&app);
    assert!(s.contains("to the tmux buffer, cleared in 30 s"), "{s}");
    tick(&mut app, &clock, 30);
    assert!(
        effects(&mut app)
            .iter()
            .any(|e| matches!(e, Effect::ClearClipboard))
    );
}

#[test]
fn the_filter_also_matches_group_names_and_notes() {
    let (mut app, _, v) = setup();
    typ(&mut app, "/personal");
    let shown: Vec<String> = app
        .list
        .rows
        .iter()
        .map(|r| app.list.accounts[r.idx].data.service.clone())
        .collect();
    assert_eq!(shown.len(), 3, "the Personal group's accounts: {shown:?}");
    press(&mut app, KeyCode::Esc);
    let mut aws = v.find("AWS").unwrap().remove(0);
    aws.data.notes = "root account, MFA device in the drawer".into();
    v.update(aws.id, aws.data).unwrap();
    app.reload();
    typ(&mut app, "/drawer");
    assert_eq!(app.list.rows.len(), 1);
    assert_eq!(selected_service(&app), "AWS");
}

#[test]
fn deleting_the_last_row_keeps_the_selection_at_the_end() {
    let (mut app, _, _) = setup();
    press(&mut app, KeyCode::End);
    assert_eq!(app.list.selected, 9);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.list.rows.len(), 9);
    assert_eq!(app.list.selected, 8, "the new last row, not the first");
    // A row in the middle: the one after it takes its place.
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let next = app.list.accounts[app.list.rows[3].idx].id;
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.list.selected_account().unwrap().id, next);
}
