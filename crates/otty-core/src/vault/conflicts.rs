//! Sync tools' conflict copies of a vault file: when two devices changed the file before it
//! synced, the tool keeps one as the file and the other beside it under another name. They are
//! found by name, beside the vault, and folded back with `otty merge --conflicts`:
//!
//! | tool | conflict copy of `vault.otty` |
//! |---|---|
//! | Syncthing | `vault.sync-conflict-20251204-134200-ABCDEFG.otty` |
//! | Nextcloud, ownCloud desktop | `vault (conflicted copy 2025-12-04 134200).otty` |
//! | Dropbox | `vault (alice's conflicted copy 2025-12-04).otty` |
//! | ownCloud (older) | `vault_conflict-20251204-134200.otty` |
//! | git mergetool, patch, others | `vault.otty.orig` |

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use super::Vault;
use super::maintain::UNKNOWN;

/// Whether the file `name` is a conflict copy of the vault file `vault` (both file names).
pub fn is_conflict_copy(vault: &str, name: &str) -> bool {
    if name == vault
        || [".otty-wal", "-wal", "-shm", "-journal"]
            .iter()
            .any(|s| name.ends_with(s))
    {
        return false;
    }
    let (stem, ext) = match vault.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (vault, String::new()),
    };
    let Some(rest) = name.strip_prefix(stem) else {
        return false;
    };
    if rest == format!("{ext}.orig") {
        return true;
    }
    let Some(middle) = rest.strip_suffix(ext.as_str()) else {
        return false;
    };
    middle.starts_with(".sync-conflict-")
        || middle.starts_with("_conflict-")
        || (middle.starts_with(" (") && middle.ends_with(')') && middle.contains("conflicted copy"))
}

/// The conflict copies beside the vault file at `vault`, by name.
pub fn beside(vault: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (vault.parent(), vault.file_name().and_then(|n| n.to_str()))
    else {
        return Vec::new();
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| is_conflict_copy(name, n))
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// The sentence the faces show when there are conflict copies.
pub fn note(count: usize) -> Option<String> {
    match count {
        0 => None,
        1 => Some("1 conflict copy beside the vault: otty merge --conflicts".to_owned()),
        n => Some(format!(
            "{n} conflict copies beside the vault: otty merge --conflicts"
        )),
    }
}

/// How many conflict copies lie beside `vault` (none for an in-memory vault).
pub(super) fn count(vault: &Path) -> usize {
    if vault == crate::store::memory_path() {
        return 0;
    }
    beside(vault).len()
}

impl Vault {
    /// How many conflict copies lie beside this vault's file: looked for when first asked,
    /// then once a second by [`Vault::refresh`]. Never waits for the vault's lock.
    pub fn conflict_copies(&self) -> usize {
        let known = self.notes.conflicts.load(Ordering::Relaxed);
        if known != UNKNOWN {
            return known;
        }
        let n = count(&self.path);
        self.notes.conflicts.store(n, Ordering::Relaxed);
        n
    }

    /// One line on what this vault does across devices, for a status line: automatic backups
    /// when on, conflict copies when there are any. Never waits for the vault's lock.
    pub fn devices_note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.notes.backups.load(Ordering::Relaxed) {
            parts.push("backups on".to_owned());
        }
        parts.extend(note(self.conflict_copies()));
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_copies_of_each_sync_tool_are_recognised() {
        let table = [
            ("vault.sync-conflict-20251204-134200-ABCDEFG.otty", true),
            ("vault (conflicted copy 2025-12-04 134200).otty", true),
            ("vault (alice's conflicted copy 2025-12-04).otty", true),
            ("vault_conflict-20251204-134200.otty", true),
            ("vault.otty.orig", true),
            ("vault.otty", false),
            ("vault.otty-wal", false),
            (
                "vault.sync-conflict-20251204-134200-ABCDEFG.otty-wal",
                false,
            ),
            ("vault (conflicted copy 2025-12-04 134200).otty-shm", false),
            ("vault-20251204T134200Z.otty", false),
            ("vault (2).otty", false),
            ("work.sync-conflict-20251204-134200-ABCDEFG.otty", false),
            ("vaulty.sync-conflict-20251204-134200-ABCDEFG.otty", false),
            ("vault.sync-conflict-20251204-134200-ABCDEFG.txt", false),
        ];
        for (name, want) in table {
            assert_eq!(is_conflict_copy("vault.otty", name), want, "{name}");
        }
        assert!(is_conflict_copy(
            "vault",
            "vault.sync-conflict-20251204-134200-ABCDEFG"
        ));
        assert!(!is_conflict_copy("vault", "vault"));
    }

    #[test]
    fn the_note_counts_them() {
        assert_eq!(note(0), None);
        assert_eq!(
            note(2).as_deref(),
            Some("2 conflict copies beside the vault: otty merge --conflicts")
        );
    }
}
