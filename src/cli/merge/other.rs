//! Opening the other vault of a merge (from a private copy: the file itself is never touched)
//! and unlocking it: `--passphrase-file`, else `OTTY_IMPORT_PASSWORD`, else this vault's own
//! password (or, when an unlock agent holds this vault, its key: a copy of the same vault opens
//! with it), else a prompt on the terminal.

use std::path::Path;

use crate::cli::error::{Context, Error, Result};
use crate::cli::passphrase::{self, ENV_IMPORT};
use crate::cli::password::Password;
use crate::core;
use crate::core::vault::VaultKey;
use crate::core::vault::merge::OtherCopy;

/// What unlocked this vault, tried on the other one before asking.
pub enum Own {
    /// This vault's password.
    Password(Password),
    /// The key of the unlock agent that holds this vault.
    Key(VaultKey),
}

/// Open and unlock the vault at `path`; `own` is what unlocked this vault.
pub fn open(path: &Path, own: &Own, passphrase_file: Option<&Path>) -> Result<OtherCopy> {
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
    let tried = match own {
        Own::Password(pw) => copy.vault.unlock(pw),
        Own::Key(key) => copy.vault.unlock_with_key(key),
    };
    match tried {
        Ok(()) => {}
        Err(core::Error::WrongPassword | core::Error::KeyChanged) => {
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
