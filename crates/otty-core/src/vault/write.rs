//! [`Write`]: every change to a sealed table goes through one of these: an immediate
//! transaction that reads the head as stored, seals rows with their next version, keeps the
//! head's fingerprints in step and seals the head again at commit.
//!
//! Beginning a write checks the key epoch: if another process replaced the vault key
//! (`otty passwd`), the head no longer opens with this one, and the write is refused with
//! [`Error::KeyChanged`] instead of sealing rows nobody could open any more.

use std::ops::Deref;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::head::Head;
use super::keys::Keys;
use crate::error::{Error, Result};
use crate::store::{self, Table};

/// An immediate transaction with the head loaded.
pub(crate) struct Write<'c> {
    tx: Transaction<'c>,
    head: Head,
}

impl Deref for Write<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        &self.tx
    }
}

impl<'c> Write<'c> {
    /// Begin: `BEGIN IMMEDIATE`, then read and open the head.
    pub fn begin(conn: &'c mut Connection, keys: &Keys) -> Result<Self> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(head) = Head::stored(&tx, keys)? else {
            if store::epoch(&tx)? != Some(keys.epoch) {
                return Err(Error::KeyChanged);
            }
            return Err(Error::Unverified);
        };
        Ok(Write { tx, head })
    }

    /// Begin with a head built by the caller (creating a vault, migrating, accepting).
    pub fn with_head(tx: Transaction<'c>, head: Head) -> Self {
        Write { tx, head }
    }

    /// The head as it will be committed, to change its epoch or header digest (re-keying).
    pub fn head_mut(&mut self) -> &mut Head {
        &mut self.head
    }

    /// Row `id` of `table` as stored, checked against the head this write opened: a row the
    /// head does not commit to as it is (put back, replaced, inserted by editing the file), or
    /// a committed row that is gone, is [`Error::Unverified`]. One-time state (HOTP counters,
    /// backup codes, replay records, attempt budgets) is read this way, so a row rolled back
    /// under a running vault is never served again.
    pub fn row(&self, table: Table, id: i64) -> Result<Option<store::RawRow>> {
        let row = store::row(&self.tx, table, id)?;
        match &row {
            Some(r)
                if self
                    .head
                    .matches(table, id, r.version, store::tag_of(&r.sealed)) =>
            {
                Ok(row)
            }
            None if self.head.version(table, id).is_none() => Ok(None),
            _ => Err(Error::Unverified),
        }
    }

    /// The row of `table` whose lookup column is `lookup`, checked like [`Write::row`]; the
    /// table's row count must match the head too, so a deleted row (a replay record, an attempt
    /// budget) is noticed although its name cannot be looked up.
    pub fn row_by_lookup(&self, table: Table, lookup: &[u8]) -> Result<Option<store::RawRow>> {
        let stored: i64 =
            self.tx
                .query_row(&format!("SELECT count(*) FROM {}", table.name()), [], |r| {
                    r.get(0)
                })?;
        if usize::try_from(stored).ok() != Some(self.head.count(table)) {
            return Err(Error::Unverified);
        }
        let row = store::row_by_lookup(&self.tx, table, lookup)?;
        match &row {
            Some(r)
                if !self
                    .head
                    .matches(table, r.id, r.version, store::tag_of(&r.sealed)) =>
            {
                Err(Error::Unverified)
            }
            _ => Ok(row),
        }
    }

    /// Refuse ([`Error::Unverified`]) when a row of these tables differs from what the head
    /// commits to: a merge reads every row, and must not spread one put back by hand.
    pub fn verify(&self, tables: &[Table]) -> Result<()> {
        let mut problems = Vec::new();
        for table in tables {
            self.head.diff_stored(&self.tx, *table, &mut problems)?;
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Unverified)
        }
    }

    /// Insert a row sealed from `plain`; returns its id. `id` asks for a given id.
    pub fn insert(
        &mut self,
        keys: &Keys,
        table: Table,
        id: Option<i64>,
        lookup: &[u8],
        plain: &[u8],
    ) -> Result<i64> {
        let id = store::insert_placeholder(&self.tx, table, id, lookup)?;
        self.seal_into(keys, table, id, 1, lookup, plain)?;
        Ok(id)
    }

    /// Replace row `id`'s content with `plain`, at the next version.
    pub fn update(
        &mut self,
        keys: &Keys,
        table: Table,
        id: i64,
        lookup: &[u8],
        plain: &[u8],
    ) -> Result<()> {
        // Only a row as committed is replaced: writing over a row put back or inserted by
        // editing the file would hide it from the head.
        let current = self.row(table, id)?.ok_or(Error::Corrupted {
            table: table.name(),
            id,
        })?;
        // The next version is above both the stored one and the committed one, so a row
        // rolled back by hand does not get a version the head has seen.
        let committed = self.head.version(table, id).unwrap_or(0);
        let version = current.version.max(committed).saturating_add(1);
        self.seal_into(keys, table, id, version, lookup, plain)
    }

    fn seal_into(
        &mut self,
        keys: &Keys,
        table: Table,
        id: i64,
        version: i64,
        lookup: &[u8],
        plain: &[u8],
    ) -> Result<()> {
        let sealed = keys.seal(table.name(), id, version, lookup, plain)?;
        store::set_sealed(&self.tx, table, id, version, lookup, &sealed)?;
        self.head.put(table, id, version, store::tag_of(&sealed));
        Ok(())
    }

    /// Delete a row; returns whether it existed.
    pub fn delete(&mut self, table: Table, id: i64) -> Result<bool> {
        self.head.remove(table, id);
        store::delete_row(&self.tx, table, id)
    }

    /// Seal the head (one more write counted) and commit.
    pub fn commit(mut self, keys: &Keys) -> Result<()> {
        self.head.generation = self.head.generation.wrapping_add(1);
        let sealed = self.head.seal(keys)?;
        store::set_head(&self.tx, &sealed)?;
        self.tx.commit()?;
        Ok(())
    }
}
