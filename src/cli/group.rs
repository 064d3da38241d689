//! `otty group list|add|rename|rm|assign`: groups (folders) by name. `rm` and `assign` say
//! what they did on stderr.

use super::args::{Global, GroupCommand};
use super::error::{Context, Result};
use super::output::{Out, note};
use super::session;
use crate::agent::Backend;
use crate::dto::GroupRead;

fn list(vault: &dyn Backend, json: bool) -> Result<()> {
    session::warn_corrupted(vault)?;
    let groups = vault
        .groups()
        .context(|| "cannot list the groups".to_owned())?;
    let counts: std::collections::HashMap<i64, usize> = vault
        .group_counts()
        .context(|| "cannot list the groups".to_owned())?
        .into_iter()
        .collect();
    let count = |id| counts.get(&id).copied().unwrap_or(0);
    let mut out = Out::new();
    if json {
        let reads: Vec<GroupRead> = groups
            .iter()
            .map(|g| GroupRead::new(g, count(g.id)))
            .collect();
        out.json(&reads)?;
    } else {
        let rows: Vec<[String; 3]> = groups
            .iter()
            .map(|g| [g.id.to_string(), g.name.clone(), count(g.id).to_string()])
            .collect();
        out.table(["ID", "NAME", "ACCOUNTS"], &rows)?;
    }
    out.finish()
}

/// Run `otty group …`.
pub fn run(g: &Global, cmd: &GroupCommand) -> Result<()> {
    let vault = session::backend(g)?;
    let by_name = |name: &str| {
        vault
            .group_by_name(name)
            .context(|| "cannot find the group".to_owned())
    };
    match cmd {
        GroupCommand::List { json } => list(&*vault, *json),
        GroupCommand::Add { name } => {
            let group = vault
                .add_group(name)
                .context(|| "cannot add the group".to_owned())?;
            let mut out = Out::new();
            out.line(group.id)?;
            out.finish()
        }
        GroupCommand::Rename { old, new } => {
            let group = by_name(old)?;
            vault
                .rename_group(group.id, new)
                .context(|| format!("cannot rename group {:?}", group.name))?;
            Ok(())
        }
        GroupCommand::Rm { name } => {
            let group = by_name(name)?;
            vault
                .remove_group(group.id)
                .context(|| format!("cannot remove group {:?}", group.name))?;
            note(format!(
                "removed group {:?}; its accounts stay, in no group",
                group.name
            ));
            Ok(())
        }
        GroupCommand::Assign { name, ids } => {
            let group = by_name(name)?;
            vault
                .assign(ids, Some(group.id))
                .context(|| format!("cannot assign accounts to group {:?}", group.name))?;
            let n = ids.iter().collect::<std::collections::HashSet<_>>().len();
            note(format!(
                "moved {n} account{} to group {:?}",
                if n == 1 { "" } else { "s" },
                group.name
            ));
            Ok(())
        }
    }
}
