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
mod authenticator_plus;
mod authy;
mod battle_net;
mod bitwarden;
pub(crate) mod cipher;
mod cotp;
mod draft;
mod duo;
mod ente;
mod error;
mod freeotp;
mod freeotp_plus;
mod freeotp_v2;
pub(crate) mod google;
mod google_db;
pub mod java_serial;
pub(crate) mod json;
mod microsoft;
mod otpauth;
pub(crate) mod otty;
pub mod plan;
mod proton;
mod sqlite;
mod steam;
mod stratum;
mod totp_authenticator;
mod twofas;
mod twofauth;
mod xml;

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
    /// Authy's Android token store (shared_prefs XML), plain or with per-entry encrypted secrets.
    Authy,
    /// Authenticator Plus backup: a password-protected ZIP holding `Accounts.txt`.
    AuthenticatorPlus,
    /// Battle.net Authenticator's shared_prefs XML (masked secret and serial).
    BattleNet,
    /// cotp's database: its decrypted JSON or its encrypted file.
    Cotp,
    /// Duo Mobile's `duo.json` account list.
    Duo,
    /// FreeOTP (the original): v1 `tokens.xml` or a v2 encrypted backup.
    FreeOtp,
    /// Google Authenticator's own SQLite database (`databases`).
    GoogleAuthenticatorDb,
    /// Microsoft Authenticator's SQLite database (`PhoneFactor`).
    MicrosoftAuthenticator,
    /// Proton Authenticator export, plain or encrypted.
    Proton,
    /// Steam Guard files: Steam Desktop Authenticator's `.maFile`, Aegis's SteamGuard JSON.
    Steam,
    /// Stratum (Authenticator Pro): JSON backup, encrypted or legacy encrypted backup, or its
    /// internal database.
    Stratum,
    /// TOTP Authenticator: encrypted backup or its internal shared_prefs XML.
    TotpAuthenticator,
}

