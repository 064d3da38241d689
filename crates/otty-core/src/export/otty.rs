//! otty's own export format (docs/FORMAT.md): JSON, plain or sealed with a passphrase
//! (Argon2id → XChaCha20-Poly1305 via `core::crypto`). Everything a vault account holds is
//! kept: notes, favourite, backup codes, group and icon.

use zeroize::Zeroizing;

use super::{ExportEntry, ExportError, to_json};
use crate::crypto::{KdfParams, SALT_LEN, derive_key, random_bytes};
use crate::import::json::to_b64;
use crate::import::otty::{
    AAD_CHECK, AAD_PAYLOAD, CHECK_TEXT, Content, DocAccount, DocIcon, Document, Encryption,
    FORMAT_TAG, VERSION,
};
use crate::plaintext::{JsonLayout, json_plaintext};

/// Export to otty's format, sealed with Argon2id at `kdf` when a passphrase is given.
/// [`super::export`] passes the vault's own parameters; tests pass cheap ones.
pub fn export(
    entries: &[ExportEntry<'_>],
    passphrase: Option<&[u8]>,
    kdf: KdfParams,
) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    let accounts: Vec<DocAccount> = entries.iter().map(doc_account).collect();
    let Some(password) = passphrase else {
        return to_json(&Document {
            format: FORMAT_TAG.into(),
            version: VERSION,
            encryption: None,
            payload: None,
            accounts: Some(accounts),
        });
    };
    if password.is_empty() {
        return Err(ExportError::EmptyPassphrase);
    }
    let plain = json_plaintext(&Content { accounts }, JsonLayout::Compact)
        .map_err(|_| ExportError::Internal("serialising JSON"))?;
    let salt: [u8; SALT_LEN] = random_bytes().map_err(|_| ExportError::Random)?;
    let key = derive_key(password, &salt, kdf).map_err(|_| ExportError::Internal("Argon2"))?;
    let sealer = key.cipher();
    let seal = |msg: &[u8], aad: &[u8]| {
        sealer
            .seal(msg, aad)
            .map(|b| to_b64(&b))
            .map_err(|_| ExportError::Random)
    };
    to_json(&Document {
        format: FORMAT_TAG.into(),
        version: VERSION,
        encryption: Some(Encryption {
            kdf: "argon2id".into(),
            memory_kib: kdf.memory_kib,
            iterations: kdf.iterations,
            parallelism: kdf.parallelism,
            salt: to_b64(&salt),
            cipher: "xchacha20poly1305".into(),
            check: seal(CHECK_TEXT, AAD_CHECK)?,
        }),
        payload: Some(seal(&plain, AAD_PAYLOAD)?),
        accounts: None,
    })
}

fn doc_account(e: &ExportEntry<'_>) -> DocAccount {
    let a = e.account;
    DocAccount {
        service: a.service.clone(),
        account: a.account.clone(),
        otp_type: a.otp.kind.as_str().into(),
        algorithm: a.otp.algorithm.as_str().into(),
        digits: a.otp.digits,
        period: a.otp.period,
        counter: a.otp.counter,
        secret: a.otp.secret.to_base32().to_string(),
        notes: a.notes.clone(),
        favorite: a.favorite,
        group: e.group.map(str::to_owned),
        icon: e.icon.map(|i| DocIcon {
            name: i.name.clone(),
            mime: i.mime.clone(),
            data: to_b64(&i.bytes),
        }),
        backup_codes: a.backup_codes.clone(),
    }
}
