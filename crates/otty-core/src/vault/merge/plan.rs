//! From two copies (and maybe their common ancestor) to the list of writes that folds the other
//! copy into this one, and the report of what they change. Pure: nothing is read or written
//! here.
//!
//! Groups are decided first, so an account's group can be resolved in the merged vault: a group
//! only the other copy has, named like one of this copy's (case-insensitively), is taken to be
//! that group rather than added twice; an account whose group is gone goes to no group.

use std::collections::{BTreeMap, BTreeSet};

use super::super::icons::Icon;
use super::super::tokens::TokenRecord;
use super::super::tombstones::{self, Kind, Tombstone};
use super::join::{join, order, order_groups, same_fields, same_group};
use super::replica::{Member, Replica};
use super::report::{Change, MergeReport, RowChange, RowKind};
use super::rules::{Decision, Pick, decide};
use crate::account::Group;

/// One write to a table of this copy.
#[derive(Debug, Clone)]
pub(super) enum Step<T> {
    /// A row only the other copy had.
    Insert(T),
    /// Replace this copy's row `id`.
    Update(i64, T),
    /// Delete this copy's row `id`.
    Delete(i64),
}

/// Everything a merge writes, and its report.
#[derive(Default)]
pub(super) struct Plan {
    /// Group writes, by UUID.
    pub groups: Vec<(String, Step<Group>)>,
    /// The other copy's groups taken to be one of this copy's (same name): theirs → ours.
    pub aliases: BTreeMap<String, String>,
    /// Account writes.
    pub accounts: Vec<Step<Member>>,
    /// Icons to copy from the other copy (when this one does not hold them).
    pub icons: BTreeMap<String, Icon>,
    /// Tokens to add.
    pub new_tokens: Vec<TokenRecord>,
    /// Tokens to revoke: this copy's token id and the time the other copy revoked it.
    pub revoke_tokens: Vec<(i64, i64)>,
    /// Tombstones to write.
    pub tombstones: Vec<(String, Tombstone)>,
    /// What it changes.
    pub report: MergeReport,
}

impl Plan {
    /// Whether the plan writes anything.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
            && self.accounts.is_empty()
            && self.icons.is_empty()
            && self.new_tokens.is_empty()
            && self.revoke_tokens.is_empty()
            && self.tombstones.is_empty()
    }
}

/// Where a merge's decision leaves a row that this copy had (`ours`) or not.
fn change_of(ours_live: bool, kept: bool, differs: bool) -> Change {
    match (ours_live, kept) {
        (false, true) => Change::Added,
        (true, false) => Change::Deleted,
        (true, true) if differs => Change::Updated,
        _ => Change::Unchanged,
    }
}

/// Plan the merge of `theirs` into `ours`, with `base` their common ancestor if known.
/// `now_ms` decides which tombstones are past keeping.
pub(super) fn plan(ours: &Replica, theirs: &Replica, base: Option<&Replica>, now_ms: i64) -> Plan {
    let mut p = Plan::default();
    let mut tombs = merged_tombstones(ours, theirs, now_ms);
    let alive_groups = plan_groups(&mut p, ours, theirs, base, &mut tombs);
    plan_accounts(&mut p, ours, theirs, base, &alive_groups, &mut tombs);
    plan_tokens(&mut p, ours, theirs);
    for (uuid, t) in tombs {
        if ours.tombstones.get(&uuid) != Some(&t) {
            p.tombstones.push((uuid, t));
        }
    }
    p
}

/// Both copies' tombstones, the later of two for the same row, without those past keeping.
fn merged_tombstones(ours: &Replica, theirs: &Replica, now_ms: i64) -> BTreeMap<String, Tombstone> {
    let mut out: BTreeMap<String, Tombstone> = BTreeMap::new();
    for (uuid, t) in ours.tombstones.iter().chain(&theirs.tombstones) {
        if tombstones::expired(t, now_ms) {
            continue;
        }
        match out.get(uuid) {
            Some(have) if have.edit.stamp >= t.edit.stamp => {}
            _ => {
                out.insert(uuid.clone(), *t);
            }
        }
    }
    out
}

