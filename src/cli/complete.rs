//! `otty __complete-accounts` (hidden): the account names of the vault, one per line, for the
//! completion scripts ([`super::docs`]). Only through a running unlock agent: it never asks
//! for a password, opens no database, and prints nothing (exit 0) when no agent holds the
//! vault, so a Tab press never blocks.

use super::args::Global;
use super::error::Result;
use super::output::Out;
use super::session;

/// Print the names an agent knows.
pub fn run(g: &Global) -> Result<()> {
    let Ok(path) = session::vault_path(g) else {
        return Ok(());
    };
    let Ok(Some(client)) = crate::agent::Client::connect(&path) else {
        return Ok(());
    };
    let Ok(accounts) = crate::agent::Backend::accounts(&client) else {
        return Ok(());
    };
    let mut out = Out::new();
    for a in accounts {
        out.line(a.label())?;
    }
    out.finish()
}
