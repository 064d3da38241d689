//! No text cut off: the main screen and every window of the `screens!` registry, at 120×35,
//! 80×24 and 40×10. A word on screen must be a whole word of the same screen drawn very wide
//! (where nothing is cut), or end in `…`; scrolled windows are scrolled through.

use otty::tui::action::Action;
use otty::tui::app::App;
use otty::tui::{render, screens, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

pub const SIZES: [(u16, u16); 3] = [(120, 35), (80, 24), (40, 10)];

/// The screen's text at `w`×`h`, borders blanked, one string per line.
pub fn lines_at(app: &App, (w, h): (u16, u16)) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().to_owned())
                .collect::<String>()
                .chars()
                .map(|c| {
                    if "│─┌┐└┘├┤┬┴┼▏".contains(c) {
                        ' '
                    } else {
                        c
                    }
                })
                .collect()
        })
        .collect()
}

pub fn words(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .flat_map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

/// The open window's rows at `size`: the cells that differ from the main screen alone, as a
/// rectangle (main-screen text it covers is not the window's); every other row is empty.
pub fn window_rows(app: &mut App, size: (u16, u16)) -> Vec<String> {
    let small = lines_at(app, size);
    let (w, h) = (usize::from(size.0), usize::from(size.1));
    let overlay = app.overlay.take();
    let under = lines_at(app, size);
    app.overlay = overlay;
    let cells = |l: &String| l.chars().collect::<Vec<char>>();
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for y in 0..h.saturating_sub(1) {
        let (a, b) = (cells(&small[y]), cells(&under[y]));
        for x in 0..a.len().min(b.len()) {
            if a[x] != b[x] {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
            }
        }
    }
    (0..h)
        .map(|y| {
            if (y0..y1).contains(&y) {
                cells(&small[y])
                    .get(x0..x1)
                    .map(|c| c.iter().collect())
                    .unwrap_or_default()
            } else {
                String::new()
            }
        })
        .collect()
}

/// The first word on screen at the app's size that is cut without `…`, with the screen. With
/// a window open only the window (the cells that differ from the main screen alone, as a
/// rectangle) and the footer are read: main-screen text it covers is not cut text.
pub fn cut(app: &mut App, what: &str) -> Option<String> {
    // What is whole: the screen drawn very large, and as wide but as short (a window may say
    // something else when it is short, e.g. that a QR code needs more rows).
    let mut big = words(&lines_at(app, (300, 100)));
    big.extend(words(&lines_at(app, (300, app.size.1))));
    let small = lines_at(app, app.size);
    let mut region = small.clone();
    if app.overlay.is_some() {
        region = window_rows(app, app.size);
        if let (Some(last), Some(footer)) = (region.last_mut(), small.last()) {
            *last = footer.clone();
        }
    }
    let w = words(&region)
        .into_iter()
        .find(|w| !(big.contains(w) || w.ends_with('…') || ["↑", "↓"].contains(&w.as_str())))?;
    Some(format!(
        "{what} at {:?}: {w:?} is cut without …\n{}",
        app.size,
        small.join("\n")
    ))
}

/// Every word on screen at the app's size is whole (or ends in `…`).
fn assert_nothing_cut(app: &mut App, what: &str) {
    if let Some(msg) = cut(app, what) {
        panic!("{msg}");
    }
}

fn open(app: &mut App, cmd: otty::tui::keys::Command) {
    let key = app
        .keys
        .main()
        .into_iter()
        .find(|(_, c)| *c == cmd)
        .map(|(b, _)| b.keys[0])
        .unwrap();
    press(app, key.code);
}

#[test]
fn nothing_is_cut_on_the_main_screen_or_in_any_window() {
    let mut failures = Vec::new();
    let mut check = |app: &mut App, what: &str| {
        if let Some(m) = cut(app, what)
            && !failures
                .iter()
                .any(|f: &String| f.starts_with(&m[..m.find(':').unwrap()]))
        {
            failures.push(m);
        }
    };
    for size in SIZES {
        let (mut app, _, _) = setup();
        update(&mut app, Action::Resize(size.0, size.1));
        check(&mut app, "the main screen");
        for cmd in screens::OPENED_BY {
            let (mut app, _, _) = setup();
            update(&mut app, Action::Resize(size.0, size.1));
            open(&mut app, *cmd);
            assert!(app.overlay.is_some(), "{cmd:?} opens a window");
            let what = format!("the window of {cmd:?}");
            check(&mut app, &what);
            // Scroll through it (lists and the help scroll with ↓/j/PgDn).
            // Until the window stops moving.
            let mut last = lines_at(&app, size);
            for _ in 0..40 {
                press(&mut app, KeyCode::Down);
                let now = lines_at(&app, size);
                if app.overlay.is_none() || now == last {
                    break;
                }
                check(&mut app, &what);
                last = now;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_form_keeps_the_focused_field_and_its_message_in_view() {
    let (mut app, _, _) = setup();
    update(&mut app, Action::Resize(40, 10));
    press(&mut app, KeyCode::Char('a'));
    for label in [
        "otpauth URI",
        "Service",
        "Account",
        "Secret",
        "Type",
        "Algorithm",
        "Digits",
        "Period (s)",
        "Counter",
        "Group",
    ] {
        let s = screen(&app);
        assert!(s.contains(label), "{label} is focused and in view:\n{s}");
        assert_nothing_cut(&mut app, label);
        press(&mut app, KeyCode::Tab);
    }
    // A long message wraps under its field, whole, at every size.
    for size in SIZES {
        let (mut app, _, _) = setup();
        update(&mut app, Action::Resize(size.0, size.1));
        press(&mut app, KeyCode::Char('a'));
        for _ in 0..3 {
            press(&mut app, KeyCode::Tab);
        }
        typ(&mut app, "not-base32!");
        press(&mut app, KeyCode::Enter);
        let s = screen(&app);
        assert!(
            s.contains("2-7)"),
            "the end of the message at {size:?}:\n{s}"
        );
        assert_nothing_cut(&mut app, "the form's message");
    }
}

#[test]
fn long_names_end_in_an_ellipsis_after_the_next_column_went() {
    use otty::core::account::{NewAccount, OtpParams, Secret};
    let (mut app, clock, v) = setup();
    // In the last ten seconds, when the Next column has something to show.
    tick(&mut app, &clock, 12);
    update(&mut app, Action::Resize(120, 35));
    assert!(screen(&app).contains("Next"), "room for it at 120 columns");
    let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    v.add(NewAccount::new(
        "The Very Long Name Of A Service Provider",
        "someone.with.a.long.address@example.com",
        OtpParams::totp(secret),
    ))
    .unwrap();
    app.reload();
    update(&mut app, Action::Resize(120, 35));
    let s = screen(&app);
    assert!(!s.contains("Next"), "the Next column goes first:\n{s}");
    assert!(
        s.contains("The Very Long Name Of A Service Provider"),
        "{s}"
    );
    update(&mut app, Action::Resize(80, 24));
    press(&mut app, KeyCode::End);
    let s = screen(&app);
    assert!(!s.contains("Next"), "{s}");
    assert!(s.contains("The Very Long") && s.contains("…"), "{s}");
    assert_nothing_cut(&mut app, "the main screen");
}

#[test]
fn the_selected_tab_stays_in_view_on_a_narrow_bar() {
    let (mut app, _, v) = setup();
    v.add_group("Banking").unwrap();
    app.reload();
    update(&mut app, Action::Resize(40, 10));
    let bar = |app: &App| lines_at(app, app.size)[1].clone();
    assert!(bar(&app).trim_end().ends_with('…'), "{}", bar(&app));
    press(&mut app, KeyCode::BackTab); // the last tab
    let b = bar(&app);
    assert!(b.contains("Banking 0") && b.starts_with('…'), "{b}");
    assert_nothing_cut(&mut app, "the tab bar");
}

#[test]
fn the_empty_list_message_wraps_on_a_narrow_screen() {
    for size in SIZES {
        let (mut app, _, vault) = setup();
        let ids: Vec<i64> = vault.accounts().unwrap().iter().map(|a| a.id).collect();
        vault.remove(&ids).unwrap();
        for id in ids {
            update(
                &mut app,
                Action::Vault(otty::core::VaultEvent::AccountRemoved(id)),
            );
        }
        update(&mut app, Action::Resize(size.0, size.1));
        let text = lines_at(&app, size).join("\n");
        assert!(text.contains("No accounts yet"), "{text}");
        assert_nothing_cut(&mut app, "the empty main screen");
        assert!(text.contains("otpauth://"), "{size:?}:\n{text}");
    }
}

#[test]
fn a_long_error_message_wraps_above_the_status_line_instead_of_losing_its_advice() {
    let msg = "API server not started: 127.0.0.1:6889 is in use (another otty serve?); \
               change api_bind in the config file";
    for size in [(80, 24), (40, 10)] {
        let (mut app, _, _) = setup();
        update(&mut app, Action::Resize(size.0, size.1));
        app.toast_error(msg);
        let text = lines_at(&app, size).join("\n");
        let shown = words(&lines_at(&app, size));
        for word in msg.split_whitespace() {
            assert!(
                shown.iter().any(|w| w == word),
                "{size:?}: {word:?} missing:\n{text}"
            );
        }
    }
}
