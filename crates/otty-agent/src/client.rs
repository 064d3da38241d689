//! [`Client`]: a connection to the agent of one vault, and [`Backend`] over it.
//!
//! [`Client::connect`] finds nothing (`Ok(None)`) when no agent listens for the vault: no
//! socket, or a stale one nobody accepts on. It checks the directory and that the agent runs
//! as this user before sending anything, then asks its status, so a socket that answers for
//! another vault is refused; that status also carries the vault's integrity problems, so the
//! warning about them costs no request of its own. It starts no thread and no runtime, and
//! opens no database: `otty code` through the agent costs a connection and three small
//! round trips (status, find, code).

use std::io;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use otty_core::export::ExportFormat;
use otty_core::export::plan::{LeftOut, PlanError, Prepared};
use otty_core::vault::VaultKey;
use otty_core::vault::import::{ImportItem, ImportSummary};
use otty_core::vault::tokens::{NewToken, Scope, TokenInfo};
use otty_core::{Account, Error as CoreError, Group, NewAccount, Otp, Result};

use crate::backend::Backend;
use crate::frame::{self, FrameError};
use crate::place::{Place, PlaceError};
use crate::proto::{self, Reply, Request, WireError};
use crate::wire::{self, ImportItemW, Malformed, NewAccountW};

pub use crate::proto::StatusW as Status;

/// Why the agent could not be reached or understood.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The socket directory is not safe.
    #[error(transparent)]
    Place(#[from] PlaceError),
    /// Connecting, reading or writing failed.
    #[error("cannot talk to the unlock agent at {path}: {source}")]
    Io {
        /// The socket.
        path: PathBuf,
        /// Why.
        source: FrameError,
    },
    /// The agent runs as another user.
    #[error("the unlock agent socket {0} belongs to another user; refusing it")]
    OtherUser(PathBuf),
    /// The agent answered something this build does not understand.
    #[error("the unlock agent at {path} answered {what}; run `otty lock`, then `otty unlock`")]
    Protocol {
        /// The socket.
        path: PathBuf,
        /// What.
        what: String,
    },
    /// The agent refused the request.
    #[error("the unlock agent refused: {0:?}")]
    Refused(WireError),
}

/// How long a reply may take before the client gives up (an import or an encrypted export
/// runs Argon2id or writes many rows in the agent).
const REPLY_TIMEOUT: Duration = Duration::from_secs(300);

/// A connection to a vault's agent.
pub struct Client {
    stream: UnixStream,
    socket: PathBuf,
    vault: PathBuf,
    /// What the agent said about itself when connecting.
    status: Status,
}

impl Client {
    /// Connect to the agent holding the vault at `vault` (absolute), if one runs.
    pub fn connect(vault: &Path) -> std::result::Result<Option<Client>, ClientError> {
        let place = Place::of(vault);
        if !place.socket.exists() {
            return Ok(None);
        }
        place.check_dir()?;
        let stream = match UnixStream::connect(&place.socket) {
            Ok(s) => s,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::ConnectionRefused | io::ErrorKind::NotFound
                ) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(io_error(&place.socket, e.into())),
        };
        if !crate::peer::is_same_user(&stream) {
            return Err(ClientError::OtherUser(place.socket));
        }
        let _ = stream.set_read_timeout(Some(REPLY_TIMEOUT));
        let mut client = Client {
            stream,
            socket: place.socket,
            vault: vault.to_owned(),
            status: Status {
                vault: PathBuf::new(),
                pid: 0,
                timeout_secs: 0,
                locks_at: None,
                problems: Vec::new(),
            },
        };
        let status = match client.status() {
            Ok(s) => s,
            // The agent is ending (its key was changed elsewhere): as good as none.
            Err(ClientError::Refused(WireError::KeyChanged | WireError::Locked)) => {
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        if crate::place::canonical(&status.vault) != crate::place::canonical(vault) {
            return Err(ClientError::Protocol {
                path: client.socket,
                what: format!("for another vault ({})", status.vault.display()),
            });
        }
        client.status = status;
        Ok(Some(client))
    }

    /// What the agent said about itself when this client connected.
    pub fn connected_status(&self) -> &Status {
        &self.status
    }

    /// The socket this client talks to.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Send one request and read its answer.
    pub fn call(&self, request: &Request) -> std::result::Result<Reply, ClientError> {
        let mut s = &self.stream;
        let bytes = proto::encode(request).map_err(|e| io_error(&self.socket, e))?;
        io::Write::write_all(&mut s, &bytes).map_err(|e| io_error(&self.socket, e.into()))?;
        let body = frame::read(&mut s).map_err(|e| io_error(&self.socket, e))?;
        match proto::decode_answer(&body) {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(e)) => Err(ClientError::Refused(e)),
            Err(e) => Err(self.protocol(format!("an unreadable answer ({e})"))),
        }
    }

