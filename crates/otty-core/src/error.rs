//! `core::Error`: everything the core can fail with.
//!
//! Variants carry the path, table or id they concern so a user can act on them, and never a
//! secret: no password, key, OTP secret or code is ever formatted into an error.

use std::path::PathBuf;

/// Result alias for the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Errors of the core layer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The password does not unwrap the vault key.
    #[error("wrong password")]
    WrongPassword,
    /// The operation needs an unlocked vault.
    #[error("the vault is locked")]
    Locked,
    /// The vault's path names another file than the one this handle opened (a sync tool or
    /// git renamed a file over it, or it was deleted): nothing was written to the old one.
    #[error(
        "the vault file was replaced or deleted by another program since otty opened it; \
         nothing was written (otty opens the new file within a second: try again)"
    )]
    FileReplaced,
    /// Another process replaced the vault key (`otty passwd`): this handle's key is stale.
    #[error("the vault's password was changed by another otty process; unlock it again")]
    KeyChanged,
    /// The vault file and its head disagree (rows deleted, inserted or put back by editing the
    /// file): HOTP and backup codes, `verify` and tokens are refused until the state is
    /// accepted.
    #[error(
        "the vault failed its integrity check (rows were changed outside otty); run `otty check`, and `otty check --accept` once you have read it"
    )]
    Unverified,
    /// A sealed row failed its integrity check.
    #[error(
        "{table} row {id} failed its integrity check: the vault file is corrupted or was tampered with"
    )]
    Corrupted {
        /// Table of the row.
        table: &'static str,
        /// Row id.
        id: i64,
    },
    /// The vault header is damaged (missing or unreadable fields).
    #[error("the vault header of {path} is damaged: {what}")]
    BadHeader {
        /// Vault path.
        path: PathBuf,
        /// What is wrong.
        what: String,
    },
    /// The vault was written by a newer otty.
    #[error(
        "{path} was made by a newer otty (format version {found}; this otty reads up to {supported}); it was not modified"
    )]
    TooNew {
        /// Vault path.
        path: PathBuf,
        /// Version found in the file.
        found: i64,
        /// Highest version this build reads.
        supported: i64,
    },
    /// The file exists but is not an otty vault.
    #[error("{path} is not an otty vault (it was left untouched)")]
    NotAVault {
        /// Path of the file.
        path: PathBuf,
    },
    /// `init` refuses to overwrite a file.
    #[error("{path} already exists; otty never overwrites an existing file")]
    AlreadyExists {
        /// Path of the file.
        path: PathBuf,
    },
    /// No vault at the path.
    #[error("no vault at {path} (create one with `otty init`)")]
    NoVault {
        /// Path looked at.
        path: PathBuf,
    },
    /// No account with that id.
    #[error("no account with id {0}")]
    AccountNotFound(i64),
    /// The account was saved by someone else (another otty process, the API, a merge) since
    /// the caller read the version it edits: nothing was written.
    #[error("account {id} was changed elsewhere since it was read; nothing was saved")]
    AccountChanged {
        /// The account.
        id: i64,
    },
    /// No group with that id.
    #[error("no group with id {0}")]
    GroupNotFound(i64),
    /// No API token with that id.
    #[error("no token with id {0}")]
    TokenNotFound(i64),
    /// No API token with that name.
    #[error("no token named {0:?}")]
    TokenNameNotFound(String),
    /// Another token that is not revoked already has this name.
    #[error("a token named {name:?} already exists (token {id}); revoke it or choose another name")]
    TokenNameTaken {
        /// The name asked for.
        name: String,
        /// The token that has it.
        id: i64,
    },
    /// No group with that name.
    #[error("no group named {0:?}")]
    GroupNameNotFound(String),
    /// A value failed validation.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// Field name (2FAuth naming).
        field: &'static str,
        /// Human-readable reason, never containing a secret.
        reason: String,
    },
    /// An SQLite error.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// A file-system error.
    #[error("{path}: {source}")]
    Io {
        /// Path concerned.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The OS random number generator failed.
    #[error("the system random number generator failed")]
    Random,
}

impl Error {
    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::Invalid {
            field,
            reason: reason.into(),
        }
    }
}
