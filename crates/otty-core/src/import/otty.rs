//! otty's own export format (docs/FORMAT.md): the document types, shared with the exporter,
//! and the importer.
//!
//! A plain export lists `accounts`; a sealed one holds `encryption` (Argon2id parameters, salt
//! and a sealed check value) and `payload`, the sealed JSON `{accounts}`. The check value
//! tells a wrong passphrase from a damaged payload.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::Zeroize;

use super::cipher::{MAX_OTTY_ARGON2_KIB, check_argon2_up_to};
use super::draft::{Draft, group_name, icon};
use super::json::b64;
use super::{Format, ImportBatch, ImportError, ImportedEntry, batch};
use crate::account::BackupCode;
use crate::crypto::{KdfParams, derive_key};

const F: Format = Format::Otty;
/// Value of the `format` field.
pub(crate) const FORMAT_TAG: &str = "otty-export";
/// Current version.
pub(crate) const VERSION: u32 = 1;
/// Associated data of the check value.
pub(crate) const AAD_CHECK: &[u8] = b"otty/export/v1/check";
/// Associated data of the payload.
pub(crate) const AAD_PAYLOAD: &[u8] = b"otty/export/v1/payload";
/// Plaintext of the check value.
pub(crate) const CHECK_TEXT: &[u8] = b"otty export check";

/// The top-level document.
#[derive(Serialize, Deserialize)]
pub(crate) struct Document {
    pub format: String,
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<Encryption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<DocAccount>>,
}

/// How a sealed export is sealed.
#[derive(Serialize, Deserialize)]
pub(crate) struct Encryption {
    pub kdf: String,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    pub salt: String,
    pub cipher: String,
    pub check: String,
}

/// The sealed payload.
#[derive(Serialize, Deserialize)]
pub(crate) struct Content {
    pub accounts: Vec<DocAccount>,
}

/// One account. The secret is zeroed on drop; there is no `Debug`.
#[derive(Serialize, Deserialize)]
pub(crate) struct DocAccount {
    pub service: String,
    pub account: String,
    pub otp_type: String,
    pub algorithm: String,
    pub digits: u8,
    pub period: u32,
    pub counter: u64,
    pub secret: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub favorite: bool,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub icon: Option<DocIcon>,
    #[serde(default)]
    pub backup_codes: Vec<BackupCode>,
}

impl Drop for DocAccount {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

/// An icon, base64 in `data`.
#[derive(Serialize, Deserialize)]
pub(crate) struct DocIcon {
    pub name: String,
    pub mime: String,
    pub data: String,
}

/// Import an otty export.
pub(crate) fn import(doc: &Value, passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    let doc = Document::deserialize(doc).map_err(|e| {
        ImportError::damaged(F, format!("unexpected structure ({})", e.classify_name()))
    })?;
    if doc.version > VERSION {
        return Err(ImportError::Unsupported {
            format: F,
            reason: format!("version {} was written by a newer otty", doc.version),
        });
    }
    let (accounts, encrypted) = match (&doc.encryption, &doc.payload) {
        (Some(enc), Some(payload)) => (open(enc, payload, passphrase)?, true),
        _ => (doc.accounts.unwrap_or_default(), false),
    };
    Ok(batch(F, encrypted, accounts.iter().map(entry).collect()))
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Data => "wrong or missing fields",
            serde_json::error::Category::Syntax => "bad JSON",
            _ => "truncated",
        }
    }
}

fn open(
    enc: &Encryption,
    payload: &str,
    passphrase: Option<&[u8]>,
) -> Result<Vec<DocAccount>, ImportError> {
    if enc.kdf != "argon2id" || enc.cipher != "xchacha20poly1305" {
        return Err(ImportError::Unsupported {
            format: F,
            reason: "unknown key derivation or cipher".into(),
        });
    }
    let params = KdfParams {
        memory_kib: enc.memory_kib,
        iterations: enc.iterations,
        parallelism: enc.parallelism,
    };
    check_argon2_up_to(F, params, MAX_OTTY_ARGON2_KIB)?;
    let password = passphrase.ok_or(ImportError::NeedPassphrase { format: F })?;
    let (Some(salt), Some(check), Some(sealed)) = (b64(&enc.salt), b64(&enc.check), b64(payload))
    else {
        return Err(ImportError::damaged(F, "bad base64"));
    };
    let key = derive_key(password, &salt, params)
        .map_err(|_| ImportError::damaged(F, "invalid KDF parameters"))?;
    let sealer = key.cipher();
    match sealer.open(&check, AAD_CHECK) {
        Ok(c) if c.as_slice() == CHECK_TEXT => {}
        _ => return Err(ImportError::WrongPassphrase { format: F }),
    }
    let plain = sealer
        .open(&sealed, AAD_PAYLOAD)
        .map_err(|_| ImportError::damaged(F, "the payload failed its integrity check"))?;
    let content: Content = serde_json::from_slice(&plain).map_err(|e| {
        ImportError::damaged(F, format!("unexpected payload ({})", e.classify_name()))
    })?;
    Ok(content.accounts)
}

fn entry(a: &DocAccount) -> ImportedEntry {
    let account = (|| {
        let mut d = Draft::new(a.service.clone(), a.account.clone());
        d.kind(&a.otp_type)?;
        d.algorithm(&a.algorithm)?;
        d.numbers(
            Some(a.digits.into()),
            Some(a.period.into()),
            i64::try_from(a.counter).ok(),
        );
        d.secret_base32(&a.secret)?;
        d.notes = a.notes.clone();
        d.favorite = a.favorite;
        let mut account = d.finish()?;
        account.backup_codes = a.backup_codes.clone();
        Ok(account)
    })();
    let icon = a
        .icon
        .as_ref()
        .and_then(|i| icon(i.name.clone(), b64(&i.data)?, &i.mime));
    ImportedEntry {
        account,
        group: a.group.as_deref().and_then(group_name),
        icon,
    }
}
