//! Accounts and their OTP parameters, with the validation rules every face shares.
//!
//! Field names follow 2FAuth (`service`, `account`, `otp_type`, …). The secret lives in a
//! [`Secret`], which zeroes itself on drop and prints as `[redacted]`; so do the codes of a
//! [`BackupCode`].

use serde::{Deserialize, Serialize};
use zeroize::{ZeroizeOnDrop, Zeroizing};

use super::base32;
use super::error::{Error, Result};

mod duplicate;
mod name;
mod range;
pub use duplicate::DuplicateKey;
pub use name::check_name;
pub use range::OtpNumber;

/// Longest service, account or group name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 256;
/// Longest notes accepted, in characters.
pub const MAX_NOTES_CHARS: usize = 10_000;
/// Longest secret accepted, in bytes.
pub const MAX_SECRET_BYTES: usize = 1024;
/// Longest period accepted, in seconds (one day).
pub const MAX_PERIOD: u32 = 86_400;
/// Largest HOTP counter accepted (2FAuth and SQLite keep it as a signed 64-bit integer).
pub const MAX_COUNTER: u64 = i64::MAX as u64;
/// The code lengths accepted for TOTP and HOTP (Steam codes are always [`STEAM_DIGITS`]).
pub const DIGITS: std::ops::RangeInclusive<u8> = 5..=10;
/// Steam Guard's code length, in symbols.
pub const STEAM_DIGITS: u8 = 5;
/// Steam Guard's period, in seconds.
pub const STEAM_PERIOD: u32 = 30;
/// The service name of a Steam account, as 2FAuth spells it.
pub const STEAM_SERVICE: &str = "Steam";

/// Whether `service` names Steam (any case). A TOTP whose service is Steam is a Steam Guard
/// token, as 2FAuth, Aegis's FreeOTP+ reader and otty's URI parser read it.
pub fn is_steam_service(service: &str) -> bool {
    service.eq_ignore_ascii_case(STEAM_SERVICE)
}

/// The kind of one-time password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OtpKind {
    /// Time-based, RFC 6238.
    #[serde(rename = "totp")]
    Totp,
    /// Counter-based, RFC 4226.
    #[serde(rename = "hotp")]
    Hotp,
    /// Steam Guard: TOTP shown as 5 symbols of Steam's alphabet.
    #[serde(rename = "steamtotp")]
    Steam,
}

impl OtpKind {
    /// 2FAuth's name: `totp`, `hotp` or `steamtotp`.
    pub fn as_str(self) -> &'static str {
        match self {
            OtpKind::Totp => "totp",
            OtpKind::Hotp => "hotp",
            OtpKind::Steam => "steamtotp",
        }
    }
    /// Parse a kind, case-insensitively; `steam` is accepted for `steamtotp`.
    pub fn parse(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "totp" => Ok(OtpKind::Totp),
            "hotp" => Ok(OtpKind::Hotp),
            "steamtotp" | "steam" => Ok(OtpKind::Steam),
            _ => Err(Error::invalid(
                "otp_type",
                "must be totp, hotp or steamtotp",
            )),
        }
    }
    /// Whether codes depend on time (TOTP and Steam).
    pub fn is_timed(self) -> bool {
        !matches!(self, OtpKind::Hotp)
    }
}

/// The HMAC hash function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// HMAC-SHA1, the default.
    Sha1,
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
    /// HMAC-MD5 (2FAuth supports it).
    Md5,
}

impl Algorithm {
    /// Lower-case name as 2FAuth writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
            Algorithm::Md5 => "md5",
        }
    }
    /// Parse case-insensitively, accepting `SHA-256` style too.
    pub fn parse(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().replace('-', "").as_str() {
            "sha1" => Ok(Algorithm::Sha1),
            "sha256" => Ok(Algorithm::Sha256),
            "sha512" => Ok(Algorithm::Sha512),
            "md5" => Ok(Algorithm::Md5),
            _ => Err(Error::invalid(
                "algorithm",
                "must be sha1, sha256, sha512 or md5",
            )),
        }
    }
}

