//! Account operations of [`Vault`]: list, find, add, update (also only over the version
//! read), pin, remove, move, reorder, codes. HOTP counters (handing out codes,
//! resynchronisation) are in `accounts/hotp.rs`; one-time state checked against an attempt
//! budget in `accounts/verify.rs` (typed codes) and `accounts/backup_codes.rs`.

pub mod backup_codes;
mod hotp;
pub mod verify;

use zeroize::Zeroizing;

use super::keys::Keys;
use super::tombstones::{self, Kind, Tombstone};
use super::write::Write;
use super::{Unlocked, Vault, payload};
use crate::account::{Account, NewAccount, OtpKind};
use crate::error::{Error, Result};
use crate::event::VaultEvent;
use crate::otp;
use crate::stamp::{Edit, Stamp};
use crate::store::{self, Table};

/// A code handed out, in 2FAuth's OTP shape (`GET /twofaccounts/{id}/otp`).
#[derive(Clone)]
pub struct Otp {
    /// The code. Treat as secret.
    pub password: Zeroizing<String>,
    /// Kind of account.
    pub kind: OtpKind,
    /// Unix time the code was computed for (TOTP, Steam).
    pub generated_at: Option<i64>,
    /// Period in seconds (TOTP, Steam).
    pub period: Option<u32>,
    /// The next period's code (TOTP, Steam).
    pub next_password: Option<Zeroizing<String>>,
    /// HOTP: the counter now stored (the one after the code's).
    pub counter: Option<u64>,
}

impl std::fmt::Debug for Otp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Otp")
            .field("password", &"[redacted]")
            .field("kind", &self.kind)
            .field("generated_at", &self.generated_at)
            .field("counter", &self.counter)
            .finish_non_exhaustive()
    }
}

impl Otp {
    /// The timed code of `account` at `unix`, with the next one.
    pub fn timed(account: &NewAccount, unix: i64) -> Otp {
        let now = otp::generate(&account.otp, unix);
        let next = otp::at_counter(&account.otp, now.counter + 1);
        Otp {
            password: now.text,
            kind: account.otp.kind,
            generated_at: Some(unix),
            period: Some(account.otp.period),
            next_password: Some(next.text),
            counter: None,
        }
    }

    /// The HOTP code of `account` at its counter, reporting `stored` as the counter now
    /// stored: the code's own counter when nothing advanced ([`Vault::peek`]), the one after
    /// it when the code was handed out.
    pub fn hotp(account: &NewAccount, stored: u64) -> Otp {
        Otp {
            password: otp::at_counter(&account.otp, account.otp.counter).text,
            kind: OtpKind::Hotp,
            generated_at: None,
            period: None,
            next_password: None,
            counter: Some(stored),
        }
    }
}

/// What an update does with the HOTP counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HotpCounter {
    /// Keep the one stored in the database: another process may have advanced it since the
    /// caller read the account.
    Keep,
    /// Take the caller's (the user set it on purpose).
    Set,
}

/// The account as stored now, read inside the caller's write (checked against the head, see
/// [`Write::row`]), not the cached copy. A row that fails its check (a column of the wrong type
/// or a blob that does not open) is recorded as corrupted and dropped from the cache.
fn stored(w: &Write<'_>, open: &mut Unlocked, id: i64) -> Result<Account> {
    let opened = w
        .row(Table::Accounts, id)
        .and_then(|row| payload::open_account(&open.keys, &row.ok_or(Error::AccountNotFound(id))?));
    if let Err(Error::Corrupted { .. }) = opened {
        open.corrupted.insert(("accounts", id));
        open.accounts.remove(&id);
    }
    opened
}

/// Store `acc` (already in the table) at its next version, inside the caller's write.
pub(super) fn save(w: &mut Write<'_>, keys: &Keys, acc: &Account) -> Result<()> {
    w.update(
        keys,
        Table::Accounts,
        acc.id,
        &[],
        &payload::account_plain(acc)?,
    )
}

/// Insert one validated account at `position` inside the caller's write.
pub(super) fn insert_at(
    w: &mut Write<'_>,
    keys: &Keys,
    data: NewAccount,
    position: i64,
    now: i64,
) -> Result<Account> {
    let mut acc = Account {
        id: 0,
        uuid: uuid::Uuid::new_v4().to_string(),
        position,
        created_at: now,
        updated_at: now,
        last_used_at: None,
        edit: Edit::first(),
        data,
    };
    insert(w, keys, &mut acc)?;
    Ok(acc)
}

