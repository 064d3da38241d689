//! [`Draft`]: an account being assembled from a foreign file's fields, with the usual defaults
//! (TOTP, SHA1, 6 digits, 30 s) and Steam normalised to SHA1/5/30 whatever the file says.
//!
//! Every setter returns a reason string on failure; the reasons never contain the secret.

use super::{Icon, ImportedEntry, MAX_ICON_BYTES};
use crate::account::{Algorithm, NewAccount, OtpKind, OtpParams, Secret};

/// An account under construction.
pub(crate) struct Draft {
    pub service: String,
    pub account: String,
    pub kind: OtpKind,
    pub algorithm: Algorithm,
    pub digits: i64,
    pub period: i64,
    pub counter: i64,
    pub secret: Option<Secret>,
    pub notes: String,
    pub favorite: bool,
}

impl Draft {
    /// A TOTP/SHA1/6/30 draft with the given names and no secret yet.
    pub fn new(service: impl Into<String>, account: impl Into<String>) -> Self {
        Draft {
            service: service.into(),
            account: account.into(),
            kind: OtpKind::Totp,
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: 30,
            counter: 0,
            secret: None,
            notes: String::new(),
            favorite: false,
        }
    }

    /// Set the kind from a type name (`totp`, `HOTP`, `steam`, `steamtotp`, …).
    pub fn kind(&mut self, name: &str) -> Result<(), String> {
        self.kind = match name.trim().to_ascii_lowercase().as_str() {
            "" | "totp" => OtpKind::Totp,
            "hotp" => OtpKind::Hotp,
            "steam" | "steamtotp" => OtpKind::Steam,
            other => return Err(format!("unsupported OTP type {:?}", short(other))),
        };
        Ok(())
    }

    /// Set the algorithm from its name; empty keeps SHA1.
    pub fn algorithm(&mut self, name: &str) -> Result<(), String> {
        if !name.trim().is_empty() {
            self.algorithm = Algorithm::parse(name.trim())
                .map_err(|_| format!("unsupported algorithm {:?}", short(name)))?;
        }
        Ok(())
    }

    /// Set digits, period and counter when present.
    pub fn numbers(&mut self, digits: Option<i64>, period: Option<i64>, counter: Option<i64>) {
        if let Some(d) = digits {
            self.digits = d;
        }
        if let Some(p) = period {
            self.period = p;
        }
        if let Some(c) = counter {
            self.counter = c;
        }
    }

    /// Set the secret from base32 text.
    pub fn secret_base32(&mut self, text: &str) -> Result<(), String> {
        let s = Secret::from_base32(text).map_err(|e| e.to_string())?;
        self.secret = Some(s);
        Ok(())
    }

    /// Set the secret from raw bytes.
    pub fn secret_bytes(&mut self, bytes: Vec<u8>) {
        self.secret = Some(Secret::from_bytes(bytes));
    }

    /// Validate and produce the account.
    pub fn finish(self) -> Result<NewAccount, String> {
        let secret = self.secret.ok_or("no secret")?;
        let mut otp = match self.kind {
            OtpKind::Steam => OtpParams::steam(secret),
            kind => OtpParams {
                kind,
                algorithm: self.algorithm,
                digits: u8::try_from(self.digits).map_err(|_| "digits out of range")?,
                period: if kind == OtpKind::Hotp && self.period <= 0 {
                    30
                } else {
                    u32::try_from(self.period).map_err(|_| "period out of range")?
                },
                counter: u64::try_from(self.counter).map_err(|_| "negative counter")?,
                secret,
            },
        };
        match otp.kind {
            OtpKind::Hotp => otp.period = 30,
            _ => otp.counter = 0,
        }
        let mut account = NewAccount::new(self.service, self.account, otp);
        account.notes = self.notes;
        account.favorite = self.favorite;
        account.validate().map_err(|e| e.to_string())?;
        Ok(account)
    }
}

/// Truncate a string from a file for use in a message (type names etc., never secrets).
pub(crate) fn short(s: &str) -> String {
    s.chars().take(32).collect()
}

