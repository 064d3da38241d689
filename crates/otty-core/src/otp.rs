//! RFC 4226 (HOTP), RFC 6238 (TOTP) and Steam Guard codes.
//!
//! Pure functions: the moment (unix time or counter) is an input, so tests and `--at` use the
//! same path as live codes. One entry point, [`generate`], serves every kind and algorithm.
//! Secrets of any length work (HMAC pads short keys), and MD5's 16-byte digest is read as if
//! zero-extended when the RFC 4226 offset points past its end, as 2FAuth does.

use std::fmt::Write as _;

use hmac::{EagerHash, Hmac, KeyInit, Mac};
use zeroize::Zeroizing;

use super::account::{Algorithm, OtpKind, OtpParams};

/// Steam Guard's 26-symbol alphabet.
pub const STEAM_ALPHABET: &[u8; 26] = b"23456789BCDFGHJKMNPQRTVWXY";

/// A code with the moment it belongs to.
#[derive(Clone, PartialEq, Eq)]
pub struct Code {
    /// The code text (digits, or Steam symbols). Treat as secret.
    pub text: Zeroizing<String>,
    /// The counter the code was computed for (time step for TOTP).
    pub counter: u64,
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Code")
            .field("text", &"[redacted]")
            .field("counter", &self.counter)
            .finish()
    }
}

/// The time step of `unix` for a `period` (TOTP's T). Times before 1970 count as step 0.
pub fn time_step(unix: i64, period: u32) -> u64 {
    let period = u64::from(period.max(1));
    u64::try_from(unix).unwrap_or(0) / period
}

/// Seconds left in the period that holds `unix`.
pub fn remaining(unix: i64, period: u32) -> u32 {
    let period = i64::from(period.max(1));
    (period - unix.rem_euclid(period)) as u32
}

/// Compute the code for `params` at `unix` time (TOTP, Steam) or at `params.counter` (HOTP).
pub fn generate(params: &OtpParams, unix: i64) -> Code {
    let counter = match params.kind {
        OtpKind::Hotp => params.counter,
        OtpKind::Totp | OtpKind::Steam => time_step(unix, params.period),
    };
    at_counter(params, counter)
}

/// Compute the code for an explicit counter (time step for TOTP and Steam).
pub fn at_counter(params: &OtpParams, counter: u64) -> Code {
    let value = truncate(params.algorithm, params.secret.expose(), counter);
    let text = match params.kind {
        OtpKind::Steam => steam_encode(value, 5),
        OtpKind::Totp | OtpKind::Hotp => decimal(value, params.digits),
    };
    Code {
        text: Zeroizing::new(text),
        counter,
    }
}

/// RFC 4226 §5.3 dynamic truncation of HMAC(secret, counter): a 31-bit value.
pub fn truncate(algorithm: Algorithm, secret: &[u8], counter: u64) -> u32 {
    let message = counter.to_be_bytes();
    // The digest stays on the stack (a code is asked for on every API request) and is zeroed.
    let mut digest = Zeroizing::new([0u8; 64]);
    let len = match algorithm {
        Algorithm::Sha1 => mac::<sha1::Sha1>(secret, &message, &mut digest),
        Algorithm::Sha256 => mac::<sha2::Sha256>(secret, &message, &mut digest),
        Algorithm::Sha512 => mac::<sha2::Sha512>(secret, &message, &mut digest),
        Algorithm::Md5 => mac::<md5::Md5>(secret, &message, &mut digest),
    };
    let digest = &digest[..len];
    let offset = usize::from(digest[len - 1] & 0x0f);
    // Bytes past the end of a short (MD5) digest count as zero.
    let byte = |i: usize| u32::from(digest.get(offset + i).copied().unwrap_or(0));
    ((byte(0) & 0x7f) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3)
}

/// HMAC of `message` under `secret` into the front of `out`; its length (at most 64 bytes,
/// SHA-512's).
fn mac<D: EagerHash>(secret: &[u8], message: &[u8], out: &mut [u8; 64]) -> usize {
    // HMAC accepts keys of any length, so this never fails; an empty result is impossible.
    match <Hmac<D> as KeyInit>::new_from_slice(secret) {
        Ok(mut m) => {
            m.update(message);
            let bytes = m.finalize().into_bytes();
            let len = bytes.len().min(out.len());
            out[..len].copy_from_slice(&bytes[..len]);
            len
        }
        Err(_) => 20,
    }
}

/// `value mod 10^digits`, left-padded with zeros. Digits above 9 keep the whole 31-bit value
/// (it has at most 10 decimal digits), padded to the length asked for.
fn decimal(value: u32, digits: u8) -> String {
    let digits = usize::from(digits.clamp(1, 10));
    let modulus = 10u64.pow(digits as u32);
    let mut text = String::with_capacity(digits);
    // Writing to a String never fails.
    let _ = write!(text, "{:0digits$}", u64::from(value) % modulus);
    text
}

/// Steam's encoding: `digits` symbols, least significant first, base 26.
pub fn steam_encode(mut value: u32, digits: usize) -> String {
    let mut out = String::with_capacity(digits);
    for _ in 0..digits {
        out.push(char::from(STEAM_ALPHABET[(value % 26) as usize]));
        value /= 26;
    }
    out
}

/// Format a code for reading: `123 456`, `1234 5678`, `123 4567`; Steam codes stay as they are.
pub fn grouped(code: &str) -> String {
    let n = code.chars().count();
    if n < 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return code.to_owned();
    }
    let split = n / 2;
    let (a, b) = code.split_at(split);
    format!("{a} {b}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::Secret;

    #[test]
    fn md5_short_digest_never_panics() {
        for counter in 0..2000 {
            let v = truncate(Algorithm::Md5, b"12345678901234567890", counter);
            assert!(v <= 0x7fff_ffff);
        }
    }

    #[test]
    fn ten_digits_are_padded() {
        assert_eq!(decimal(1_284_755_224, 10), "1284755224");
        assert_eq!(decimal(5, 10), "0000000005");
        assert_eq!(decimal(1_284_755_224, 6), "755224");
    }

    #[test]
    fn remaining_and_steps() {
        assert_eq!(remaining(59, 30), 1);
        assert_eq!(remaining(60, 30), 30);
        assert_eq!(remaining(-1, 30), 1);
        assert_eq!(time_step(59, 30), 1);
        assert_eq!(time_step(-5, 30), 0);
    }

    #[test]
    fn one_byte_secret_works() {
        let p = OtpParams::totp(Secret::from_bytes(vec![0]));
        assert_eq!(generate(&p, 0).text.len(), 6);
    }

    #[test]
    fn grouping() {
        assert_eq!(grouped("123456"), "123 456");
        assert_eq!(grouped("12345678"), "1234 5678");
        assert_eq!(grouped("1234567"), "123 4567");
        assert_eq!(grouped("GJ2F4"), "GJ2F4");
    }
}
