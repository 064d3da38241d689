//! The API inside the TUI: the tokens screen (`T`) and the server (`S`) started through the
//! app on a real loopback port, answering a token created on the screen.
//!
//! A new token is on screen once; snapshots replace it with a fixed fake string first, so no
//! `.snap` file holds a real token.

use std::net::{SocketAddr, TcpListener, TcpStream};

use otty::core::vault::tokens::{Scope, TOKEN_PREFIX, hash_token, looks_like_token};
use otty::tui::action::Effect;
use otty::tui::app::{App, Overlay};
use otty::tui::server;
use otty::tui::tokens::Stage;
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

const FAKE: &str = "otty_pat_FAKE-TOKEN-FOR-SNAPSHOTS";

/// The token shown in the created view, if any.
fn shown_token(app: &App) -> Option<String> {
    match &app.overlay {
        Some(Overlay::Tokens(s)) => match &s.stage {
            Stage::Created(c) => Some(c.token.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// The screen with the shown token replaced by [`FAKE`].
fn redacted(app: &App) -> String {
    let s = screen(app);
    match shown_token(app) {
        Some(t) => {
            assert!(s.contains(&t), "the new token is on screen");
            s.replace(&t, &format!("{FAKE:<width$}", width = t.len()))
        }
        None => s,
    }
}

/// Perform the server effects `update` queued, as the runner does.
fn run_server_effects(app: &mut App) {
    for e in effects(app) {
        match e {
            Effect::StartServer => server::start(app),
            Effect::StopServer => server::stop(app),
            _ => {}
        }
    }
}

/// `T`, `c`, name, Tab, days, Enter: the created view's token.
fn create_on_screen(app: &mut App, name: &str, days: &str) -> String {
    press(app, KeyCode::Char('T'));
    press(app, KeyCode::Char('c'));
    typ(app, name);
    press(app, KeyCode::Tab);
    typ(app, days);
    press(app, KeyCode::Enter);
    shown_token(app).expect("created view")
}

/// `GET path` with a bearer token over real HTTP: status and body.
fn get(addr: SocketAddr, path: &str, token: &str) -> (u16, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = reqwest::Client::new()
            .get(format!("http://{addr}{path}"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    })
}

/// [`get`] until it is not 401: the server re-reads its tokens once a second. (Few tries, far
/// apart: ten failures in a minute would be throttled with 429.)
fn get_soon(addr: SocketAddr, path: &str, token: &str) -> (u16, String) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    loop {
        let r = get(addr, path, token);
        if r.0 != 401 || std::time::Instant::now() > deadline {
            return r;
        }
        std::thread::sleep(std::time::Duration::from_millis(400));
    }
}

/// Whether nothing listens on `addr` (asked a few times: another test may bind the freed port
/// for a moment).
fn closed(addr: SocketAddr) -> bool {
    (0..20).any(|_| {
        let refused = TcpStream::connect(addr).is_err();
        if !refused {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        refused
    })
}

fn server_addr(app: &App) -> SocketAddr {
    let url = app.api.url().expect("server running");
    url.trim_start_matches("http://").parse().unwrap()
}

#[test]
fn tokens_screen_lists_every_token() {
    let (mut app, clock, v) = setup();
    app.config.auto_lock_minutes = 0;
    let ci = v.create_token("ci", Some(30)).unwrap();
    clock.advance(3600);
    let old = v.create_token("old laptop", None).unwrap();
    v.create_token("a browser extension with a long name", Some(1))
        .unwrap();
    v.touch_tokens(&[(ci.info.id, T0 + 7200)]).unwrap();
    v.revoke_token(old.info.id).unwrap();
    tick(&mut app, &clock, 2 * 86_400); // the last one has expired
    press(&mut app, KeyCode::Char('T'));
    let s = screen(&app);
    assert!(!s.contains(TOKEN_PREFIX), "no token text in the list");
    insta::assert_snapshot!("tokens_list", s);
    // Revoke asks first; any other key keeps it.
    press(&mut app, KeyCode::Char('r'));
    assert!(screen(&app).contains("Revoke ci?"));
    press(&mut app, KeyCode::Char('n'));
    assert!(v.tokens().unwrap()[0].revoked_at.is_none());
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Char('y'));
    assert!(v.tokens().unwrap()[0].revoked_at.is_some());
    assert!(screen(&app).contains("Revoked token ci"));
    // Revoking twice says so.
    press(&mut app, KeyCode::Char('r'));
    assert!(screen(&app).contains("ci is already revoked"));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
}

#[test]
fn a_token_created_on_the_screen_is_shown_once() {
    let (mut app, _, v) = setup();
    press(&mut app, KeyCode::Char('T'));
    insta::assert_snapshot!("tokens_empty", screen(&app));
    press(&mut app, KeyCode::Char('c'));
    typ(&mut app, "laptop");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "x");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Expires: a number of days"));
    press(&mut app, KeyCode::Backspace);
    typ(&mut app, "90");
    insta::assert_snapshot!("tokens_create_form", screen(&app));
    press(&mut app, KeyCode::Enter);
    let token = shown_token(&app).expect("created view");
    assert!(looks_like_token(&token));
    let info = v.check_token(&hash_token(&token)).unwrap().unwrap();
    assert_eq!(info.name, "laptop");
    assert_eq!(info.expires_at, Some(T0 + 90 * 86_400));
    let shown = redacted(&app);
    assert!(!shown.contains(&token));
    insta::assert_snapshot!("token_created", shown);
    // `c` copies it, and the toast says what was copied.
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(copied(&mut app).as_deref(), Some(token.as_str()));
    otty::tui::update(
        &mut app,
        otty::tui::Action::Copied(Ok(otty::clipboard::Method::Osc52 { tmux: false })),
    );
    assert!(screen(&app).contains("Copied the token"));
    // Leaving the view forgets it: it is never on screen again.
    press(&mut app, KeyCode::Esc);
    assert!(shown_token(&app).is_none());
    assert!(!screen(&app).contains(&token));
    assert!(screen(&app).contains("laptop"));
}

#[test]
fn the_scope_is_picked_on_the_form_and_shown_in_the_list() {
    let (mut app, _, v) = setup();
    press(&mut app, KeyCode::Char('T'));
    press(&mut app, KeyCode::Char('c'));
    typ(&mut app, "reader");
    // Tab twice reaches the scope; Space cycles admin → read, ← goes back, → forward again.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert!(screen(&app).contains("[admin]"), "admin unless picked");
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Right);
    let form = screen(&app);
    assert!(
        form.contains("[read]") && form.contains("Space/←→ scope"),
        "{form}"
    );
    insta::assert_snapshot!("tokens_scope_picked", form);
    press(&mut app, KeyCode::Enter);
    let token = shown_token(&app).expect("created view");
    let info = v.check_token(&hash_token(&token)).unwrap().unwrap();
    assert_eq!(info.scope, Scope::Read);
    assert!(redacted(&app).contains("\"reader\" (read) created"));
    press(&mut app, KeyCode::Esc);
    v.create_scoped_token("writer", None, Scope::Write).unwrap();
    v.create_token("admin tool", None).unwrap();
    otty::tui::tokens::reload(&mut app);
    let list = screen(&app);
    assert!(!list.contains(TOKEN_PREFIX), "no token text in the list");
    for (name, scope) in [
        ("reader", "read"),
        ("writer", "write"),
        ("admin tool", "admin"),
    ] {
        let row = list.lines().find(|l| l.contains(name)).unwrap();
        assert!(row.contains(&format!("{name:<18} {scope:<5} ")), "{row}");
    }
    insta::assert_snapshot!("tokens_scopes_listed", list);
}

#[test]
fn a_bad_name_keeps_the_form() {
    let (mut app, _, v) = setup();
    press(&mut app, KeyCode::Char('T'));
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("a token needs a name"));
    assert!(v.tokens().unwrap().is_empty());
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
}

