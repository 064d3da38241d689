//! Export to otty's own format and to other authenticators: pure functions from
//! accounts to bytes (or to migration URIs for QR codes). [`plan::prepare`] reads the vault and
//! runs them for the CLI and the TUI alike; the caller asks for a passphrase and writes the
//! file ([`file::write_new`]).
//!
//! Formats: otty (plain or sealed with Argon2id + XChaCha20-Poly1305, docs/FORMAT.md), Aegis
//! (plain or encrypted, in Aegis's own vault format), 2FAuth's JSON, 2FAS backups, Bitwarden
//! JSON, otpauth lines, and Google Authenticator migration URIs. A format that cannot hold an
//! account ([`ExportFormat::cannot_hold`]) leaves it out; [`plan::prepare`] reports which.

use std::fmt;

use zeroize::Zeroizing;

use super::account::{Algorithm, NewAccount, OtpKind};
use super::crypto::{KdfParams, random_bytes};
use super::import::Icon;
use super::plaintext::{JsonLayout, json_plaintext};

mod aegis;
mod bitwarden;
pub mod file;
mod google;
mod otpauth;
pub mod otty;
pub mod plan;
mod twofas;
mod twofauth;

pub use google::{GoogleExport, MAX_PER_PAYLOAD, Skipped, google_migration};

/// The formats otty writes to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExportFormat {
    /// otty's own JSON (plain or sealed).
    Otty,
    /// Aegis vault JSON (plain or encrypted).
    Aegis,
    /// 2FAuth's JSON export (never encrypted).
    TwoFauth,
    /// One otpauth URI per line (never encrypted).
    OtpauthLines,
    /// 2FAS backup (`.2fas`, never encrypted).
    TwoFas,
    /// Bitwarden JSON in the shape Bitwarden Authenticator exports (never encrypted).
    Bitwarden,
}

impl ExportFormat {
    /// Every format.
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Otty,
        ExportFormat::Aegis,
        ExportFormat::TwoFauth,
        ExportFormat::OtpauthLines,
        ExportFormat::TwoFas,
        ExportFormat::Bitwarden,
    ];

    /// Machine name as `--format` takes it.
    pub fn id(self) -> &'static str {
        match self {
            ExportFormat::Otty => "otty",
            ExportFormat::Aegis => "aegis",
            ExportFormat::TwoFauth => "2fauth",
            ExportFormat::OtpauthLines => "otpauth",
            ExportFormat::TwoFas => "2fas",
            ExportFormat::Bitwarden => "bitwarden",
        }
    }

    /// Parse a machine name (case-insensitive).
    pub fn from_id(id: &str) -> Option<Self> {
        let id = id.to_ascii_lowercase();
        Self::ALL.into_iter().find(|f| f.id() == id)
    }

    /// Whether the format can be encrypted with a passphrase.
    pub fn supports_encryption(self) -> bool {
        matches!(self, ExportFormat::Otty | ExportFormat::Aegis)
    }

    /// Why this format cannot hold `account`, if it cannot: the app it is meant for has no
    /// such codes. [`export`] leaves such accounts out.
    pub fn cannot_hold(self, account: &NewAccount) -> Option<&'static str> {
        let (kind, algorithm) = (account.otp.kind, account.otp.algorithm);
        match self {
            ExportFormat::TwoFas if algorithm == Algorithm::Md5 => Some("2FAS has no HMAC-MD5"),
            ExportFormat::Bitwarden if kind == OtpKind::Hotp => {
                Some("Bitwarden generates no HOTP codes")
            }
            ExportFormat::Bitwarden if algorithm == Algorithm::Md5 => {
                Some("Bitwarden has no HMAC-MD5")
            }
            _ => None,
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExportFormat::Otty => "otty export",
            ExportFormat::Aegis => "Aegis",
            ExportFormat::TwoFauth => "2FAuth",
            ExportFormat::OtpauthLines => "otpauth URI list",
            ExportFormat::TwoFas => "2FAS",
            ExportFormat::Bitwarden => "Bitwarden",
        })
    }
}

/// One account to export, borrowed from the vault.
#[derive(Debug, Clone, Copy)]
pub struct ExportEntry<'a> {
    /// The account's fields, secret included.
    pub account: &'a NewAccount,
    /// Its group name, if any.
    pub group: Option<&'a str>,
    /// Its icon, if any.
    pub icon: Option<&'a Icon>,
}

impl<'a> ExportEntry<'a> {
    /// An entry with no group or icon.
    pub fn new(account: &'a NewAccount) -> Self {
        ExportEntry {
            account,
            group: None,
            icon: None,
        }
    }
}

/// Why an export failed. Never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// A passphrase was given for a format that cannot be encrypted.
    #[error("{0} files cannot be encrypted; choose the otty or Aegis format to encrypt")]
    CannotEncrypt(ExportFormat),
    /// The passphrase is empty.
    #[error("the passphrase is empty")]
    EmptyPassphrase,
    /// The OS random number generator failed.
    #[error("the system random number generator failed")]
    Random,
    /// Encryption or serialisation failed unexpectedly.
    #[error("could not write the export: {0}")]
    Internal(&'static str),
}

/// Export `entries` to `format`, encrypted when a passphrase is given, into a buffer wiped on
/// drop. Entries the format cannot hold ([`ExportFormat::cannot_hold`]) are left out.
///
/// A sealed otty export derives its key with Argon2id at `kdf`: callers pass the vault's own
/// parameters ([`crate::Vault::kdf_params`]), so the export is no cheaper to attack than
/// the vault (the password is often the same). Aegis exports use Aegis's own scrypt cost.
pub fn export(
    format: ExportFormat,
    entries: &[ExportEntry<'_>],
    passphrase: Option<&[u8]>,
    kdf: KdfParams,
) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    if passphrase.is_some_and(<[u8]>::is_empty) {
        return Err(ExportError::EmptyPassphrase);
    }
    if passphrase.is_some() && !format.supports_encryption() {
        return Err(ExportError::CannotEncrypt(format));
    }
    let held: Vec<ExportEntry<'_>> = entries
        .iter()
        .filter(|e| format.cannot_hold(e.account).is_none())
        .copied()
        .collect();
    let entries = held.as_slice();
    match format {
        ExportFormat::Otty => otty::export(entries, passphrase, kdf),
        ExportFormat::Aegis => aegis::export(entries, passphrase),
        ExportFormat::TwoFauth => twofauth::export(entries),
        ExportFormat::OtpauthLines => Ok(otpauth::export(entries)),
        ExportFormat::TwoFas => twofas::export(entries),
        ExportFormat::Bitwarden => bitwarden::export(entries),
    }
}

/// A random (version 4) UUID, as the foreign formats name entries and groups.
fn uuid() -> Result<String, ExportError> {
    let bytes = random_bytes().map_err(|_| ExportError::Random)?;
    Ok(uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string())
}

/// Serialise JSON, pretty-printed with a final newline (a plain export holds secrets).
fn to_json(value: &impl serde::Serialize) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    json_plaintext(value, JsonLayout::PrettyLine)
        .map_err(|_| ExportError::Internal("serialising JSON"))
}
