//! Vault writes the TUI asks for (accounts, groups, tokens, the HOTP advance with its fsync,
//! the import's one transaction), done off the UI thread.
//!
//! `update` and the screens queue [`Effect::Write`](crate::action::Effect::Write) with a
//! [`VaultWrite`]; the runner hands it to one [`Writer`] thread, which performs the writes in
//! the order they were asked for and sends each [`WriteDone`] back as
//! [`Action::Written`](crate::action::Action::Written). Meanwhile the UI keeps answering keys,
//! even while another process holds the vault's write lock.

use std::sync::Arc;
use std::sync::mpsc::{self, Sender};

use zeroize::Zeroizing;

use otty_core::account::NewAccount;
use otty_core::stamp::Stamp;
use otty_core::vault::HotpCounter;
use otty_core::vault::import::{ImportItem, ImportSummary};
use otty_core::vault::tokens::{NewToken, Scope};
use otty_core::{Account, Error, Group, Vault};

use super::config::{SORT_SETTING, SortOrder};

/// A write to perform.
pub enum VaultWrite {
    /// Add an account (`editing: None`), or save the edit of account `editing`.
    Save {
        /// The account edited and the stamp of the version the form opened on (the save is
        /// refused if the stored account has another), or `None` when adding.
        editing: Option<(i64, Stamp)>,
        /// Whether the counter field was changed (only then is the stored counter replaced).
        set_counter: bool,
        /// What to store.
        data: NewAccount,
    },
    /// Pin or unpin an account (nothing else of it changes: another process may have edited
    /// it since the list was read).
    Favorite {
        /// The account.
        id: i64,
        /// Its name, for the toast.
        name: String,
        /// Pin rather than unpin.
        pinned: bool,
    },
    /// Store the user's order of the accounts.
    Reorder {
        /// Every account id, in the new order.
        order: Vec<i64>,
        /// The account moved (selected again afterwards).
        moved: i64,
    },
    /// Move an account to a group, or out of its group.
    Assign {
        /// The account.
        id: i64,
        /// Its name, for the toast.
        name: String,
        /// The group (id, name), or `None` for no group.
        group: Option<(i64, String)>,
    },
    /// Delete an account.
    Delete {
        /// Its id.
        id: i64,
        /// Its name, for the toast.
        name: String,
    },
    /// Hand out the next HOTP code (advances the stored counter).
    HotpNext {
        /// The account.
        id: i64,
        /// Its name, for the toast.
        name: String,
        /// Copy the code once handed out.
        copy: bool,
        /// The time (unix seconds).
        now: i64,
    },
    /// Keep the sort order chosen in the TUI in the vault.
    SetSort(SortOrder),
    /// Create a group (`id: None`) or rename group `id`.
    NameGroup {
        /// The group renamed, or `None` to create one.
        id: Option<i64>,
        /// The name.
        name: String,
    },
    /// Delete a group (its accounts stay, in no group).
    RemoveGroup {
        /// The group.
        id: i64,
        /// Its name, for the toast.
        name: String,
    },
    /// Store the order of the groups.
    ReorderGroups {
        /// Every group id, in the new order.
        ids: Vec<i64>,
    },
    /// Create an API token.
    CreateToken {
        /// Its name.
        name: String,
        /// Days until it expires, `None` for never.
        days: Option<u32>,
        /// What it may do.
        scope: Scope,
    },
    /// Revoke an API token.
    RevokeToken {
        /// The token.
        id: i64,
        /// Its name, for the toast.
        name: String,
    },
    /// Add imported accounts in one transaction.
    Import {
        /// The new entries.
        entries: Vec<ImportItem>,
        /// Unusable group names left out (for the toast).
        dropped: usize,
    },
}

impl std::fmt::Debug for VaultWrite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VaultWrite::Save { editing, .. } => {
                write!(f, "Save({:?}, [redacted])", editing.map(|(id, _)| id))
            }
            VaultWrite::Favorite { id, pinned, .. } => write!(f, "Favorite({id}, {pinned})"),
            VaultWrite::Reorder { moved, .. } => write!(f, "Reorder(moved: {moved})"),
            VaultWrite::Assign { id, group, .. } => {
                write!(f, "Assign({id}, {:?})", group.as_ref().map(|g| g.0))
            }
            VaultWrite::Delete { id, .. } => write!(f, "Delete({id})"),
            VaultWrite::HotpNext { id, copy, .. } => write!(f, "HotpNext({id}, copy: {copy})"),
            VaultWrite::SetSort(sort) => write!(f, "SetSort({sort:?})"),
            VaultWrite::NameGroup { id, .. } => write!(f, "NameGroup({id:?})"),
            VaultWrite::RemoveGroup { id, .. } => write!(f, "RemoveGroup({id})"),
            VaultWrite::ReorderGroups { .. } => f.write_str("ReorderGroups"),
            VaultWrite::CreateToken { scope, .. } => write!(f, "CreateToken({scope:?})"),
            VaultWrite::RevokeToken { id, .. } => write!(f, "RevokeToken({id})"),
            VaultWrite::Import { entries, .. } => write!(f, "Import({} entries)", entries.len()),
        }
    }
}