/// Raw secret bytes. Zeroed on drop; `Debug` prints `[redacted]`; no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wrap raw bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }
    /// Decode tolerant base32 (see [`base32::decode`]).
    pub fn from_base32(text: &str) -> Result<Self> {
        base32::decode(text)
            .map(Self::from_bytes)
            .map_err(|e| Error::invalid("secret", e.to_string()))
    }
    /// A fresh random secret of `len` bytes (160 bits is the RFC 4226 recommendation).
    pub fn random(len: usize) -> Result<Self> {
        let mut bytes = vec![0u8; len];
        getrandom::fill(&mut bytes).map_err(|_| Error::Random)?;
        Ok(Self::from_bytes(bytes))
    }
    /// The raw bytes.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
    /// Canonical base32 (upper case, unpadded). The caller must treat the result as secret.
    pub fn to_base32(&self) -> Zeroizing<String> {
        Zeroizing::new(base32::encode(&self.0))
    }
    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// Everything needed to compute a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpParams {
    /// TOTP, HOTP or Steam.
    pub kind: OtpKind,
    /// HMAC hash.
    pub algorithm: Algorithm,
    /// Code length: [`DIGITS`] (Steam: [`STEAM_DIGITS`] symbols).
    pub digits: u8,
    /// Seconds per code for TOTP and Steam (≥ 1); ignored for HOTP.
    pub period: u32,
    /// Next counter for HOTP; ignored otherwise.
    pub counter: u64,
    /// Shared secret.
    pub secret: Secret,
}

impl OtpParams {
    /// TOTP with the usual defaults (SHA1, 6 digits, 30 s).
    pub fn totp(secret: Secret) -> Self {
        OtpParams {
            kind: OtpKind::Totp,
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: 30,
            counter: 0,
            secret,
        }
    }

    /// Steam Guard's fixed parameters (SHA1, 5 symbols, 30 s).
    pub fn steam(secret: Secret) -> Self {
        let mut p = Self::totp(secret);
        p.normalise_steam();
        p
    }

    /// Make these Steam Guard parameters, whatever they said: kind Steam, SHA1,
    /// [`STEAM_DIGITS`] symbols, [`STEAM_PERIOD`] seconds. The secret is kept, and so is the
    /// counter, which Steam ignores. The one place Steam's fixed parameters are written.
    pub fn normalise_steam(&mut self) {
        self.kind = OtpKind::Steam;
        self.algorithm = Algorithm::Sha1;
        self.digits = STEAM_DIGITS;
        self.period = STEAM_PERIOD;
    }

    /// Check the ranges (docs/DESIGN.md, «Accounts»).
    pub fn validate(&self) -> Result<()> {
        if self.secret.is_empty() {
            return Err(Error::invalid("secret", "the secret is empty"));
        }
        if self.secret.len() > MAX_SECRET_BYTES {
            return Err(Error::invalid(
                "secret",
                format!("longer than {MAX_SECRET_BYTES} bytes"),
            ));
        }
        match self.kind {
            OtpKind::Steam if self.digits != STEAM_DIGITS => {
                return Err(Error::invalid(
                    "digits",
                    format!("Steam codes have {STEAM_DIGITS} characters"),
                ));
            }
            _ if !DIGITS.contains(&self.digits) => return Err(OtpNumber::Digits.out_of_range()),
            _ => {}
        }
        if self.kind.is_timed() && !(1..=MAX_PERIOD).contains(&self.period) {
            return Err(OtpNumber::Period.out_of_range());
        }
        if self.counter > MAX_COUNTER {
            return Err(OtpNumber::Counter.out_of_range());
        }
        Ok(())
    }
}

/// One recovery code kept with an account. The code is wiped from memory on drop and
/// prints as `[redacted]`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ZeroizeOnDrop)]
pub struct BackupCode {
    /// The code as the service printed it.
    pub code: String,
    /// When it was used (unix seconds), if it was.
    #[zeroize(skip)]
    pub used_at: Option<i64>,
}

impl std::fmt::Debug for BackupCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackupCode")
            .field("code", &format_args!("[redacted]"))
            .field("used_at", &self.used_at)
            .finish()
    }
}

