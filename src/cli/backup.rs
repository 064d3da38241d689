//! `otty backup PATH [--force]`: a consistent copy of the vault, taken while other otty
//! processes may be using it ([`crate::core::Vault::backup_to`]). The copy is sealed as the
//! vault is and opens with the same password; it is created 0600 and never replaces a file
//! without `--force`. No password is needed: sealed rows are copied as they are.

use super::args::{BackupArgs, Global};
use super::error::{Context, Error, Result};
use super::output::Out;
use super::session;
use crate::core;

/// Run `otty backup`.
pub fn run(g: &Global, args: &BackupArgs) -> Result<()> {
    let vault = session::open(g)?;
    let target = std::path::absolute(&args.path)
        .map_err(|e| Error::io("cannot resolve the backup path", e))?;
    match vault.backup_to(&target, args.force) {
        Err(core::Error::AlreadyExists { path }) => Err(Error::Exists {
            path: path.display().to_string(),
        }),
        done => done.context(|| format!("cannot back up to {}", target.display())),
    }?;
    let mut out = Out::new();
    out.line(format!(
        "backed up {} to {}",
        vault.path().display(),
        target.display()
    ))?;
    out.finish()
}
