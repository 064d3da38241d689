//! What travels in the frames: one [`Request`] per frame from the client, one [`Answer`] per
//! frame back, both JSON. The agent answers requests on one connection in order until the
//! client closes it.
//!
//! Errors travel as [`WireError`]: the core's error variants a user acts on keep their
//! meaning (and so their exit code) on the other side; anything else becomes
//! [`WireError::Other`] with its message. No variant carries a secret, as in the core.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use otty_core::Error as CoreError;
use otty_core::export::ExportError;
use otty_core::export::plan::PlanError;

use crate::frame::{self, FrameError};
use crate::wire::{
    AccountW, GroupW, ImportItemW, LeftOutW, NewAccountW, NewTokenW, OtpW, SummaryW, TokenInfoW,
    bytes,
};

/// A request to the agent.
#[derive(Serialize, Deserialize)]
pub enum Request {
    /// Which vault, which process, until when (does not count as activity).
    Status,
    /// Lock: wipe the key and exit.
    Lock,
    /// Keep going, with a new idle timeout in seconds (`0`: none) when one is given.
    Touch {
        /// The new idle timeout.
        timeout_secs: Option<u64>,
    },
    /// The vault key, for a process of the same user that keeps its own handle (the TUI, the
    /// server).
    Key,
    /// Every readable account.
    Accounts,
    /// One account.
    Account {
        /// Its id.
        id: i64,
    },
    /// Accounts an id or text matches.
    Find {
        /// The query.
        query: String,
    },
    /// The code of an account (HOTP: handed out, the counter advanced).
    Otp {
        /// The account.
        id: i64,
        /// Unix time.
        unix: i64,
    },
    /// Add an account.
    Add {
        /// The account.
        data: NewAccountW,
    },
    /// Replace an account's fields.
    Update {
        /// The account.
        id: i64,
        /// Its new fields.
        data: NewAccountW,
        /// Whether to store `data`'s HOTP counter (else the stored one is kept).
        counter: bool,
    },
    /// Remove accounts.
    Remove {
        /// Their ids.
        ids: Vec<i64>,
    },
    /// Move accounts to a group, or out of any.
    Assign {
        /// The accounts.
        ids: Vec<i64>,
        /// The group.
        group: Option<i64>,
    },
    /// Every readable group.
    Groups,
    /// The group with this name.
    GroupByName {
        /// The name.
        name: String,
    },
    /// Accounts per group.
    GroupCounts,
    /// Create a group.
    AddGroup {
        /// Its name.
        name: String,
    },
    /// Rename a group.
    RenameGroup {
        /// The group.
        id: i64,
        /// Its new name.
        name: String,
    },
    /// Remove a group (its accounts stay).
    RemoveGroup {
        /// The group.
        id: i64,
    },
    /// Rows that failed their integrity check.
    Corrupted,
    /// Where the file and its head disagree, as sentences.
    Problems,
    /// The API tokens.
    Tokens,
    /// Create an API token.
    CreateToken {
        /// Its name.
        name: String,
        /// Days until it expires.
        expires: Option<u32>,
        /// Its scope (`read`, `write`, `admin`).
        scope: String,
    },
    /// Revoke an API token by id or name.
    RevokeToken {
        /// The id or name.
        token: String,
    },
    /// Add many accounts in one transaction.
    Import {
        /// The accounts with their group names and icons.
        items: Vec<ImportItemW>,
    },
    /// Every readable account in an export format.
    Export {
        /// The format's id (`otty`, `aegis`, …).
        format: String,
        /// The passphrase to seal it with.
        #[serde(with = "optional_bytes")]
        passphrase: Option<Zeroizing<Vec<u8>>>,
    },
}

/// Serde helpers for optional secret bytes: base64 text, read into a wiped buffer.
mod optional_bytes {
    use serde::{Deserialize, Deserializer, Serializer};
    use zeroize::Zeroizing;

    pub fn serialize<S: Serializer>(
        v: &Option<Zeroizing<Vec<u8>>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(b) => crate::wire::bytes::serialize(b, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(with = "crate::wire::bytes")] Zeroizing<Vec<u8>>);
        Ok(Option::<Wrapped>::deserialize(d)?.map(|w| w.0))
    }
}

