//! The primitives foreign encrypted files use (scrypt, PBKDF2, SHA-256, AES-GCM, AES-CBC,
//! Argon2id), wrapped so
//! that parameters read from a file are capped before any work is done.
//!
//! All of them come from RustCrypto crates; nothing is hand-rolled here. Derived keys are
//! zeroed on drop.
//!
//! Under `cfg(fuzzing)` (set by cargo-fuzz for `fuzz/`) the caps are far lower, so one fuzz
//! execution derives a key in milliseconds; the checks themselves are the same code.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{Format, ImportError};

/// A derived 256-bit key.
pub(crate) type Key32 = Zeroizing<[u8; 32]>;

/// Most PBKDF2 iterations accepted from a file (Aegis's andOTP limit; a few seconds).
#[cfg(not(fuzzing))]
pub(crate) const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
/// Most PBKDF2 iterations accepted while fuzzing (2FAS's fixed 10,000 still passes).
#[cfg(fuzzing)]
pub(crate) const MAX_PBKDF2_ITERATIONS: u32 = 10_000;
/// Most scrypt memory accepted from a file: 128 · r · N bytes ≤ 256 MiB.
#[cfg(not(fuzzing))]
pub(crate) const MAX_SCRYPT_BYTES: u64 = 256 * 1024 * 1024;
/// Most scrypt memory accepted while fuzzing: 1 MiB (N = 1024, r = 8).
#[cfg(fuzzing)]
pub(crate) const MAX_SCRYPT_BYTES: u64 = 1024 * 1024;
/// Most scrypt parallelism accepted from a file.
pub(crate) const MAX_SCRYPT_P: u32 = 16;

/// scrypt with parameters from a file, after checking them.
pub(crate) fn scrypt(
    format: Format,
    password: &[u8],
    salt: &[u8],
    n: u64,
    r: u32,
    p: u32,
) -> Result<Key32, ImportError> {
    if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 {
        return Err(ImportError::damaged(format, "invalid scrypt parameters"));
    }
    if 128u64.saturating_mul(u64::from(r)).saturating_mul(n) > MAX_SCRYPT_BYTES || p > MAX_SCRYPT_P
    {
        return Err(ImportError::too_costly(
            format,
            format!("scrypt N={n} r={r} p={p}"),
        ));
    }
    let log_n = u8::try_from(n.trailing_zeros()).map_err(|_| ImportError::damaged(format, "N"))?;
    let params = scrypt::Params::new(log_n, r, p)
        .map_err(|_| ImportError::damaged(format, "invalid scrypt parameters"))?;
    let mut out = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password, salt, &params, out.as_mut())
        .map_err(|_| ImportError::damaged(format, "invalid scrypt parameters"))?;
    Ok(out)
}

/// PBKDF2-HMAC-SHA256 with an iteration count from a file, after checking it.
pub(crate) fn pbkdf2_sha256(
    format: Format,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
) -> Result<Key32, ImportError> {
    check_iterations(format, iterations)?;
    let mut out = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, iterations, out.as_mut());
    Ok(out)
}

/// PBKDF2-HMAC-SHA512 with an iteration count from a file, after checking it.
pub(crate) fn pbkdf2_sha512(
    format: Format,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
) -> Result<Key32, ImportError> {
    pbkdf2_with::<sha2::Sha512>(format, password, salt, iterations)
}

/// PBKDF2-HMAC-SHA1 with an iteration count from a file, after checking it.
pub(crate) fn pbkdf2_sha1(
    format: Format,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
) -> Result<Key32, ImportError> {
    pbkdf2_with::<sha1::Sha1>(format, password, salt, iterations)
}

/// PBKDF2 over HMAC-`D`, 32 bytes out, once the iteration count passed the cap.
fn pbkdf2_with<D>(
    format: Format,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
) -> Result<Key32, ImportError>
where
    D: hmac::EagerHash,
{
    check_iterations(format, iterations)?;
    let mut out = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<D>(password, salt, iterations, out.as_mut());
    Ok(out)
}

fn check_iterations(format: Format, iterations: u32) -> Result<(), ImportError> {
    if iterations == 0 {
        return Err(ImportError::damaged(format, "zero PBKDF2 iterations"));
    }
    if iterations > MAX_PBKDF2_ITERATIONS {
        return Err(ImportError::too_costly(
            format,
            format!("{iterations} PBKDF2 iterations"),
        ));
    }
    Ok(())
}

/// SHA-256 of the password, as andOTP's old format uses it as a key.
pub(crate) fn sha256_key(password: &[u8]) -> Key32 {
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(&Sha256::digest(password));
    out
}

