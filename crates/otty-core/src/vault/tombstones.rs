//! Tombstones: what a deletion leaves behind, so that merging a copy that still holds the row
//! does not bring it back (`vault/merge.rs`).
//!
//! Removing an account or a group writes, in the same transaction, a setting
//! `deleted.<uuid>` holding the row's kind and an [`Edit`]: the deletion's stamp and the stamp
//! of the version deleted. Settings are sealed rows the head commits to, so a tombstone is
//! covered like every other row, and builds that know nothing of them ignore them. Tombstones
//! older than [`KEEP_DAYS`] are purged when rows are removed and when copies are merged; a
//! copy that has been apart longer than that can bring a deleted row back.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::keys::Keys;
use super::payload::open_json;
use super::settings::{self, Setting};
use super::write::Write;
use super::{Unlocked, Vault};
use crate::error::Result;
use crate::stamp::Edit;
use crate::store::{self, Table};

/// Settings holding tombstones are named this, then the row's UUID.
const PREFIX: &str = "deleted.";

/// How long a tombstone is kept, in days.
pub const KEEP_DAYS: i64 = 180;

/// What kind of row was deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An account.
    Account,
    /// A group.
    Group,
}

/// A deleted row's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    /// The kind of row.
    pub kind: Kind,
    /// The deletion: its stamp, and the stamp of the version it deleted.
    pub edit: Edit,
}

impl Tombstone {
    /// The tombstone of a row whose last edit is `last`, deleted now.
    pub fn of(kind: Kind, last: Edit) -> Tombstone {
        Tombstone {
            kind,
            edit: last.next(),
        }
    }
}

/// Record a tombstone for `uuid` inside the caller's write.
pub(super) fn put(w: &mut Write<'_>, keys: &Keys, uuid: &str, t: &Tombstone) -> Result<()> {
    let value = serde_json::to_value(t)
        .map_err(|_| crate::error::Error::invalid("tombstone", "cannot be encoded"))?;
    settings::put(w, keys, &format!("{PREFIX}{uuid}"), &value)
}

/// Forget the tombstone of `uuid` inside the caller's write.
pub(super) fn remove(w: &mut Write<'_>, keys: &Keys, uuid: &str) -> Result<()> {
    settings::delete(w, keys, &format!("{PREFIX}{uuid}")).map(|_| ())
}

/// Every readable tombstone, by UUID.
pub(super) fn all(conn: &Connection, keys: &Keys) -> Result<BTreeMap<String, Tombstone>> {
    let mut out = BTreeMap::new();
    for row in store::all_rows(conn, Table::Settings)?
        .into_iter()
        .flatten()
    {
        let Ok(s) = open_json::<Setting>(keys, Table::Settings, &row) else {
            continue;
        };
        if let Some(uuid) = s.k.strip_prefix(PREFIX)
            && let Ok(t) = serde_json::from_value::<Tombstone>(s.v)
        {
            out.insert(uuid.to_owned(), t);
        }
    }
    Ok(out)
}

/// Whether a tombstone stamped at `ms` is past keeping at `now_ms`.
pub(super) fn expired(t: &Tombstone, now_ms: i64) -> bool {
    t.edit.stamp.ms < now_ms.saturating_sub(KEEP_DAYS * 86_400_000)
}

/// Delete the tombstones past keeping inside the caller's write; returns how many.
pub(super) fn purge(w: &mut Write<'_>, keys: &Keys, now_ms: i64) -> Result<usize> {
    let old: Vec<String> = all(w, keys)?
        .into_iter()
        .filter(|(_, t)| expired(t, now_ms))
        .map(|(uuid, _)| uuid)
        .collect();
    for uuid in &old {
        remove(w, keys, uuid)?;
    }
    Ok(old.len())
}

impl Vault {
    /// Every tombstone this vault keeps, by the UUID of the row it buried.
    pub fn tombstones(&self) -> Result<BTreeMap<String, Tombstone>> {
        self.write(|conn, open: &mut Unlocked, _| all(conn, &open.keys))
    }
}