impl Request {
    /// Whether this request keeps the agent from timing out.
    pub fn is_activity(&self) -> bool {
        !matches!(self, Request::Status)
    }
}

/// What the agent says about itself.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StatusW {
    /// The vault it holds.
    pub vault: PathBuf,
    /// Its process id.
    pub pid: u32,
    /// Its idle timeout in seconds (`0`: none).
    pub timeout_secs: u64,
    /// When it locks unless used again (unix seconds), if it has a timeout.
    pub locks_at: Option<i64>,
    /// Where the vault file and its head disagree, as sentences (empty: intact); sent here so
    /// a command's integrity warning costs no round trip of its own.
    #[serde(default)]
    pub problems: Vec<String>,
}

impl StatusW {
    /// The idle timeout (`None`: none).
    pub fn timeout(&self) -> Option<std::time::Duration> {
        (self.timeout_secs > 0).then(|| std::time::Duration::from_secs(self.timeout_secs))
    }
}

/// A vault key on the wire.
#[derive(Serialize, Deserialize)]
pub struct KeyW {
    /// The 32 key bytes.
    #[serde(with = "bytes")]
    pub key: Zeroizing<Vec<u8>>,
    /// The vault's id.
    pub vault_id: [u8; 16],
    /// The key epoch.
    pub epoch: u32,
}

/// A successful answer.
#[derive(Serialize, Deserialize)]
pub enum Reply {
    /// Done, nothing to say.
    Done,
    /// The agent's status.
    Status(StatusW),
    /// The vault key.
    Key(KeyW),
    /// Accounts.
    Accounts(Vec<AccountW>),
    /// One account.
    Account(AccountW),
    /// A code.
    Otp(OtpW),
    /// Groups.
    Groups(Vec<GroupW>),
    /// One group.
    Group(GroupW),
    /// Accounts per group id.
    Counts(Vec<(i64, usize)>),
    /// Rows that failed their check, as (table, id).
    Corrupted(Vec<(String, i64)>),
    /// Problems, as sentences.
    Problems(Vec<String>),
    /// Tokens.
    Tokens(Vec<TokenInfoW>),
    /// One token.
    Token(TokenInfoW),
    /// A new token, with its text.
    NewToken(NewTokenW),
    /// What an import wrote.
    Imported(SummaryW),
    /// An export.
    Exported {
        /// The file's bytes.
        #[serde(with = "bytes")]
        bytes: Zeroizing<Vec<u8>>,
        /// How many accounts it holds.
        accounts: usize,
        /// The accounts the format cannot hold, left out.
        #[serde(default)]
        skipped: Vec<LeftOutW>,
    },
}

/// One answer: a reply or an error.
pub type Answer = Result<Reply, WireError>;

/// An error on the wire.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub enum WireError {
    /// [`CoreError::WrongPassword`].
    WrongPassword,
    /// [`CoreError::Locked`].
    Locked,
    /// [`CoreError::KeyChanged`].
    KeyChanged,
    /// [`CoreError::Unverified`].
    Unverified,
    /// [`CoreError::Corrupted`].
    Corrupted {
        /// The table.
        table: String,
        /// The row.
        id: i64,
    },
    /// [`CoreError::AccountNotFound`].
    AccountNotFound(i64),
    /// [`CoreError::GroupNotFound`].
    GroupNotFound(i64),
    /// [`CoreError::GroupNameNotFound`].
    GroupNameNotFound(String),
    /// [`CoreError::TokenNotFound`].
    TokenNotFound(i64),
    /// [`CoreError::TokenNameNotFound`].
    TokenNameNotFound(String),
    /// [`CoreError::TokenNameTaken`].
    TokenNameTaken {
        /// The name.
        name: String,
        /// The token that has it.
        id: i64,
    },
    /// [`CoreError::Invalid`].
    Invalid {
        /// The field.
        field: String,
        /// Why.
        reason: String,
    },
    /// [`ExportError::CannotEncrypt`], by format id.
    CannotEncrypt(String),
    /// [`ExportError::EmptyPassphrase`].
    EmptyPassphrase,
    /// The request could not be read.
    BadRequest(String),
    /// Anything else, as its message.
    Other(String),
}

