//! Finding, opening and unlocking the vault for a command.
//!
//! Commands get a [`Backend`]: the unlock agent's client when an agent holds the vault (no
//! password is asked, nothing is decrypted here), else the vault unlocked in this process with
//! the password from its source. They are written once, against the trait. An agent that
//! cannot be used (an unsafe socket directory, another protocol version) is named in a warning
//! and the password is asked as if there were none.
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
use super::password::{self, Password, Purpose};
use crate::agent::{Backend, Client};
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

/// Open the vault, get the password from its source and unlock (in this process, whether or
/// not an agent runs: `check` and `passwd` need the password itself).
pub fn open_unlocked(g: &Global) -> Result<Vault> {
    let vault = open(g)?;
    let pw = password::vault_password(g, vault.path(), Purpose::Unlock)?;
    unlock(&vault, &pw)?;
    Ok(vault)
}

/// The agent holding the vault at `path`, if one runs and can be used.
pub fn agent(path: &Path) -> Option<Client> {
    match Client::connect(path) {
        Ok(found) => found,
        Err(e) => {
            warn(format!("{e}; asking for the password instead"));
            None
        }
    }
}

/// The vault found, before any password: the agent that holds it, or the file opened here.
pub enum Opened {
    /// An unlock agent holds it.
    Agent(Client),
    /// Opened in this process, locked.
    Local(Box<Vault>),
}

/// The vault, ready to unlock: the agent, or the local file with its password.
pub enum Ready {
    /// An unlock agent holds it.
    Agent(Client),
    /// Opened here, with the password read.
    Local(Box<Vault>, Password),
}

/// Find the vault: its agent, else the file (a missing vault fails here, before any password).
pub fn find(g: &Global) -> Result<Opened> {
    let path = vault_path(g)?;
    if let Some(client) = agent(&path) {
        tracing::debug!("using the unlock agent");
        return Ok(Opened::Agent(client));
    }
    Ok(Opened::Local(Box::new(open(g)?)))
}

impl Opened {
    /// The vault file.
    pub fn path(&self) -> &Path {
        match self {
            Opened::Agent(c) => c.vault_path(),
            Opened::Local(v) => v.path(),
        }
    }

    /// Read the password from its source (the agent needs none; a password line on standard
    /// input is still read, so a secret on the next line stays where the caller put it).
    pub fn password(self, g: &Global) -> Result<Ready> {
        match self {
            Opened::Agent(c) => {
                if password::reads_stdin(g) {
                    drop(super::input::stdin_line("the password")?);
                }
                Ok(Ready::Agent(c))
            }
            Opened::Local(v) => {
                let pw = password::vault_password(g, v.path(), Purpose::Unlock)?;
                Ok(Ready::Local(v, pw))
            }
        }
    }
}

impl Ready {
    /// Unlock (one Argon2id run here; nothing through the agent) and warn once when the
    /// vault fails its integrity check.
    pub fn unlock(self) -> Result<Box<dyn Backend>> {
        let backend: Box<dyn Backend> = match self {
            Ready::Agent(c) => Box::new(c),
            Ready::Local(v, pw) => {
                unlock(&v, &pw)?;
                drop(pw);
                v
            }
        };
        warn_unverified(&*backend);
        Ok(backend)
    }
}

/// The vault for a command: through its agent, else unlocked here with the password.
pub fn backend(g: &Global) -> Result<Box<dyn Backend>> {
    find(g)?.password(g)?.unlock()
}

/// A vault handle in this process for a long-running face (the TUI, the server), unlocked with
/// the key of the agent that holds it; `None` when no agent does (the TUI locks the agent
/// itself when the user locks, see [`lock_agent`]).
pub fn unlocked_by_agent(path: &Path) -> Result<Option<Vault>> {
    let Some(client) = agent(path) else {
        return Ok(None);
    };
    let key = match client.key() {
        Ok(k) => k,
        Err(e) => {
            warn(format!("{e}; asking for the password instead"));
            return Ok(None);
        }
    };
    let vault = Vault::open(path).context(|| "cannot open the vault".to_owned())?;
    warn_loose_permissions(path);
    // Automatic backups, as for a vault opened by a command (the TUI and the server write).
    vault.set_auto_backup(super::config::load().auto_backup(path));
    if let Err(e) = vault.unlock_with_key(&key) {
        warn(format!(
            "the unlock agent's key does not open {} ({e}); asking for the password instead",
            path.display()
        ));
        return Ok(Some(vault));
    }
    drop(key);
    warn_unverified(&vault);
    Ok(Some(vault))
}

/// Lock the agent of the vault at `path`, if one runs (the TUI's lock).
pub fn lock_agent(path: &Path) {
    if let Ok(Some(c)) = Client::connect(path) {
        let _ = c.lock();
    }
}

/// Warn, once per process, when the vault file and its head disagree.
fn warn_unverified(vault: &dyn Backend) {
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
pub fn warn_corrupted(vault: &dyn Backend) -> Result<usize> {
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
