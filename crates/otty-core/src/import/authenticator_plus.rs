//! Authenticator Plus backups: a ZIP archive holding `Accounts.txt`, one `otpauth://` URI per
//! line, encrypted with the ZIP format's traditional (ZipCrypto) password and deflated. The
//! `zip` crate reads it (built with deflate only). The archive's listing is not encrypted, so
//! detection looks for `Accounts.txt` without any password.
//!
//! ZipCrypto checks a password with one byte, so a wrong one is usually refused at once, and
//! otherwise when the entry's CRC fails at its end: both are a wrong passphrase.

use std::io::{Cursor, Read};

use zeroize::Zeroizing;

use super::{Format, ImportBatch, ImportError, MAX_FILE_BYTES, otpauth};

const F: Format = Format::AuthenticatorPlus;
const ACCOUNTS: &str = "Accounts.txt";

/// Whether the bytes start a ZIP archive.
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Which format a ZIP archive is (Authenticator Plus when it holds `Accounts.txt`).
pub(crate) fn detect(bytes: &[u8]) -> Option<Format> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    accounts_index(&mut archive).map(|_| F)
}

fn accounts_index(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<usize> {
    archive.file_names_raw().position(|name| {
        let name = String::from_utf8_lossy(name);
        let base = name.rsplit('/').next().unwrap_or("");
        base.eq_ignore_ascii_case(ACCOUNTS)
    })
}

/// Import the archive's `Accounts.txt`.
pub(crate) fn import(bytes: &[u8], passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    let damaged = |_| ImportError::damaged(F, "not a readable ZIP archive");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let i = accounts_index(&mut archive)
        .ok_or_else(|| ImportError::damaged(F, "no Accounts.txt in the archive"))?;
    let encrypted = archive.by_index_raw(i).map_err(damaged)?.encrypted();
    let file = match (encrypted, passphrase) {
        (false, _) => archive.by_index(i),
        (true, None) => return Err(ImportError::NeedPassphrase { format: F }),
        (true, Some(p)) => archive.by_index_decrypt(i, p),
    };
    let file = match file {
        Ok(f) => f,
        Err(zip::result::ZipError::InvalidPassword) => {
            return Err(ImportError::WrongPassphrase { format: F });
        }
        Err(zip::result::ZipError::UnsupportedArchive(what)) => {
            return Err(ImportError::Unsupported {
                format: F,
                reason: what.to_owned(),
            });
        }
        Err(_) => return Err(ImportError::damaged(F, "Accounts.txt cannot be read")),
    };
    let mut text = Zeroizing::new(Vec::new());
    let read = file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut text);
    match read {
        Ok(n) if n > MAX_FILE_BYTES => return Err(ImportError::TooLarge),
        Ok(_) => {}
        Err(_) if encrypted => return Err(ImportError::WrongPassphrase { format: F }),
        Err(_) => return Err(ImportError::damaged(F, "Accounts.txt fails its checksum")),
    }
    let text = std::str::from_utf8(&text).map_err(|_| {
        if encrypted {
            ImportError::WrongPassphrase { format: F }
        } else {
            ImportError::damaged(F, "Accounts.txt is not text")
        }
    })?;
    let mut b = otpauth::import(text)?;
    b.format = F;
    b.encrypted = encrypted;
    Ok(b)
}
