//! The command line (DESIGN §4): clap types, password sources, output helpers and one module
//! per subcommand.
//!
//! [`run`] is the single dispatcher `main` calls: it picks the full-screen interface when no
//! subcommand is given (a placeholder until the TUI lands) and one subcommand module otherwise.
//! Every failure is a [`Error`], which knows its exit code and how to report itself.

mod add;
pub mod args;
mod code;
mod docs;
mod edit;
pub mod error;
mod group;
mod init;
pub mod input;
mod list;
pub mod output;
mod passwd;
pub mod password;
mod rm;
mod serve;
pub mod session;
mod token;

pub use args::{Cli, Command, Global};
pub use error::{Error, Result};

use output::Out;

/// Run the command line, or the full-screen interface when there is no subcommand.
pub fn run(cli: Cli) -> Result<()> {
    let g = &cli.global;
    match &cli.command {
        None => placeholder("the full-screen interface"),
        Some(Command::Demo) => placeholder("`otty demo`"),
        Some(Command::Init(a)) => init::run(g, a),
        Some(Command::Add(a)) => add::run(g, a),
        Some(Command::List(a)) => list::run(g, a),
        Some(Command::Code(a)) => code::run(g, a),
        Some(Command::Edit(a)) => edit::run(g, a),
        Some(Command::Rm(a)) => rm::run(g, a),
        Some(Command::Group(c)) => group::run(g, c),
        Some(Command::Passwd(a)) => passwd::run(g, a),
        Some(Command::Completions { shell }) => docs::completions(*shell),
        Some(Command::Man) => docs::man(),
        Some(Command::Serve(a)) => serve::run(g, a),
        Some(Command::Token(c)) => token::run(g, c),
    }
}

/// Until the TUI lands: say so and point at the commands that work today.
fn placeholder(what: &str) -> Result<()> {
    let mut out = Out::new();
    out.line(format!(
        "otty: {what} is coming soon; see `otty --help` for the commands available now"
    ))?;
    out.finish()
}