/// What a write did.
pub enum WriteDone {
    /// An account was added (`added`) or saved.
    Saved {
        /// Added rather than edited.
        added: bool,
        /// The account as stored, or why not.
        result: Result<Account, Error>,
    },
    /// An account was pinned or unpinned.
    Favorite {
        /// Its name.
        name: String,
        /// Pinned rather than unpinned.
        pinned: bool,
        /// Why not, if it failed.
        result: Result<(), Error>,
    },
    /// The accounts were reordered.
    Reordered {
        /// The account moved.
        moved: i64,
        /// Why not, if it failed.
        result: Result<(), Error>,
    },
    /// An account was moved to a group.
    Assigned {
        /// Its name.
        name: String,
        /// The group's name, `None` for no group.
        group: Option<String>,
        /// Why not, if it failed.
        result: Result<(), Error>,
    },
    /// An account was deleted.
    Deleted {
        /// Its name.
        name: String,
        /// Why not, if it failed.
        result: Result<(), Error>,
    },
    /// A HOTP code was handed out.
    Hotp {
        /// The account.
        id: i64,
        /// Its name.
        name: String,
        /// Copy it now.
        copy: bool,
        /// The code, or why not.
        result: Result<Zeroizing<String>, Error>,
    },
    /// The sort order was kept in the vault.
    SortSaved(Result<(), Error>),
    /// A group was created or renamed.
    GroupNamed(Result<Group, Error>),
    /// A group was deleted.
    GroupRemoved {
        /// Its name.
        name: String,
        /// Why not, if it failed.
        result: Result<(), Error>,
    },
    /// The groups were reordered.
    GroupsReordered(Result<(), Error>),
    /// A token was created (its text is in the result, shown once).
    TokenCreated(Result<NewToken, Error>),
    /// A token was revoked.
    TokenRevoked {
        /// Its name.
        name: String,
        /// Why not, if it failed.
        result: Result<(), Error>,
    },
    /// Imported accounts were added.
    Imported {
        /// Unusable group names left out.
        dropped: usize,
        /// What was added, or why nothing was.
        result: Result<ImportSummary, Error>,
    },
}

impl WriteDone {
    /// Whether the write changed the accounts or groups (the app re-reads them).
    pub fn changed_list(&self) -> bool {
        match self {
            WriteDone::Saved { result, .. } => result.is_ok(),
            WriteDone::Favorite { result, .. }
            | WriteDone::Reordered { result, .. }
            | WriteDone::Assigned { result, .. }
            | WriteDone::Deleted { result, .. }
            | WriteDone::GroupRemoved { result, .. }
            | WriteDone::GroupsReordered(result) => result.is_ok(),
            WriteDone::GroupNamed(result) => result.is_ok(),
            WriteDone::Imported { result, .. } => result.is_ok(),
            // The row shows the stored counter (the next code's).
            WriteDone::Hotp { result, .. } => result.is_ok(),
            WriteDone::SortSaved(_)
            | WriteDone::TokenCreated(_)
            | WriteDone::TokenRevoked { .. } => false,
        }
    }
}

