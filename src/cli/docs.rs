//! `otty completions SHELL` and `otty man`: generated from the clap definition.
//!
//! Both are rendered into memory first (the generators panic on write errors), then written
//! through [`Out`], so a closed pipe ends quietly.

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;
use super::error::{Error, Result};
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

/// Print the manual page (roff).
pub fn man() -> Result<()> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| Error::io("cannot render the manual page", e))?;
    let mut out = Out::new();
    out.bytes(&buf)?;
    out.finish()
}
