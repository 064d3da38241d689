//! `otty rm ID…`: remove accounts, after a confirmation on a terminal. Without a terminal,
//! `--yes` is required. Unknown ids remove nothing (exit 3).

use super::args::{Global, RmArgs};
use super::error::{Context, Error, Result};
use super::input;
use super::output::note;
use super::session;
use crate::core::Error as CoreError;

/// Run `otty rm`.
pub fn run(g: &Global, args: &RmArgs) -> Result<()> {
    let interactive = input::is_interactive();
    if !args.yes && !interactive {
        return Err(Error::usage(
            "refusing to remove accounts without --yes, since standard input is not a terminal",
        ));
    }
    let mut ids = args.ids.clone();
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    let vault = session::open_unlocked(g)?;
    let mut lines = Vec::new();
    for &id in &ids {
        match vault.account(id) {
            Ok(a) => lines.push(format!("  {id}  {}", a.label())),
            // A corrupted row can still be removed.
            Err(CoreError::Corrupted { .. }) => {
                lines.push(format!("  {id}  (corrupted row)"));
            }
            Err(e) => return Err(e).context(|| "cannot remove accounts".to_owned()),
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
        .context(|| "cannot remove accounts".to_owned())
}
