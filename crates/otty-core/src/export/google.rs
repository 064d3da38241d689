//! Google Authenticator migration URIs (`otpauth-migration://offline?data=…`) for QR export,
//! at most [`MAX_PER_PAYLOAD`] accounts per URI, numbered with `batch_size`/`batch_index`
//! and sharing one random `batch_id`.
//!
//! The format has no period and only 6 or 8 digits, so Steam, other digit counts and TOTP
//! periods other than 30 s cannot be expressed: those accounts are skipped and reported.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use prost::Message;

use super::{ExportEntry, ExportError};
use crate::account::{Algorithm, NewAccount, OtpKind};
use crate::crypto::random_bytes;
use crate::import::google::{MigrationPayload, OtpParameters};
use crate::import::json::to_b64;

/// Accounts per migration URI (one QR code each).
pub const MAX_PER_PAYLOAD: usize = 10;

/// An account that could not be exported, by its index in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Index into the entries given.
    pub index: usize,
    /// Why (never a secret).
    pub reason: String,
}

/// The migration URIs, one per QR code, and the accounts left out.
#[derive(Clone, PartialEq, Eq)]
pub struct GoogleExport {
    /// `otpauth-migration://offline?data=…` URIs. They hold secrets.
    pub uris: Vec<String>,
    /// Accounts Google Authenticator cannot represent.
    pub skipped: Vec<Skipped>,
}

impl std::fmt::Debug for GoogleExport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GoogleExport")
            .field("uris", &self.uris.len())
            .field("skipped", &self.skipped)
            .finish()
    }
}

/// Build the migration URIs for `entries`.
pub fn google_migration(entries: &[ExportEntry<'_>]) -> Result<GoogleExport, ExportError> {
    let mut params = Vec::new();
    let mut skipped = Vec::new();
    for (index, e) in entries.iter().enumerate() {
        match to_params(e.account) {
            Ok(p) => params.push(p),
            Err(reason) => skipped.push(Skipped {
                index,
                reason: reason.into(),
            }),
        }
    }
    let batch_id = i32::from_le_bytes(random_bytes().map_err(|_| ExportError::Random)?) & i32::MAX;
    let chunks: Vec<&[OtpParameters]> = params.chunks(MAX_PER_PAYLOAD).collect();
    let batch_size = i32::try_from(chunks.len()).map_err(|_| ExportError::Internal("too many"))?;
    let mut uris = Vec::with_capacity(chunks.len());
    for (i, chunk) in chunks.iter().enumerate() {
        let payload = MigrationPayload {
            otp_parameters: chunk.to_vec(),
            version: 1,
            batch_size,
            batch_index: i32::try_from(i).map_err(|_| ExportError::Internal("too many"))?,
            batch_id,
        };
        let bytes = zeroize::Zeroizing::new(payload.encode_to_vec());
        let data = to_b64(&bytes);
        uris.push(format!(
            "otpauth-migration://offline?data={}",
            utf8_percent_encode(&data, NON_ALPHANUMERIC)
        ));
    }
    Ok(GoogleExport { uris, skipped })
}

fn to_params(a: &NewAccount) -> Result<OtpParameters, &'static str> {
    let r#type = match a.otp.kind {
        OtpKind::Totp if a.otp.period != 30 => {
            return Err("Google Authenticator only has 30 s codes");
        }
        OtpKind::Totp => 2,
        OtpKind::Hotp => 1,
        OtpKind::Steam => return Err("Google Authenticator has no Steam codes"),
    };
    let digits = match a.otp.digits {
        6 => 1,
        8 => 2,
        _ => return Err("Google Authenticator only has 6- or 8-digit codes"),
    };
    let algorithm = match a.otp.algorithm {
        Algorithm::Sha1 => 1,
        Algorithm::Sha256 => 2,
        Algorithm::Sha512 => 3,
        Algorithm::Md5 => 4,
    };
    Ok(OtpParameters {
        secret: a.otp.secret.expose().to_vec(),
        name: a.account.clone(),
        issuer: a.service.clone(),
        algorithm,
        digits,
        r#type,
        counter: i64::try_from(a.otp.counter).map_err(|_| "counter too large")?,
    })
}