/// A deletion this merge makes leaves a tombstone, unless one is already kept.
fn bury(tombs: &mut BTreeMap<String, Tombstone>, uuid: &str, kind: Kind, last: crate::stamp::Edit) {
    tombs
        .entry(uuid.to_owned())
        .or_insert_with(|| Tombstone::of(kind, last));
}

/// Decide every group; returns the UUIDs of the groups the merged vault holds.
fn plan_groups(
    p: &mut Plan,
    ours: &Replica,
    theirs: &Replica,
    base: Option<&Replica>,
    tombs: &mut BTreeMap<String, Tombstone>,
) -> BTreeSet<String> {
    let uuids: BTreeSet<&String> = ours
        .groups
        .keys()
        .chain(theirs.groups.keys())
        .chain(
            ours.tombstones
                .iter()
                .chain(&theirs.tombstones)
                .filter(|(_, t)| t.kind == Kind::Group)
                .map(|(u, _)| u),
        )
        .collect();
    // The groups the merged vault keeps from this copy, by UUID, with their names.
    let mut kept_names: BTreeMap<String, String> = BTreeMap::new();
    let mut inserts = Vec::new();
    for uuid in uuids {
        let (mine, other) = (ours.groups.get(uuid), theirs.groups.get(uuid));
        let (same, tie) = match (mine, other) {
            (Some(m), Some(o)) => (same_group(m, o), order_groups(m, o)),
            _ => (false, std::cmp::Ordering::Equal),
        };
        let d = decide(
            ours.group_state(uuid),
            theirs.group_state(uuid),
            base.map(|b| b.group_state(uuid)),
            same,
            tie,
        );
        let kept = match d.pick {
            Pick::Local => mine.cloned(),
            Pick::Other => other.cloned(),
            Pick::Gone => None,
        };
        let (change, name) = match (mine, kept) {
            (Some(m), Some(mut k)) => {
                k.id = m.id;
                let differs = k != *m;
                kept_names.insert(uuid.clone(), k.name.clone());
                if differs {
                    p.groups.push((uuid.clone(), Step::Update(m.id, k.clone())));
                }
                (change_of(true, true, differs), k.name)
            }
            (Some(m), None) => {
                p.groups.push((uuid.clone(), Step::Delete(m.id)));
                bury(tombs, uuid, Kind::Group, m.edit);
                (Change::Deleted, m.name.clone())
            }
            (None, Some(k)) => {
                inserts.push((uuid.clone(), k, d));
                continue;
            }
            (None, None) => match other {
                Some(o) => (Change::Unchanged, o.name.clone()),
                None => continue,
            },
        };
        report(p, RowKind::Group, uuid, name, change, d);
    }
    let mut alive: BTreeSet<String> = kept_names.keys().cloned().collect();
    // Groups only the other copy has: the same name as a group kept here means the same group.
    for (uuid, g, d) in inserts {
        let lower = g.name.to_lowercase();
        if let Some((twin, _)) = kept_names.iter().find(|(_, n)| n.to_lowercase() == lower) {
            p.aliases.insert(uuid, twin.clone());
            continue;
        }
        alive.insert(uuid.clone());
        kept_names.insert(uuid.clone(), g.name.clone());
        report(p, RowKind::Group, &uuid, g.name.clone(), Change::Added, d);
        p.groups.push((uuid, Step::Insert(g)));
    }
    alive
}

fn report(p: &mut Plan, kind: RowKind, uuid: &str, name: String, change: Change, d: Decision) {
    if change != Change::Unchanged || d.conflict {
        p.report.rows.push(RowChange {
            kind,
            uuid: uuid.to_owned(),
            name,
            change,
            conflict: d.conflict,
        });
    }
}