/// A trimmed, non-empty group name.
pub(crate) fn group_name(name: &str) -> Option<String> {
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Remove a leading `"issuer:"` from `name` when it repeats `issuer`.
pub(crate) fn strip_issuer_prefix(name: &str, issuer: &str) -> String {
    if issuer.is_empty() {
        return name.trim().to_owned();
    }
    match name.strip_prefix(issuer).and_then(|r| r.strip_prefix(':')) {
        Some(rest) => rest.trim().to_owned(),
        None => name.trim().to_owned(),
    }
}

/// An icon if the declared MIME type (when there is one) is one otty keeps, the bytes really
/// are such an image and the size is reasonable. The MIME type is taken from the bytes.
pub(crate) fn icon(name: String, bytes: Vec<u8>, declared_mime: &str) -> Option<Icon> {
    let declared = declared_mime.trim().to_ascii_lowercase();
    let supported = [
        "",
        "image/png",
        "image/jpeg",
        "image/jpg",
        "image/svg+xml",
        "image/webp",
        "image/bmp",
        "image/x-ms-bmp",
    ];
    if !supported.contains(&declared.as_str()) || bytes.len() > MAX_ICON_BYTES {
        return None;
    }
    let (mime, ext) = sniff(&bytes)?;
    let name = match name.trim() {
        "" => format!("icon.{ext}"),
        n if n.contains('.') => n.to_owned(),
        n => format!("{n}.{ext}"),
    };
    Some(Icon {
        name,
        bytes,
        mime: mime.to_owned(),
    })
}

/// The image type of `bytes` by their magic numbers: `(mime, extension)`.
fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    let head = &bytes[..bytes.len().min(1024)];
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(("image/webp", "webp"))
    } else if bytes.starts_with(b"BM") && bytes.len() > 26 {
        Some(("image/bmp", "bmp"))
    } else if String::from_utf8_lossy(head).contains("<svg") {
        Some(("image/svg+xml", "svg"))
    } else {
        None
    }
}

/// Run a fallible entry builder and wrap its result.
pub(crate) fn entry(build: impl FnOnce() -> Result<NewAccount, String>) -> ImportedEntry {
    ImportedEntry::new(build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_steam_normalisation() {
        let mut d = Draft::new("Steam", "me");
        d.kind("STEAMTOTP").unwrap();
        d.algorithm("sha256").unwrap();
        d.numbers(Some(8), Some(40), Some(3));
        d.secret_base32("JBSWY3DPEHPK3PXP").unwrap();
        let a = d.finish().unwrap();
        assert_eq!(a.otp, OtpParams::steam(a.otp.secret.clone()));
        let mut d = Draft::new("", "x");
        d.kind("hotp").unwrap();
        d.numbers(None, Some(0), Some(9));
        d.secret_bytes(vec![1; 10]);
        let a = d.finish().unwrap();
        assert_eq!((a.otp.period, a.otp.counter), (30, 9));
    }

    #[test]
    fn reasons_never_quote_the_secret() {
        let mut d = Draft::new("a", "b");
        let reason = d.secret_base32("SECRETXX1SECRET").unwrap_err();
        assert!(!reason.contains("SECRET"), "{reason}");
        assert!(Draft::new("a", "b").finish().is_err());
        assert!(Draft::new("a", "b").kind("motp").is_err());
        let mut d = Draft::new("a", "b");
        d.secret_bytes(vec![1]);
        d.numbers(Some(300), None, None);
        assert!(d.finish().unwrap_err().contains("digits"));
    }

    #[test]
    fn icons_are_sniffed() {
        let png = b"\x89PNG\r\n\x1a\nrest".to_vec();
        let i = icon("uuid".into(), png.clone(), "").unwrap();
        assert_eq!(
            (i.name.as_str(), i.mime.as_str()),
            ("uuid.png", "image/png")
        );
        assert!(icon(String::new(), png, "image/gif").is_none());
        assert!(icon(String::new(), b"null".to_vec(), "image/png").is_none());
        let svg = icon(String::new(), b"<?xml?><svg/>".to_vec(), "image/svg+xml").unwrap();
        assert_eq!(svg.name, "icon.svg");
    }

    #[test]
    fn issuer_prefixes() {
        assert_eq!(strip_issuer_prefix("ACME:bob", "ACME"), "bob");
        assert_eq!(strip_issuer_prefix("ACME: bob", "ACME"), "bob");
        assert_eq!(strip_issuer_prefix("Other:bob", "ACME"), "Other:bob");
        assert_eq!(group_name("  "), None);
    }
}