/// What a caller supplies to create or replace an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Issuer, e.g. `GitHub`. May be empty.
    pub service: String,
    /// Account name, e.g. `alice@example.com`. May be empty.
    pub account: String,
    /// Icon file name, if any.
    pub icon: Option<String>,
    /// OTP parameters and secret.
    pub otp: OtpParams,
    /// Free-form notes.
    pub notes: String,
    /// Pinned to the top.
    pub favorite: bool,
    /// Recovery codes.
    pub backup_codes: Vec<BackupCode>,
    /// Group, or none.
    pub group_id: Option<i64>,
}

impl NewAccount {
    /// An account with no icon, notes, group or backup codes.
    pub fn new(service: impl Into<String>, account: impl Into<String>, otp: OtpParams) -> Self {
        NewAccount {
            service: service.into(),
            account: account.into(),
            icon: None,
            otp,
            notes: String::new(),
            favorite: false,
            backup_codes: Vec::new(),
            group_id: None,
        }
    }

    /// Validate names, notes and OTP parameters; normalise surrounding white space.
    pub fn validate(&mut self) -> Result<()> {
        self.service = self.service.trim().to_owned();
        self.account = self.account.trim().to_owned();
        check_name("service", &self.service)?;
        check_name("account", &self.account)?;
        if self.service.is_empty() && self.account.is_empty() {
            return Err(Error::invalid(
                "account",
                "give a service, an account name or both",
            ));
        }
        if self.notes.chars().count() > MAX_NOTES_CHARS {
            return Err(Error::invalid(
                "notes",
                format!("longer than {MAX_NOTES_CHARS} characters"),
            ));
        }
        // Steam Guard codes are always SHA1 over 30 s: an algorithm or period typed for a
        // Steam account (a form, `otty add --type steam --algorithm …`) would only give codes
        // Steam never accepts. The digits stay checked, so a wrong count is still an error.
        if self.otp.kind == OtpKind::Steam {
            self.otp.algorithm = Algorithm::Sha1;
            self.otp.period = STEAM_PERIOD;
        }
        self.otp.validate()
    }
}

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Row id (stable, never reused).
    pub id: i64,
    /// Random UUID, for merging copies of a vault.
    pub uuid: String,
    /// Sort position (ascending).
    pub position: i64,
    /// Creation time, unix seconds.
    pub created_at: i64,
    /// Last change, unix seconds.
    pub updated_at: i64,
    /// Last code handed out, unix seconds.
    pub last_used_at: Option<i64>,
    /// The edit that last changed the fields (merging copies keeps the later one). Handing out
    /// an HOTP code or using a backup code is not an edit: merges take the highest counter and
    /// every used mark whichever version they keep.
    pub edit: crate::stamp::Edit,
    /// The user-editable fields.
    pub data: NewAccount,
}

/// How the faces name an account. The one rule: service first, then the account name, and
/// an empty part is left out rather than shown as blank. The three methods differ only in
/// how the two parts are joined, each for a reason:
///
/// | method | service `GitHub`, account `alice` | no service, account `alice` | used for |
/// |---|---|---|---|
/// | [`Account::label`] | `GitHub alice` | `alice` | lists and lookups (`otty rm`, `otty code NAME`, [`Vault::find`](crate::Vault::find)) |
/// | [`Account::title`] | `GitHub (alice)` | `alice` | sentences: toasts, confirmations, screen titles |
/// | [`Account::match_text`] | `GitHub alice` (then the group's name and the notes, if any) | ` alice` | fuzzy matching that highlights by position |
impl Account {
    /// `service` and `account` joined by a space, or whichever is given alone: the name in
    /// lists and what a typed name is compared with.
    pub fn label(&self) -> String {
        self.joined(" ", "")
    }

    /// The account's name in a sentence: `GitHub (alice)`, or whichever is given alone.
    pub fn title(&self) -> String {
        self.joined(" (", ")")
    }

