//! Key derivation and sealing: Argon2id turns a password into a key, XChaCha20-Poly1305 seals
//! every sensitive value.
//!
//! Key types live in [`Locked`] memory (mlocked where the OS allows, wiped on drop) and
//! implement neither `Debug` nor `Display`. A [`Sealer`] keeps only the key and builds the
//! cipher on the stack for each call (the cipher wipes its key copy on drop). A sealed blob
//! is `nonce (24 bytes) || ciphertext || tag (16 bytes)`, with a fresh random nonce per seal and
//! the caller's associated data (`otty/v1/<table>/<row id>`) binding it to its place.

use argon2::{Argon2, Params, Version};
use chacha20poly1305::aead::Aead;
use chacha20poly1305::aead::Payload;
use chacha20poly1305::{Key, KeyInit, XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use super::error::{Error, Result};
use crate::hardening::Locked;

/// Bytes of nonce in front of each sealed blob.
pub const NONCE_LEN: usize = 24;
/// Bytes of authentication tag at the end of each sealed blob.
pub const TAG_LEN: usize = 16;
/// Bytes of Argon2 salt.
pub const SALT_LEN: usize = 16;

/// Argon2id cost parameters, as stored in the vault header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfParams {
    /// Defaults for new vaults: about 0.5 s per unlock on a 2-core machine (docs/BENCHMARKS.md).
    pub const DEFAULT: KdfParams = KdfParams {
        memory_kib: 128 * 1024,
        iterations: 5,
        parallelism: 1,
    };
    /// The smallest memory accepted, for tests (8 MiB).
    pub const MIN_MEMORY_KIB: u32 = 8 * 1024;
    /// The cheapest parameters a vault accepts (8 MiB, one pass, one lane): for tests, demos
    /// and benchmarks, never for a vault that holds real secrets.
    pub const CHEAPEST: KdfParams = KdfParams {
        memory_kib: KdfParams::MIN_MEMORY_KIB,
        iterations: 1,
        parallelism: 1,
    };
    /// Upper bounds of each parameter alone (4 GiB, 64 passes, 16 lanes); their product is
    /// bounded too, by [`KdfParams::MAX_WORK`].
    ///
    /// Lanes are capped at 16 and add no work: this build of argon2 fills them one after
    /// another (no `parallel` feature), so they split the memory rather than multiply it.
    pub const MAX: KdfParams = KdfParams {
        memory_kib: 4 * 1024 * 1024,
        iterations: 64,
        parallelism: 16,
    };
    /// Most work accepted, as memory in KiB × passes: 4 GiB·passes.
    ///
    /// Why this number: the defaults (128 MiB × 5 passes = 640 MiB·passes) take about 0.5 s
    /// on a 2-core machine (docs/BENCHMARKS.md), so the cap is 6.4 times the default, about
    /// 3.5 s there. That leaves room for anyone who raises the cost on purpose (4 GiB × 1,
    /// 1 GiB × 4, 512 MiB × 8, 128 MiB × 32 passes all pass), while a header edited to the
    /// maxima of each field (4 GiB × 64 passes, 64 times the cap: minutes of work) is refused
    /// before any work is done. `otty init` and `otty passwd` apply the same check, so every
    /// setting otty lets a user choose also opens. It is also the bound on foreign files'
    /// Argon2 work (Ente keeps 4 GiB·pass constant), so a sealed export, made with the vault's
    /// own parameters, always imports again.
    pub const MAX_WORK: u64 = 4 * 1024 * 1024;

    /// Check the parameters lie within [`KdfParams::MIN_MEMORY_KIB`] and [`KdfParams::MAX`],
    /// and that memory × passes is at most [`KdfParams::MAX_WORK`].
    pub fn validate(&self) -> Result<()> {
        if self.memory_kib < Self::MIN_MEMORY_KIB || self.memory_kib > Self::MAX.memory_kib {
            return Err(Error::invalid(
                "kdf-memory",
                "must be between 8 MiB and 4096 MiB",
            ));
        }
        if self.iterations == 0 || self.iterations > Self::MAX.iterations {
            return Err(Error::invalid("kdf-iterations", "must be between 1 and 64"));
        }
        if self.parallelism == 0 || self.parallelism > Self::MAX.parallelism {
            return Err(Error::invalid(
                "kdf-parallelism",
                "must be between 1 and 16",
            ));
        }
        if u64::from(self.memory_kib) * u64::from(self.iterations) > Self::MAX_WORK {
            return Err(Error::invalid(
                "kdf-work",
                format!(
                    "memory × passes must be at most {} MiB × passes (e.g. 1024 MiB × 4 passes)",
                    Self::MAX_WORK / 1024
                ),
            ));
        }
        if self.memory_kib < 8 * self.parallelism {
            return Err(Error::invalid(
                "kdf-memory",
                "too small for the parallelism",
            ));
        }
        Ok(())
    }
}

/// A 256-bit symmetric key in locked memory. Wiped on drop; cannot be printed.
#[derive(Clone)]
pub struct SecretKey(Locked<[u8; 32]>);

impl SecretKey {
    /// A fresh random key, drawn straight into locked memory.
    pub fn random() -> Result<Self> {
        let mut k = Locked::zeroed();
        getrandom::fill(k.as_mut()).map_err(|_| Error::Random)?;
        Ok(SecretKey(k))
    }