/// Names the core uses for tables and fields, so an error read off the wire names the same
/// one (the core's variants hold `&'static str`).
const NAMES: &[&str] = &[
    "accounts",
    "groups",
    "tokens",
    "icons",
    "settings",
    "otp_log",
    "head",
    "changes",
    "attempts",
    "counter",
    "icon",
    "kdf",
    "kdf-iterations",
    "kdf-memory",
    "kdf-parallelism",
    "kdf-work",
    "key",
    "name",
    "plaintext",
    "row",
    "secret",
    "uri",
    "service",
    "account",
    "notes",
    "digits",
    "period",
    "algorithm",
    "group",
    "scope",
    "expires",
];

/// The core's own name for a table or field read off the wire (`value` when unknown).
pub fn known(name: &str) -> &'static str {
    NAMES
        .iter()
        .find(|n| **n == name)
        .copied()
        .unwrap_or("value")
}

impl From<&CoreError> for WireError {
    fn from(e: &CoreError) -> Self {
        match e {
            CoreError::WrongPassword => WireError::WrongPassword,
            CoreError::Locked => WireError::Locked,
            CoreError::KeyChanged => WireError::KeyChanged,
            CoreError::Unverified => WireError::Unverified,
            CoreError::Corrupted { table, id } => WireError::Corrupted {
                table: (*table).to_owned(),
                id: *id,
            },
            CoreError::AccountNotFound(id) => WireError::AccountNotFound(*id),
            CoreError::GroupNotFound(id) => WireError::GroupNotFound(*id),
            CoreError::GroupNameNotFound(n) => WireError::GroupNameNotFound(n.clone()),
            CoreError::TokenNotFound(id) => WireError::TokenNotFound(*id),
            CoreError::TokenNameNotFound(n) => WireError::TokenNameNotFound(n.clone()),
            CoreError::TokenNameTaken { name, id } => WireError::TokenNameTaken {
                name: name.clone(),
                id: *id,
            },
            CoreError::Invalid { field, reason } => WireError::Invalid {
                field: (*field).to_owned(),
                reason: reason.clone(),
            },
            other => WireError::Other(other.to_string()),
        }
    }
}

impl From<&PlanError> for WireError {
    fn from(e: &PlanError) -> Self {
        match e {
            PlanError::Vault(e) => e.into(),
            PlanError::Export(ExportError::CannotEncrypt(f)) => {
                WireError::CannotEncrypt(f.id().to_owned())
            }
            PlanError::Export(ExportError::EmptyPassphrase) => WireError::EmptyPassphrase,
            PlanError::Export(other) => WireError::Other(other.to_string()),
        }
    }
}

impl WireError {
    /// The core error this stands for; one the core has no variant for becomes an I/O error
    /// on `socket` carrying the agent's message.
    pub fn into_core(self, socket: &std::path::Path) -> CoreError {
        match self {
            WireError::WrongPassword => CoreError::WrongPassword,
            WireError::Locked => CoreError::Locked,
            WireError::KeyChanged => CoreError::KeyChanged,
            WireError::Unverified => CoreError::Unverified,
            WireError::Corrupted { table, id } => CoreError::Corrupted {
                table: known(&table),
                id,
            },
            WireError::AccountNotFound(id) => CoreError::AccountNotFound(id),
            WireError::GroupNotFound(id) => CoreError::GroupNotFound(id),
            WireError::GroupNameNotFound(n) => CoreError::GroupNameNotFound(n),
            WireError::TokenNotFound(id) => CoreError::TokenNotFound(id),
            WireError::TokenNameNotFound(n) => CoreError::TokenNameNotFound(n),
            WireError::TokenNameTaken { name, id } => CoreError::TokenNameTaken { name, id },
            WireError::Invalid { field, reason } => CoreError::Invalid {
                field: known(&field),
                reason,
            },
            WireError::CannotEncrypt(f) => CoreError::Invalid {
                field: "format",
                reason: format!("{f} files cannot be encrypted"),
            },
            WireError::EmptyPassphrase => CoreError::Invalid {
                field: "passphrase",
                reason: "the passphrase is empty".to_owned(),
            },
            WireError::BadRequest(m) | WireError::Other(m) => CoreError::Io {
                path: socket.to_owned(),
                source: std::io::Error::other(format!("the unlock agent answered: {m}")),
            },
        }
    }

