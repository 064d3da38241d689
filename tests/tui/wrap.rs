//! The screens whose text must be read whole wrap instead of being cut, at 120×35, 80×24 and
//! 40×10: the unlock screen, the first-run screen (its strength message, its errors) and the
//! one view of a new API token. Every word of the screen drawn very wide is on screen at each
//! size (scrolled through with `PgUp`/`PgDn` where it is taller than the terminal; a word too
//! long for a line read across the lines it is broken over), and a new token is on screen
//! whole, every character in order, without scrolling.

use std::collections::HashSet;

use otty::tui::action::Action;
use otty::tui::app::{App, Overlay};
use otty::tui::tokens::Stage;
use otty::tui::{Config, update};
use ratatui::crossterm::event::KeyCode;

use crate::fit::{SIZES, lines_at, window_rows, words};
use crate::support::*;

/// What is very wide; a terminal this size cuts nothing.
const WIDE: (u16, u16) = (300, 100);

/// The rows the screen (or its open window) shows at `size`.
fn rows(app: &mut App, size: (u16, u16)) -> Vec<String> {
    if app.overlay.is_some() {
        window_rows(app, size)
    } else {
        lines_at(app, size)
    }
}

/// The words of `page`, and every word broken across its rows: the last word of a row joined
/// to the first of the next (and on, over rows holding one word only).
fn page_words(page: &[String]) -> HashSet<String> {
    let rows: Vec<Vec<String>> = page
        .iter()
        .map(|r| r.split_whitespace().map(str::to_owned).collect())
        .collect();
    let mut out: HashSet<String> = rows.iter().flatten().cloned().collect();
    for (i, row) in rows.iter().enumerate() {
        let Some(last) = row.last() else { continue };
        let mut joined = last.clone();
        for next in &rows[i + 1..] {
            let Some(first) = next.first() else { break };
            joined.push_str(first);
            out.insert(joined.clone());
            if next.len() != 1 {
                break;
            }
        }
    }
    out
}

/// The screen at `size`, from its top to its bottom: every page `PgDn` shows.
fn pages(app: &mut App, size: (u16, u16)) -> Vec<Vec<String>> {
    update(app, Action::Resize(size.0, size.1));
    let mut last = rows(app, size);
    for _ in 0..50 {
        press(app, KeyCode::PageUp);
        let now = rows(app, size);
        if now == last {
            break;
        }
        last = now;
    }
    let mut out = vec![last.clone()];
    for _ in 0..50 {
        press(app, KeyCode::PageDown);
        let now = rows(app, size);
        if now == last {
            break;
        }
        out.push(now.clone());
        last = now;
    }
    out
}

/// Every word of the screen drawn very wide is on screen at every size, scrolled through.
fn assert_every_word_shown(app: &mut App, what: &str) {
    let wide = words(&rows(app, WIDE));
    assert!(!wide.is_empty(), "{what}: something is drawn");
    for size in SIZES {
        let pages = pages(app, size);
        let shown: HashSet<String> = pages.iter().flat_map(|p| page_words(p)).collect();
        if let Some(w) = wide.iter().find(|w| !shown.contains(*w)) {
            panic!(
                "{what} at {size:?}: {w:?} is not on screen\n{}",
                pages
                    .iter()
                    .map(|p| p.join("\n"))
                    .collect::<Vec<_>>()
                    .join("\n----\n")
            );
        }
    }
    // Back where the screen starts (any other key, here one that does nothing else).
    press(app, KeyCode::F(5));
}

/// The screen at `size` as it first shows, one string.
fn first_view(app: &mut App, size: (u16, u16)) -> String {
    update(app, Action::Resize(size.0, size.1));
    rows(app, size).join("\n")
}

fn locked() -> App {
    let (mut app, _, v) = setup();
    app.loose_mode = Some(0o644);
    press(&mut app, KeyCode::Char('L'));
    typ(&mut app, "wrong");
    press(&mut app, KeyCode::Enter);
    run_unlock(&mut app, &v);
    app
}

fn first_run() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(None, dir.path().join("vault.otty"), Config::default());
    app.theme = otty::tui::theme::Theme::mono();
    app.place = "/home/user/.local/share/otty/vault.otty".into();
    update(&mut app, Action::Resize(100, 24));
    (app, dir)
}

