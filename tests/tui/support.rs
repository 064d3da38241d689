//! Shared harness: a demo vault on a `FixedClock`, key presses, and screens drawn on a
//! `TestBackend`.

use std::sync::Arc;

use otty::core::{FixedClock, Vault};
use otty::tui::action::{Action, Effect};
use otty::tui::app::App;
use otty::tui::{Config, demo, render, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// 2023-11-14 22:13:10 UTC: 20 s left in a 30 s period, 50 s in a 60 s one.
pub const T0: i64 = 1_699_999_990;
pub const PASSWORD: &str = "correct horse";

pub fn vault(clock: &Arc<FixedClock>) -> Arc<Vault> {
    let v = Vault::create_in_memory(PASSWORD.as_bytes(), demo::DEMO_KDF)
        .unwrap()
        .with_clock(clock.clone());
    demo::fill(&v).unwrap();
    Arc::new(v)
}

pub fn setup() -> (App, Arc<FixedClock>, Arc<Vault>) {
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

pub fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    t.backend().to_string()
}

/// A key press; vault writes it queues are performed at once, as the runner's writer thread
/// would (`writes.rs` shows the UI answering while one is still pending).
pub fn press(app: &mut App, code: KeyCode) {
    press_only(app, code);
    otty::tui::terminal::run_writes(app);
}

/// A key press, leaving the vault writes it queues in `app.effects`.
pub fn press_only(app: &mut App, code: KeyCode) {
    update(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

pub fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

pub fn effects(app: &mut App) -> Vec<Effect> {
    std::mem::take(&mut app.effects)
}

pub fn copied(app: &mut App) -> Option<String> {
    effects(app).into_iter().find_map(|e| match e {
        Effect::Copy(c) => Some(c.to_string()),
        _ => None,
    })
}

pub fn tick(app: &mut App, clock: &FixedClock, secs: i64) {
    clock.advance(secs);
    update(app, Action::Tick);
}

/// Perform an unlock effect synchronously, as the runner would on its thread.
pub fn run_unlock(app: &mut App, v: &Vault) {
    for e in effects(app) {
        if let Effect::Unlock(pw) = e {
            let r = v
                .unlock(pw.as_bytes())
                .map_err(|e| otty::tui::terminal::unlock_message(&e));
            update(app, Action::Unlocked(r));
        }
    }
}

pub fn selected_service(app: &App) -> String {
    app.list.selected_account().unwrap().data.service.clone()
}

/// Ctrl-u: empty the focused text field.
pub fn clear_field(app: &mut App) {
    update(
        app,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
}