    /// The export error this stands for, when it is one.
    pub fn into_plan(self, socket: &std::path::Path) -> PlanError {
        match self {
            WireError::CannotEncrypt(id) => match otty_core::export::ExportFormat::from_id(&id) {
                Some(f) => PlanError::Export(ExportError::CannotEncrypt(f)),
                None => PlanError::Vault(WireError::CannotEncrypt(id).into_core(socket)),
            },
            WireError::EmptyPassphrase => PlanError::Export(ExportError::EmptyPassphrase),
            other => PlanError::Vault(other.into_core(socket)),
        }
    }
}

/// Encode a value as one frame.
pub fn encode<T: Serialize>(value: &T) -> Result<Zeroizing<Vec<u8>>, FrameError> {
    let body =
        otty_core::plaintext::json_plaintext(value, otty_core::plaintext::JsonLayout::Compact)
            .map_err(|e| FrameError::Io(std::io::Error::other(e.to_string())))?;
    frame::encode(&body)
}

/// Why a request could not be decoded.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// The frame is bad.
    #[error(transparent)]
    Frame(#[from] FrameError),
    /// The body is not a request this build knows.
    #[error("bad request: {0}")]
    Json(#[from] serde_json::Error),
}

/// The request in one whole frame (the fuzzed decoder): header, limits, then the JSON.
pub fn decode_request(bytes: &[u8]) -> Result<Request, DecodeError> {
    let (body, _) = frame::split(bytes)?;
    Ok(serde_json::from_slice(body)?)
}

/// The answer in a frame body.
pub fn decode_answer(body: &[u8]) -> Result<Answer, serde_json::Error> {
    serde_json::from_slice(body)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn round_trip(r: &Request) -> Request {
        decode_request(&encode(r).unwrap()).unwrap()
    }

    #[test]
    fn errors_keep_their_meaning_across_the_wire() {
        let socket = std::path::Path::new("/run/otty/x.sock");
        for e in [
            CoreError::WrongPassword,
            CoreError::Unverified,
            CoreError::Corrupted {
                table: "accounts",
                id: 4,
            },
            CoreError::GroupNameNotFound("Work".into()),
            CoreError::invalid("digits", "too many"),
        ] {
            let back = WireError::from(&e).into_core(socket);
            assert_eq!(back.to_string(), e.to_string());
        }
        let other = WireError::from(&CoreError::Random).into_core(socket);
        assert!(other.to_string().contains("random"), "{other}");
    }

    proptest! {
        #[test]
        fn requests_round_trip(query in ".{0,40}", id in any::<i64>(), unix in any::<i64>(),
                               ids in proptest::collection::vec(any::<i64>(), 0..8)) {
            match round_trip(&Request::Find { query: query.clone() }) {
                Request::Find { query: q } => prop_assert_eq!(q, query),
                _ => prop_assert!(false, "another request came back"),
            }
            match round_trip(&Request::Otp { id, unix }) {
                Request::Otp { id: i, unix: u } => prop_assert_eq!((i, u), (id, unix)),
                _ => prop_assert!(false, "another request came back"),
            }
            match round_trip(&Request::Assign { ids: ids.clone(), group: Some(id) }) {
                Request::Assign { ids: i, group } => prop_assert_eq!((i, group), (ids, Some(id))),
                _ => prop_assert!(false, "another request came back"),
            }
        }

        #[test]
        fn any_bytes_decode_without_panicking(body in proptest::collection::vec(any::<u8>(), 0..256)) {
            let _ = decode_request(&frame::encode(&body).unwrap());
            let _ = decode_request(&body);
        }
    }
}