/// AES-256-GCM open of `ct || tag` with a 12-byte nonce; `None` when it does not authenticate.
pub(crate) fn gcm_open(
    key: &[u8; 32],
    nonce: &[u8],
    ct_and_tag: &[u8],
    aad: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let nonce: [u8; 12] = nonce.try_into().ok()?;
    let cipher = Aes256Gcm::new(&(*key).into());
    cipher
        .decrypt(
            &Nonce::from(nonce),
            Payload {
                msg: ct_and_tag,
                aad,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

/// AES-256-CBC decryption with PKCS#7 padding; `None` when the length or the padding is wrong
/// (which is what a wrong key usually gives: CBC has no authentication).
pub(crate) fn cbc_open(key: &[u8; 32], iv: &[u8], ct: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use cbc::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::Pkcs7};
    let iv: [u8; 16] = iv.try_into().ok()?;
    cbc::Decryptor::<aes::Aes256>::new(&(*key).into(), &iv.into())
        .decrypt_padded_vec::<Pkcs7>(ct)
        .ok()
        .map(Zeroizing::new)
}

/// Argon2id (v1.3) with fixed or file-given parameters, checked by [`check_argon2`] first.
pub(crate) fn argon2id(
    format: Format,
    password: &[u8],
    salt: &[u8],
    params: crate::crypto::KdfParams,
) -> Result<crate::crypto::SecretKey, ImportError> {
    check_argon2(format, params)?;
    crate::crypto::derive_key(password, salt, params)
        .map_err(|_| ImportError::damaged(format, "invalid Argon2 parameters or salt"))
}

/// AES-256-GCM seal; returns `ct || tag`.
pub(crate) fn gcm_seal(key: &[u8; 32], nonce: &[u8; 12], plaintext: &[u8]) -> Option<Vec<u8>> {
    let cipher = Aes256Gcm::new(&(*key).into());
    cipher.encrypt(&Nonce::from(*nonce), plaintext).ok()
}

/// Most Argon2 memory accepted from a file, in KiB (1 GiB: Ente's web client starts there).
#[cfg(not(fuzzing))]
pub(crate) const MAX_ARGON2_KIB: u64 = 1024 * 1024;
/// Most Argon2 memory accepted while fuzzing, in KiB (1 MiB).
#[cfg(fuzzing)]
pub(crate) const MAX_ARGON2_KIB: u64 = 1024;
/// Most Argon2 memory accepted from an otty export, in KiB: a vault's own bound (4 GiB), as
/// sealed exports use their vault's parameters and must always import again.
#[cfg(not(fuzzing))]
pub(crate) const MAX_OTTY_ARGON2_KIB: u64 = crate::crypto::KdfParams::MAX.memory_kib as u64;
/// Most Argon2 memory accepted from an otty export while fuzzing, in KiB.
#[cfg(fuzzing)]
pub(crate) const MAX_OTTY_ARGON2_KIB: u64 = MAX_ARGON2_KIB;
/// Most Argon2 work accepted from a file, as KiB × passes: a vault header's bound (Ente keeps
/// 4 GiB · pass constant too).
#[cfg(not(fuzzing))]
pub(crate) const MAX_ARGON2_WORK: u64 = crate::crypto::KdfParams::MAX_WORK;
/// Most Argon2 work accepted while fuzzing, as KiB × passes.
#[cfg(fuzzing)]
pub(crate) const MAX_ARGON2_WORK: u64 = 2 * 1024;

/// Check Argon2 parameters from a file before deriving anything.
pub(crate) fn check_argon2(format: Format, p: crate::crypto::KdfParams) -> Result<(), ImportError> {
    check_argon2_up_to(format, p, MAX_ARGON2_KIB)
}

/// [`check_argon2`] with another memory bound, in KiB.
pub(crate) fn check_argon2_up_to(
    format: Format,
    p: crate::crypto::KdfParams,
    max_kib: u64,
) -> Result<(), ImportError> {
    let (m, t) = (u64::from(p.memory_kib), u64::from(p.iterations));
    if m > max_kib || t > 64 || m * t > MAX_ARGON2_WORK || p.parallelism > 16 {
        return Err(ImportError::too_costly(
            format,
            format!("Argon2 with {m} KiB, {t} passes, {} lanes", p.parallelism),
        ));
    }
    if m < 8 * u64::from(p.parallelism.max(1)) || t == 0 || p.parallelism == 0 {
        return Err(ImportError::damaged(format, "invalid Argon2 parameters"));
    }
    Ok(())
}
