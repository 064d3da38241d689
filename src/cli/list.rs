//! `otty list`: accounts as a table, pinned (favourite) accounts first and marked `★`, as the
//! TUI shows them; or as 2FAuth Read objects (without secrets) with `--json`, in the same
//! order. Rows that failed their integrity check are named in a warning on stderr.

use std::collections::HashMap;

use super::args::{Global, ListArgs};
use super::error::{Context, Result};
use super::output::Out;
use super::session;
use crate::dto::AccountRead;

/// Run `otty list`.
pub fn run(g: &Global, args: &ListArgs) -> Result<()> {
    let vault = session::backend(g)?;
    let group = match &args.group {
        Some(name) => Some(
            vault
                .group_by_name(name)
                .context(|| "cannot list the group".to_owned())?,
        ),
        None => None,
    };
    session::warn_corrupted(&*vault)?;
    let mut accounts: Vec<_> = vault
        .accounts()
        .context(|| "cannot list the accounts".to_owned())?
        .into_iter()
        .filter(|a| group.as_ref().is_none_or(|g| a.data.group_id == Some(g.id)))
        .collect();
    // Stable: the user's order within pinned and unpinned accounts.
    accounts.sort_by_key(|a| !a.data.favorite);
    let mut out = Out::new();
    if args.json {
        let reads: Vec<AccountRead> = accounts.iter().map(AccountRead::new).collect();
        out.json(&reads)?;
        return out.finish();
    }
    let names: HashMap<i64, String> = vault
        .groups()
        .context(|| "cannot list the groups".to_owned())?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let rows: Vec<[String; 6]> = accounts
        .iter()
        .map(|a| {
            [
                if a.data.favorite { "★" } else { "" }.to_owned(),
                a.id.to_string(),
                a.data
                    .group_id
                    .and_then(|id| names.get(&id).cloned())
                    .unwrap_or_else(|| "-".to_owned()),
                a.data.service.clone(),
                a.data.account.clone(),
                a.data.otp.kind.as_str().to_owned(),
            ]
        })
        .collect();
    out.table(["", "ID", "GROUP", "SERVICE", "ACCOUNT", "TYPE"], &rows)?;
    out.finish()
}
