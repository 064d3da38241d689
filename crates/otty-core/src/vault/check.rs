//! Checking the whole vault ([`Vault::check`], `otty check`) and accepting what it found
//! ([`Vault::accept`], `otty check --accept`).
//!
//! The check reads the file again: every sealed row of every committed table is opened (icons
//! too, which unlocking only fingerprints), and the rows are compared with the head. Accepting
//! commits the head to the rows as they are now, after the user has read the report: rows
//! that were deleted stay deleted, rows inserted or put back are kept, and the one-time state
//! the API refused while the vault was unverified (HOTP and backup codes, `verify`, tokens) is
//! served again. Rows that fail their own check stay reported until they are removed.

use std::collections::BTreeSet;

use super::head::{Head, Problem};
use super::keys::Keys;
use super::write::Write;
use super::{Vault, head_for, load};
use crate::error::{Error, Result};
use crate::event::VaultEvent;
use crate::store::{self, Table};

/// What [`Vault::check`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Where the file and its head disagree.
    pub problems: Vec<Problem>,
    /// Rows that fail their own integrity check, as `(table, id)`.
    pub corrupted: Vec<(&'static str, i64)>,
}

impl Report {
    /// Whether nothing was found.
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty() && self.corrupted.is_empty()
    }
}

/// The header as stored now; [`Error::KeyChanged`] when another process replaced the key.
fn current_header(
    conn: &rusqlite::Connection,
    path: &std::path::Path,
    keys: &Keys,
) -> Result<store::Header> {
    let header = store::read_header(conn, path)?;
    if header.epoch != keys.epoch {
        return Err(Error::KeyChanged);
    }
    Ok(header)
}

impl Vault {
    /// Verify every row and the head, reading the file again. The unlocked view is replaced
    /// by what was read.
    pub fn check(&self) -> Result<Report> {
        let report = {
            let mut guard = self.inner();
            let inner = &mut *guard;
            let open = self.state.current().ok_or(Error::Locked)?;
            let header = current_header(&inner.conn, &self.path, &open.keys)?;
            let keys = Keys::new(open.keys.key.clone(), &header)?;
            let fresh = load(&inner.conn, keys, &header)?;
            let mut corrupted: BTreeSet<(&'static str, i64)> = fresh.corrupted.clone();
            for table in [Table::Tokens, Table::Icons, Table::Settings] {
                for row in store::all_rows(&inner.conn, table)? {
                    let bad = match &row {
                        Ok(r) => fresh
                            .keys
                            .open(table, r.id, r.version, &r.lookup, &r.sealed)
                            .err()
                            .map(|_| r.id),
                        Err(id) => Some(*id),
                    };
                    if let Some(id) = bad {
                        corrupted.insert((table.name(), id));
                    }
                }
            }
            let report = Report {
                problems: fresh.problems.clone(),
                corrupted: corrupted.into_iter().collect(),
            };
            inner.header = header;
            self.state.set(Some(fresh));
            report
        };
        self.emit(VaultEvent::Reloaded);
        Ok(report)
    }

    /// Commit the head to the rows as they are now (after the user read [`Vault::check`]'s
    /// report), and reload. Returns the check made afterwards.
    pub fn accept(&self) -> Result<Report> {
        {
            let mut guard = self.inner();
            let inner = &mut *guard;
            let open = self.state.current().ok_or(Error::Locked)?;
            let header = current_header(&inner.conn, &self.path, &open.keys)?;
            let tx = inner
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let generation = Head::stored(&tx, &open.keys)?.map_or(0, |h| h.generation);
            let head = head_for(&tx, &header, generation)?;
            Write::with_head(tx, head).commit(&open.keys)?;
            inner.after_commit(&self.path);
        }
        self.check()
    }
}
