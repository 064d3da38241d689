//! Group (folder) operations of [`Vault`]: list, add, rename, remove, reorder.
//!
//! Group names are unique, compared case-insensitively, so `--group NAME` is unambiguous.

use super::accounts::save as save_account;
use super::keys::Keys;
use super::tombstones::{self, Kind, Tombstone};
use super::write::Write;
use super::{Unlocked, Vault, payload};
use crate::account::{Group, check_name};
use crate::error::{Error, Result};
use crate::event::VaultEvent;
use crate::stamp::Edit;
use crate::store::{self, Table};

/// Store a group at its next version inside the caller's write.
fn save(w: &mut Write<'_>, open: &Unlocked, g: &Group) -> Result<()> {
    w.update(
        &open.keys,
        Table::Groups,
        g.id,
        &[],
        &payload::group_plain(g)?,
    )
}

fn clean_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "a group needs a name"));
    }
    check_name("name", name)?;
    Ok(name.to_owned())
}

impl Unlocked {
    fn name_taken(&self, name: &str, except: Option<i64>) -> Result<()> {
        let lower = name.to_lowercase();
        if self
            .groups
            .values()
            .any(|g| Some(g.id) != except && g.name.to_lowercase() == lower)
        {
            return Err(Error::invalid(
                "name",
                format!("a group named {name:?} already exists"),
            ));
        }
        Ok(())
    }

    /// The position after the last group.
    pub(super) fn next_group_position(&self) -> i64 {
        self.groups.values().map(|g| g.position).max().unwrap_or(0) + 1
    }

    fn sorted_groups(&self) -> Vec<Group> {
        let mut v: Vec<Group> = self.groups.values().cloned().collect();
        v.sort_by_key(|g| (g.position, g.id));
        v
    }
}

impl Vault {
    /// Every readable group, in the user's order.
    pub fn groups(&self) -> Result<Vec<Group>> {
        self.read(|o| Ok(o.sorted_groups()))
    }

    /// One group. A row that failed its integrity check gives [`Error::Corrupted`].
    pub fn group(&self, id: i64) -> Result<Group> {
        self.read(|o| {
            o.groups
                .get(&id)
                .cloned()
                .ok_or_else(|| o.missing_group(id))
        })
    }

    /// The group with this name (case-insensitive), or an id given as text. An id naming a
    /// row that failed its integrity check gives [`Error::Corrupted`].
    pub fn group_by_name(&self, name: &str) -> Result<Group> {
        self.read(|o| {
            let lower = name.trim().to_lowercase();
            let id: Option<i64> = name.trim().parse().ok();
            o.groups
                .values()
                .find(|g| g.name.to_lowercase() == lower)
                .or_else(|| id.and_then(|id| o.groups.get(&id)))
                .cloned()
                .ok_or_else(|| match id {
                    Some(id) if o.corrupted.contains(&("groups", id)) => o.missing_group(id),
                    _ => Error::GroupNameNotFound(name.to_owned()),
                })
        })
    }

    /// Number of accounts in each group, as `(group id, count)`.
    pub fn group_counts(&self) -> Result<Vec<(i64, usize)>> {
        self.read(|o| {
            Ok(o.sorted_groups()
                .iter()
                .map(|g| {
                    let n = o
                        .accounts
                        .values()
                        .filter(|a| a.data.group_id == Some(g.id))
                        .count();
                    (g.id, n)
                })
                .collect())
        })
    }

    /// Create a group at the end of the list.
    pub fn add_group(&self, name: &str) -> Result<Group> {
        let name = clean_name(name)?;
        let group = self.write(|conn, open, _| {
            open.name_taken(&name, None)?;
            let mut w = Write::begin(conn, &open.keys)?;
            let g = insert(&mut w, open, name, open.next_group_position())?;
            w.commit(&open.keys)?;
            open.groups.insert(g.id, g.clone());
            Ok(g)
        })?;
        self.emit(VaultEvent::GroupsChanged);
        Ok(group)
    }