    fn protocol(&self, what: impl Into<String>) -> ClientError {
        ClientError::Protocol {
            path: self.socket.clone(),
            what: what.into(),
        }
    }

    /// Which vault, which process, until when.
    pub fn status(&self) -> std::result::Result<Status, ClientError> {
        match self.call(&Request::Status)? {
            Reply::Status(s) => Ok(s),
            _ => Err(self.protocol("another reply to a status request")),
        }
    }

    /// Lock: the agent wipes the key, removes its socket and exits.
    pub fn lock(&self) -> std::result::Result<(), ClientError> {
        match self.call(&Request::Lock)? {
            Reply::Done => Ok(()),
            _ => Err(self.protocol("another reply to a lock request")),
        }
    }

    /// Count as activity, and set a new idle timeout when one is given (`Some(0)`: none).
    pub fn touch(&self, timeout_secs: Option<u64>) -> std::result::Result<Status, ClientError> {
        match self.call(&Request::Touch { timeout_secs })? {
            Reply::Status(s) => Ok(s),
            _ => Err(self.protocol("another reply to a touch request")),
        }
    }

    /// The vault key, to unlock a handle of this process without the password.
    pub fn key(&self) -> std::result::Result<VaultKey, ClientError> {
        match self.call(&Request::Key)? {
            Reply::Key(k) => VaultKey::from_parts(&k.key, k.vault_id, k.epoch)
                .ok_or_else(|| self.protocol("a key of the wrong length")),
            _ => Err(self.protocol("another reply to a key request")),
        }
    }

    /// A vault request, with errors as the core's.
    fn ask(&self, request: &Request) -> Result<Reply> {
        self.call(request).map_err(|e| self.core(e))
    }

    fn core(&self, e: ClientError) -> CoreError {
        match e {
            ClientError::Refused(w) => w.into_core(&self.socket),
            other => CoreError::Io {
                path: self.socket.clone(),
                source: io::Error::other(other.to_string()),
            },
        }
    }

    fn unexpected(&self) -> CoreError {
        self.core(self.protocol("a reply of another kind"))
    }

    fn malformed(&self, m: Malformed) -> CoreError {
        self.core(self.protocol(m.0))
    }

    fn account_reply(&self, request: &Request) -> Result<Account> {
        match self.ask(request)? {
            Reply::Account(a) => a.try_into().map_err(|m| self.malformed(m)),
            _ => Err(self.unexpected()),
        }
    }

    fn accounts_reply(&self, request: &Request) -> Result<Vec<Account>> {
        match self.ask(request)? {
            Reply::Accounts(list) => wire::accounts(list).map_err(|m| self.malformed(m)),
            _ => Err(self.unexpected()),
        }
    }

    fn group_reply(&self, request: &Request) -> Result<Group> {
        match self.ask(request)? {
            Reply::Group(g) => Ok(g.into()),
            _ => Err(self.unexpected()),
        }
    }

    fn done(&self, request: &Request) -> Result<()> {
        match self.ask(request)? {
            Reply::Done => Ok(()),
            _ => Err(self.unexpected()),
        }
    }

    fn token_reply(&self, request: &Request) -> Result<TokenInfo> {
        match self.ask(request)? {
            Reply::Token(t) => t.try_into().map_err(|m| self.malformed(m)),
            _ => Err(self.unexpected()),
        }
    }
}

fn io_error(path: &Path, source: FrameError) -> ClientError {
    ClientError::Io {
        path: path.to_owned(),
        source,
    }
}

