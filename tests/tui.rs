//! The TUI driven with key events on ratatui's `TestBackend`, a `FixedClock` and made-up
//! secrets (the demo vault's), with insta snapshots of the screens.

use std::sync::Arc;

use otty::core::{FixedClock, OtpKind, Vault, otp};
use otty::tui::action::{Action, Effect};
use otty::tui::app::{App, Overlay, Screen};
use otty::tui::{Config, demo, render, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// 2023-11-14 22:13:10 UTC: 20 s left in a 30 s period, 50 s in a 60 s one.
const T0: i64 = 1_699_999_990;
const PASSWORD: &str = "correct horse";

fn vault(clock: &Arc<FixedClock>) -> Arc<Vault> {
    let v = Vault::create_in_memory(PASSWORD.as_bytes(), demo::DEMO_KDF)
        .unwrap()
        .with_clock(clock.clone());
    demo::fill(&v).unwrap();
    Arc::new(v)
}

fn setup() -> (App, Arc<FixedClock>, Arc<Vault>) {
    let clock = Arc::new(FixedClock::new(T0));
    let v = vault(&clock);
    let mut app = App::new(
        Some(v.clone()),
        "/home/user/.local/share/otty/vault.otty".into(),
        Config::default(),
    );
    app.theme = otty::tui::theme::Theme::mono();
    update(&mut app, Action::Resize(100, 24));
    (app, clock, v)
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    t.backend().to_string()
}

fn press(app: &mut App, code: KeyCode) {
    update(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn effects(app: &mut App) -> Vec<Effect> {
    std::mem::take(&mut app.effects)
}

fn copied(app: &mut App) -> Option<String> {
    effects(app).into_iter().find_map(|e| match e {
        Effect::Copy(c) => Some(c.to_string()),
        _ => None,
    })
}

fn tick(app: &mut App, clock: &FixedClock, secs: i64) {
    clock.advance(secs);
    update(app, Action::Tick);
}

/// Perform an unlock effect synchronously, as the runner would on its thread.
fn run_unlock(app: &mut App, v: &Vault) {
    for e in effects(app) {
        if let Effect::Unlock(pw) = e {
            let r = v
                .unlock(pw.as_bytes())
                .map_err(|e| otty::tui::terminal::unlock_message(&e));
            update(app, Action::Unlocked(r));
        }
    }
}

fn selected_service(app: &App) -> String {
    app.list.selected_account().unwrap().data.service.clone()
}

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
    update(&mut app, Action::Copied(Ok("clipboard")));
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
    press(&mut app, KeyCode::Char('+'));
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
fn add_form_validation_keeps_the_entry() {
    let (mut app, _, v) = setup();
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Example");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "not-base32!");
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.overlay, Some(Overlay::Form(_))),
        "form stays open"
    );
    insta::assert_snapshot!("add_form_validation", screen(&app));
    // Fix the secret: clear the field and type a good one.
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typ(&mut app, "JBSWY3DPEHPK3PXP");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none());
    assert_eq!(v.account_count().unwrap(), 11);
    assert_eq!(selected_service(&app), "Example");
}

#[test]
fn paste_an_otpauth_uri_to_add() {
    let (mut app, _, v) = setup();
    update(
        &mut app,
        Action::Paste("otpauth://totp/ACME:bob?secret=KRSXG5CTMVRXEZLU&period=60&digits=8".into()),
    );
    assert!(matches!(app.overlay, Some(Overlay::Form(_))));
    press(&mut app, KeyCode::Enter);
    let a = v.find("ACME").unwrap().remove(0);
    assert_eq!((a.data.otp.period, a.data.otp.digits), (60, 8));
}

#[test]
fn edit_delete_move_favourite_reorder() {
    let (mut app, _, v) = setup();
    // Edit GitLab's account name; the secret stays.
    typ(&mut app, "/gitlab");
    press(&mut app, KeyCode::Enter);
    let id = app.list.selected_account().unwrap().id;
    let secret = v.account(id).unwrap().data.otp.secret;
    press(&mut app, KeyCode::Char('e'));
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typ(&mut app, "ACME Git");
    press(&mut app, KeyCode::Enter);
    let a = v.account(id).unwrap();
    assert_eq!(a.data.service, "ACME Git");
    assert_eq!(a.data.otp.secret, secret);
    press(&mut app, KeyCode::Esc);
    // Favourite: pinned to the top.
    typ(&mut app, "/mastodon");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Esc);
    let favs: Vec<bool> = app.list.accounts.iter().map(|a| a.data.favorite).collect();
    assert_eq!(&favs[..3], &[true, true, true]);
    // Move to group.
    typ(&mut app, "/mastodon");
    press(&mut app, KeyCode::Enter);
    let mid = app.list.selected_account().unwrap().id;
    press(&mut app, KeyCode::Char('m'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let work = v.group_by_name("Work").unwrap().id;
    assert_eq!(v.account(mid).unwrap().data.group_id, Some(work));
    // Delete, after a confirm.
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('n'));
    assert!(v.account(mid).is_ok(), "any other key keeps it");
    press(&mut app, KeyCode::Char('d'));
    insta::assert_snapshot!("delete_confirm", screen(&app));
    press(&mut app, KeyCode::Char('y'));
    assert!(v.account(mid).is_err());
    press(&mut app, KeyCode::Esc);
    // Reorder: J moves GitLab (now ACME Git) below AWS in the user's order.
    typ(&mut app, "/acme");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    let before: Vec<String> = app
        .list
        .rows
        .iter()
        .map(|r| app.list.accounts[r.idx].data.service.clone())
        .collect();
    let i = before.iter().position(|s| s == "ACME Git").unwrap();
    press(&mut app, KeyCode::Char('J'));
    let after: Vec<String> = app
        .list
        .rows
        .iter()
        .map(|r| app.list.accounts[r.idx].data.service.clone())
        .collect();
    assert_eq!(after[i + 1], "ACME Git");
    assert_eq!(after[i], before[i + 1]);
    assert_eq!(
        selected_service(&app),
        "ACME Git",
        "selection follows the row"
    );
}