/// Insert `acc` as it is (UUID and edit included) inside the caller's write; sets its id.
pub(super) fn insert(w: &mut Write<'_>, keys: &Keys, acc: &mut Account) -> Result<()> {
    acc.id = w.insert(
        keys,
        Table::Accounts,
        None,
        &[],
        &payload::account_plain(acc)?,
    )?;
    Ok(())
}

impl Unlocked {
    fn get(&self, id: i64) -> Result<&Account> {
        if self.corrupted.contains(&("accounts", id)) {
            return Err(Error::Corrupted {
                table: "accounts",
                id,
            });
        }
        self.accounts.get(&id).ok_or(Error::AccountNotFound(id))
    }

    /// The position after the last account.
    pub(super) fn next_position(&self) -> i64 {
        self.accounts
            .values()
            .map(|a| a.position)
            .max()
            .unwrap_or(0)
            + 1
    }

    fn sorted(&self) -> Vec<Account> {
        let mut v: Vec<Account> = self.accounts.values().cloned().collect();
        v.sort_by_key(|a| (a.position, a.id));
        v
    }
}

impl Vault {
    /// Every readable account, in the user's order.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        self.read(|o| Ok(o.sorted()))
    }

    /// Number of readable accounts.
    pub fn account_count(&self) -> Result<usize> {
        self.read(|o| Ok(o.accounts.len()))
    }

    /// One account. A row that failed its integrity check gives [`Error::Corrupted`].
    pub fn account(&self, id: i64) -> Result<Account> {
        self.read(|o| o.get(id).cloned())
    }

    /// Accounts matching `query`: an id, or a case-insensitive substring of
    /// "service account". An id naming a corrupted row gives [`Error::Corrupted`].
    pub fn find(&self, query: &str) -> Result<Vec<Account>> {
        self.read(|o| {
            if let Ok(id) = query.trim().parse::<i64>()
                && (o.accounts.contains_key(&id) || o.corrupted.contains(&("accounts", id)))
            {
                return Ok(vec![o.get(id)?.clone()]);
            }
            let needle = query.to_lowercase();
            Ok(o.sorted()
                .into_iter()
                .filter(|a| a.label().to_lowercase().contains(&needle))
                .collect())
        })
    }

    /// Add one account.
    pub fn add(&self, data: NewAccount) -> Result<Account> {
        let mut added = self.add_many(vec![data])?;
        added.pop().ok_or(Error::AccountNotFound(0))
    }

    /// Add several accounts in one transaction: all or none.
    pub fn add_many(&self, mut list: Vec<NewAccount>) -> Result<Vec<Account>> {
        for a in &mut list {
            a.validate()?;
        }
        let added = self.write(|conn, open, now| {
            for a in &list {
                open.check_group(a.group_id)?;
            }
            let mut w = Write::begin(conn, &open.keys)?;
            let first = open.next_position();
            let mut added = Vec::with_capacity(list.len());
            for (i, a) in list.into_iter().enumerate() {
                added.push(insert_at(&mut w, &open.keys, a, first + i as i64, now)?);
            }
            w.commit(&open.keys)?;
            for a in &added {
                open.accounts.insert(a.id, a.clone());
            }
            Ok(added)
        })?;
        for a in &added {
            self.emit(VaultEvent::AccountAdded(a.id));
        }
        Ok(added)
    }

    /// Replace an account's fields (service, names, secret, parameters, group, notes…),
    /// keeping the HOTP counter stored in the database: `data` is usually a copy read earlier,
    /// and another process may have advanced the counter since. Use
    /// [`Vault::update_with_counter`] when the user set the counter on purpose.
    pub fn update(&self, id: i64, data: NewAccount) -> Result<Account> {
        self.replace(id, data, HotpCounter::Keep, None)
    }

    /// [`Vault::update`], but the HOTP counter becomes `data`'s too (the user edited it).
    pub fn update_with_counter(&self, id: i64, data: NewAccount) -> Result<Account> {
        self.replace(id, data, HotpCounter::Set, None)
    }

    /// [`Vault::update`] (or [`Vault::update_with_counter`]) of an account read a while ago,
    /// only if it is still the version read: `read` is that version's [`Account::edit`] stamp,
    /// checked against the row as stored now, inside the write transaction. When anyone else
    /// saved the account since (another process, the API, a merge) nothing is written and the
    /// error is [`Error::AccountChanged`]; [`Vault::account`] then gives the version stored.
    /// Handing out HOTP codes is not an edit: an advanced counter alone passes (and is kept
    /// with [`HotpCounter::Keep`]).
    pub fn update_if_unchanged(
        &self,
        id: i64,
        read: Stamp,
        data: NewAccount,
        counter: HotpCounter,
    ) -> Result<Account> {
        self.replace(id, data, counter, Some(read))
    }

    fn replace(
        &self,
        id: i64,
        mut data: NewAccount,
        counter: HotpCounter,
        read: Option<Stamp>,
    ) -> Result<Account> {
        data.validate()?;
        let updated = self.write(|conn, open, now| {
            open.get(id)?;
            open.check_group(data.group_id)?;
            let mut w = Write::begin(conn, &open.keys)?;
            // The row as stored now, inside the write lock: not the cached copy.
            let current = stored(&w, open, id)?;
            if read.is_some_and(|read| read != current.edit.stamp) {
                // The caller's next read gives the version that stopped this write.
                open.accounts.insert(id, current);
                return Err(Error::AccountChanged { id });
            }
            if counter == HotpCounter::Keep && current.data.otp.kind == OtpKind::Hotp {
                data.otp.counter = current.data.otp.counter;
            }
            backup_codes::keep_used(&mut data.backup_codes, &current.data.backup_codes);
            let acc = Account {
                updated_at: now,
                edit: current.edit.next(),
                data,
                ..current
            };
            save(&mut w, &open.keys, &acc)?;
            w.commit(&open.keys)?;
            open.accounts.insert(id, acc.clone());
            Ok(acc)
        })?;
        self.emit(VaultEvent::AccountUpdated(id));
        Ok(updated)
    }

    /// Pin (`true`) or unpin an account, changing nothing else of it as stored now: another
    /// process may have edited it since the caller read it.
    pub fn set_favorite(&self, id: i64, favorite: bool) -> Result<Account> {
        let saved = self.write(|conn, open, now| {
            open.get(id)?;
            let mut w = Write::begin(conn, &open.keys)?;
            let mut acc = stored(&w, open, id)?;
            acc.data.favorite = favorite;
            acc.updated_at = now;
            acc.edit = acc.edit.next();
            save(&mut w, &open.keys, &acc)?;
            w.commit(&open.keys)?;
            open.accounts.insert(id, acc.clone());
            Ok(acc)
        })?;
        self.emit(VaultEvent::AccountUpdated(id));
        Ok(saved)
    }

    /// Remove accounts (corrupted rows included). Unknown ids are an error and remove nothing.
    pub fn remove(&self, ids: &[i64]) -> Result<()> {
        self.write(|conn, open, now| {
            for &id in ids {
                if !open.accounts.contains_key(&id) && !open.corrupted.contains(&("accounts", id)) {
                    return Err(Error::AccountNotFound(id));
                }
            }
            let mut w = Write::begin(conn, &open.keys)?;
            for &id in ids {
                // A row that still opens leaves a tombstone (merging a copy that holds it
                // must not bring it back); a corrupted one cannot say what it was.
                let last = w
                    .row(Table::Accounts, id)
                    .ok()
                    .flatten()
                    .and_then(|row| payload::open_account(&open.keys, &row).ok());
                w.delete(Table::Accounts, id)?;
                super::attempts::forget(&mut w, &open.keys, id)?;
                verify::forget(&mut w, &open.keys, id)?;
                if let Some(acc) = last {
                    let t = Tombstone::of(Kind::Account, acc.edit);
                    tombstones::put(&mut w, &open.keys, &acc.uuid, &t)?;
                }
            }
            tombstones::purge(&mut w, &open.keys, now.saturating_mul(1000))?;
            w.commit(&open.keys)?;
            for id in ids {
                open.accounts.remove(id);
                open.corrupted.remove(&("accounts", *id));
            }
            // The removed rows were zeroed in their pages (`secure_delete`); their earlier
            // images must leave the WAL too.
            store::checkpoint(conn)?;
            Ok(())
        })?;
        for &id in ids {
            self.emit(VaultEvent::AccountRemoved(id));
        }
        Ok(())
    }

    /// Put accounts in a group, or in none.
    pub fn assign(&self, ids: &[i64], group_id: Option<i64>) -> Result<()> {
        self.write(|conn, open, now| {
            open.check_group(group_id)?;
            for &id in ids {
                open.get(id)?;
            }
            let mut w = Write::begin(conn, &open.keys)?;
            let mut changed = Vec::with_capacity(ids.len());
            for &id in ids {
                let mut acc = stored(&w, open, id)?;
                acc.data.group_id = group_id;
                acc.updated_at = now;
                acc.edit = acc.edit.next();
                save(&mut w, &open.keys, &acc)?;
                changed.push(acc);
            }
            w.commit(&open.keys)?;
            for acc in changed {
                open.accounts.insert(acc.id, acc);
            }
            Ok(())
        })?;
        for &id in ids {
            self.emit(VaultEvent::AccountUpdated(id));
        }
        Ok(())
    }

    /// Put the listed accounts first, in this order; the others keep their order after them.
    pub fn reorder(&self, ids: &[i64]) -> Result<()> {
        let changed = self.write(|conn, open, _| {
            for &id in ids {
                open.get(id)?;
            }
            let mut order: Vec<i64> = ids.to_vec();
            order.extend(
                open.sorted()
                    .iter()
                    .map(|a| a.id)
                    .filter(|id| !ids.contains(id)),
            );
            let mut w = Write::begin(conn, &open.keys)?;
            let mut changed = Vec::new();
            for (pos, id) in order.iter().enumerate() {
                let pos = pos as i64 + 1;
                if open.accounts.get(id).is_some_and(|a| a.position != pos) {
                    let mut acc = stored(&w, open, *id)?;
                    acc.position = pos;
                    acc.edit = acc.edit.next();
                    save(&mut w, &open.keys, &acc)?;
                    changed.push((*id, pos));
                }
            }
            w.commit(&open.keys)?;
            for (id, pos) in &changed {
                if let Some(a) = open.accounts.get_mut(id) {
                    a.position = *pos;
                }
            }
            Ok(changed)
        })?;
        for (id, _) in changed {
            self.emit(VaultEvent::AccountUpdated(id));
        }
        Ok(())
    }

    /// The code to show for an account at `unix`, without side effects. HOTP accounts show the
    /// code at the stored counter (the one [`Vault::otp`] would hand out next).
    pub fn peek(&self, id: i64, unix: i64) -> Result<Otp> {
        self.read(|o| {
            let a = o.get(id)?;
            Ok(match a.data.otp.kind {
                OtpKind::Hotp => Otp::hotp(&a.data, a.data.otp.counter),
                _ => Otp::timed(&a.data, unix),
            })
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::account::{OtpParams, Secret};
    use crate::crypto::KdfParams;

    const CHEAP: KdfParams = KdfParams::CHEAPEST;

    /// RFC 4226's test secret, as an HOTP account at `counter`.
    fn rfc4226(counter: u64) -> NewAccount {
        let otp = OtpParams {
            kind: OtpKind::Hotp,
            counter,
            ..OtpParams::totp(Secret::from_bytes(b"12345678901234567890".to_vec()))
        };
        NewAccount::new("RFC", "4226", otp)
    }

    #[test]
    fn hotp_is_the_code_at_the_counter_with_the_stored_one() {
        // RFC 4226, appendix D.
        for (counter, stored, code) in [(0, 0, "755224"), (1, 2, "287082"), (9, 10, "520489")] {
            let otp = Otp::hotp(&rfc4226(counter), stored);
            assert_eq!(otp.password.as_str(), code, "counter {counter}");
            assert_eq!(otp.kind, OtpKind::Hotp);
            assert_eq!(otp.counter, Some(stored));
            assert!(otp.generated_at.is_none() && otp.period.is_none());
            assert!(otp.next_password.is_none());
        }
    }

    #[test]
    fn edits_are_stamped_and_handing_out_codes_is_not_an_edit() {
        let v = Vault::create_in_memory(b"pw", CHEAP).unwrap();
        let added = v.add(rfc4226(1)).unwrap();
        assert!(!added.edit.stamp.is_zero() && added.edit.prev.is_zero());
        v.otp(added.id, 0).unwrap();
        let advanced = v.account(added.id).unwrap();
        assert_eq!(advanced.edit, added.edit, "an HOTP advance keeps the stamp");
        let mut data = advanced.data.clone();
        data.notes = "edited".into();
        let edited = v.update(added.id, data).unwrap();
        assert!(edited.edit.stamp > added.edit.stamp);
        assert_eq!(edited.edit.prev, added.edit.stamp);
        v.reorder(&[added.id]).unwrap();
        assert_eq!(
            v.account(added.id).unwrap().edit,
            edited.edit,
            "nothing moved"
        );
        let group = v.add_group("G").unwrap();
        v.assign(&[added.id], Some(group.id)).unwrap();
        assert!(v.account(added.id).unwrap().edit.stamp > edited.edit.stamp);
    }

    #[test]
    fn a_stamp_checked_update_refuses_an_account_changed_since_it_was_read() {
        let v = Vault::create_in_memory(b"pw", CHEAP).unwrap();
        let read = v.add(rfc4226(1)).unwrap();
        // Someone else saves the account after it was read.
        let mut theirs = read.data.clone();
        theirs.notes = "theirs".into();
        let stored = v.update(read.id, theirs).unwrap();
        let mut mine = read.data.clone();
        mine.service = "Mine".into();
        let refused =
            v.update_if_unchanged(read.id, read.edit.stamp, mine.clone(), HotpCounter::Keep);
        assert!(
            matches!(refused, Err(Error::AccountChanged { id }) if id == read.id),
            "{refused:?}"
        );
        let now = v.account(read.id).unwrap();
        assert_eq!(now.edit, stored.edit, "nothing written");
        assert_eq!(
            (now.data.service.as_str(), now.data.notes.as_str()),
            ("RFC", "theirs")
        );
        // Against the version stored now, it goes through.
        let saved = v
            .update_if_unchanged(read.id, now.edit.stamp, mine, HotpCounter::Keep)
            .unwrap();
        assert_eq!(saved.data.service, "Mine");
        assert_eq!(saved.edit.prev, stored.edit.stamp);
    }

    #[test]
    fn pinning_changes_only_the_pin_of_the_account_as_stored() {
        let v = Vault::create_in_memory(b"pw", CHEAP).unwrap();
        let read = v.add(rfc4226(1)).unwrap();
        let mut theirs = read.data.clone();
        theirs.notes = "theirs".into();
        let stored = v.update(read.id, theirs).unwrap();
        let pinned = v.set_favorite(read.id, true).unwrap();
        assert!(pinned.data.favorite);
        assert_eq!(pinned.data.notes, "theirs");
        assert_eq!(pinned.edit.prev, stored.edit.stamp, "an edit of its own");
        assert!(!v.set_favorite(read.id, false).unwrap().data.favorite);
        assert!(matches!(
            v.set_favorite(99, true),
            Err(Error::AccountNotFound(99))
        ));
    }

    #[test]
    fn handing_out_a_code_does_not_stop_a_stamp_checked_update() {
        let v = Vault::create_in_memory(b"pw", CHEAP).unwrap();
        let read = v.add(rfc4226(1)).unwrap();
        v.otp(read.id, 0).unwrap();
        let mut mine = read.data.clone();
        mine.service = "Mine".into();
        let saved = v
            .update_if_unchanged(read.id, read.edit.stamp, mine, HotpCounter::Keep)
            .unwrap();
        assert_eq!(saved.data.otp.counter, 2, "the advanced counter is kept");
    }

    #[test]
    fn peek_and_otp_hand_out_hotp_alike() {
        let v = Vault::create_in_memory(b"pw", CHEAP).unwrap();
        let id = v.add(rfc4226(1)).unwrap().id;
        let peeked = v.peek(id, 0).unwrap();
        assert_eq!(
            (peeked.password.as_str(), peeked.counter),
            ("287082", Some(1))
        );
        let given = v.otp(id, 0).unwrap();
        assert_eq!(
            (given.password.as_str(), given.counter),
            ("287082", Some(2))
        );
        assert_eq!(v.peek(id, 0).unwrap().password.as_str(), "359152");
    }
}
