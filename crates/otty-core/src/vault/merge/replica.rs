//! One copy of a vault as a merge sees it: accounts and groups by UUID (row ids differ between
//! copies, so an account names its group by the group's UUID here), tombstones by UUID, tokens
//! by hash, and the icons its accounts use. Read in one transaction from a connection and the
//! copy's keys.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::super::icons::{self, Icon};
use super::super::keys::Keys;
use super::super::payload;
use super::super::tokens::{self, TokenRecord};
use super::super::tombstones::{self, Kind, Tombstone};
use super::rules::State;
use crate::account::{Account, Group};
use crate::error::Result;
use crate::stamp::Stamp;
use crate::store::{self, Table};

/// An account with its group named by UUID. `account.data.group_id` is always `None` here, so
/// two copies' versions compare without their row ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Member {
    /// The account (its `id` is this copy's row id).
    pub account: Account,
    /// The UUID of its group.
    pub group: Option<String>,
}

/// One copy's rows, keyed for merging.
#[derive(Default)]
pub(super) struct Replica {
    /// Readable accounts by UUID.
    pub accounts: BTreeMap<String, Member>,
    /// Readable groups by UUID.
    pub groups: BTreeMap<String, Group>,
    /// Tombstones by UUID.
    pub tombstones: BTreeMap<String, Tombstone>,
    /// Readable tokens.
    pub tokens: Vec<TokenRecord>,
    /// The icons the accounts name, by name.
    pub icons: BTreeMap<String, Icon>,
}

impl Replica {
    /// Read every readable row of the vault on `conn` (rows that do not open are left out, and
    /// so left alone by a merge).
    pub fn read(conn: &Connection, keys: &Keys) -> Result<Replica> {
        let mut r = Replica::default();
        let mut group_uuid = BTreeMap::new();
        for row in store::all_rows(conn, Table::Groups)?.into_iter().flatten() {
            if let Ok(g) = payload::open_group(keys, &row) {
                group_uuid.insert(g.id, g.uuid.clone());
                r.groups.entry(g.uuid.clone()).or_insert(g);
            }
        }
        for row in store::all_rows(conn, Table::Accounts)?
            .into_iter()
            .flatten()
        {
            if let Ok(mut account) = payload::open_account(keys, &row) {
                let group = account
                    .data
                    .group_id
                    .take()
                    .and_then(|id| group_uuid.get(&id).cloned());
                r.accounts
                    .entry(account.uuid.clone())
                    .or_insert(Member { account, group });
            }
        }
        r.tombstones = tombstones::all(conn, keys)?;
        r.tokens = tokens::read_all(conn, keys)?;
        for m in r.accounts.values() {
            let Some(name) = &m.account.data.icon else {
                continue;
            };
            if let Some(row) = store::row_by_lookup(conn, Table::Icons, name.as_bytes())?
                && let Ok(plain) =
                    keys.open(Table::Icons, row.id, row.version, &row.lookup, &row.sealed)
                && let Ok(icon) = icons::parse(&plain, row.id)
            {
                r.icons.insert(name.clone(), icon);
            }
        }
        Ok(r)
    }

    /// The state of account `uuid`.
    pub fn account_state(&self, uuid: &str) -> State {
        self.state(
            uuid,
            Kind::Account,
            self.accounts.get(uuid).map(|m| m.account.edit),
        )
    }

    /// The state of group `uuid`.
    pub fn group_state(&self, uuid: &str) -> State {
        self.state(uuid, Kind::Group, self.groups.get(uuid).map(|g| g.edit))
    }

    fn state(&self, uuid: &str, kind: Kind, live: Option<crate::stamp::Edit>) -> State {
        match (live, self.tombstones.get(uuid)) {
            (Some(edit), _) => State::Live(edit),
            (None, Some(t)) if t.kind == kind => State::Deleted(t.edit),
            (None, _) => State::Absent,
        }
    }

    /// Every stamp this copy holds (so the local clock can be moved past them).
    pub fn stamps(&self) -> impl Iterator<Item = Stamp> + '_ {
        let accounts = self.accounts.values().map(|m| m.account.edit.stamp);
        let groups = self.groups.values().map(|g| g.edit.stamp);
        let deleted = self.tombstones.values().map(|t| t.edit.stamp);
        accounts.chain(groups).chain(deleted)
    }
}
