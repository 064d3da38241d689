//! What every command that opens the vault sets up for several devices: the automatic backups
//! the config asks for (taken by the core after this process's changes).

use super::config;
use crate::core::Vault;

/// Apply the config's automatic backups to `vault`.
pub fn prepare(vault: &Vault) {
    vault.set_auto_backup(config::load().auto_backup(vault.path()));
}