    /// Rename a group.
    pub fn rename_group(&self, id: i64, name: &str) -> Result<Group> {
        let name = clean_name(name)?;
        let group = self.write(|conn, open, _| {
            if !open.groups.contains_key(&id) {
                return Err(open.missing_group(id));
            }
            open.name_taken(&name, Some(id))?;
            let mut g = open
                .groups
                .get(&id)
                .cloned()
                .ok_or(Error::GroupNotFound(id))?;
            g.name = name;
            g.edit = g.edit.next();
            let mut w = Write::begin(conn, &open.keys)?;
            save(&mut w, open, &g)?;
            w.commit(&open.keys)?;
            open.groups.insert(id, g.clone());
            Ok(g)
        })?;
        self.emit(VaultEvent::GroupsChanged);
        Ok(group)
    }

    /// Delete a group; its accounts stay, in no group.
    pub fn remove_group(&self, id: i64) -> Result<()> {
        let moved = self.write(|conn, open, now| {
            if !open.groups.contains_key(&id) && !open.corrupted.contains(&("groups", id)) {
                return Err(Error::GroupNotFound(id));
            }
            let mut w = Write::begin(conn, &open.keys)?;
            let last = w
                .row(Table::Groups, id)
                .ok()
                .flatten()
                .and_then(|row| payload::open_group(&open.keys, &row).ok());
            w.delete(Table::Groups, id)?;
            if let Some(g) = last {
                let t = Tombstone::of(Kind::Group, g.edit);
                tombstones::put(&mut w, &open.keys, &g.uuid, &t)?;
            }
            tombstones::purge(&mut w, &open.keys, now.saturating_mul(1000))?;
            // Its accounts move out of it, as stored now (not as cached).
            let mut moved = Vec::new();
            for row in store::all_rows(&w, Table::Accounts)?.into_iter().flatten() {
                let Ok(mut acc) = payload::open_account(&open.keys, &row) else {
                    continue;
                };
                if acc.data.group_id == Some(id) {
                    acc.data.group_id = None;
                    acc.updated_at = now;
                    acc.edit = acc.edit.next();
                    save_account(&mut w, &open.keys, &acc)?;
                    moved.push(acc);
                }
            }
            w.commit(&open.keys)?;
            open.groups.remove(&id);
            open.corrupted.remove(&("groups", id));
            let ids: Vec<i64> = moved.iter().map(|a| a.id).collect();
            for acc in moved {
                open.accounts.insert(acc.id, acc);
            }
            Ok(ids)
        })?;
        self.emit(VaultEvent::GroupsChanged);
        for id in moved {
            self.emit(VaultEvent::AccountUpdated(id));
        }
        Ok(())
    }

    /// Put the listed groups first, in this order; the others keep their order after them.
    pub fn reorder_groups(&self, ids: &[i64]) -> Result<()> {
        self.write(|conn, open, _| {
            for id in ids {
                if !open.groups.contains_key(id) {
                    return Err(open.missing_group(*id));
                }
            }
            let mut order: Vec<i64> = ids.to_vec();
            order.extend(
                open.sorted_groups()
                    .iter()
                    .map(|g| g.id)
                    .filter(|id| !ids.contains(id)),
            );
            let mut w = Write::begin(conn, &open.keys)?;
            let mut changed = Vec::new();
            for (pos, id) in order.iter().enumerate() {
                if let Some(g) = open.groups.get(id)
                    && g.position != pos as i64 + 1
                {
                    let mut g = g.clone();
                    g.position = pos as i64 + 1;
                    g.edit = g.edit.next();
                    save(&mut w, open, &g)?;
                    changed.push(g);
                }
            }
            w.commit(&open.keys)?;
            for g in changed {
                open.groups.insert(g.id, g);
            }
            Ok(())
        })?;
        self.emit(VaultEvent::GroupsChanged);
        Ok(())
    }
}

/// Insert a group named `name` at `position`, inside the caller's write.
pub(super) fn insert(
    w: &mut Write<'_>,
    open: &Unlocked,
    name: String,
    position: i64,
) -> Result<Group> {
    let mut g = Group {
        id: 0,
        uuid: uuid::Uuid::new_v4().to_string(),
        name,
        position,
        edit: Edit::first(),
    };
    insert_row(w, &open.keys, &mut g)?;
    Ok(g)
}

/// Insert `g` as it is (UUID and edit included) inside the caller's write; sets its id.
pub(super) fn insert_row(w: &mut Write<'_>, keys: &Keys, g: &mut Group) -> Result<()> {
    g.id = w.insert(keys, Table::Groups, None, &[], &payload::group_plain(g)?)?;
    Ok(())
}
