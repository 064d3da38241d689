//! Sorting the entries of an import into new, duplicate and invalid (DESIGN §6).
//!
//! A duplicate has the same secret, service and account (names compared case-insensitively,
//! as [`crate::core::import::ImportedEntry::duplicates`] does) as an account already in the
//! vault or an earlier entry of the same file. A hash set keeps this linear, so a 10,000-entry
//! file against a large vault stays fast; its keys borrow the secrets rather than copy them.

use std::collections::HashSet;

use crate::core::import::ImportBatch;
use crate::core::{Account, NewAccount};

/// What happens to one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Not in the vault yet: it is (or would be) added.
    New,
    /// Already in the vault or earlier in the file: skipped.
    Duplicate,
    /// Cannot be imported, with the reason (never a secret).
    Invalid(String),
}

fn key(a: &NewAccount) -> (&[u8], String, String) {
    (
        a.otp.secret.expose(),
        a.service.to_lowercase(),
        a.account.to_lowercase(),
    )
}

/// The status of each entry of `batch`, in order, against the vault's `existing` accounts.
pub fn classify(batch: &ImportBatch, existing: &[Account]) -> Vec<Status> {
    let mut seen: HashSet<(&[u8], String, String)> =
        existing.iter().map(|a| key(&a.data)).collect();
    batch
        .entries
        .iter()
        .map(|e| match &e.account {
            Err(reason) => Status::Invalid(reason.clone()),
            Ok(a) if seen.insert(key(a)) => Status::New,
            Ok(_) => Status::Duplicate,
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::core::import::{Format, ImportedEntry};
    use crate::core::{OtpParams, Secret};

    fn acc(service: &str, account: &str, secret: u8) -> NewAccount {
        NewAccount::new(
            service,
            account,
            OtpParams::totp(Secret::from_bytes(vec![secret; 10])),
        )
    }

    #[test]
    fn agrees_with_imported_entry_duplicates() {
        let existing = Account {
            id: 1,
            uuid: String::new(),
            position: 1,
            created_at: 0,
            updated_at: 0,
            last_used_at: None,
            data: acc("ACME", "Alice", 1),
        };
        let entries = vec![
            ImportedEntry::new(Ok(acc("acme", "alice", 1))),
            ImportedEntry::new(Ok(acc("ACME", "alice", 2))),
            ImportedEntry::new(Ok(acc("Acme", "ALICE", 2))),
            ImportedEntry::new(Err("no secret".into())),
        ];
        assert!(entries[0].duplicates(&existing.data));
        let batch = ImportBatch {
            format: Format::Aegis,
            encrypted: false,
            entries,
        };
        let got = classify(&batch, &[existing]);
        assert_eq!(
            got,
            [
                Status::Duplicate,
                Status::New,
                Status::Duplicate,
                Status::Invalid("no secret".into())
            ]
        );
    }
}
