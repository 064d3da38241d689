//! Opening the other vault of a merge (from a private copy: the file itself is never touched)
//! and unlocking it: `--passphrase-file`, else `OTTY_IMPORT_PASSWORD`, else this vault's own
//! password, else a prompt on the terminal.

use std::path::Path;

use crate::cli::error::{Context, Error, Result};
use crate::cli::passphrase::{self, ENV_IMPORT};
use crate::core;
use crate::core::vault::merge::OtherCopy;

/// Open and unlock the vault at `path`; `own` is this vault's password.
pub fn open(path: &Path, own: &[u8], passphrase_file: Option<&Path>) -> Result<OtherCopy> {
    let copy = OtherCopy::open(path).context(|| format!("cannot open {}", path.display()))?;
    let unlock = |pw: &[u8]| {
        copy.vault
            .unlock(pw)
            .context(|| format!("cannot unlock {}", path.display()))
    };
    if let Some(given) = passphrase::given(passphrase_file, ENV_IMPORT)? {
        unlock(&given)?;
        return Ok(copy);
    }
    match copy.vault.unlock(own) {
        Ok(()) => {}
        Err(core::Error::WrongPassword) => {
            let pw = passphrase::prompt(
                &format!("Password for {}: ", path.display()),
                false,
                &format!("{} has another password", path.display()),
                ENV_IMPORT,
            )?;
            unlock(&pw)?;
        }
        Err(error) => {
            return Err(Error::Core {
                context: format!("cannot unlock {}", path.display()),
                error,
            });
        }
    }
    Ok(copy)
}
