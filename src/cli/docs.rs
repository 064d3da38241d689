//! `otty completions SHELL`: generated from the clap definition (`otty man` is
//! [`super::man`]).
//!
//! It is rendered into memory first (the generators panic on write errors), then written
//! through [`Out`], so a closed pipe ends quietly.

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;
use super::error::Result;
use super::output::Out;

/// Print the completion script for `shell`.
pub fn completions(shell: Shell) -> Result<()> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "otty", &mut buf);
    let mut out = Out::new();
    out.bytes(&buf)?;
    out.finish()
}