#[test]
fn tokens_changed_elsewhere_show_up() {
    let (mut app, clock, v) = setup();
    let events = v.subscribe();
    press(&mut app, KeyCode::Char('T'));
    let t = v.create_token("script", None).unwrap();
    while let Ok(e) = events.try_recv() {
        otty::tui::update(&mut app, otty::tui::Action::Vault(e));
    }
    assert!(screen(&app).contains("script"), "on TokensChanged");
    // The server writes last_used_at without an event: the next tick shows it.
    v.touch_tokens(&[(t.info.id, T0)]).unwrap();
    tick(&mut app, &clock, 1);
    assert!(screen(&app).contains("2023-11-14 22:13"));
}

#[test]
fn the_server_starts_answers_and_stops_through_the_app() {
    let (mut app, _, v) = setup();
    app.config.api_bind = "127.0.0.1:0".parse().unwrap();
    assert!(screen(&app).contains("API: off"));
    press(&mut app, KeyCode::Char('S'));
    run_server_effects(&mut app);
    let addr = server_addr(&app);
    assert_ne!(addr.port(), 0);
    let s = screen(&app);
    assert!(s.contains(&format!("API: http://{addr}")), "footer:\n{s}");
    // A token made on the screen works against the TUI's own server.
    let token = create_on_screen(&mut app, "curl", "");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    let (status, body) = get_soon(addr, "/api/v1/twofaccounts/count", &token);
    assert_eq!(status, 200);
    assert!(body.contains(r#""total":10"#), "{body}");
    // A code handed out to it shows in the account's OTP log (`o`) once the server has
    // flushed its buffer (once a second); the code itself does not.
    let id = app.list.selected_account().unwrap().id;
    let (status, body) = get(addr, &format!("/api/v1/twofaccounts/{id}/otp"), &token);
    assert_eq!(status, 200, "{body}");
    press(&mut app, KeyCode::Char('o'));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !screen(&app).contains("curl") && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
        otty::tui::otp_log::reload(&mut app);
    }
    assert!(screen(&app).contains("curl"), "{}", screen(&app));
    press(&mut app, KeyCode::Esc);
    // Locked: the server keeps running and answers 503; the screens say so.
    press(&mut app, KeyCode::Char('L'));
    assert!(server::status(&app).ends_with("(locked)"));
    assert!(screen(&app).contains("answers 503"));
    assert_eq!(get(addr, "/api/v1/twofaccounts/count", &token).0, 503);
    typ(&mut app, PASSWORD);
    press(&mut app, KeyCode::Enter);
    run_unlock(&mut app, &v);
    assert_eq!(get(addr, "/api/v1/twofaccounts/count", &token).0, 200);
    // S again stops it.
    press(&mut app, KeyCode::Char('S'));
    run_server_effects(&mut app);
    assert!(app.api.url().is_none());
    assert!(screen(&app).contains("API: off"));
    assert!(closed(addr), "stopped");
}

#[test]
fn a_busy_port_is_a_toast() {
    let (mut app, _, _) = setup();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    app.config.api_bind = taken.local_addr().unwrap();
    press(&mut app, KeyCode::Char('S'));
    run_server_effects(&mut app);
    assert!(app.api.url().is_none());
    let s = screen(&app);
    assert!(s.contains("is in use"), "{s}");
    assert!(s.contains("API: off"));
}

#[test]
fn the_server_stops_with_the_app() {
    let (mut app, _, _) = setup();
    app.config.api_bind = "127.0.0.1:0".parse().unwrap();
    press(&mut app, KeyCode::Char('S'));
    run_server_effects(&mut app);
    let addr = server_addr(&app);
    assert!(TcpStream::connect(addr).is_ok());
    drop(app);
    assert!(closed(addr), "stopped on drop");
}

#[test]
fn the_otp_log_of_an_account() {
    let (mut app, _, v) = setup();
    let id = app.list.selected_account().unwrap().id;
    press(&mut app, KeyCode::Char('o'));
    assert!(screen(&app).contains("No code of this account"));
    press(&mut app, KeyCode::Esc);
    let entry = |token: Option<&str>, at| otty::core::vault::otp_log::OtpLogEntry {
        account_id: id,
        token_name: token.map(str::to_owned),
        created_at: at,
        count: 1,
    };
    v.append_otp_logs(&[
        entry(Some("browser"), T0 - 3600),
        entry(None, T0 - 60),
        entry(Some("ci"), T0),
    ])
    .unwrap();
    press(&mut app, KeyCode::Char('o'));
    insta::assert_snapshot!("otp_log", screen(&app));
    press(&mut app, KeyCode::Char('x'));
    assert!(app.overlay.is_none());
}

/// On a narrow terminal the footer keeps key hints: the server's address gives way to a word.
#[test]
fn a_narrow_footer_keeps_key_hints_while_the_server_runs() {
    let (mut app, _, _) = setup();
    app.config.api_bind = "127.0.0.1:0".parse().unwrap();
    press(&mut app, KeyCode::Char('S'));
    run_server_effects(&mut app);
    let addr = server_addr(&app);
    otty::tui::update(&mut app, otty::tui::Action::Resize(40, 10));
    let s = screen(&app);
    let footer = s.lines().nth(9).unwrap();
    assert!(footer.contains("API on"), "{footer}");
    assert!(footer.contains("copy"), "a key hint: {footer}");
    otty::tui::update(&mut app, otty::tui::Action::Resize(120, 35));
    assert!(screen(&app).contains(&format!("API: http://{addr}")));
    press(&mut app, KeyCode::Char('S'));
    run_server_effects(&mut app);
}
