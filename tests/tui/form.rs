//! The add/edit form's manners: choices for type and algorithm, questions before discarding,
//! creating a group or adding a duplicate, a pasted URI that never shows its secret, and
//! messages that go as soon as the field is fixed.

use otty::core::OtpKind;
use otty::tui::action::Action;
use otty::tui::app::Overlay;
use otty::tui::update;
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

fn tabs(app: &mut otty::tui::App, n: usize) {
    for _ in 0..n {
        press(app, KeyCode::Tab);
    }
}

#[test]
fn type_and_algorithm_are_choices() {
    let (mut app, _, v) = setup();
    press(&mut app, KeyCode::Char('a'));
    tabs(&mut app, 1);
    typ(&mut app, "Choice");
    tabs(&mut app, 2);
    typ(&mut app, "JBSWY3DPEHPK3PXP");
    tabs(&mut app, 1); // Type
    assert!(screen(&app).contains("‹ totp ›"), "{}", screen(&app));
    typ(&mut app, "xyz");
    assert!(screen(&app).contains("‹ totp ›"), "no typing in a choice");
    press(&mut app, KeyCode::Right);
    assert!(screen(&app).contains("‹ hotp ›"));
    tabs(&mut app, 1); // Algorithm
    press(&mut app, KeyCode::Left);
    assert!(screen(&app).contains("‹ md5 ›"), "wraps around");
    press(&mut app, KeyCode::Enter);
    let a = v.find("Choice").unwrap().remove(0);
    assert_eq!(a.data.otp.kind, OtpKind::Hotp);
    assert_eq!(a.data.otp.algorithm.as_str(), "md5");
}

#[test]
fn esc_asks_before_discarding_what_was_typed() {
    let (mut app, _, _) = setup();
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none(), "nothing typed: closes at once");
    press(&mut app, KeyCode::Char('a'));
    tabs(&mut app, 1);
    typ(&mut app, "Half typed");
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_some());
    assert!(screen(&app).contains("Discard what was typed?"));
    press(&mut app, KeyCode::Char('n'));
    assert!(app.overlay.is_some(), "another key goes back");
    assert!(screen(&app).contains("Half typed"), "with everything typed");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.overlay.is_none());
}

#[test]
fn a_group_that_does_not_exist_is_offered_for_creation() {
    let (mut app, _, v) = setup();
    press(&mut app, KeyCode::Char('a'));
    tabs(&mut app, 1);
    typ(&mut app, "Bank2");
    tabs(&mut app, 2);
    typ(&mut app, "JBSWY3DPEHPK3PXP");
    tabs(&mut app, 6); // Group
    typ(&mut app, "Banking");
    press(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("There is no group \"Banking\""),
        "{}",
        screen(&app)
    );
    assert!(v.group_by_name("Banking").is_err(), "nothing created yet");
    press(&mut app, KeyCode::Enter);
    // The group was created; the save it asked for next.
    otty::tui::terminal::run_writes(&mut app);
    assert!(app.overlay.is_none(), "saved and closed");
    let g = v.group_by_name("Banking").unwrap();
    assert_eq!(v.find("Bank2").unwrap()[0].data.group_id, Some(g.id));
}

#[test]
fn a_pasted_uri_never_shows_its_secret() {
    let (mut app, _, v) = setup();
    update(
        &mut app,
        Action::Paste("otpauth://totp/ACME:bob?secret=KRSXG5CTMVRXEZLU&issuer=ACME".into()),
    );
    assert!(matches!(app.overlay, Some(Overlay::Form(_))));
    for _ in 0..10 {
        let s = screen(&app);
        assert!(!s.contains("KRSX"), "the secret shows nowhere:\n{s}");
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(v.find("ACME").unwrap().len(), 1);
}

#[test]
fn a_message_goes_as_soon_as_its_field_is_fixed() {
    let (mut app, _, _) = setup();
    press(&mut app, KeyCode::Char('a'));
    tabs(&mut app, 6); // Digits
    clear_field(&mut app);
    typ(&mut app, "six");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("✗"), "{}", screen(&app));
    let Some(Overlay::Form(f)) = &app.overlay else {
        panic!("the form")
    };
    assert_eq!(f.focused(), otty::tui::screens::form::Field::Secret);
    assert!(f.error(otty::tui::screens::form::Field::Digits).is_some());
    // Fix the secret: its message goes at once, the digits' stays.
    typ(&mut app, "JBSWY3DPEHPK3PXP");
    let Some(Overlay::Form(f)) = &app.overlay else {
        panic!("the form")
    };
    assert!(f.error(otty::tui::screens::form::Field::Secret).is_none());
    assert!(f.error(otty::tui::screens::form::Field::Digits).is_some());
}

#[test]
fn adding_an_identical_account_asks_first() {
    let (mut app, _, v) = setup();
    let paste = "otpauth://totp/GitHub:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
    update(&mut app, Action::Paste(paste.into()));
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("already in the vault"), "{s}");
    assert_eq!(v.account_count().unwrap(), 10, "not added yet");
    press(&mut app, KeyCode::Char('n'));
    assert!(app.overlay.is_some(), "back to the form");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none());
    assert_eq!(v.account_count().unwrap(), 11, "added after the yes");
}
