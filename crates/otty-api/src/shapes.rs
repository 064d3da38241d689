//! JSON shapes only the API needs, beyond [`crate::dto`]'s Read, Group and OTP objects:
//! the bare Store shape of `preview`, export entries, preferences, settings, the user, OTP log
//! rows and feature flags. Field order follows the contract.

use serde::Serialize;
use serde_json::Value;

use crate::dto::{SecretText, padded_secret};
use otty_core::{Algorithm, NewAccount, OtpKind};

/// The "Store" shape with `"id": null` and without `group_id`: what `POST
/// /twofaccounts/preview` returns. 2FAuth leaves `id` out; its own OpenAPI document describes
/// the answer as a Read object, whose `id` is required and may be null, so otty sends the null.
#[derive(Debug, Serialize)]
pub struct AccountStore {
    /// Always `null`: the account is not saved.
    pub id: Option<i64>,
    /// `totp`, `hotp` or `steamtotp`.
    pub otp_type: OtpKind,
    /// Account name.
    pub account: String,
    /// Service, `null` when empty.
    pub service: Option<String>,
    /// Icon file name.
    pub icon: Option<String>,
    /// Secret (padded base32).
    pub secret: SecretText,
    /// Code length, 5 to 10 (5 for Steam).
    pub digits: u8,
    /// HMAC algorithm: `sha1`, `sha256`, `sha512` or `md5`.
    pub algorithm: Algorithm,
    /// Period (timed kinds).
    pub period: Option<u32>,
    /// Counter (HOTP).
    pub counter: Option<u64>,
}

impl AccountStore {
    /// The Store shape of an unsaved account.
    pub fn new(d: &NewAccount) -> Self {
        let timed = d.otp.kind.is_timed();
        AccountStore {
            id: None,
            otp_type: d.otp.kind,
            account: d.account.clone(),
            service: (!d.service.is_empty()).then(|| d.service.clone()),
            icon: d.icon.clone(),
            secret: padded_secret(d),
            digits: d.otp.digits,
            algorithm: d.otp.algorithm,
            period: timed.then_some(d.otp.period),
            counter: (!timed).then_some(d.otp.counter),
        }
    }
}

/// One account of a 2FAuth export (`GET /twofaccounts/export`).
#[derive(Debug, Serialize)]
pub struct ExportEntry {
    /// `totp`, `hotp` or `steamtotp`.
    pub otp_type: OtpKind,
    /// Account name.
    pub account: String,
    /// Issuer, `null` when empty.
    pub service: Option<String>,
    /// Icon name as stored.
    pub icon: Option<String>,
    /// Icon media type, `null` when the icon is missing.
    pub icon_mime: Option<String>,
    /// Icon bytes in base64, `null` when missing.
    pub icon_file: Option<String>,
    /// The secret in 2FAuth's padded base32.
    pub secret: SecretText,
    /// Code length, 5 to 10 (5 for Steam).
    pub digits: u8,
    /// HMAC algorithm: `sha1`, `sha256`, `sha512` or `md5`.
    pub algorithm: Algorithm,
    /// Seconds per code (timed kinds), `null` for HOTP.
    pub period: Option<u32>,
    /// The HOTP counter, `null` for timed kinds.
    pub counter: Option<u64>,
    /// The otpauth URI.
    pub legacy_uri: SecretText,
}

/// A user preference.
#[derive(Debug, Serialize)]
pub struct Preference {
    /// Name.
    pub key: String,
    /// Value, any JSON type.
    pub value: Value,
    /// Whether it can be changed (never locked in otty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
}

/// A 2FAuth setting as `GET /settings` lists it.
#[derive(Debug, Serialize)]
pub struct Setting {
    /// The setting's name.
    pub key: String,
    /// Value, any JSON type.
    pub value: Value,
}

/// A feature flag.
#[derive(Debug, Serialize)]
pub struct Feature {
    /// The flag's name, e.g. `iconPack`.
    pub name: &'static str,
    /// `enabled` or `disabled`.
    pub state: &'static str,
}

/// One OTP log row (`GET /twofaccounts/{id}/otp-logs`), single-user.
#[derive(Debug, Serialize)]
pub struct OtpLog {
    /// The token that asked (`null`: the TUI or CLI).
    pub requester_name: Option<String>,
    /// Always `null` (otty has no e-mail addresses).
    pub requester_email: Option<String>,
    /// The one user.
    pub owner_name: String,
    /// Always `null`.
    pub owner_email: Option<String>,
    /// Not recorded: always `null`.
    pub ip_address: Option<String>,
    /// When, ISO 8601 UTC.
    pub generated_at: String,
    /// Kind of the account.
    pub otp_type: OtpKind,
}

pub use otty_core::clock::iso8601;

#[cfg(test)]
mod tests {
    #[test]
    fn iso_dates() {
        assert_eq!(super::iso8601(0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(super::iso8601(1_679_483_493), "2023-03-22T11:11:33.000000Z");
    }
}
