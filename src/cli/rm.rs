//! `otty rm QUERY…`: remove accounts, after a confirmation on a terminal. Without a terminal,
//! `--yes` is required. Each QUERY is an id or a name ([`super::query`]) and must name exactly
//! one account; one that names none or several removes nothing (exit 3). What was removed is
//! said on stderr.

use super::args::{Global, RmArgs};
use super::error::{Context, Error, Result};
use super::input;
use super::output::note;
use super::query::resolve;
use super::session;
use crate::agent::Backend;
use crate::core::Error as CoreError;

/// The account a QUERY names and how to show it. An id of a corrupted row still names it, so
/// that row can be removed.
fn target(vault: &dyn Backend, query: &str) -> Result<(i64, String)> {
    if let Ok(id) = query.trim().parse::<i64>()
        && let Err(CoreError::Corrupted { .. }) = vault.account(id)
    {
        return Ok((id, "(corrupted row)".to_owned()));
    }
    let a = resolve(vault, query)?;
    Ok((a.id, format!("{}  {}", a.data.service, a.data.account)))
}

/// Run `otty rm`.
pub fn run(g: &Global, args: &RmArgs) -> Result<()> {
    let interactive = input::is_interactive();
    if !args.yes && !interactive {
        return Err(Error::usage(
            "refusing to remove accounts without --yes, since standard input is not a terminal",
        ));
    }
    let vault = session::backend(g)?;
    let mut ids = Vec::new();
    let mut lines = Vec::new();
    for query in &args.queries {
        let (id, name) = target(&*vault, query)?;
        if !ids.contains(&id) {
            ids.push(id);
            lines.push(format!("  {id}  {name}"));
        }
    }
    if !args.yes {
        note(format!("about to remove:\n{}", lines.join("\n")));
        let question = match ids.len() {
            1 => "Remove this account?".to_owned(),
            n => format!("Remove these {n} accounts?"),
        };
        if !input::confirm(&question)? {
            return Err(Error::Cancelled);
        }
    }
    vault
        .remove(&ids)
        .context(|| "cannot remove accounts".to_owned())?;
    for line in &lines {
        note(format!("removed {}", line.trim_start()));
    }
    Ok(())
}
