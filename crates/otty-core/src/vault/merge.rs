//! Folding another copy of a vault into this one ([`Vault::merge`]): `otty merge`, the git merge
//! driver and sync tools' conflict copies all come here.
//!
//! Rows match by UUID: accounts and groups by theirs, tombstones by the UUID of the row they
//! buried, tokens by their hash. Which version of a row is kept is decided by `merge/rules.rs`
//! from the change stamps each row carries (last writer wins; a deletion wins over an older
//! edit and loses to a newer one; with a common ancestor, a copy that did not touch a row
//! takes the other's state). Whichever version is kept takes the higher HOTP counter and every
//! used backup code of both (`merge/join.rs`); groups are decided first and accounts follow
//! them by UUID (`merge/plan.rs`). Everything is written in one immediate transaction through
//! [`Write`] (`merge/apply.rs`), under this vault's key: the other copy may be any otty vault,
//! with another password.
//!
//! Merging is idempotent (a second merge of the same copy writes nothing) and the two
//! directions agree: A←B and B←A leave the same accounts, with the same fields and stamps.

mod apply;
mod copy;
mod join;
mod plan;
mod replica;
pub mod report;
mod rules;

pub use self::copy::OtherCopy;
use self::replica::Replica;
pub use self::report::{Change, MergeReport, RowChange, RowKind};
use super::keys::Keys;
use super::write::Write;
use super::{Vault, load};
use crate::error::{Error, Result};
use crate::event::VaultEvent;
use crate::stamp;
use crate::store::{self, Table};

/// The first bytes of every SQLite database file, so of every otty vault.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// Whether `bytes` start like a vault file (an SQLite database), rather than an export.
pub fn looks_like_vault(bytes: &[u8]) -> bool {
    bytes.starts_with(SQLITE_MAGIC)
}

impl Vault {
    /// Every readable row of this unlocked vault, read in one transaction, for merging it into
    /// another. Refused ([`Error::Unverified`]) while the vault fails its integrity check: a
    /// row put back by hand must not travel to other copies.
    fn replica(&self) -> Result<Replica> {
        let inner = self.inner();
        let open = self.state.current().ok_or(Error::Locked)?;
        open.verified()?;
        let snapshot = inner.conn.unchecked_transaction()?;
        let replica = Replica::read(&snapshot, &open.keys)?;
        snapshot.commit()?;
        Ok(replica)
    }

    /// Fold `other` (another vault, unlocked) into this one; `ancestor` is their common
    /// ancestor when known (git's three-way merge), which makes deletions exact. On a dry run
    /// nothing is written and the report says what would change. Both vaults must pass their
    /// integrity check ([`Error::Unverified`]).
    pub fn merge(
        &self,
        other: &Vault,
        ancestor: Option<&Vault>,
        dry_run: bool,
    ) -> Result<MergeReport> {
        let theirs = other.replica()?;
        let base = ancestor.map(Vault::replica).transpose()?;
        for s in theirs.stamps() {
            stamp::observe(s);
        }
        let now_ms = self.clock.now().saturating_mul(1000);
        let report = {
            let mut guard = self.inner();
            let inner = &mut *guard;
            inner.check_file(&self.path)?;
            let open = self.state.current().ok_or(Error::Locked)?;
            open.verified()?;
            let mut w = Write::begin(&mut inner.conn, &open.keys)?;
            w.verify(&[
                Table::Accounts,
                Table::Groups,
                Table::Tokens,
                Table::Settings,
            ])?;
            let ours = Replica::read(&w, &open.keys)?;
            let plan = plan::plan(&ours, &theirs, base.as_ref(), now_ms);
            let mut report = plan.report.clone();
            report.icons_added = plan.icons.len();
            if dry_run || plan.is_empty() {
                return Ok(report);
            }
            report.icons_added = apply::apply(&mut w, &open.keys, &plan, &ours, now_ms)?;
            w.commit(&open.keys)?;
            report.written = true;
            let keys = Keys::new(open.keys.key.clone(), &inner.header)?;
            inner.after_commit(&self.path);
            let fresh = load(&inner.conn, keys, &inner.header)?;
            self.state.set(Some(fresh));
            if let (Ok(generation), Ok(version)) = (
                store::generation(&inner.conn),
                store::data_version(&inner.conn),
            ) && version == inner.data_version
            {
                inner.generation = generation;
            }
            report
        };
        self.emit(VaultEvent::GroupsChanged);
        self.emit(VaultEvent::Reloaded);
        Ok(report)
    }
}
