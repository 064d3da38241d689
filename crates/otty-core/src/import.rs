//! Import from other authenticators: detect a file's format by its content and turn it into
//! accounts (docs/DESIGN.md, «Imports and exports»).
//!
//! Everything here is a pure function of the file's bytes and an optional passphrase; the
//! caller reads files, prompts for passphrases and writes the vault. Each format lives in its
//! own file under `import/`. The result is an [`ImportBatch`]: one [`ImportedEntry`] per
//! account found, each either a validated [`NewAccount`] or the reason it was refused, so one
//! bad entry never spoils the rest. Key-derivation parameters read from a file are capped
//! before use, so a hostile file costs bounded time and memory.

use std::fmt;

use super::account::NewAccount;

mod aegis;
mod andotp;
mod bitwarden;
pub(crate) mod cipher;
mod draft;
mod ente;
mod error;
mod freeotp_plus;
pub(crate) mod google;
pub(crate) mod json;
mod otpauth;
pub(crate) mod otty;
pub mod plan;
mod twofas;
mod twofauth;

pub use error::ImportError;

/// Largest file accepted, in bytes (64 MiB): far above any real export.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Largest icon kept, in bytes (4 MiB, as the API's image limit).
pub const MAX_ICON_BYTES: usize = 4 * 1024 * 1024;

/// The formats otty reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// One `otpauth://` (or `steam://`) URI per line.
    OtpauthLines,
    /// Google Authenticator's `otpauth-migration://offline?data=…` (text or QR image).
    GoogleMigration,
    /// Aegis vault JSON, plain or encrypted.
    Aegis,
    /// 2FAS backup (`.2fas`), plain or encrypted.
    TwoFas,
    /// andOTP JSON, or its encrypted `.aes`/`.bin` backups.
    AndOtp,
    /// Bitwarden JSON export (password manager or Authenticator), plain or password-protected.
    Bitwarden,
    /// Bitwarden CSV export.
    BitwardenCsv,
    /// Ente Auth export: plain text (otpauth lines with `codeDisplay`) or encrypted JSON.
    Ente,
    /// FreeOTP+ JSON export.
    FreeOtpPlus,
    /// 2FAuth's JSON export.
    TwoFauth,
    /// otty's own export (docs/FORMAT.md), plain or sealed.
    Otty,
}

impl Format {
    /// Every format, for `--format` help and tests.
    pub const ALL: [Format; 11] = [
        Format::OtpauthLines,
        Format::GoogleMigration,
        Format::Aegis,
        Format::TwoFas,
        Format::AndOtp,
        Format::Bitwarden,
        Format::BitwardenCsv,
        Format::Ente,
        Format::FreeOtpPlus,
        Format::TwoFauth,
        Format::Otty,
    ];

    /// Short machine name (`aegis`, `2fas`, …) as `--format` takes it.
    pub fn id(self) -> &'static str {
        match self {
            Format::OtpauthLines => "otpauth",
            Format::GoogleMigration => "google",
            Format::Aegis => "aegis",
            Format::TwoFas => "2fas",
            Format::AndOtp => "andotp",
            Format::Bitwarden => "bitwarden",
            Format::BitwardenCsv => "bitwarden-csv",
            Format::Ente => "ente",
            Format::FreeOtpPlus => "freeotp-plus",
            Format::TwoFauth => "2fauth",
            Format::Otty => "otty",
        }
    }

    /// Parse a machine name (case-insensitive).
    pub fn from_id(id: &str) -> Option<Format> {
        let id = id.to_ascii_lowercase();
        Format::ALL.into_iter().find(|f| f.id() == id)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::OtpauthLines => "otpauth URI list",
            Format::GoogleMigration => "Google Authenticator export",
            Format::Aegis => "Aegis",
            Format::TwoFas => "2FAS",
            Format::AndOtp => "andOTP",
            Format::Bitwarden => "Bitwarden JSON",
            Format::BitwardenCsv => "Bitwarden CSV",
            Format::Ente => "Ente Auth",
            Format::FreeOtpPlus => "FreeOTP+",
            Format::TwoFauth => "2FAuth",
            Format::Otty => "otty export",
        })
    }
}

/// An icon carried by an imported entry.
#[derive(Clone, PartialEq, Eq)]
pub struct Icon {
    /// File name (e.g. `github.png`); made up from the format when the file has none.
    pub name: String,
    /// The image bytes.
    pub bytes: Vec<u8>,
    /// MIME type: `image/png`, `image/jpeg`, `image/svg+xml`, `image/webp` or `image/bmp`.
    pub mime: String,
}

impl fmt::Debug for Icon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Icon")
            .field("name", &self.name)
            .field("bytes", &self.bytes.len())
            .field("mime", &self.mime)
            .finish()
    }
}

