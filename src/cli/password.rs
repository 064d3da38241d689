//! Where the vault password comes from, first match wins: `--password-file`
//! (first line), `--password-stdin` (first line), `OTTY_PASSWORD`, else a prompt on the
//! terminal; with none of them, [`Error::NoPassword`] (exit 2). A flag given on the command
//! line beats the inherited environment variable.
//!
//! `passwd` gets the new password from `--new-password-file`, `OTTY_NEW_PASSWORD`, else the
//! terminal. New passwords are asked twice on a terminal, must not be empty, and must pass the
//! core's strength estimate ([`crate::core::password::assess`]) unless `--weak-password`. Passwords live
//! in zeroizing buffers and never reach a message or a log.

use std::io::Read;
use std::path::Path;

use zeroize::Zeroizing;

use super::args::Global;
use super::error::{Error, Result};
use super::input;

/// A password, zeroed on drop.
pub type Password = Zeroizing<Vec<u8>>;

/// Environment variable holding the vault password.
pub const ENV_PASSWORD: &str = "OTTY_PASSWORD";
/// Environment variable holding the new password for `passwd`.
pub const ENV_NEW_PASSWORD: &str = "OTTY_NEW_PASSWORD";

/// Whether a password is being checked against a vault or chosen for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Unlock an existing vault: asked once.
    Unlock,
    /// Choose a new password (`init`): asked twice on a terminal, must not be empty.
    Choose,
}

/// The vault password for `vault`, from the first source that has one.
pub fn vault_password(g: &Global, vault: &Path, purpose: Purpose) -> Result<Password> {
    let pw = if let Some(file) = &g.password_file {
        first_line_of(file)?
    } else if g.password_stdin {
        input::stdin_line("the password")?
    } else if let Some(pw) = from_env(ENV_PASSWORD)? {
        pw
    } else if input::is_interactive() {
        let prompt = match purpose {
            Purpose::Unlock => format!("Password for {}: ", vault.display()),
            Purpose::Choose => format!("New password for {}: ", vault.display()),
        };
        ask(&prompt, purpose == Purpose::Choose)?
    } else {
        return Err(Error::NoPassword);
    };
    if purpose == Purpose::Choose {
        check_new(&pw)?;
    }
    Ok(pw)
}

/// Whether [`vault_password`] would read the password from standard input.
pub fn reads_stdin(g: &Global) -> bool {
    g.password_file.is_none() && g.password_stdin
}

/// The new password for `passwd`.
pub fn new_password(file: Option<&Path>, vault: &Path) -> Result<Password> {
    let pw = if let Some(file) = file {
        first_line_of(file)?
    } else if let Some(pw) = from_env(ENV_NEW_PASSWORD)? {
        pw
    } else if input::is_interactive() {
        ask(&format!("New password for {}: ", vault.display()), true)?
    } else {
        return Err(Error::NoNewPassword);
    };
    check_new(&pw)?;
    Ok(pw)
}

fn check_new(pw: &[u8]) -> Result<()> {
    if pw.is_empty() {
        return Err(Error::usage("the new password is empty"));
    }
    Ok(())
}

/// Refuse a new password the core calls weak, saying why and what to do, unless `allow_weak`.
pub fn check_strength(pw: &[u8], allow_weak: bool) -> Result<()> {
    if allow_weak {
        return Ok(());
    }
    match crate::core::password::assess(pw).reason() {
        Some(reason) => Err(Error::usage(format!(
            "{reason} To use it anyway, give --weak-password."
        ))),
        None => Ok(()),
    }
}

/// The first line of a file, without its line ending.
pub(super) fn first_line_of(path: &Path) -> Result<Password> {
    let context = || format!("cannot read the password file {}", path.display());
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(context(), e))?;
    let mut bytes = Zeroizing::new(Vec::new());
    file.read_to_end(&mut bytes)
        .map_err(|e| Error::io(context(), e))?;
    let end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let mut line = Zeroizing::new(bytes[..end].to_vec());
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(line)
}

/// The value of an environment variable, if set.
pub(super) fn from_env(name: &str) -> Result<Option<Password>> {
    match std::env::var(name) {
        Ok(s) => Ok(Some(Zeroizing::new(Zeroizing::new(s).as_bytes().to_vec()))),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::usage(format!("{name} is not valid UTF-8")))
        }
    }
}

/// Prompt on the terminal (input hidden); `twice` asks again and compares.
pub(super) fn ask(prompt: &str, twice: bool) -> Result<Password> {
    let read = |p: &str| -> Result<Password> {
        rpassword::prompt_password(p)
            .map(|s| Zeroizing::new(Zeroizing::new(s).as_bytes().to_vec()))
            .map_err(|e| Error::io("cannot read the password from the terminal", e))
    };
    let first = read(prompt)?;
    if twice {
        let again = read("Repeat it: ")?;
        if first != again {
            return Err(Error::usage("the two passwords do not match"));
        }
    }
    Ok(first)
}
