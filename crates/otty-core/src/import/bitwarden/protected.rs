//! Bitwarden's password-protected JSON export: PBKDF2-HMAC-SHA256 over the salt string's
//! UTF-8 bytes, HKDF-Expand-SHA256 into an encryption and a MAC key, then EncStrings of type 2
//! (AES-256-CBC + HMAC-SHA256). `encKeyValidation_DO_NOT_EDIT` is opened first, so a wrong
//! password and a damaged `data` field give different errors.

use aes::Aes256;
use cbc::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::Pkcs7};
use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha2::Sha256;
use zeroize::Zeroizing;

use super::super::cipher::pbkdf2_sha256;
use super::super::json::{b64, int_of, str_of};
use super::super::{Format, ImportError};

const F: Format = Format::Bitwarden;

/// Decrypt `data` with the file password.
pub(crate) fn decrypt(doc: &Value, password: &[u8]) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let kdf = int_of(doc, "kdfType").unwrap_or(0);
    if kdf != 0 {
        return Err(ImportError::Unsupported {
            format: F,
            reason: "only PBKDF2 password-protected exports can be read (this one uses Argon2id)"
                .into(),
        });
    }
    let iterations = u32::try_from(int_of(doc, "kdfIterations").unwrap_or(0))
        .map_err(|_| ImportError::damaged(F, "bad kdfIterations"))?;
    let salt = str_of(doc, "salt");
    let master = pbkdf2_sha256(F, password, salt.as_bytes(), iterations)?;
    let keys = Keys::expand(&master)?;
    keys.open(str_of(doc, "encKeyValidation_DO_NOT_EDIT"))
        .ok_or(ImportError::WrongPassphrase { format: F })?;
    keys.open(str_of(doc, "data"))
        .ok_or_else(|| ImportError::damaged(F, "the data failed its integrity check"))
}

struct Keys {
    enc: Zeroizing<[u8; 32]>,
    mac: Zeroizing<[u8; 32]>,
}

impl Keys {
    fn expand(master: &[u8; 32]) -> Result<Self, ImportError> {
        let hk = Hkdf::<Sha256>::from_prk(master).map_err(|_| ImportError::damaged(F, "key"))?;
        let mut enc = Zeroizing::new([0u8; 32]);
        let mut mac = Zeroizing::new([0u8; 32]);
        hk.expand(b"enc", enc.as_mut())
            .and_then(|()| hk.expand(b"mac", mac.as_mut()))
            .map_err(|_| ImportError::damaged(F, "key"))?;
        Ok(Keys { enc, mac })
    }

    /// Open an EncString `2.iv|ct|mac`; `None` if malformed or not authentic.
    fn open(&self, enc_string: &str) -> Option<Zeroizing<Vec<u8>>> {
        let body = enc_string.strip_prefix("2.")?;
        let mut parts = body.split('|').map(b64);
        let (Some(Some(iv)), Some(Some(ct)), Some(Some(tag)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let mut hmac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.mac.as_ref()).ok()?;
        hmac.update(&iv);
        hmac.update(&ct);
        hmac.verify_slice(&tag).ok()?;
        let iv: [u8; 16] = iv.try_into().ok()?;
        let dec = cbc::Decryptor::<Aes256>::new(&(*self.enc).into(), &iv.into());
        dec.decrypt_padded_vec::<Pkcs7>(&ct)
            .ok()
            .map(Zeroizing::new)
    }
}
