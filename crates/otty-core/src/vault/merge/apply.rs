//! Writing a merge plan through the caller's [`Write`]: groups first (so accounts can name
//! their new ids), then icons, accounts, tokens and tombstones, each row at its next version
//! under this vault's key, the head kept in step. Rows keep the stamps the plan gives them: a
//! merge is not an edit.

use std::collections::BTreeMap;

use super::super::accounts;
use super::super::keys::Keys;
use super::super::tokens::token_plain;
use super::super::tombstones;
use super::super::write::Write;
use super::super::{attempts, groups, icons, payload};
use super::plan::{Plan, Step};
use super::replica::Replica;
use crate::error::Result;
use crate::store::{self, Table};

/// Write `plan` (made from `ours`, read in this same write). Returns how many icons were copied.
pub(super) fn apply(
    w: &mut Write<'_>,
    keys: &Keys,
    plan: &Plan,
    ours: &Replica,
    now_ms: i64,
) -> Result<usize> {
    let mut group_ids: BTreeMap<String, i64> =
        ours.groups.iter().map(|(u, g)| (u.clone(), g.id)).collect();
    for (uuid, step) in &plan.groups {
        match step {
            Step::Insert(g) => {
                let mut g = g.clone();
                groups::insert_row(w, keys, &mut g)?;
                group_ids.insert(uuid.clone(), g.id);
            }
            Step::Update(id, g) => {
                w.update(keys, Table::Groups, *id, &[], &payload::group_plain(g)?)?;
            }
            Step::Delete(id) => {
                w.delete(Table::Groups, *id)?;
                group_ids.remove(uuid);
            }
        }
    }
    for (theirs, twin) in &plan.aliases {
        if let Some(id) = group_ids.get(twin).copied() {
            group_ids.insert(theirs.clone(), id);
        }
    }
    let mut icons_added = 0;
    for (name, icon) in &plan.icons {
        if store::row_by_lookup(w, Table::Icons, name.as_bytes())?.is_none() {
            let plain = icons::icon_plain(&icon.mime, &icon.bytes);
            w.insert(keys, Table::Icons, None, name.as_bytes(), &plain)?;
            icons_added += 1;
        }
    }
    for step in &plan.accounts {
        match step {
            Step::Insert(m) | Step::Update(_, m) => {
                let mut acc = m.account.clone();
                acc.data.group_id = m.group.as_ref().and_then(|g| group_ids.get(g).copied());
                if let Step::Update(id, _) = step {
                    acc.id = *id;
                    accounts::save(w, keys, &acc)?;
                } else {
                    accounts::insert(w, keys, &mut acc)?;
                }
            }
            Step::Delete(id) => {
                w.delete(Table::Accounts, *id)?;
                attempts::forget(w, keys, *id)?;
                accounts::verify::forget(w, keys, *id)?;
            }
        }
    }
    for t in &plan.new_tokens {
        w.insert(
            keys,
            Table::Tokens,
            None,
            &[],
            &token_plain(&t.info, &t.hash())?,
        )?;
    }
    for (id, at) in &plan.revoke_tokens {
        if let Some(t) = ours.tokens.iter().find(|t| t.info.id == *id) {
            let mut info = t.info.clone();
            info.revoked_at = Some(*at);
            w.update(
                keys,
                Table::Tokens,
                *id,
                &[],
                &token_plain(&info, &t.hash())?,
            )?;
        }
    }
    for (uuid, t) in &plan.tombstones {
        tombstones::put(w, keys, uuid, t)?;
    }
    tombstones::purge(w, keys, now_ms)?;
    Ok(icons_added)
}
