//! `i`, an account's details with copies of its secret or URI after a confirm, and `O`, the
//! sort order cycled in the TUI and kept in the vault.

use otty::tui::app::App;
use otty::tui::config::SortOrder;
use otty::tui::{Config, update};
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

#[test]
fn details_show_every_parameter_and_copy_only_after_a_yes() {
    let (mut app, _, v) = setup();
    let mut aws = v.find("AWS").unwrap().remove(0);
    aws.data.notes = "root account\nMFA device in the drawer".into();
    v.update(aws.id, aws.data).unwrap();
    app.reload();
    typ(&mut app, "/aws");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('i'));
    let s = screen(&app);
    for want in [
        "totp",
        "sha256",
        "Digits 8",
        "Period 60 s",
        "Group Work",
        "Created 2023-11-14",
        "Last used never",
        "root account",
        "MFA device in the drawer",
    ] {
        let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(want), "{want:?} in\n{s}");
    }
    assert!(!s.contains("GEZD"), "no secret on screen");
    // The secret: asked first, copied after y.
    press(&mut app, KeyCode::Char('c'));
    assert!(screen(&app).contains("Copy the secret to the clipboard?"));
    assert!(copied(&mut app).is_none(), "not before the yes");
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(copied(&mut app).as_deref(), Some("GEZDGNBVGY3TQOJQ"));
    assert!(
        app.clear_clipboard_at.is_some(),
        "cleared later, as codes are"
    );
    // The URI; a no copies nothing and keeps the details open.
    press(&mut app, KeyCode::Char('u'));
    press(&mut app, KeyCode::Char('n'));
    assert!(copied(&mut app).is_none());
    assert!(app.overlay.is_some());
    press(&mut app, KeyCode::Char('u'));
    press(&mut app, KeyCode::Char('y'));
    let uri = copied(&mut app).unwrap();
    assert!(uri.starts_with("otpauth://totp/") && uri.contains("secret=GEZDGNBVGY3TQOJQ"));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    // An HOTP account shows its counter instead of a period.
    press(&mut app, KeyCode::Esc); // the filter
    typ(&mut app, "/vpn");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('i'));
    let s = screen(&app);
    assert!(s.contains("Counter") && !s.contains("Period"), "{s}");
}

#[test]
fn the_sort_order_cycles_and_is_kept_in_the_vault() {
    let (mut app, _, v) = setup();
    assert_eq!(app.config.sort, SortOrder::Manual);
    press(&mut app, KeyCode::Char('O'));
    assert_eq!(app.config.sort, SortOrder::Account);
    assert!(screen(&app).contains("Sorted by account name"));
    let names: Vec<String> = app
        .list
        .accounts
        .iter()
        .filter(|a| !a.data.favorite)
        .map(|a| a.data.account.to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "by account name after the pinned ones");
    assert_eq!(
        v.setting(otty::tui::config::SORT_SETTING).unwrap(),
        Some(serde_json::json!("account"))
    );
    // The next run reads it, whatever the config file says.
    let mut again = App::new(Some(v.clone()), "x".into(), Config::default());
    update(&mut again, otty::tui::Action::Resize(100, 24));
    assert_eq!(again.config.sort, SortOrder::Account);
    // J/K need the manual order and say how to get it.
    press(&mut app, KeyCode::Char('J'));
    assert!(screen(&app).contains("O cycles the sort order"));
    for want in [SortOrder::Service, SortOrder::Recent, SortOrder::Manual] {
        press(&mut app, KeyCode::Char('O'));
        assert_eq!(app.config.sort, want);
    }
}
