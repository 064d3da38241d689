//! The command line (its contract: docs/DESIGN.md, «The command line»): clap types, password
//! sources, output helpers and one module per subcommand.
//!
//! [`run`] is the single dispatcher `main` calls: it opens the full-screen interface
//! ([`crate::tui`]) when no subcommand is given or for `demo`, and one subcommand module
//! otherwise.
//! Every failure is a [`Error`], which knows its exit code and how to report itself.

mod add;
pub mod args;
mod backup;
mod check;
mod code;
mod complete;
mod config;
mod copy;
mod daemon;
mod devices;
mod docs;
mod edit;
pub mod error;
mod export;
mod group;
mod import;
mod init;
pub mod input;
mod list;
mod man;
mod merge;
mod merge_driver;
pub mod output;
pub mod passphrase;
mod passwd;
pub mod password;
mod picker;
mod query;
mod rm;
mod serve;
pub mod session;
mod token;
mod unlock;

pub use args::{Cli, Command, Global};
pub use error::{Error, Result};

/// Run the command line, or the full-screen interface when there is no subcommand.
pub fn run(cli: Cli) -> Result<()> {
    let g = &cli.global;
    match &cli.command {
        None => tui(g),
        Some(Command::ServeClipboard {
            clear_after,
            tmux_buffer,
        }) => copy::serve(*clear_after, tmux_buffer.as_deref()),
        Some(Command::Demo) => crate::tui::demo().map_err(tui_error),
        Some(Command::Init(a)) => init::run(g, a),
        Some(Command::Add(a)) => add::run(g, a),
        Some(Command::List(a)) => list::run(g, a),
        Some(Command::Code(a)) => code::run(g, a),
        Some(Command::Edit(a)) => edit::run(g, a),
        Some(Command::Rm(a)) => rm::run(g, a),
        Some(Command::Group(c)) => group::run(g, c),
        Some(Command::Passwd(a)) => passwd::run(g, a),
        Some(Command::Check(a)) => check::run(g, a),
        Some(Command::Import(a)) => import::run(g, a),
        Some(Command::Export(a)) => export::run(g, a),
        Some(Command::Backup(a)) => backup::run(g, a),
        Some(Command::Merge(a)) => merge::run(g, a),
        Some(Command::MergeDriver(a)) => merge_driver::run(g, a),
        Some(Command::Completions { shell }) => docs::completions(*shell),
        Some(Command::Man { command }) => man::man(command),
        Some(Command::Serve(a)) => serve::run(g, a),
        Some(Command::Token(c)) => token::run(g, c),
        Some(Command::Unlock(a)) => unlock::run(g, a),
        Some(Command::Lock) => unlock::lock(g),
        Some(Command::Agent { timeout_secs }) => daemon::run(g, *timeout_secs),
        Some(Command::CompleteAccounts) => complete::run(g),
    }
}

/// `otty`: the full-screen interface on this invocation's vault (created on first run);
/// already unlocked when an unlock agent holds the vault.
fn tui(g: &Global) -> Result<()> {
    let path = session::vault_path(g)?;
    if let Some(vault) = session::unlocked_by_agent(&path)? {
        let config = crate::tui::load_config().map_err(tui_error)?;
        // The user's lock (L, the idle lock) locks the agent too; quitting leaves it running.
        let on_lock = Box::new(move || session::lock_agent(&path));
        return crate::tui::run_on_locking(std::sync::Arc::new(vault), config, on_lock)
            .map_err(tui_error);
    }
    crate::tui::run(&path).map_err(tui_error)
}

fn tui_error(e: crate::tui::Error) -> Error {
    match e {
        crate::tui::Error::Vault(error) => Error::Core {
            context: "cannot open the vault".to_owned(),
            error,
        },
        crate::tui::Error::Terminal(error) => Error::io("terminal error", error),
        other => Error::usage(other.to_string()),
    }
}
