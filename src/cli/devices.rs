//! What every command that opens the vault sets up for several devices: the automatic backups
//! the config asks for (taken by the core after this process's changes), and one warning when
//! sync tools left conflict copies beside the vault.

use std::sync::atomic::{AtomicBool, Ordering};

use super::config;
use super::output::warn;
use crate::core::Vault;
use crate::core::vault::conflicts;

/// Set once the conflict copies were mentioned, or by `otty merge --conflicts`, which deals
/// with them instead.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Do not warn about conflict copies in this process.
pub fn quiet_conflicts() {
    QUIET.store(true, Ordering::Relaxed);
}

/// Apply the config's automatic backups to `vault`; warn about conflict copies beside it.
pub fn prepare(vault: &Vault) {
    vault.set_auto_backup(config::load().auto_backup(vault.path()));
    // Once per process: the note is about the directory, not about each opening.
    if let Some(note) = conflicts::note(vault.conflict_copies())
        && !QUIET.swap(true, Ordering::Relaxed)
    {
        warn(note);
    }
}