/// Decide every account.
fn plan_accounts(
    p: &mut Plan,
    ours: &Replica,
    theirs: &Replica,
    base: Option<&Replica>,
    alive_groups: &BTreeSet<String>,
    tombs: &mut BTreeMap<String, Tombstone>,
) {
    // Their groups as this copy names them.
    let aliased = |m: &Member| -> Member {
        let mut m = m.clone();
        if let Some(twin) = m.group.as_ref().and_then(|g| p.aliases.get(g)) {
            m.group = Some(twin.clone());
        }
        m
    };
    let uuids: BTreeSet<&String> = ours
        .accounts
        .keys()
        .chain(theirs.accounts.keys())
        .chain(
            ours.tombstones
                .iter()
                .chain(&theirs.tombstones)
                .filter(|(_, t)| t.kind == Kind::Account)
                .map(|(u, _)| u),
        )
        .collect();
    let mut steps = Vec::new();
    let mut rows = Vec::new();
    let mut icons = BTreeMap::new();
    for uuid in uuids {
        let mine = ours.accounts.get(uuid);
        let other = theirs.accounts.get(uuid).map(aliased);
        let (same, tie) = match (mine, &other) {
            (Some(m), Some(o)) => (same_fields(m, o), order(m, o)),
            _ => (false, std::cmp::Ordering::Equal),
        };
        let d = decide(
            ours.account_state(uuid),
            theirs.account_state(uuid),
            base.map(|b| b.account_state(uuid)),
            same,
            tie,
        );
        let kept = match d.pick {
            Pick::Local => mine.map(|m| join(m, other.as_ref())),
            Pick::Other => other.as_ref().map(|o| join(o, mine)),
            Pick::Gone => None,
        };
        let kept = kept.map(|mut k| {
            if k.group.as_ref().is_some_and(|g| !alive_groups.contains(g)) {
                k.group = None;
            }
            k
        });
        let change = match (mine, kept) {
            (Some(m), Some(mut k)) => {
                k.account.id = m.account.id;
                let differs = k != *m;
                if differs {
                    if k.account.data.icon != m.account.data.icon {
                        want_icon(&mut icons, theirs, &k);
                    }
                    steps.push(Step::Update(m.account.id, k));
                }
                change_of(true, true, differs)
            }
            (Some(m), None) => {
                steps.push(Step::Delete(m.account.id));
                bury(tombs, uuid, Kind::Account, m.account.edit);
                Change::Deleted
            }
            (None, Some(k)) => {
                want_icon(&mut icons, theirs, &k);
                steps.push(Step::Insert(k));
                Change::Added
            }
            // Deleted here, and the other copy's edit was older: reported when in conflict.
            (None, None) => Change::Unchanged,
        };
        let name = mine
            .or(other.as_ref())
            .map_or_else(String::new, |m| m.account.title());
        rows.push((uuid.clone(), name, change, d));
    }
    for (uuid, name, change, d) in rows {
        report(p, RowKind::Account, &uuid, name, change, d);
    }
    p.accounts = steps;
    p.icons = icons;
}

/// The icon a kept account names, when it comes from the other copy and this one lacks it.
fn want_icon(icons: &mut BTreeMap<String, Icon>, theirs: &Replica, kept: &Member) {
    if let Some(name) = &kept.account.data.icon
        && let Some(icon) = theirs.icons.get(name)
    {
        icons.insert(name.clone(), icon.clone());
    }
}

/// Tokens only the other copy has are added; one it revoked is revoked here too.
fn plan_tokens(p: &mut Plan, ours: &Replica, theirs: &Replica) {
    for t in &theirs.tokens {
        match ours.tokens.iter().find(|o| o.hash() == t.hash()) {
            None => p.new_tokens.push(t.clone()),
            Some(o) => {
                if let (None, Some(at)) = (o.info.revoked_at, t.info.revoked_at) {
                    p.revoke_tokens.push((o.info.id, at));
                }
            }
        }
    }
    p.report.tokens_added = p.new_tokens.len();
    p.report.tokens_revoked = p.revoke_tokens.len();
}
