//! What unlocks the three files of a git merge. git hands the driver temporary files, but with
//! `%P` also the merged file's path in the work tree (relative to the repository's top level,
//! the driver's working directory): when an unlock agent holds the vault there, its key opens
//! the three copies (no Argon2id, no password), and each must be a copy of that vault (its
//! vault id). Otherwise the vault password comes from `--password-file` or `OTTY_PASSWORD`;
//! with neither, one sentence says what to do.

use std::path::{Path, PathBuf};

use crate::cli::args::Global;
use crate::cli::error::{Context, Error, Result};
use crate::cli::output::warn;
use crate::cli::password::{self, Password, Purpose};
use crate::cli::session;
use crate::core::vault::VaultKey;
use crate::core::{self, Vault};

/// One of git's three files, named by its role for messages (the files themselves are
/// temporary names the user never saw).
#[derive(Clone, Copy)]
pub struct Side<'a> {
    /// "our version", "their version", "the common ancestor".
    role: &'static str,
    /// git's placeholder for it: "%A", "%B", "%O".
    placeholder: &'static str,
    /// The file git gave.
    pub file: &'a Path,
}

impl<'a> Side<'a> {
    /// git's %A, where the result goes.
    pub fn ours(file: &'a Path) -> Self {
        Side {
            role: "our version",
            placeholder: "%A",
            file,
        }
    }

    /// git's %B.
    pub fn theirs(file: &'a Path) -> Self {
        Side {
            role: "their version",
            placeholder: "%B",
            file,
        }
    }

    /// git's %O.
    pub fn ancestor(file: &'a Path) -> Self {
        Side {
            role: "the common ancestor",
            placeholder: "%O",
            file,
        }
    }
}

impl std::fmt::Display for Side<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}, {})",
            self.role,
            self.placeholder,
            self.file.display()
        )
    }
}

/// How the copies are unlocked.
pub enum Opener {
    /// The key of the unlock agent that holds `vault`.
    Agent {
        /// The agent's vault key.
        key: VaultKey,
        /// The vault it holds (absolute, canonical).
        vault: PathBuf,
    },
    /// The vault password, from its non-interactive sources (or a terminal, if git left one).
    Password(Password),
}

impl Opener {
    /// The agent's key when `path` (git's %P) names a vault an agent holds, else the password.
    pub fn find(g: &Global, path: Option<&Path>, ours: &Path) -> Result<Opener> {
        let vault = path.map(resolve).transpose()?;
        if let Some(vault) = vault.as_deref()
            && let Some(key) = agent_key(vault)
        {
            tracing::debug!("merging with the unlock agent's key");
            return Ok(Opener::Agent {
                key,
                vault: vault.to_owned(),
            });
        }
        // A prompt (when git left a terminal) names the vault, not git's temporary file.
        let named = vault.as_deref().unwrap_or(ours);
        match password::vault_password(g, named, Purpose::Unlock) {
            Ok(pw) => Ok(Opener::Password(pw)),
            Err(Error::NoPassword) => Err(Error::usage(no_way_to_unlock(vault.as_deref()))),
            Err(e) => Err(e),
        }
    }

    /// Unlock `vault`, opened from `side`'s file.
    pub fn unlock(&self, vault: &Vault, side: Side<'_>) -> Result<()> {
        let context = || format!("cannot unlock {side}");
        let (key, held) = match self {
            Opener::Password(pw) => return vault.unlock(pw).context(context),
            Opener::Agent { key, vault } => (key, vault),
        };
        if let Some(id) = vault.id()
            && id != key.vault_id()
        {
            return Err(Error::usage(format!(
                "refusing to merge: {side} is not a copy of {}, the vault the unlock agent holds \
                 (another vault id); resolve the conflict by hand, e.g. with `otty merge`",
                held.display()
            )));
        }
        match vault.unlock_with_key(key) {
            Ok(()) => Ok(()),
            Err(core::Error::KeyChanged) => Err(Error::usage(format!(
                "the unlock agent's key for {} does not open {side}: it was written under another \
                 password (`otty passwd` on one side) or an older vault format; resolve the \
                 conflict by hand, e.g. with `otty merge`",
                held.display()
            ))),
            Err(error) => Err(Error::Core {
                context: context(),
                error,
            }),
        }
    }
}

/// git's %P (relative to the working directory, the repository's top level) as the absolute,
/// canonical path an agent is found by.
fn resolve(path: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(path)
        .map_err(|e| Error::io("cannot resolve the merged file's path", e))?;
    Ok(std::fs::canonicalize(&absolute).unwrap_or(absolute))
}

/// The key of the agent holding `vault`, if one runs and gives it (a warning says why not).
fn agent_key(vault: &Path) -> Option<VaultKey> {
    let client = session::agent(vault)?;
    match client.key() {
        Ok(key) => Some(key),
        Err(e) => {
            warn(format!("{e}; using the password instead"));
            None
        }
    }
}

/// What to do when neither an agent nor a password source is there, in one sentence.
fn no_way_to_unlock(vault: Option<&Path>) -> String {
    match vault {
        Some(vault) => format!(
            "cannot unlock {} to merge it: no unlock agent holds it and git gives the driver no \
             terminal, so run `otty unlock --vault {}`, or set OTTY_PASSWORD",
            vault.display(),
            vault.display()
        ),
        None => "cannot unlock the vault to merge it: git gives the driver no terminal, so give \
                 it the vault's path (`git config merge.otty.driver \"otty merge-driver %O %A %B \
                 %P\"`) and run `otty unlock` for that vault, or set OTTY_PASSWORD"
            .to_owned(),
    }
}
