//! An edit saved elsewhere (another otty process, the CLI, the API) while the edit form is
//! open: `Enter` does not overwrite it but says so, the form now showing the stored values in
//! every field the user did not change; `Enter` again saves the form over it, `r` loads the
//! stored values, `Esc` discards what was typed. And `f` pins the account as stored, not the
//! list's older copy.

use std::sync::Arc;

use otty::core::{FixedClock, Vault, VaultEvent};
use otty::tui::action::Action;
use otty::tui::app::{App, Overlay};
use otty::tui::screens::form::{Confirm, Field};
use otty::tui::{Config, demo, update};
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

/// What the CLI's `otty edit 1 --account alice-cli@example.com --notes "from cli"` does.
fn edit_from_the_cli(v: &Vault, id: i64) {
    let mut data = v.account(id).unwrap().data;
    data.account = "alice-cli@example.com".into();
    data.notes = "from cli".into();
    v.update(id, data).unwrap();
}

/// The runner's tick after another process wrote: the vault's events, folded.
fn runner_sees_the_change(app: &mut App) {
    update(app, Action::Vault(VaultEvent::Reloaded));
}

fn form(app: &App) -> &otty::tui::screens::form::AccountForm {
    match &app.overlay {
        Some(Overlay::Form(f)) => f,
        _ => panic!("the form is open:\n{}", screen(app)),
    }
}

#[test]
fn enter_on_an_account_changed_elsewhere_keeps_the_change_and_says_so() {
    let (mut app, _, v) = setup();
    let id = app.list.selected_account().unwrap().id;
    press(&mut app, KeyCode::Char('e'));
    edit_from_the_cli(&v, id);
    runner_sees_the_change(&mut app);
    press(&mut app, KeyCode::Enter);
    let stored = v.account(id).unwrap();
    assert_eq!(stored.data.account, "alice-cli@example.com", "not reverted");
    assert_eq!(stored.data.notes, "from cli", "not reverted");
    let s = screen(&app);
    assert!(s.contains("was changed elsewhere since this form"), "{s}");
    assert!(!s.contains("Saved GitHub"), "{s}");
    let f = form(&app);
    assert!(matches!(&f.confirm, Some(Confirm::ChangedElsewhere(n)) if n.contains("alice-cli")));
    assert_eq!(
        f.value(Field::Account),
        "alice-cli@example.com",
        "not typed: the stored value shows"
    );
    // Enter again: saved (the form over the stored version: nothing of it lost).
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{}", screen(&app));
    assert!(screen(&app).contains("Saved GitHub (alice-cli@example.com)"));
    let saved = v.account(id).unwrap();
    assert!(saved.edit.stamp > stored.edit.stamp, "written");
    assert_eq!(saved.data.account, "alice-cli@example.com");
    assert_eq!(saved.data.notes, "from cli");
}

#[test]
fn enter_again_saves_what_was_typed_over_the_other_change() {
    let (mut app, _, v) = setup();
    let id = app.list.selected_account().unwrap().id;
    press(&mut app, KeyCode::Char('e'));
    clear_field(&mut app); // Service
    typ(&mut app, "GitHub Enterprise");
    // Elsewhere: the same field, and others.
    let mut data = v.account(id).unwrap().data;
    data.service = "GitHub (CLI)".into();
    data.account = "alice-cli@example.com".into();
    data.notes = "from cli".into();
    v.update(id, data).unwrap();
    runner_sees_the_change(&mut app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(v.account(id).unwrap().data.service, "GitHub (CLI)");
    let f = form(&app);
    assert!(matches!(f.confirm, Some(Confirm::ChangedElsewhere(_))));
    assert_eq!(f.value(Field::Service), "GitHub Enterprise", "typed: kept");
    assert_eq!(f.value(Field::Account), "alice-cli@example.com");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{}", screen(&app));
    let saved = v.account(id).unwrap().data;
    assert_eq!(saved.service, "GitHub Enterprise", "saved over it");
    assert_eq!(
        saved.account, "alice-cli@example.com",
        "not typed: not reverted"
    );
    assert_eq!(saved.notes, "from cli", "not in the form: not reverted");
}

#[test]
fn esc_discards_and_r_loads_the_stored_values() {
    let (mut app, _, v) = setup();
    let id = app.list.selected_account().unwrap().id;
    press(&mut app, KeyCode::Char('e'));
    clear_field(&mut app);
    typ(&mut app, "Typed");
    edit_from_the_cli(&v, id);
    runner_sees_the_change(&mut app);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none(), "Esc discards at once");
    let stored = v.account(id).unwrap();
    assert_eq!(
        (stored.data.service.as_str(), stored.data.notes.as_str()),
        ("GitHub", "from cli")
    );
    // Again, and `r`: the form shows the stored version, what was typed gone.
    press(&mut app, KeyCode::Char('e'));
    clear_field(&mut app);
    typ(&mut app, "Typed");
    let mut data = v.account(id).unwrap().data;
    data.notes = "again".into();
    v.update(id, data).unwrap();
    runner_sees_the_change(&mut app);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('r'));
    let f = form(&app);
    assert!(f.confirm.is_none());
    assert_eq!(f.value(Field::Service), "GitHub");
    assert_eq!(f.value(Field::Account), "alice-cli@example.com");
    // Saving now is over the version loaded: no question.
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{}", screen(&app));
    assert_eq!(v.account(id).unwrap().data.notes, "again");
}

/// Two handles on one file, as two processes, and the TUI's not refreshed yet: the check is
/// the core's, against the row stored now.
#[test]
fn a_change_the_tui_has_not_seen_yet_is_not_overwritten_either() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let clock = Arc::new(FixedClock::new(T0));
    let v = Vault::create(&path, PASSWORD.as_bytes(), demo::DEMO_KDF).unwrap();
    demo::fill(&v).unwrap();
    drop(v);
    let ours = Arc::new(Vault::open(&path).unwrap().with_clock(clock.clone()));
    ours.unlock(PASSWORD.as_bytes()).unwrap();
    let mut app = App::new(Some(ours.clone()), path.clone(), Config::default());
    app.theme = otty::tui::theme::Theme::mono();
    update(&mut app, Action::Resize(100, 24));
    let id = app.list.selected_account().unwrap().id;
    press(&mut app, KeyCode::Char('e'));
    let cli = Vault::open(&path).unwrap();
    cli.unlock(PASSWORD.as_bytes()).unwrap();
    edit_from_the_cli(&cli, id);
    press(&mut app, KeyCode::Enter);
    let f = form(&app);
    assert!(matches!(f.confirm, Some(Confirm::ChangedElsewhere(_))));
    assert_eq!(f.value(Field::Account), "alice-cli@example.com");
    let check = Vault::open(&path).unwrap();
    check.unlock(PASSWORD.as_bytes()).unwrap();
    assert_eq!(check.account(id).unwrap().data.notes, "from cli");
}

/// `f` pins the account as stored, not the list's copy of it (a second old, or older while a
/// write is pending).
#[test]
fn pinning_does_not_revert_a_change_the_list_has_not_shown_yet() {
    let (mut app, _, v) = setup();
    let a = app.list.selected_account().unwrap();
    let (id, pinned) = (a.id, a.data.favorite);
    edit_from_the_cli(&v, id);
    press(&mut app, KeyCode::Char('f'));
    let stored = v.account(id).unwrap().data;
    assert_eq!(stored.favorite, !pinned);
    assert_eq!(stored.account, "alice-cli@example.com");
    assert_eq!(stored.notes, "from cli");
}
