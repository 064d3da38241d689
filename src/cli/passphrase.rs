//! The passphrase of a foreign or exported file: `--passphrase-file PATH` (first
//! line), else an environment variable (`OTTY_IMPORT_PASSWORD` for `import`,
//! `OTTY_EXPORT_PASSWORD` for `export`), else a prompt on the terminal. It is never the vault
//! password. Like passwords, passphrases live in zeroizing buffers and reach no message or log.

use std::path::Path;

use super::error::{Error, Result};
use super::input;
use super::password::{self, Password};

/// Environment variable holding the passphrase of a file to import.
pub const ENV_IMPORT: &str = "OTTY_IMPORT_PASSWORD";
/// Environment variable holding the passphrase to encrypt an export with.
pub const ENV_EXPORT: &str = "OTTY_EXPORT_PASSWORD";

/// The passphrase from `--passphrase-file` or the environment variable `env`, if either is set.
pub fn given(file: Option<&Path>, env: &'static str) -> Result<Option<Password>> {
    match file {
        Some(f) => password::first_line_of(f).map(Some),
        None => password::from_env(env),
    }
}

/// Ask on the terminal (twice when choosing one). Without a terminal: [`Error::NoPassphrase`]
/// saying `what` needs it.
pub fn prompt(prompt: &str, twice: bool, what: &str, env: &'static str) -> Result<Password> {
    if !input::is_interactive() {
        return Err(Error::NoPassphrase {
            what: what.to_owned(),
            env,
        });
    }
    password::ask(prompt, twice)
}