#[test]
fn groups_screen_creates_renames_deletes() {
    let (mut app, _, v) = setup();
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('a'));
    typ(&mut app, "work");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("already exists"), "names are unique");
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typ(&mut app, "Family");
    press(&mut app, KeyCode::Enter);
    assert!(v.group_by_name("Family").is_ok());
    press(&mut app, KeyCode::Char('r'));
    typ(&mut app, "!");
    press(&mut app, KeyCode::Enter);
    assert!(v.group_by_name("Family!").is_ok());
    insta::assert_snapshot!("groups_screen", screen(&app));
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert!(v.group_by_name("Family!").is_err());
    assert_eq!(app.list.tab_count(), 4);
}

#[test]
fn qr_and_secret() {
    let (mut app, _, _) = setup();
    press(&mut app, KeyCode::Char('Q'));
    assert!(matches!(app.overlay, Some(Overlay::Qr(..))));
    update(&mut app, Action::Resize(100, 40));
    assert!(screen(&app).contains("▀"));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('s'));
    assert!(!screen(&app).contains("JBSW"), "asks first");
    press(&mut app, KeyCode::Char('y'));
    assert!(screen(&app).contains("JBSW Y3DP EHPK 3PXP"));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
}

#[test]
fn help_overlay() {
    let (mut app, _, _) = setup();
    update(&mut app, Action::Resize(100, 40));
    press(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!("help", screen(&app));
    // A short, wide terminal: two columns, every binding still shown.
    update(&mut app, Action::Resize(120, 24));
    let s = screen(&app);
    assert!(s.contains("Copy the code") && s.contains("Quit") && s.contains("double-click"));
    press(&mut app, KeyCode::Char('x'));
    assert!(app.overlay.is_none());
}

#[test]
fn lock_hides_everything_and_unlock_brings_it_back() {
    let (mut app, _, v) = setup();
    press(&mut app, KeyCode::Char('L'));
    assert!(!v.is_unlocked());
    assert!(app.list.accounts.is_empty(), "decrypted state dropped");
    let s = screen(&app);
    assert!(!s.contains("GitHub") && !s.contains("alice"));
    typ(&mut app, "wrong");
    press(&mut app, KeyCode::Enter);
    assert!(app.busy());
    insta::assert_snapshot!("unlocking", screen(&app));
    run_unlock(&mut app, &v);
    insta::assert_snapshot!("wrong_password", screen(&app));
    typ(&mut app, PASSWORD);
    press(&mut app, KeyCode::Enter);
    run_unlock(&mut app, &v);
    assert!(matches!(app.screen, Screen::Main));
    assert_eq!(app.list.accounts.len(), 10);
}

#[test]
fn auto_lock_after_idle_minutes() {
    let (mut app, clock, v) = setup();
    tick(&mut app, &clock, 299);
    assert!(v.is_unlocked());
    press(&mut app, KeyCode::Down); // activity resets the timer
    tick(&mut app, &clock, 299);
    assert!(v.is_unlocked());
    tick(&mut app, &clock, 1);
    assert!(!v.is_unlocked());
    assert!(matches!(app.screen, Screen::Locked(_)));
    assert!(screen(&app).contains("Locked after 5 idle minutes"));
}

#[test]
fn first_run_asks_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let mut app = App::new(None, path.clone(), Config::default());
    app.theme = otty::tui::theme::Theme::mono();
    app.place = "/home/user/.local/share/otty/vault.otty".into();
    update(&mut app, Action::Resize(100, 24));
    typ(&mut app, "short");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Too weak"));
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typ(&mut app, PASSWORD);
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "correct horsE");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("first_run_mismatch", screen(&app));
    typ(&mut app, PASSWORD);
    press(&mut app, KeyCode::Enter);
    let pw = effects(&mut app).into_iter().find_map(|e| match e {
        Effect::Create(p) => Some(p.to_string()),
        _ => None,
    });
    assert_eq!(pw.as_deref(), Some(PASSWORD));
    let v = Vault::create(&path, PASSWORD.as_bytes(), demo::DEMO_KDF).unwrap();
    update(&mut app, Action::Created(Ok(Arc::new(v))));
    assert!(matches!(app.screen, Screen::Main));
    assert!(screen(&app).contains("press a to add"));
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
