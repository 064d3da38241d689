//! Writing an export file safely, shared by `otty export --output` and the TUI's export
//! screen: the file is created with mode 0600 and never replaces anything that exists (the
//! check and the creation are one `O_CREAT | O_EXCL` open, so there is no race). A failed
//! write removes the half-written file.

use std::collections::HashMap;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use super::ExportEntry;
use crate::account::Account;
use crate::import::Icon;
use crate::vault::Vault;

fn create_new(path: &Path) -> std::io::Result<fs::File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// Create `path` (mode 0600) holding `bytes`; fails with `AlreadyExists` if anything is there.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = create_new(path)?;
    let done = f.write_all(bytes).and_then(|()| f.sync_all());
    if done.is_err() {
        let _ = fs::remove_file(path);
    }
    done
}

/// The icon images the vault holds for `accounts`, by file name, ready for [`entries`].
/// An icon that cannot be read (missing or failing its check) is left out.
pub fn icons_of(vault: &Vault, accounts: &[Account]) -> HashMap<String, Icon> {
    accounts
        .iter()
        .filter_map(|a| a.data.icon.as_deref())
        .filter_map(|name| {
            let stored = vault.icon(name).ok().flatten()?;
            Some((
                name.to_owned(),
                Icon {
                    name: name.to_owned(),
                    bytes: stored.bytes,
                    mime: stored.mime,
                },
            ))
        })
        .collect()
}

/// The vault's accounts as export entries, each with its group's name from `groups`
/// (group id → name) and its icon image from `icons` (see [`icons_of`]).
pub fn entries<'a>(
    accounts: &'a [Account],
    groups: &'a HashMap<i64, String>,
    icons: &'a HashMap<String, Icon>,
) -> Vec<ExportEntry<'a>> {
    accounts
        .iter()
        .map(|a| ExportEntry {
            account: &a.data,
            group: a
                .data
                .group_id
                .and_then(|id| groups.get(&id))
                .map(String::as_str),
            icon: a.data.icon.as_deref().and_then(|name| icons.get(name)),
        })
        .collect()
}