impl Format {
    /// Every format, for `--format` help and tests.
    pub const ALL: [Format; 23] = [
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
        Format::Authy,
        Format::AuthenticatorPlus,
        Format::BattleNet,
        Format::Cotp,
        Format::Duo,
        Format::FreeOtp,
        Format::GoogleAuthenticatorDb,
        Format::MicrosoftAuthenticator,
        Format::Proton,
        Format::Steam,
        Format::Stratum,
        Format::TotpAuthenticator,
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
            Format::Authy => "authy",
            Format::AuthenticatorPlus => "authenticator-plus",
            Format::BattleNet => "battle-net",
            Format::Cotp => "cotp",
            Format::Duo => "duo",
            Format::FreeOtp => "freeotp",
            Format::GoogleAuthenticatorDb => "google-authenticator-db",
            Format::MicrosoftAuthenticator => "microsoft-authenticator",
            Format::Proton => "proton",
            Format::Steam => "steam",
            Format::Stratum => "stratum",
            Format::TotpAuthenticator => "totp-authenticator",
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
            Format::Authy => "Authy",
            Format::AuthenticatorPlus => "Authenticator Plus",
            Format::BattleNet => "Battle.net Authenticator",
            Format::Cotp => "cotp",
            Format::Duo => "Duo Mobile",
            Format::FreeOtp => "FreeOTP",
            Format::GoogleAuthenticatorDb => "Google Authenticator database",
            Format::MicrosoftAuthenticator => "Microsoft Authenticator",
            Format::Proton => "Proton Authenticator",
            Format::Steam => "Steam Guard",
            Format::Stratum => "Stratum",
            Format::TotpAuthenticator => "TOTP Authenticator",
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

/// Guess the format of `bytes` from their content.
///
/// Detection never guesses an encrypted format it cannot recognise: a binary file with no
/// known header is no format (andOTP's encrypted backups, which have no header, are only
/// recognised by their iteration count, by the `.aes` name [`detect_named`] takes, or with
/// [`import_as`]).
pub fn detect(bytes: &[u8]) -> Option<Format> {
    detect_named(bytes, None)
}

/// [`detect`], with the file's name as a hint for the one format whose content says too little
/// (andOTP's encrypted `.aes` backups). The name never overrides content that is recognised.
pub fn detect_named(bytes: &[u8], name: Option<&str>) -> Option<Format> {
    let bytes = strip_bom(bytes);
    if let Some(json) = json::parse(bytes) {
        return json::detect(&json);
    }
    detect_raw(bytes).or_else(|| andotp::named(bytes, name).then_some(Format::AndOtp))
}

/// Content detection of anything but JSON.
fn detect_raw(bytes: &[u8]) -> Option<Format> {
    if sqlite::is_sqlite(bytes) {
        return sqlite::detect(bytes);
    }
    if authenticator_plus::is_zip(bytes) {
        return authenticator_plus::detect(bytes);
    }
    if java_serial::is_serialized(bytes) {
        return freeotp_v2::detect(bytes).then_some(Format::FreeOtp);
    }
    if stratum::is_encrypted(bytes) {
        return Some(Format::Stratum);
    }
    match std::str::from_utf8(bytes).ok() {
        Some(t) if xml::is_xml(t) => xml::detect(t),
        Some(t) if bitwarden::is_csv(t) => Some(Format::BitwardenCsv),
        Some(t) => otpauth::detect(t).or_else(|| {
            totp_authenticator::looks_encrypted(t).then_some(Format::TotpAuthenticator)
        }),
        None if andotp::looks_encrypted(bytes) => Some(Format::AndOtp),
        None => None,
    }
}

/// Whether `bytes` are an otty vault (its own format version and key-derivation header, not
/// merely an SQLite database): such a file is not imported but merged ([`crate::Vault::merge`]).
pub fn is_otty_vault(bytes: &[u8]) -> bool {
    sqlite::is_sqlite(bytes) && sqlite::is_otty_vault(bytes)
}

/// Why a file whose format was not detected cannot be imported: an SQLite database SQLite
/// cannot read is damaged; anything else is in no known format.
fn not_detected(bytes: &[u8]) -> ImportError {
    if sqlite::is_sqlite(bytes) && !sqlite::is_readable(bytes) {
        ImportError::DamagedDatabase
    } else {
        ImportError::UnknownFormat
    }
}

/// Detect the format and import. A PNG or JPEG image is read as a QR code first.
pub fn import(bytes: &[u8], passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    import_named(bytes, None, passphrase)
}

/// Reads a file named by the imported one from the same folder (Steam Desktop Authenticator's
/// `manifest.json` lists its maFiles); only a caller that read the file from disk has one.
pub(crate) type Beside<'a> = Option<&'a mut dyn FnMut(&str) -> std::io::Result<Vec<u8>>>;

/// [`import`], with the file's name as a hint ([`detect_named`]).
pub fn import_named(
    bytes: &[u8],
    name: Option<&str>,
    passphrase: Option<&[u8]>,
) -> Result<ImportBatch, ImportError> {
    import_beside(bytes, name, passphrase, None)
}

/// [`import_named`], with the files beside the imported one at hand.
pub(crate) fn import_beside(
    bytes: &[u8],
    name: Option<&str>,
    passphrase: Option<&[u8]>,
    beside: Beside<'_>,
) -> Result<ImportBatch, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    if super::qr::is_image(bytes) {
        let text = super::qr::decode(bytes).map_err(ImportError::Image)?;
        let format = detect(text.as_bytes()).ok_or(ImportError::UnknownFormat)?;
        return import_as_beside(format, text.as_bytes(), passphrase, beside);
    }
    let bytes = strip_bom(bytes);
    if let Some(refused) = steam::encrypted_alone(bytes, name) {
        return Err(refused);
    }
    // Parse JSON once: detection and import share it.
    let parsed = json::parse(bytes);
    let format = match &parsed {
        Some(v) => json::detect(v),
        None => detect_named(bytes, name),
    }
    .ok_or_else(|| not_detected(bytes))?;
    dispatch(format, bytes, parsed, passphrase, beside)
}

/// Import `bytes` as the given format (for `--format`).
pub fn import_as(
    format: Format,
    bytes: &[u8],
    passphrase: Option<&[u8]>,
) -> Result<ImportBatch, ImportError> {
    import_as_beside(format, bytes, passphrase, None)
}

/// [`import_as`], with the files beside the imported one at hand.
pub(crate) fn import_as_beside(
    format: Format,
    bytes: &[u8],
    passphrase: Option<&[u8]>,
    beside: Beside<'_>,
) -> Result<ImportBatch, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    let bytes = strip_bom(bytes);
    dispatch(format, bytes, json::parse(bytes), passphrase, beside)
}

/// Run the importer of `format` on `bytes` (already parsed when they are JSON).
fn dispatch(
    format: Format,
    bytes: &[u8],
    parsed: Option<serde_json::Value>,
    passphrase: Option<&[u8]>,
    beside: Beside<'_>,
) -> Result<ImportBatch, ImportError> {
    let text =
        || std::str::from_utf8(bytes).map_err(|_| ImportError::damaged(format, "not UTF-8 text"));
    // Formats read from their bytes whatever they hold.
    match format {
        Format::Authy => return authy::import(text()?, passphrase),
        Format::AuthenticatorPlus => return authenticator_plus::import(bytes, passphrase),
        Format::BattleNet => return battle_net::import(text()?),
        Format::FreeOtp => return freeotp::import(bytes, passphrase),
        Format::GoogleAuthenticatorDb => return google_db::import(bytes),
        Format::MicrosoftAuthenticator => return microsoft::import(bytes),
        Format::Stratum => return stratum::import(bytes, parsed.as_ref(), passphrase),
        Format::TotpAuthenticator => return totp_authenticator::import(text()?, passphrase),
        _ => {}
    }
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
        Format::Cotp => cotp::import(&json, passphrase),
        Format::Duo => duo::import(&json),
        Format::Proton => proton::import(&json, passphrase),
        Format::Steam => steam::import(&json, beside, passphrase),
        _ => Err(ImportError::damaged(
            format,
            "this is JSON, not a file of this format",
        )),
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
