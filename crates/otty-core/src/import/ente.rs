//! Ente Auth's encrypted export: Argon2id (libsodium `crypto_pwhash`
//! parameters: `memLimit` in bytes, `opsLimit` passes, one lane) and one libsodium
//! `crypto_secretstream_xchacha20poly1305` chunk whose 24-byte header is `encryptionNonce`.
//! The plaintext is Ente's plain export (otpauth lines). The plain export itself is read by
//! `otpauth.rs`.
//!
//! A single authenticated chunk cannot tell a wrong password from altered bytes; both are
//! reported as a wrong passphrase.

use crypto_secretstream::{Header, Key, PullStream, Tag};
use serde_json::Value;
use zeroize::Zeroizing;

use super::cipher::check_argon2;
use super::json::{b64, int_of, str_of};
use super::{Format, ImportBatch, ImportError, otpauth};
use crate::crypto::{KdfParams, derive_key};

const F: Format = Format::Ente;

/// Import an encrypted Ente export.
pub(crate) fn import(doc: &Value, passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    let kdf = doc
        .get("kdfParams")
        .ok_or_else(|| ImportError::damaged(F, "no kdfParams"))?;
    let mem = int_of(kdf, "memLimit").ok_or_else(|| ImportError::damaged(F, "no memLimit"))?;
    let ops = int_of(kdf, "opsLimit").ok_or_else(|| ImportError::damaged(F, "no opsLimit"))?;
    let salt = b64(str_of(kdf, "salt")).ok_or_else(|| ImportError::damaged(F, "bad salt"))?;
    let header = b64(str_of(doc, "encryptionNonce"))
        .and_then(|h| Header::try_from(h.as_slice()).ok())
        .ok_or_else(|| ImportError::damaged(F, "bad encryptionNonce"))?;
    let mut data = b64(str_of(doc, "encryptedData"))
        .map(Zeroizing::new)
        .ok_or_else(|| ImportError::damaged(F, "bad encryptedData"))?;
    let password = passphrase.ok_or(ImportError::NeedPassphrase { format: F })?;
    let params = KdfParams {
        memory_kib: u32::try_from(mem / 1024)
            .map_err(|_| ImportError::too_costly(F, "memLimit"))?,
        iterations: u32::try_from(ops).map_err(|_| ImportError::too_costly(F, "opsLimit"))?,
        parallelism: 1,
    };
    check_argon2(F, params)?;
    let key = derive_key(password, &salt, params)
        .map_err(|_| ImportError::damaged(F, "invalid KDF parameters"))?;
    let mut stream = PullStream::init(header, &Key::from(*key.expose()));
    let tag = stream
        .pull(&mut *data, &[])
        .map_err(|_| ImportError::WrongPassphrase { format: F })?;
    if !matches!(tag, Tag::Final | Tag::Message) {
        return Err(ImportError::damaged(F, "unexpected stream tag"));
    }
    let text = std::str::from_utf8(&data)
        .map_err(|_| ImportError::damaged(F, "the decrypted export is not text"))?;
    let mut b = otpauth::import(text)?;
    b.format = F;
    b.encrypted = true;
    Ok(b)
}
