//! Backup (recovery) codes kept sealed with an account: each usable once.
//!
//! Using one ([`Vault::use_backup_code`]) reads the account as stored, checks the account's
//! attempt budget, marks the code used and charges wrong guesses, all in one immediate
//! transaction: two processes on one vault accept a code once in total. A code's "used" mark
//! never goes back: an edit written from an older copy of the account keeps the marks stored
//! ([`keep_used`]); only [`Vault::set_backup_codes`] replaces the list.
//!
//! Codes compare ignoring case, spaces and hyphens (`abcd-efgh` = `ABCD EFGH`), in constant
//! time.

use super::super::Vault;
use super::super::attempts::{Budget, Guess, Kind};
use super::super::write::Write;
use super::verify::same_code;
use super::{save, stored};
use crate::account::BackupCode;
use crate::error::Result;
use crate::event::VaultEvent;

/// What using a backup code gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupCodeUse {
    /// Accepted, rejected, or not evaluated (the budget is locked).
    pub outcome: Guess<()>,
    /// Unused codes left.
    pub remaining: usize,
}

fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

fn remaining(codes: &[BackupCode]) -> usize {
    codes.iter().filter(|c| c.used_at.is_none()).count()
}

/// Keep the "used" marks of `stored` on the same codes in `new`: a caller's copy read before
/// another process used a code must not make it usable again.
pub(in crate::vault) fn keep_used(new: &mut [BackupCode], stored: &[BackupCode]) {
    for code in new.iter_mut().filter(|c| c.used_at.is_none()) {
        let wanted = normalise(&code.code);
        if let Some(used) = stored
            .iter()
            .filter(|s| s.used_at.is_some())
            .find(|s| same_code(&normalise(&s.code), &wanted))
        {
            code.used_at = used.used_at;
        }
    }
}

impl Vault {
    /// Use a backup code of account `id`: marked used when right; charged to the account's
    /// attempt budget when wrong (a used code is wrong); not evaluated when the budget is
    /// locked.
    pub fn use_backup_code(&self, id: i64, code: &str) -> Result<BackupCodeUse> {
        let wanted = normalise(code);
        let used = self.write(|conn, open, now| {
            open.verified()?;
            let mut w = Write::begin(conn, &open.keys)?;
            let mut acc = stored(&w, open, id)?;
            let keys = &open.keys;
            let mut budget = Budget::load(&w, keys, Kind::BackupCode, id)?;
            let left = remaining(&acc.data.backup_codes);
            if let Some(retry_after) = budget.locked(now) {
                return Ok(BackupCodeUse {
                    outcome: Guess::Throttled { retry_after },
                    remaining: left,
                });
            }
            // Every code is compared, so the time taken does not tell which one matched.
            let mut hit = None;
            for (i, c) in acc.data.backup_codes.iter().enumerate() {
                if same_code(&normalise(&c.code), &wanted) && c.used_at.is_none() && hit.is_none() {
                    hit = Some(i);
                }
            }
            let outcome = match hit {
                Some(i) => {
                    acc.data.backup_codes[i].used_at = Some(now);
                    acc.updated_at = now;
                    save(&mut w, keys, &acc)?;
                    budget.succeed(&mut w, keys)?;
                    Guess::Accepted(())
                }
                None => {
                    budget.fail(&mut w, keys, now)?;
                    Guess::Rejected
                }
            };
            w.commit(keys)?;
            let remaining = remaining(&acc.data.backup_codes);
            if hit.is_some() {
                open.accounts.insert(id, acc);
            }
            Ok(BackupCodeUse { outcome, remaining })
        })?;
        if used.outcome == Guess::Accepted(()) {
            self.emit(VaultEvent::AccountUpdated(id));
        }
        Ok(used)
    }

    /// Replace every backup code of account `id` (the only way a used code becomes unused),
    /// keeping the rest of the account as stored. Returns the codes now stored.
    pub fn set_backup_codes(&self, id: i64, codes: Vec<BackupCode>) -> Result<Vec<BackupCode>> {
        let saved = self.write(|conn, open, now| {
            let mut w = Write::begin(conn, &open.keys)?;
            let mut acc = stored(&w, open, id)?;
            acc.data.backup_codes = codes;
            acc.updated_at = now;
            acc.edit = acc.edit.next();
            save(&mut w, &open.keys, &acc)?;
            w.commit(&open.keys)?;
            let saved = acc.data.backup_codes.clone();
            open.accounts.insert(id, acc);
            Ok(saved)
        })?;
        self.emit(VaultEvent::AccountUpdated(id));
        Ok(saved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str, used_at: Option<i64>) -> BackupCode {
        BackupCode {
            code: text.to_owned(),
            used_at,
        }
    }

    #[test]
    fn used_marks_survive_an_older_copy() {
        let stored = [code("abcd-efgh", Some(7)), code("ijkl", None)];
        let mut new = vec![
            code("ABCD EFGH", None),
            code("ijkl", None),
            code("new", None),
        ];
        keep_used(&mut new, &stored);
        assert_eq!(new[0].used_at, Some(7));
        assert_eq!(new[1].used_at, None);
        assert_eq!(new[2].used_at, None);
    }

    #[test]
    fn codes_compare_without_case_spaces_or_hyphens() {
        assert_eq!(normalise(" AbCd-EF gh "), "abcdefgh");
    }
}