impl Backend for Client {
    fn vault_path(&self) -> &Path {
        &self.vault
    }
    fn is_agent(&self) -> bool {
        true
    }
    fn accounts(&self) -> Result<Vec<Account>> {
        self.accounts_reply(&Request::Accounts)
    }
    fn account(&self, id: i64) -> Result<Account> {
        self.account_reply(&Request::Account { id })
    }
    fn find(&self, query: &str) -> Result<Vec<Account>> {
        self.accounts_reply(&Request::Find {
            query: query.to_owned(),
        })
    }
    fn otp(&self, id: i64, unix: i64) -> Result<Otp> {
        match self.ask(&Request::Otp { id, unix })? {
            Reply::Otp(o) => Ok(o.into()),
            _ => Err(self.unexpected()),
        }
    }
    fn add(&self, data: NewAccount) -> Result<Account> {
        self.account_reply(&Request::Add {
            data: NewAccountW::from(&data),
        })
    }
    fn update(&self, id: i64, data: NewAccount) -> Result<Account> {
        self.account_reply(&Request::Update {
            id,
            data: NewAccountW::from(&data),
            counter: false,
        })
    }
    fn update_with_counter(&self, id: i64, data: NewAccount) -> Result<Account> {
        self.account_reply(&Request::Update {
            id,
            data: NewAccountW::from(&data),
            counter: true,
        })
    }
    fn remove(&self, ids: &[i64]) -> Result<()> {
        self.done(&Request::Remove { ids: ids.to_vec() })
    }
    fn assign(&self, ids: &[i64], group_id: Option<i64>) -> Result<()> {
        self.done(&Request::Assign {
            ids: ids.to_vec(),
            group: group_id,
        })
    }
    fn groups(&self) -> Result<Vec<Group>> {
        match self.ask(&Request::Groups)? {
            Reply::Groups(list) => Ok(list.into_iter().map(Group::from).collect()),
            _ => Err(self.unexpected()),
        }
    }
    fn group_by_name(&self, name: &str) -> Result<Group> {
        self.group_reply(&Request::GroupByName {
            name: name.to_owned(),
        })
    }
    fn group_counts(&self) -> Result<Vec<(i64, usize)>> {
        match self.ask(&Request::GroupCounts)? {
            Reply::Counts(c) => Ok(c),
            _ => Err(self.unexpected()),
        }
    }
    fn add_group(&self, name: &str) -> Result<Group> {
        self.group_reply(&Request::AddGroup {
            name: name.to_owned(),
        })
    }
    fn rename_group(&self, id: i64, name: &str) -> Result<Group> {
        self.group_reply(&Request::RenameGroup {
            id,
            name: name.to_owned(),
        })
    }
    fn remove_group(&self, id: i64) -> Result<()> {
        self.done(&Request::RemoveGroup { id })
    }
    fn corrupted(&self) -> Result<Vec<(&'static str, i64)>> {
        match self.ask(&Request::Corrupted)? {
            Reply::Corrupted(list) => Ok(list
                .into_iter()
                .map(|(table, id)| (proto::known(&table), id))
                .collect()),
            _ => Err(self.unexpected()),
        }
    }
    fn problems(&self) -> Result<Vec<String>> {
        // As the agent said when this client connected (its status carries them).
        Ok(self.status.problems.clone())
    }
    fn tokens(&self) -> Result<Vec<TokenInfo>> {
        match self.ask(&Request::Tokens)? {
            Reply::Tokens(list) => list
                .into_iter()
                .map(TokenInfo::try_from)
                .collect::<std::result::Result<_, _>>()
                .map_err(|m| self.malformed(m)),
            _ => Err(self.unexpected()),
        }
    }
    fn create_scoped_token(
        &self,
        name: &str,
        expires: Option<u32>,
        scope: Scope,
    ) -> Result<NewToken> {
        let request = Request::CreateToken {
            name: name.to_owned(),
            expires,
            scope: scope.as_str().to_owned(),
        };
        match self.ask(&request)? {
            Reply::NewToken(t) => t.try_into().map_err(|m| self.malformed(m)),
            _ => Err(self.unexpected()),
        }
    }
    fn revoke_token_named(&self, token: &str) -> Result<TokenInfo> {
        self.token_reply(&Request::RevokeToken {
            token: token.to_owned(),
        })
    }
    fn import_with_icons(
        &self,
        items: Vec<ImportItem>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<ImportSummary> {
        let request = Request::Import {
            items: items.iter().map(ImportItemW::from).collect(),
        };
        drop(items);
        match self.ask(&request)? {
            Reply::Imported(s) => {
                let summary: ImportSummary = s.try_into().map_err(|m| self.malformed(m))?;
                progress(summary.added.len());
                Ok(summary)
            }
            _ => Err(self.unexpected()),
        }
    }
    fn export(
        &self,
        format: ExportFormat,
        passphrase: Option<&[u8]>,
    ) -> std::result::Result<Prepared, PlanError> {
        let request = Request::Export {
            format: format.id().to_owned(),
            passphrase: passphrase.map(|p| zeroize::Zeroizing::new(p.to_vec())),
        };
        match self.call(&request) {
            Ok(Reply::Exported {
                bytes,
                accounts,
                skipped,
            }) => Ok(Prepared {
                bytes,
                accounts,
                skipped: skipped.into_iter().map(LeftOut::from).collect(),
            }),
            Ok(_) => Err(PlanError::Vault(self.unexpected())),
            Err(ClientError::Refused(w)) => Err(w.into_plan(&self.socket)),
            Err(e) => Err(PlanError::Vault(self.core(e))),
        }
    }
}