    /// Copy a 32-byte key straight into locked memory (no intermediate copy on the stack);
    /// `None` when the slice is not 32 bytes long. The caller wipes its own buffer.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != 32 {
            return None;
        }
        let mut k = Locked::zeroed();
        k.copy_from_slice(bytes);
        Some(SecretKey(k))
    }

    /// The key bytes, for wrapping.
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    /// A cipher keyed with (a locked copy of) this key.
    pub fn cipher(&self) -> Sealer {
        Sealer(self.clone())
    }
}

/// Derive a key from a password with Argon2id. Takes as long as the parameters say.
pub fn derive_key(password: &[u8], salt: &[u8], params: KdfParams) -> Result<SecretKey> {
    let p = Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(32),
    )
    .map_err(|e| Error::invalid("kdf", e.to_string()))?;
    let argon = Argon2::new(argon2::Algorithm::Argon2id, Version::V0x13, p);
    let mut out = Locked::<[u8; 32]>::zeroed();
    argon
        .hash_password_into(password, salt, out.as_mut())
        .map_err(|e| Error::invalid("kdf", e.to_string()))?;
    Ok(SecretKey(out))
}

/// Random bytes from the OS.
pub fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|_| Error::Random)?;
    Ok(b)
}

/// An XChaCha20-Poly1305 cipher bound to one key, held in locked memory.
pub struct Sealer(SecretKey);

/// The sealed blob did not authenticate (wrong key, altered bytes or wrong associated data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenError;

impl Sealer {
    /// The cipher for one call: a stack value that wipes its key copy when dropped.
    fn aead(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(<&Key>::from(self.0.expose()))
    }

    /// Seal `plaintext` with a fresh random nonce, bound to `aad`.
    pub fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>> {
        let nonce: [u8; NONCE_LEN] = random_bytes()?;
        let ct = self
            .aead()
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .map_err(|_| Error::invalid("plaintext", "too long to seal"))?;
        let mut out = Vec::with_capacity(NONCE_LEN + ct.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// Open a blob made by [`Sealer::seal`] with the same `aad`.
    pub fn open(&self, blob: &[u8], aad: &[u8]) -> Result<Zeroizing<Vec<u8>>, OpenError> {
        if blob.len() < NONCE_LEN + TAG_LEN {
            return Err(OpenError);
        }
        let (nonce, ct) = blob.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| OpenError)?;
        self.aead()
            .decrypt(&XNonce::from(nonce), Payload { msg: ct, aad })
            .map(Zeroizing::new)
            .map_err(|_| OpenError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_binding() {
        let key = SecretKey::random().unwrap();
        let s = key.cipher();
        let blob = s.seal(b"hello", b"otty/v1/accounts/1").unwrap();
        assert_eq!(&*s.open(&blob, b"otty/v1/accounts/1").unwrap(), b"hello");
        assert_eq!(s.open(&blob, b"otty/v1/accounts/2"), Err(OpenError));
        let mut bad = blob.clone();
        bad[30] ^= 1;
        assert_eq!(s.open(&bad, b"otty/v1/accounts/1"), Err(OpenError));
        assert_eq!(s.open(&blob[..10], b"otty/v1/accounts/1"), Err(OpenError));
        let other = SecretKey::random().unwrap().cipher();
        assert_eq!(other.open(&blob, b"otty/v1/accounts/1"), Err(OpenError));
    }

    #[test]
    fn nonces_are_fresh() {
        let s = SecretKey::random().unwrap().cipher();
        assert_ne!(s.seal(b"x", b"a").unwrap(), s.seal(b"x", b"a").unwrap());
    }

    #[test]
    fn kdf_is_deterministic_and_salted() {
        let p = KdfParams::CHEAPEST;
        let a = derive_key(b"pw", &[1; 16], p).unwrap();
        let b = derive_key(b"pw", &[1; 16], p).unwrap();
        let c = derive_key(b"pw", &[2; 16], p).unwrap();
        assert_eq!(a.expose(), b.expose());
        assert_ne!(a.expose(), c.expose());
    }

    #[test]
    fn kdf_params_bounds() {
        assert!(KdfParams::DEFAULT.validate().is_ok());
        let small = KdfParams {
            memory_kib: 1024,
            ..KdfParams::DEFAULT
        };
        assert!(small.validate().is_err());
        let many = KdfParams {
            iterations: 0,
            ..KdfParams::DEFAULT
        };
        assert!(many.validate().is_err());
    }

    #[test]
    fn kdf_work_is_capped_as_a_product() {
        let p = |mib: u32, passes: u32| KdfParams {
            memory_kib: mib * 1024,
            iterations: passes,
            parallelism: 1,
        };
        // Each within its own bound, but together minutes of work.
        let e = p(4096, 64).validate().unwrap_err().to_string();
        assert!(e.contains("memory × passes"), "{e}");
        assert!(p(4096, 2).validate().is_err());
        assert!(p(1025, 4).validate().is_err());
        // Raised costs a user may choose on purpose still pass, up to the cap exactly.
        for (mib, passes) in [(4096, 1), (1024, 4), (512, 8), (64, 64), (128, 5)] {
            assert!(p(mib, passes).validate().is_ok(), "{mib} MiB × {passes}");
        }
    }
}
