//! Locking, unlocking, auto-lock and the first-run screen.

use std::sync::Arc;

use otty::core::Vault;
use otty::tui::action::{Action, Effect};
use otty::tui::app::{App, Screen};
use otty::tui::{Config, demo, update};
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

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
    assert!(screen(&app).contains("too easy to guess"));
    clear_field(&mut app);
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

fn first_run_app(path: std::path::PathBuf) -> App {
    let mut app = App::new(None, path, Config::default());
    app.theme = otty::tui::theme::Theme::mono();
    app.place = "/home/user/.local/share/otty/vault.otty".into();
    update(&mut app, Action::Resize(100, 24));
    app
}

fn created_with(app: &mut App) -> Option<String> {
    effects(app).into_iter().find_map(|e| match e {
        Effect::Create(p) => Some(p.to_string()),
        _ => None,
    })
}

#[test]
fn first_run_refuses_a_weak_password_with_the_core_reason_unless_insisted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let mut app = first_run_app(path.clone());
    typ(&mut app, "password1");
    press(&mut app, KeyCode::Enter);
    let reason = otty::core::password::assess(b"password1").reason().unwrap();
    let shown = screen(&app);
    assert!(shown.contains("too easy to guess"), "{shown}");
    assert!(shown.contains("Enter again keeps it"), "{shown}");
    assert!(reason.starts_with("the password is too easy to guess"));
    insta::assert_snapshot!("first_run_weak", shown);
    // Enter again on the same password keeps it, and says so.
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("kept as you asked"));
    typ(&mut app, "password1");
    press(&mut app, KeyCode::Enter);
    assert_eq!(created_with(&mut app).as_deref(), Some("password1"));
    let v = Vault::create(&path, b"password1", demo::DEMO_KDF).unwrap();
    update(&mut app, Action::Created(Ok(Arc::new(v))));
    assert!(screen(&app).contains("with a weak password, as you asked"));
}

#[test]
fn first_run_typing_after_a_refusal_starts_a_new_password() {
    let strong = "vivid-kettle-orbit-plume";
    let dir = tempfile::tempdir().unwrap();
    let mut app = first_run_app(dir.path().join("vault.otty"));
    typ(&mut app, "short");
    press(&mut app, KeyCode::Enter);
    // Not reading the refusal, the user types the password again as if confirming.
    typ(&mut app, strong);
    press(&mut app, KeyCode::Enter);
    typ(&mut app, strong);
    press(&mut app, KeyCode::Enter);
    assert_eq!(created_with(&mut app).as_deref(), Some(strong));
}

#[test]
fn first_run_weak_password_on_the_confirm_field_is_refused_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = first_run_app(dir.path().join("vault.otty"));
    typ(&mut app, "short");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "short");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("too easy to guess"));
    assert_eq!(created_with(&mut app), None);
    // Enter again on the same password keeps it.
    press(&mut app, KeyCode::Enter);
    assert_eq!(created_with(&mut app).as_deref(), Some("short"));
}

#[cfg(unix)]
#[test]
fn lock_screen_warns_when_others_can_read_the_vault_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    drop(Vault::create(&path, PASSWORD.as_bytes(), demo::DEMO_KDF).unwrap());
    let shown = |mode: u32| {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        let v = Arc::new(Vault::open(&path).unwrap());
        let mut app = App::new(Some(v), path.clone(), Config::default());
        app.theme = otty::tui::theme::Theme::mono();
        update(&mut app, Action::Resize(100, 24));
        screen(&app)
    };
    let loose = shown(0o644);
    assert!(
        loose.contains("Warning: readable by others (mode 0644); run chmod 600 on it."),
        "{loose}"
    );
    assert!(!shown(0o600).contains("Warning"));
}
