//! Tolerant base32 (RFC 4648) for OTP secrets.
//!
//! Secrets arrive lower case, padded, with spaces or dashes for readability, or with an odd
//! number of characters (`AA`, one byte). Decoding accepts all of that; encoding always gives
//! canonical upper-case text without padding, which every authenticator reads.

use data_encoding::{BASE32_NOPAD, Encoding, Specification};
use std::sync::OnceLock;

/// Decoder that ignores non-zero trailing bits (`AA` decodes to one zero byte).
fn lenient() -> &'static Encoding {
    static ENC: OnceLock<Encoding> = OnceLock::new();
    ENC.get_or_init(|| {
        let mut spec = Specification::new();
        spec.symbols.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        spec.check_trailing_bits = false;
        spec.encoding().unwrap_or_else(|_| BASE32_NOPAD.clone())
    })
}

/// Why a base32 string was refused. Never contains the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Base32Error {
    /// Nothing left after removing spaces and padding.
    #[error("the secret is empty")]
    Empty,
    /// Too few characters for even one byte (a single base32 character holds 5 bits).
    #[error("the secret is too short: base32 needs at least 2 characters for one byte")]
    TooShort,
    /// A character outside A–Z, 2–7 at the given position.
    #[error("the secret is not valid base32 (character {0} is not A-Z or 2-7)")]
    BadChar(usize),
}

/// Decode a secret written in base32, tolerating case, spaces, dashes, padding and lengths
/// that do not fill a whole byte (trailing bits are dropped).
pub fn decode(text: &str) -> Result<Vec<u8>, Base32Error> {
    let mut clean = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        match c {
            ' ' | '\t' | '-' | '=' | '\n' | '\r' => {}
            'a'..='z' => clean.push(c.to_ascii_uppercase()),
            'A'..='Z' | '2'..='7' => clean.push(c),
            _ => return Err(Base32Error::BadChar(i + 1)),
        }
    }
    if clean.is_empty() {
        return Err(Base32Error::Empty);
    }
    // Lengths 1, 3 and 6 (mod 8) hold fewer than a whole extra byte: drop the dangling symbol.
    while matches!(clean.len() % 8, 1 | 3 | 6) {
        clean.pop();
    }
    if clean.is_empty() {
        return Err(Base32Error::TooShort);
    }
    lenient()
        .decode(clean.as_bytes())
        .map_err(|e| Base32Error::BadChar(e.position + 1))
}

/// Encode bytes as upper-case base32 without padding.
pub fn encode(bytes: &[u8]) -> String {
    BASE32_NOPAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_too_short_secrets_say_which() {
        for (input, want) in [
            ("", Base32Error::Empty),
            ("  ==", Base32Error::Empty),
            ("A", Base32Error::TooShort),
            ("a-", Base32Error::TooShort),
        ] {
            assert_eq!(decode(input), Err(want), "{input:?}");
        }
        assert_eq!(decode("AA"), Ok(vec![0]));
    }

    #[test]
    fn tolerant_inputs_decode() {
        let canonical = decode("JBSWY3DPEHPK3PXP").unwrap();
        for input in [
            "jbswy3dpehpk3pxp",
            "JBSW Y3DP EHPK 3PXP",
            "JBSW-Y3DP-EHPK-3PXP",
            "JBSWY3DPEHPK3PXP====",
        ] {
            assert_eq!(decode(input).unwrap(), canonical, "{input}");
        }
        assert_eq!(decode("AA").unwrap(), vec![0]);
        assert_eq!(decode("HXDMVJECJJWSRBY=").unwrap().len(), 9);
    }

    #[test]
    fn refuses_empty_and_bad_chars() {
        assert_eq!(decode(""), Err(Base32Error::Empty));
        assert_eq!(decode("===="), Err(Base32Error::Empty));
        assert_eq!(decode("A"), Err(Base32Error::TooShort));
        assert_eq!(decode("AB1C"), Err(Base32Error::BadChar(3)));
        assert!(decode("ABCD!").is_err());
    }

    #[test]
    fn encode_round_trips() {
        for len in 1..70 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
        }
    }
}