    /// `service`, one space, `account`, always both, even empty: the account name starts at
    /// character `service.chars().count() + 1`, so a matcher's positions in this text tell
    /// which part each matched letter is in.
    /// The group's name (`group`, which the account knows only by id) and the notes follow,
    /// each after a space, so a filter finds an account by them too; a face highlighting by
    /// position reads only the first two parts.
    pub fn match_text(&self, group: Option<&str>) -> String {
        let mut text = format!("{} {}", self.data.service, self.data.account);
        for extra in [group.unwrap_or_default(), self.data.notes.as_str()] {
            if !extra.is_empty() {
                text.push(' ');
                text.extend(extra.chars().map(|c| if c.is_control() { ' ' } else { c }));
            }
        }
        text
    }

    fn joined(&self, open: &str, close: &str) -> String {
        match (self.data.service.is_empty(), self.data.account.is_empty()) {
            (false, false) => format!("{}{open}{}{close}", self.data.service, self.data.account),
            (false, true) => self.data.service.clone(),
            _ => self.data.account.clone(),
        }
    }
}

/// A folder of accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Row id.
    pub id: i64,
    /// Random UUID.
    pub uuid: String,
    /// Name shown in tabs.
    pub name: String,
    /// Sort position (ascending).
    pub position: i64,
    /// The edit that last changed the name or position.
    pub edit: crate::stamp::Edit,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> OtpParams {
        OtpParams::totp(Secret::from_bytes(vec![1; 10]))
    }

    #[test]
    fn digits_and_period_ranges() {
        for (digits, ok) in [(4, false), (5, true), (10, true), (11, false)] {
            let p = OtpParams { digits, ..params() };
            assert_eq!(p.validate().is_ok(), ok, "digits {digits}");
        }
        assert!(
            OtpParams {
                period: 0,
                ..params()
            }
            .validate()
            .is_err()
        );
        let hotp = OtpParams {
            kind: OtpKind::Hotp,
            period: 0,
            ..params()
        };
        assert!(hotp.validate().is_ok(), "HOTP ignores the period");
        let steam = OtpParams {
            digits: 6,
            ..OtpParams::steam(Secret::from_bytes(vec![1]))
        };
        assert!(steam.validate().is_err());
        assert!(
            OtpParams::totp(Secret::from_bytes(vec![]))
                .validate()
                .is_err()
        );
    }

    #[test]
    fn validate_accepts_exactly_the_digits_range() {
        for digits in 0..=20u8 {
            let p = OtpParams { digits, ..params() };
            assert_eq!(p.validate().is_ok(), DIGITS.contains(&digits), "{digits}");
        }
    }

    #[test]
    fn normalise_steam_forces_the_fixed_parameters() {
        let secret = Secret::from_bytes(vec![9; 10]);
        let cases = [
            (
                "totp sha256/8/60",
                OtpKind::Totp,
                Algorithm::Sha256,
                8,
                60,
                0,
            ),
            (
                "hotp md5/10 counter 7",
                OtpKind::Hotp,
                Algorithm::Md5,
                10,
                30,
                7,
            ),
            (
                "steam with a wrong period",
                OtpKind::Steam,
                Algorithm::Sha1,
                5,
                45,
                0,
            ),
            ("already steam", OtpKind::Steam, Algorithm::Sha1, 5, 30, 0),
        ];
        for (name, kind, algorithm, digits, period, counter) in cases {
            let mut p = OtpParams {
                kind,
                algorithm,
                digits,
                period,
                counter,
                secret: secret.clone(),
            };
            p.normalise_steam();
            let want = OtpParams {
                kind: OtpKind::Steam,
                algorithm: Algorithm::Sha1,
                digits: 5,
                period: 30,
                counter,
                secret: secret.clone(),
            };
            assert_eq!(p, want, "{name}");
            assert!(p.validate().is_ok(), "{name}");
        }
        assert_eq!(
            OtpParams::steam(secret.clone()),
            OtpParams {
                kind: OtpKind::Steam,
                digits: 5,
                ..OtpParams::totp(secret)
            }
        );
    }

    #[test]
    fn a_steam_account_is_always_sha1_over_thirty_seconds() {
        let mut p = OtpParams::steam(Secret::from_bytes(vec![1; 10]));
        p.algorithm = Algorithm::Sha256;
        p.period = 60;
        let mut a = NewAccount::new("Steam", "gamer", p);
        a.validate().unwrap();
        assert_eq!(
            (a.otp.algorithm, a.otp.period, a.otp.digits),
            (Algorithm::Sha1, STEAM_PERIOD, STEAM_DIGITS)
        );
    }

    #[test]
    fn steam_services() {
        for (service, steam) in [
            ("Steam", true),
            ("STEAM", true),
            ("steam", true),
            ("Steam ", false),
            ("Steampunk", false),
            ("", false),
        ] {
            assert_eq!(is_steam_service(service), steam, "{service:?}");
        }
    }

    #[test]
    fn account_names() {
        let named = |service: &str, account: &str| Account {
            id: 1,
            uuid: String::new(),
            position: 0,
            created_at: 0,
            updated_at: 0,
            last_used_at: None,
            edit: Default::default(),
            data: NewAccount::new(service, account, params()),
        };
        let cases = [
            (
                "GitHub",
                "alice",
                "GitHub alice",
                "GitHub (alice)",
                "GitHub alice",
            ),
            ("GitHub", "", "GitHub", "GitHub", "GitHub "),
            ("", "alice", "alice", "alice", " alice"),
            ("", "", "", "", " "),
        ];
        for (service, account, label, title, match_text) in cases {
            let a = named(service, account);
            assert_eq!(a.label(), label, "label of {service:?} {account:?}");
            assert_eq!(a.title(), title, "title of {service:?} {account:?}");
            assert_eq!(
                a.match_text(None),
                match_text,
                "match text of {service:?} {account:?}"
            );
        }
        let mut a = named("GitHub", "alice");
        a.data.notes = "work laptop\nrecovery in safe".into();
        assert_eq!(
            a.match_text(Some("Work")),
            "GitHub alice Work work laptop recovery in safe"
        );
    }

    #[test]
    fn secret_debug_is_redacted() {
        let s = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        let printed = format!("{:?}", NewAccount::new("ACME", "alice", OtpParams::totp(s)));
        assert!(!printed.contains("JBSW"));
        assert!(printed.contains("[redacted]"));
    }

    #[test]
    fn backup_code_debug_is_redacted() {
        let mut a = NewAccount::new("ACME", "alice", params());
        a.backup_codes = vec![
            BackupCode {
                code: "7391-0428-5516".into(),
                used_at: None,
            },
            BackupCode {
                code: "zq8x-wv3k".into(),
                used_at: Some(1_700_000_000),
            },
        ];
        let printed = format!("{a:?}");
        assert!(
            !printed.contains("7391") && !printed.contains("zq8x"),
            "{printed}"
        );
        assert!(
            printed.contains("BackupCode { code: [redacted]"),
            "{printed}"
        );
        assert!(printed.contains("1700000000"), "{printed}");
        let pretty = format!("{a:#?}");
        assert!(
            !pretty.contains("0428") && !pretty.contains("wv3k"),
            "{pretty}"
        );
    }

    #[test]
    fn backup_codes_are_wiped_on_drop() {
        // Stops compiling if `BackupCode` loses its wipe-on-drop.
        fn wiped_on_drop<T: ZeroizeOnDrop>(_: &T) {}
        wiped_on_drop(&BackupCode {
            code: "7391-0428".into(),
            used_at: None,
        });
    }

    #[test]
    fn names_are_checked() {
        let mut a = NewAccount::new("  ACME ", "", params());
        a.validate().unwrap();
        assert_eq!(a.service, "ACME");
        assert!(NewAccount::new("", "", params()).validate().is_err());
        assert!(NewAccount::new("a\u{7}", "b", params()).validate().is_err());
        assert!(
            NewAccount::new("a".repeat(300), "b", params())
                .validate()
                .is_err()
        );
    }

    #[test]
    fn kinds_and_algorithms_parse() {
        assert_eq!(OtpKind::parse("STEAM").unwrap(), OtpKind::Steam);
        assert_eq!(Algorithm::parse("SHA-256").unwrap(), Algorithm::Sha256);
        assert!(Algorithm::parse("sha3").is_err());
    }
}
