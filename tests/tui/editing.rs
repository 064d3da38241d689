//! Editing in place: the add/edit form, a pasted URI, delete, move, favourites, reorder,
//! groups, QR and secret.

use otty::tui::action::Action;
use otty::tui::app::Overlay;
use otty::tui::update;
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

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
    clear_field(&mut app);
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
    clear_field(&mut app);
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

fn shown_services(app: &otty::tui::app::App) -> Vec<String> {
    app.list
        .rows
        .iter()
        .map(|r| app.list.accounts[r.idx].data.service.clone())
        .collect()
}

#[test]
fn reorder_stops_at_the_edge_of_the_pinned_block() {
    let (mut app, _, v) = setup();
    let pinned = app.list.accounts.iter().filter(|a| a.data.favorite).count();
    assert!(pinned >= 2, "the demo pins at least two accounts");
    press(&mut app, KeyCode::Home);
    let first = selected_service(&app);
    let before = shown_services(&app);
    for _ in 0..pinned + 2 {
        press(&mut app, KeyCode::Char('J'));
    }
    let rows = shown_services(&app);
    assert_eq!(
        rows[pinned - 1],
        first,
        "a pinned row stops at the block's end"
    );
    assert_eq!(rows[pinned..], before[pinned..], "no unpinned row moved");
    assert!(screen(&app).contains("Pinned accounts stay above the others; f unpins"));
    // The first unpinned row cannot climb into the block either.
    press(&mut app, KeyCode::Down);
    let climber = selected_service(&app);
    press(&mut app, KeyCode::Char('K'));
    let rows = shown_services(&app);
    assert_eq!(rows[pinned], climber);
    assert_eq!(
        rows[pinned..],
        before[pinned..],
        "still no unpinned row moved"
    );
    // And the vault's order agrees with what is shown.
    let mut stored = v.accounts().unwrap();
    otty::tui::list::sort_accounts(&mut stored, otty::tui::config::SortOrder::Manual);
    let stored: Vec<String> = stored.into_iter().map(|a| a.data.service).collect();
    assert_eq!(stored, rows);
}

#[test]
fn groups_screen_creates_renames_deletes() {
    let (mut app, _, v) = setup();
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('a'));
    typ(&mut app, "work");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("already exists"), "names are unique");
    clear_field(&mut app);
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
fn qr_window_is_black_on_white_and_scans_back_to_the_account() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Color;
    let (mut app, _, _) = setup();
    app.theme = otty::tui::theme::Theme::colour();
    update(&mut app, Action::Resize(100, 50));
    let want = otty::core::uri::format(&app.list.selected_account().unwrap().data);
    press(&mut app, KeyCode::Char('Q'));
    let mut t = Terminal::new(TestBackend::new(100, 50)).unwrap();
    t.draw(|f| otty::tui::render(&app, f)).unwrap();
    let buf = t.backend().buffer();
    // The drawing is the cells painted white, quiet zone included; what a phone sees there is
    // black where the ink (foreground) is.
    let painted: Vec<(u16, u16)> = (0..50)
        .flat_map(|y| (0..100).map(move |x| (x, y)))
        .filter(|&(x, y)| buf[(x, y)].bg == Color::White)
        .collect();
    assert!(!painted.is_empty(), "the code is painted on white");
    let x0 = painted.iter().map(|p| p.0).min().unwrap();
    let x1 = painted.iter().map(|p| p.0).max().unwrap();
    let y0 = painted.iter().map(|p| p.1).min().unwrap();
    let y1 = painted.iter().map(|p| p.1).max().unwrap();
    let mut ink = Vec::new();
    for y in y0..=y1 {
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for x in x0..=x1 {
            let cell = &buf[(x, y)];
            assert_eq!(cell.fg, Color::Black);
            let (t, b) = crate::halfblocks::halves(cell.symbol());
            top.push(t);
            bottom.push(b);
        }
        ink.push(top);
        ink.push(bottom);
    }
    assert!(ink[0].iter().all(|d| !d), "a light quiet zone");
    assert_eq!(
        otty::core::qr::decode(&crate::halfblocks::modules_png(&ink)).unwrap(),
        want
    );
}