impl std::fmt::Debug for WriteDone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ok = |r: bool| if r { "ok" } else { "failed" };
        match self {
            WriteDone::Saved { added, result } => {
                write!(f, "Saved(added: {added}, {})", ok(result.is_ok()))
            }
            WriteDone::Favorite { result, .. } => write!(f, "Favorite({})", ok(result.is_ok())),
            WriteDone::Reordered { result, .. } => write!(f, "Reordered({})", ok(result.is_ok())),
            WriteDone::Assigned { result, .. } => write!(f, "Assigned({})", ok(result.is_ok())),
            WriteDone::Deleted { result, .. } => write!(f, "Deleted({})", ok(result.is_ok())),
            WriteDone::Hotp { id, result, .. } => write!(f, "Hotp({id}, {})", ok(result.is_ok())),
            WriteDone::GroupNamed(r) => write!(f, "GroupNamed({})", ok(r.is_ok())),
            WriteDone::SortSaved(r) => write!(f, "SortSaved({})", ok(r.is_ok())),
            WriteDone::GroupRemoved { result, .. } => {
                write!(f, "GroupRemoved({})", ok(result.is_ok()))
            }
            WriteDone::GroupsReordered(r) => write!(f, "GroupsReordered({})", ok(r.is_ok())),
            WriteDone::TokenCreated(r) => write!(f, "TokenCreated({})", ok(r.is_ok())),
            WriteDone::TokenRevoked { result, .. } => {
                write!(f, "TokenRevoked({})", ok(result.is_ok()))
            }
            WriteDone::Imported { result, .. } => write!(f, "Imported({})", ok(result.is_ok())),
        }
    }
}

/// Perform one write on this thread (the worker's job; blocks while the vault is busy).
pub fn perform(vault: &Vault, write: VaultWrite) -> WriteDone {
    match write {
        VaultWrite::Save {
            editing,
            set_counter,
            data,
        } => WriteDone::Saved {
            added: editing.is_none(),
            result: match editing {
                // Only over the version the form opened on: a save elsewhere since is
                // `Error::AccountChanged`, and nothing is written. The counter field only wins
                // when the user changed it; otherwise the stored counter is kept (the API or
                // the CLI may have advanced it meanwhile).
                Some((id, read)) => {
                    let counter = if set_counter {
                        HotpCounter::Set
                    } else {
                        HotpCounter::Keep
                    };
                    vault.update_if_unchanged(id, read, data, counter)
                }
                None => vault.add(data),
            },
        },
        VaultWrite::Favorite { id, name, pinned } => WriteDone::Favorite {
            name,
            pinned,
            result: vault.set_favorite(id, pinned).map(drop),
        },
        VaultWrite::Reorder { order, moved } => WriteDone::Reordered {
            moved,
            result: vault.reorder(&order),
        },
        VaultWrite::Assign { id, name, group } => WriteDone::Assigned {
            name,
            result: vault.assign(&[id], group.as_ref().map(|(g, _)| *g)),
            group: group.map(|(_, n)| n),
        },
        VaultWrite::Delete { id, name } => WriteDone::Deleted {
            name,
            result: vault.remove(&[id]),
        },
        VaultWrite::HotpNext {
            id,
            name,
            copy,
            now,
        } => WriteDone::Hotp {
            id,
            name,
            copy,
            result: vault.otp(id, now).map(|o| o.password),
        },
        VaultWrite::SetSort(sort) => {
            WriteDone::SortSaved(vault.set_setting(SORT_SETTING, &serde_json::json!(sort.as_str())))
        }
        VaultWrite::NameGroup { id, name } => WriteDone::GroupNamed(match id {
            Some(id) => vault.rename_group(id, &name),
            None => vault.add_group(&name),
        }),
        VaultWrite::RemoveGroup { id, name } => WriteDone::GroupRemoved {
            name,
            result: vault.remove_group(id),
        },
        VaultWrite::ReorderGroups { ids } => WriteDone::GroupsReordered(vault.reorder_groups(&ids)),
        VaultWrite::CreateToken { name, days, scope } => {
            WriteDone::TokenCreated(vault.create_scoped_token(&name, days, scope))
        }
        VaultWrite::RevokeToken { id, name } => WriteDone::TokenRevoked {
            name,
            result: vault.revoke_token(id).map(drop),
        },
        VaultWrite::Import { entries, dropped } => WriteDone::Imported {
            dropped,
            result: vault.import_with_icons(entries, &mut |_| {}),
        },
    }
}

/// The one thread that performs the TUI's vault writes, in order.
pub struct Writer {
    tx: Sender<VaultWrite>,
}

impl Writer {
    /// Start the thread on `vault`; `done` receives each result (the runner sends it to its
    /// event channel). The thread ends when the `Writer` is dropped.
    pub fn spawn(vault: Arc<Vault>, done: impl Fn(WriteDone) + Send + 'static) -> Writer {
        let (tx, rx) = mpsc::channel::<VaultWrite>();
        std::thread::spawn(move || {
            for write in rx {
                done(perform(&vault, write));
            }
        });
        Writer { tx }
    }

    /// Queue a write; `false` if the thread is gone.
    pub fn send(&self, write: VaultWrite) -> bool {
        self.tx.send(write).is_ok()
    }
}
