//! The full-screen interface (docs/DESIGN.md, «One model»), built the ratatui-template way:
//!
//! - [`App`](app::App) is the one model; [`Action`](action::Action) the messages;
//!   [`update`](update::update) the only code that changes the model; [`render`](ui::render)
//!   draws it and changes nothing. `update` queues [`Effect`](action::Effect)s (copy, unlock,
//!   write, quit) instead of touching the outside world, so tests drive it with key events on a
//!   `TestBackend` and a `FixedClock`.
//! - [`terminal`] is the runner: one event stream (input, ticks once a second, vault events,
//!   background results), redraws only when something visible changed. Every vault write
//!   (accounts, groups, tokens, HOTP advance, import) is an effect too, performed in order by
//!   one [`Writer`](write::Writer) thread, so keys are answered while a write waits.
//! - Every window over the main screen implements [`Screen`](screen::Screen) (keys, drawing,
//!   footer hints, write answers) through a narrow [`Ctx`](screen::Ctx), and is registered
//!   with one line in the [`screens`] table, which also declares its module; adding one is a
//!   file in `screens/` plus that line.
//! - The app holds an `Arc<Vault>` and nothing else of the core; the core knows nothing of
//!   terminals.
//!
//! Entry points: [`run`] (`otty`), [`demo`] (`otty demo`).

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod action;
pub mod app;
pub mod clipboard;
pub mod config;
pub mod demo;
pub mod filter;
pub mod keys;
pub mod list;
pub mod lock;
pub mod screen;
pub mod screens;
pub mod scroll;
pub mod server;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod ui;
pub mod update;
pub mod write;

pub use screens::{export, import, otp_log, tokens};

use std::path::Path;
use std::sync::Arc;

pub use action::{Action, Effect};
pub use app::App;
pub use config::Config;
pub use ui::render;
pub use update::update;

use otty_core::Vault;

/// Why the TUI could not start or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Opening the vault failed (not a vault, made by a newer otty, unreadable…).
    #[error(transparent)]
    Vault(#[from] otty_core::Error),
    /// The config file is unreadable or invalid.
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    /// The terminal failed.
    #[error("terminal error: {0}")]
    Terminal(#[from] std::io::Error),
    /// Standard input or output is not a terminal.
    #[error(
        "the full-screen interface needs a terminal on standard input and output; \
         for scripts, see `otty --help`"
    )]
    NotATerminal,
}

fn need_terminal() -> Result<(), Error> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(Error::NotATerminal)
    }
}

/// Load the config file (creating it with comments on first run).
pub fn load_config() -> Result<Config, Error> {
    match config::default_path() {
        Some(path) => Ok(Config::load_or_create(&path)?),
        None => Ok(Config::default()),
    }
}

/// `otty`: open the vault at `vault_path` on the unlock screen, or walk through creating it
/// when there is no file there yet.
pub fn run(vault_path: &Path) -> Result<(), Error> {
    need_terminal()?;
    let config = load_config()?;
    let vault = if vault_path.exists() {
        let vault = Vault::open(vault_path)?;
        vault.set_auto_backup(config.auto_backup(vault_path));
        Some(Arc::new(vault))
    } else {
        None
    };
    terminal::run(App::new(vault, vault_path.to_owned(), config))
}

/// `otty demo`: the TUI on an in-memory sample vault with an empty password.
pub fn demo() -> Result<(), Error> {
    need_terminal()?;
    let config = load_config()?;
    let vault = demo::vault()?;
    let mut app = App::new(Some(vault), "demo".into(), config);
    app.place = "demo vault (in memory, nothing is saved)".to_owned();
    app.demo = true;
    terminal::run(app)
}

/// Run the TUI on a vault opened elsewhere (locked or unlocked).
pub fn run_on(vault: Arc<Vault>, config: Config) -> Result<(), Error> {
    need_terminal()?;
    let path = vault.path().to_owned();
    terminal::run(App::new(Some(vault), path, config))
}

/// [`run_on`], calling `on_lock` each time the user locks the vault (`L`, the idle lock); not
/// when the TUI quits.
pub fn run_on_locking(
    vault: Arc<Vault>,
    config: Config,
    on_lock: Box<dyn Fn() + Send>,
) -> Result<(), Error> {
    need_terminal()?;
    let path = vault.path().to_owned();
    let mut app = App::new(Some(vault), path, config);
    app.on_lock = Some(on_lock);
    terminal::run(app)
}
