//! TUI costs over a 10,000-account vault: drawing one frame, and one filter keystroke.
//! `cargo bench --bench tui` (see docs/BENCHMARKS.md for figures).

use std::sync::Arc;

use otty::core::account::{NewAccount, OtpKind, OtpParams, Secret};
use otty::core::{FixedClock, Vault};
use otty::tui::action::Action;
use otty::tui::{App, Config, demo, render, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const ACCOUNTS: usize = 10_000;

fn main() {
    divan::main();
}

fn app() -> App {
    let clock = Arc::new(FixedClock::new(1_699_999_990));
    let vault = Vault::create_in_memory(b"pw", demo::DEMO_KDF)
        .unwrap()
        .with_clock(clock);
    let groups: Vec<i64> = ["Work", "Personal", "Games"]
        .iter()
        .map(|g| vault.add_group(g).unwrap().id)
        .collect();
    let services = [
        "GitHub", "GitLab", "Google", "AWS", "Proton", "Steam", "Discord",
    ];
    let list = (0..ACCOUNTS)
        .map(|i| {
            let mut otp = OtpParams::totp(Secret::from_bytes(vec![i as u8; 20]));
            if i % 7 == 5 {
                otp.kind = OtpKind::Steam;
                otp.digits = 5;
            }
            let mut a = NewAccount::new(
                format!("{} {}", services[i % services.len()], i),
                format!("user{i}@example.com"),
                otp,
            );
            a.group_id = groups.get(i % 4).copied();
            a
        })
        .collect();
    vault.add_many(list).unwrap();
    let mut app = App::new(Some(Arc::new(vault)), "bench".into(), Config::default());
    update(&mut app, Action::Resize(120, 40));
    app
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// One full frame (120×40) of the main screen.
#[divan::bench]
fn draw_frame(bencher: divan::Bencher) {
    let app = app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    bencher.bench_local(|| {
        terminal.draw(|f| render(&app, f)).unwrap();
    });
}

/// One filter keystroke: "gi" + `t` re-scores all 10,000 accounts, sorts and highlights the
/// rows on screen. Each iteration is two keystrokes (`t`, then Backspace back to "gi").
#[divan::bench]
fn filter_keystroke_pair(bencher: divan::Bencher) {
    let mut app = app();
    for a in [
        key(KeyCode::Char('/')),
        key(KeyCode::Char('g')),
        key(KeyCode::Char('i')),
    ] {
        update(&mut app, a);
    }
    bencher.bench_local(|| {
        update(&mut app, key(KeyCode::Char('t')));
        update(&mut app, key(KeyCode::Backspace));
    });
}

/// The first keystroke after `/` (one letter: the broadest match, the most rows kept).
#[divan::bench]
fn filter_first_letter_pair(bencher: divan::Bencher) {
    let mut app = app();
    update(&mut app, key(KeyCode::Char('/')));
    bencher.bench_local(|| {
        update(&mut app, key(KeyCode::Char('e')));
        update(&mut app, key(KeyCode::Backspace));
    });
}