#[test]
fn the_unlock_screen_wraps_every_word_at_every_size() {
    let mut app = locked();
    let s = first_view(&mut app, (300, 100));
    assert!(s.contains("Wrong password. Try again."), "{s}");
    assert!(s.contains("Warning: readable by others"), "{s}");
    assert_every_word_shown(&mut app, "the unlock screen");
    for size in SIZES {
        let s = first_view(&mut app, size);
        assert!(s.contains("Password:"), "the field at {size:?}:\n{s}");
        assert!(s.contains("Try again."), "its message at {size:?}:\n{s}");
    }
}

#[test]
fn the_first_run_screen_wraps_its_strength_message_and_errors_at_every_size() {
    let (mut app, _dir) = first_run();
    assert_every_word_shown(&mut app, "the first-run screen");
    // Refused as weak: the core's reason, a long message.
    typ(&mut app, "password1");
    press(&mut app, KeyCode::Enter);
    assert!(first_view(&mut app, WIDE).contains("too easy to guess"));
    assert_every_word_shown(&mut app, "the weak-password message");
    for size in SIZES {
        let s = first_view(&mut app, size);
        assert!(s.contains("Password ••"), "the field at {size:?}:\n{s}");
        assert!(s.contains("Weak: the"), "its message at {size:?}:\n{s}");
    }
    // Kept as asked: the strength line says so.
    press(&mut app, KeyCode::Enter);
    assert!(first_view(&mut app, WIDE).contains("very weak, kept as you asked"));
    assert_every_word_shown(&mut app, "the strength line");
    // The two passwords differ.
    typ(&mut app, "something else");
    press(&mut app, KeyCode::Enter);
    let s = first_view(&mut app, WIDE);
    assert!(s.contains("The two passwords differ"), "{s}");
    assert_every_word_shown(&mut app, "the mismatch error");
    for size in SIZES {
        let s = first_view(&mut app, size);
        assert!(s.contains("Again"), "the field at {size:?}:\n{s}");
        assert!(
            s.contains("The two") && s.contains("second again"),
            "the whole message at {size:?}:\n{s}"
        );
    }
}

#[test]
fn a_short_terminal_scrolls_the_lock_screen_and_any_other_key_comes_back() {
    let (mut app, _dir) = first_run();
    typ(&mut app, "password1");
    press(&mut app, KeyCode::Enter);
    let start = first_view(&mut app, (40, 10));
    assert!(start.contains("↓"), "more below:\n{start}");
    press(&mut app, KeyCode::PageDown);
    let down = lines_at(&app, (40, 10)).join("\n");
    assert_ne!(down, start);
    assert!(down.contains("↑"), "more above:\n{down}");
    assert!(down.contains("typing starts another."), "{down}");
    // Typing follows the field again.
    press(&mut app, KeyCode::Backspace);
    let s = lines_at(&app, (40, 10)).join("\n");
    assert!(s.contains("Password ••"), "{s}");
}

/// The token shown in the created view.
fn shown_token(app: &App) -> String {
    match &app.overlay {
        Some(Overlay::Tokens(s)) => match &s.stage {
            Stage::Created(c) => c.token.to_string(),
            _ => panic!("not the created view"),
        },
        _ => panic!("the tokens window is not open"),
    }
}

#[test]
fn a_new_token_is_on_screen_whole_at_every_size() {
    let (mut app, _, _) = setup();
    press(&mut app, KeyCode::Char('T'));
    press(&mut app, KeyCode::Char('c'));
    typ(&mut app, "laptop");
    press(&mut app, KeyCode::Enter);
    let token = shown_token(&app);
    for size in SIZES {
        update(&mut app, Action::Resize(size.0, size.1));
        let joined: String = rows(&mut app, size).iter().map(|r| r.trim()).collect();
        assert!(
            joined.contains(&token),
            "every character of the token, in order, at {size:?}:\n{}",
            lines_at(&app, size).join("\n")
        );
    }
    assert_every_word_shown(&mut app, "the new token's view");
    assert_eq!(shown_token(&app), token, "still the created view");
}
