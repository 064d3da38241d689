//! Planning an import, shared by `otty import` and the TUI's import screen: read the file
//! (bounded), parse it (a QR screenshot is decoded first), sort its entries into new,
//! duplicate and invalid, and turn the new ones into what [`Vault::import`] takes.
//!
//! A duplicate is the same account ([`crate::NewAccount::duplicates`]: kind, algorithm, digits,
//! period or counter, secret, and service and account compared case-insensitively) as one
//! already in the vault or an earlier entry of the same file; a TOTP and an HOTP sharing a
//! secret are both new. A hash set keeps this linear, so a 10,000-entry file against a
//! large vault stays fast; its keys borrow the secrets rather than copy them.
//!
//! [`Vault::import`]: crate::Vault::import

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use zeroize::Zeroizing;

use super::{Format, ImportBatch, ImportError, MAX_FILE_BYTES};
use crate::account::{DuplicateKey, check_name};
use crate::vault::import::ImportItem;
use crate::{Account, qr};

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

/// The file's bytes, refusing to read more than an export can be (a larger file then fails
/// to parse with [`ImportError::TooLarge`]).
pub fn read_file(path: &Path) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The text of every QR code in an image, one per line (a screenshot may hold several).
fn qr_text(bytes: &[u8]) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let texts = Zeroizing::new(qr::decode_all(bytes).map_err(ImportError::Image)?);
    let text = Zeroizing::new(texts.join("\n"));
    Ok(Zeroizing::new(text.as_bytes().to_vec()))
}

/// Parse a file's bytes as `format` (detected by content when `None`); a PNG or JPEG is
/// decoded as QR codes first.
pub fn parse(
    bytes: &[u8],
    format: Option<Format>,
    passphrase: Option<&[u8]>,
) -> Result<ImportBatch, ImportError> {
    parse_named(bytes, None, format, passphrase, None)
}

/// [`parse`] a file read from `path`: its name is a hint for the one format whose content says
/// too little (andOTP's encrypted `.aes` backups, [`super::detect_named`]).
pub fn parse_file(
    path: &Path,
    bytes: &[u8],
    format: Option<Format>,
    passphrase: Option<&[u8]>,
) -> Result<ImportBatch, ImportError> {
    let name = path.file_name().and_then(|n| n.to_str());
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut read = |file: &str| read_beside(dir, file);
    parse_named(bytes, name, format, passphrase, Some(&mut read))
}

/// A file named by a manifest, from the manifest's folder, at most [`MAX_FILE_BYTES`].
fn read_beside(dir: &Path, file: &str) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(dir.join(file))?
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(std::io::Error::other("larger than any Steam Guard file"));
    }
    Ok(bytes)
}

fn parse_named(
    bytes: &[u8],
    name: Option<&str>,
    format: Option<Format>,
    passphrase: Option<&[u8]>,
    beside: super::Beside<'_>,
) -> Result<ImportBatch, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    let text;
    let bytes = if qr::is_image(bytes) {
        text = qr_text(bytes)?;
        &text[..]
    } else {
        bytes
    };
    match format {
        Some(f) => super::import_as_beside(f, bytes, passphrase, beside),
        None => super::import_beside(bytes, name, passphrase, beside),
    }
}

/// The status of each entry of `batch`, in order, against the vault's `existing` accounts.
pub fn classify(batch: &ImportBatch, existing: &[Account]) -> Vec<Status> {
    let mut seen: HashSet<DuplicateKey<'_>> =
        existing.iter().map(|a| a.data.duplicate_key()).collect();
    batch
        .entries
        .iter()
        .map(|e| match &e.account {
            Err(reason) => Status::Invalid(reason.clone()),
            Ok(a) if seen.insert(a.duplicate_key()) => Status::New,
            Ok(_) => Status::Duplicate,
        })
        .collect()
}

/// The new entries, ready for [`crate::Vault::import_with_icons`]: each account with its
/// group name and icon image, and the entry's position in the file (from 0) beside it.
///
/// A group name the vault cannot hold is dropped (the account still comes in, in no group)
/// and reported through `bad_group` with the entry's number (from 1) and the reason, so one
/// odd folder name does not stop the whole import.
pub fn new_entries(
    batch: &ImportBatch,
    statuses: &[Status],
    bad_group: &mut dyn FnMut(usize, String),
) -> (Vec<usize>, Vec<ImportItem>) {
    let mut rows = Vec::new();
    let mut new = Vec::new();
    for (i, (entry, status)) in batch.entries.iter().zip(statuses).enumerate() {
        if let (Status::New, Ok(account)) = (status, &entry.account) {
            let account = account.clone();
            let group =
                entry
                    .group
                    .as_deref()
                    .and_then(|name| match check_name("group", name.trim()) {
                        Ok(()) => Some(name.to_owned()),
                        Err(e) => {
                            bad_group(i + 1, e.to_string());
                            None
                        }
                    });
            // The vault stores the image and names it (`Vault::import_with_icons`).
            new.push((account, group, entry.icon.clone()));
            rows.push(i);
        }
    }
    (rows, new)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::import::ImportedEntry;
    use crate::{NewAccount, OtpParams, Secret};

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
            edit: Default::default(),
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
