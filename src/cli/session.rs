//! Finding, opening and unlocking the vault for a command.
//!
//! The path is `--vault`, else `OTTY_VAULT` (clap reads both), else `vault.otty` in the user's
//! data directory. A relative path, including a bare name such as `v.otty`, is taken from the
//! current directory and made absolute so messages show where the file is. A missing vault is
//! [`crate::core::Error::NoVault`] ("create one with `otty init`"), exit 1. A vault file that
//! other users may read or write gets one warning on stderr per process.

use std::path::{Path, PathBuf};
use std::sync::Once;

use super::args::Global;
use super::error::{Context, Error, Result};
use super::output::warn;
use super::password::{self, Purpose};
use crate::core::Vault;

/// File name of the default vault in the data directory.
pub const DEFAULT_FILE: &str = "vault.otty";

/// The vault path for this invocation, absolute.
pub fn vault_path(g: &Global) -> Result<PathBuf> {
    let path = match &g.vault {
        Some(p) if p.as_os_str().is_empty() => {
            return Err(Error::usage("--vault (or OTTY_VAULT) is empty"));
        }
        Some(p) => p.clone(),
        None => directories::ProjectDirs::from("", "", "otty")
            .map(|d| d.data_dir().join(DEFAULT_FILE))
            .ok_or_else(|| {
                Error::usage(
                    "cannot find a data directory for the default vault; give --vault PATH or set OTTY_VAULT",
                )
            })?,
    };
    std::path::absolute(&path).map_err(|e| Error::io("cannot resolve the vault path", e))
}

/// Open the vault, locked. Fails before any password is asked for when there is no vault.
pub fn open(g: &Global) -> Result<Vault> {
    let path = vault_path(g)?;
    tracing::debug!(path = %path.display(), "opening vault");
    let vault = Vault::open(&path).context(|| "cannot open the vault".to_owned())?;
    warn_loose_permissions(&path);
    super::devices::prepare(&vault);
    Ok(vault)
}

/// Warn, once per process, when group or other users may read or write the vault file.
fn warn_loose_permissions(path: &Path) {
    static ONCE: Once = Once::new();
    if let Some(mode) = crate::core::hardening::loose_permissions(path) {
        ONCE.call_once(|| warn(crate::core::hardening::permission_warning(path, mode)));
    }
}

/// Unlock `vault` with `password` (one Argon2id run). Wrong password: exit 4, nothing written.
pub fn unlock(vault: &Vault, password: &[u8]) -> Result<()> {
    vault
        .unlock(password)
        .context(|| format!("cannot unlock {}", vault.path().display()))?;
    tracing::debug!("vault unlocked");
    warn_unverified(vault);
    Ok(())
}

/// Open the vault, get the password from its source and unlock.
pub fn open_unlocked(g: &Global) -> Result<Vault> {
    let vault = open(g)?;
    let pw = password::vault_password(g, vault.path(), Purpose::Unlock)?;
    unlock(&vault, &pw)?;
    Ok(vault)
}

/// Warn, once per process, when the vault file and its head disagree.
fn warn_unverified(vault: &Vault) {
    static ONCE: Once = Once::new();
    if let Ok(problems) = vault.problems()
        && !problems.is_empty()
    {
        ONCE.call_once(|| {
            warn(format!(
                "the vault failed its integrity check ({} problem(s), e.g. {}): HOTP and backup codes, verify and API tokens are refused; run `otty check`",
                problems.len(),
                problems[0]
            ))
        });
    }
}

/// Print a warning naming every row that failed its integrity check.
pub fn warn_corrupted(vault: &Vault) -> Result<usize> {
    let bad = vault
        .corrupted()
        .context(|| "cannot read the vault".to_owned())?;
    for (table, id) in &bad {
        let what = if *table == "groups" {
            "group"
        } else {
            "account"
        };
        warn(format!(
            "{what} row {id} failed its integrity check (corrupted or tampered with) and is skipped"
        ));
    }
    Ok(bad.len())
}
