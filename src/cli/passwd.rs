//! `otty passwd`: re-wrap the vault key under a new password (and optionally new Argon2id
//! parameters). Rows are not re-encrypted.

use super::args::{Global, PasswdArgs};
use super::error::{Context, Result};
use super::init::kdf_params;
use super::output::Out;
use super::password::{self, Purpose};
use super::session;

/// Run `otty passwd`.
pub fn run(g: &Global, args: &PasswdArgs) -> Result<()> {
    let vault = session::open(g)?;
    let kdf = if args.kdf_memory.is_some()
        || args.kdf_iterations.is_some()
        || args.kdf_parallelism.is_some()
    {
        let old = vault.kdf_params();
        Some(kdf_params(
            args.kdf_memory.unwrap_or(old.memory_kib / 1024),
            args.kdf_iterations.unwrap_or(old.iterations),
            args.kdf_parallelism.unwrap_or(old.parallelism),
        )?)
    } else {
        None
    };
    let current = password::vault_password(g, vault.path(), Purpose::Unlock)?;
    let new = password::new_password(args.new_password_file.as_deref(), vault.path())?;
    password::check_strength(&new, args.weak_password)?;
    session::unlock(&vault, &current)?;
    vault
        .change_password(&new, kdf)
        .context(|| "cannot change the password".to_owned())?;
    let mut out = Out::new();
    out.line(format!(
        "changed the password of {}",
        vault.path().display()
    ))?;
    out.finish()
}