/// One account found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEntry {
    /// The validated account, or why it cannot be imported (the reason never holds a secret).
    pub account: Result<NewAccount, String>,
    /// Group (folder) name from the file, if any.
    pub group: Option<String>,
    /// Icon from the file, if any and of a supported type.
    pub icon: Option<Icon>,
}

impl ImportedEntry {
    /// An entry with no group or icon.
    pub fn new(account: Result<NewAccount, String>) -> Self {
        ImportedEntry {
            account,
            group: None,
            icon: None,
        }
    }

    /// Whether this entry duplicates `existing` ([`NewAccount::duplicates`]: every code
    /// parameter, the secret and the names match). An invalid entry duplicates nothing.
    pub fn duplicates(&self, existing: &NewAccount) -> bool {
        self.account.as_ref().is_ok_and(|a| a.duplicates(existing))
    }
}

/// Everything found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportBatch {
    /// Format the file was read as.
    pub format: Format,
    /// Whether the file was encrypted.
    pub encrypted: bool,
    /// Entries in file order.
    pub entries: Vec<ImportedEntry>,
}

impl ImportBatch {
    /// The accounts that passed validation.
    pub fn valid(&self) -> impl Iterator<Item = &ImportedEntry> {
        self.entries.iter().filter(|e| e.account.is_ok())
    }
}

/// Guess the format of `bytes` from their content (never from a file name).
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let bytes = strip_bom(bytes);
    if let Some(json) = json::parse(bytes) {
        return json::detect(&json);
    }
    let text = std::str::from_utf8(bytes).ok();
    match text {
        Some(t) if bitwarden::is_csv(t) => Some(Format::BitwardenCsv),
        Some(t) => otpauth::detect(t),
        None if andotp::looks_encrypted(bytes) => Some(Format::AndOtp),
        None => None,
    }
}

/// Detect the format and import. A PNG or JPEG image is read as a QR code first.
pub fn import(bytes: &[u8], passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    if super::qr::is_image(bytes) {
        let text = super::qr::decode(bytes).map_err(ImportError::Image)?;
        let format = detect(text.as_bytes()).ok_or(ImportError::UnknownFormat)?;
        return import_as(format, text.as_bytes(), passphrase);
    }
    let bytes = strip_bom(bytes);
    // Parse JSON once: detection and import share it.
    let parsed = json::parse(bytes);
    let format = match &parsed {
        Some(v) => json::detect(v),
        None => detect(bytes),
    }
    .ok_or(ImportError::UnknownFormat)?;
    dispatch(format, bytes, parsed, passphrase)
}

/// Import `bytes` as the given format (for `--format`).
pub fn import_as(
    format: Format,
    bytes: &[u8],
    passphrase: Option<&[u8]>,
) -> Result<ImportBatch, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    let bytes = strip_bom(bytes);
    dispatch(format, bytes, json::parse(bytes), passphrase)
}

/// Run the importer of `format` on `bytes` (already parsed when they are JSON).
fn dispatch(
    format: Format,
    bytes: &[u8],
    parsed: Option<serde_json::Value>,
    passphrase: Option<&[u8]>,
) -> Result<ImportBatch, ImportError> {
    let text =
        || std::str::from_utf8(bytes).map_err(|_| ImportError::damaged(format, "not UTF-8 text"));
    let Some(json) = parsed else {
        return match format {
            Format::OtpauthLines | Format::GoogleMigration | Format::Ente => {
                otpauth::import(text()?)
            }
            Format::AndOtp => andotp::import_encrypted(bytes, passphrase),
            Format::BitwardenCsv => bitwarden::import_csv(text()?),
            _ => Err(ImportError::damaged(format, "not JSON")),
        };
    };
    match format {
        Format::Ente => ente::import(&json, passphrase),
        Format::Aegis => aegis::import(&json, passphrase),
        Format::TwoFas => twofas::import(&json, passphrase),
        Format::AndOtp => andotp::import_json(&json, false),
        Format::Bitwarden => bitwarden::import_json(&json, passphrase),
        Format::FreeOtpPlus => freeotp_plus::import(&json),
        Format::TwoFauth => twofauth::import(&json),
        Format::Otty => otty::import(&json, passphrase),
        Format::OtpauthLines | Format::GoogleMigration | Format::BitwardenCsv => Err(
            ImportError::damaged(format, "this is JSON, not a text export"),
        ),
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Build a batch from entries.
pub(crate) fn batch(format: Format, encrypted: bool, entries: Vec<ImportedEntry>) -> ImportBatch {
    ImportBatch {
        format,
        encrypted,
        entries,
    }
}
