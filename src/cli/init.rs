//! `otty init`: create a new vault, never overwriting a file.

use super::args::{Global, InitArgs};
use super::error::{Context, Error, Result};
use super::output::{Out, warn};
use super::password::{self, Purpose};
use super::session;
use crate::core::{KdfParams, Vault};

/// Argon2id parameters from MiB, passes and lanes, checked by the core.
pub fn kdf_params(memory_mib: u32, iterations: u32, parallelism: u32) -> Result<KdfParams> {
    let memory_kib = memory_mib
        .checked_mul(1024)
        .ok_or_else(|| Error::usage("--kdf-memory is too large"))?;
    let kdf = KdfParams {
        memory_kib,
        iterations,
        parallelism,
    };
    kdf.validate()
        .context(|| "unusable key-derivation parameters".to_owned())?;
    if kdf.memory_kib < KdfParams::DEFAULT.memory_kib {
        warn(format!(
            "--kdf-memory {memory_mib} MiB is below the default of {} MiB: the password is cheaper to guess (use this for tests only)",
            KdfParams::DEFAULT.memory_kib / 1024
        ));
    }
    Ok(kdf)
}

/// Run `otty init`.
pub fn run(g: &Global, args: &InitArgs) -> Result<()> {
    let path = session::vault_path(g)?;
    // Checked again, atomically, by the core; this only spares the password prompt.
    if path.exists() {
        return Err(Error::Core {
            context: "cannot create the vault".to_owned(),
            error: crate::core::Error::AlreadyExists { path },
        });
    }
    let kdf = kdf_params(args.kdf_memory, args.kdf_iterations, args.kdf_parallelism)?;
    let pw = password::vault_password(g, &path, Purpose::Choose)?;
    password::check_strength(&pw, args.weak_password)?;
    let vault = Vault::create(&path, &pw, kdf).context(|| "cannot create the vault".to_owned())?;
    drop(vault);
    let mut out = Out::new();
    out.line(format!("created the vault {}", path.display()))?;
    out.finish()
}
