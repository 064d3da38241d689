//! Vault writes the TUI asks for (add, edit, delete, the HOTP advance with its fsync), done off
//! the UI thread.
//!
//! `update` queues [`Effect::Write`](crate::action::Effect::Write) with a [`VaultWrite`]; the
//! runner hands it to one [`Writer`] thread, which performs the writes in the order they were
//! asked for and sends each [`WriteDone`] back as
//! [`Action::Written`](crate::action::Action::Written). Meanwhile the UI keeps answering keys,
//! even while another process holds the vault's write lock.

use std::sync::Arc;
use std::sync::mpsc::{self, Sender};

use zeroize::Zeroizing;

use otty_core::account::NewAccount;
use otty_core::{Account, Error, Vault};

/// A write to perform.
pub enum VaultWrite {
    /// Add an account (`editing: None`), or save the edit of account `editing`.
    Save {
        /// The account edited, or `None` when adding.
        editing: Option<i64>,
        /// Whether the counter field was changed (only then is the stored counter replaced).
        set_counter: bool,
        /// What to store.
        data: NewAccount,
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
}

impl std::fmt::Debug for VaultWrite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VaultWrite::Save { editing, .. } => write!(f, "Save({editing:?}, [redacted])"),
            VaultWrite::Delete { id, .. } => write!(f, "Delete({id})"),
            VaultWrite::HotpNext { id, copy, .. } => write!(f, "HotpNext({id}, copy: {copy})"),
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
}

impl std::fmt::Debug for WriteDone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteDone::Saved { added, result } => {
                write!(f, "Saved(added: {added}, ok: {})", result.is_ok())
            }
            WriteDone::Deleted { result, .. } => write!(f, "Deleted(ok: {})", result.is_ok()),
            WriteDone::Hotp { id, result, .. } => write!(f, "Hotp({id}, ok: {})", result.is_ok()),
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
                // The counter field only wins when the user changed it; otherwise the stored
                // counter is kept (the API or the CLI may have advanced it meanwhile).
                Some(id) if set_counter => vault.update_with_counter(id, data),
                Some(id) => vault.update(id, data),
                None => vault.add(data),
            },
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
