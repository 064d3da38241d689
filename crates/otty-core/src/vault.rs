//! [`Vault`]: THE service every face calls (docs/DESIGN.md, «One core, three faces»).
//!
//! A `Vault` owns one SQLite connection behind a mutex and, while unlocked, a published
//! snapshot of the vault key and the decrypted accounts and groups (`vault/state.rs`): reads
//! take the snapshot and never the mutex, so they never wait for a write. It is `Send + Sync`,
//! so the TUI and the API share one `Arc<Vault>`. Every change emits a [`VaultEvent`]; [`Vault::refresh`] picks up rows that
//! other processes changed (`PRAGMA data_version`).
//!
//! The operations live in submodules by concern: `accounts`, `groups`, `sync`; sealed row
//! formats in `payload`.

mod accounts;
pub mod attempts;
pub mod backup;
mod check;
pub mod conflicts;
mod groups;
mod handoff;
pub mod head;
pub mod icons;
mod identity;
pub mod import;
mod keys;
mod maintain;
pub mod merge;
mod migrate;
pub mod otp_log;
mod payload;
mod rekey;
pub mod settings;
mod state;
mod sync;
pub mod tokens;
pub mod tombstones;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rusqlite::Connection;

use super::account::Account;
use super::clock::{Clock, SystemClock};
use super::crypto::{self, KdfParams, SALT_LEN, SecretKey};
use super::error::{Error, Result};
use super::event::VaultEvent;
use super::store::{self, Header, Table};
use head::{Head, Problem};
use keys::Keys;
use state::{Published, Unlocked};

pub use accounts::backup_codes::BackupCodeUse;
pub use accounts::verify::MAX_WINDOW;
pub use accounts::{HotpCounter, Otp};
pub use attempts::Guess;
pub use check::Report;
pub use handoff::VaultKey;

/// The encrypted vault.
pub struct Vault {
    path: PathBuf,
    clock: Arc<dyn Clock>,
    /// The connection and file state; held by writers, never by readers.
    inner: Mutex<Inner>,
    /// The unlocked state readers see (`None` while locked).
    state: Published,
    subscribers: Mutex<Vec<Sender<VaultEvent>>>,
    /// What a status line shows about devices (`vault/maintain.rs`).
    notes: maintain::Notes,
}

struct Inner {
    conn: Connection,
    header: Header,
    /// The file's format version: 1 until the first unlock migrates it.
    format: i64,
    data_version: i64,
    /// `store::generation` when the published rows were read.
    generation: i64,
    /// What is left to do after commits: a checkpoint held back by a reader.
    upkeep: maintain::Upkeep,
    /// The file opened (`None`: in memory); `vault/identity.rs`.
    file: Option<identity::FileId>,
}

impl Inner {
    /// [`Error::FileReplaced`] when `path` no longer names the file this connection has open.
    fn check_file(&self, path: &Path) -> Result<()> {
        match self.file {
            Some(id) if !id.still_at(path) => Err(Error::FileReplaced),
            _ => Ok(()),
        }
    }
}

impl Unlocked {
    fn check_group(&self, group_id: Option<i64>) -> Result<()> {
        match group_id {
            Some(g) if !self.groups.contains_key(&g) => Err(self.missing_group(g)),
            _ => Ok(()),
        }
    }

    /// The error for a group id that is not readable: `Corrupted` when its row failed its
    /// integrity check, else `GroupNotFound`.
    fn missing_group(&self, id: i64) -> Error {
        if self.corrupted.contains(&("groups", id)) {
            Error::Corrupted {
                table: "groups",
                id,
            }
        } else {
            Error::GroupNotFound(id)
        }
    }

    /// One-time state (HOTP codes, backup codes, `verify`, tokens) is refused while the file
    /// and the head disagree: a rolled-back or inserted row could revive a used code or a
    /// revoked token. `otty check --accept` lifts it.
    fn verified(&self) -> Result<()> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Unverified)
        }
    }
}

/// Seal `vault_key` under `password` for the vault `vault_id` at key `epoch`.
fn wrap(
    vault_key: &SecretKey,
    password: &[u8],
    kdf: KdfParams,
    vault_id: [u8; 16],
    epoch: u32,
) -> Result<Header> {
    let salt: [u8; SALT_LEN] = crypto::random_bytes()?;
    let mut header = Header {
        salt,
        kdf,
        wrapped_key: Vec::new(),
        vault_id,
        epoch,
    };
    let password_key = crypto::derive_key(password, &salt, kdf)?;
    header.wrapped_key = password_key
        .cipher()
        .seal(vault_key.expose(), &header.aad())?;
    Ok(header)
}

/// The password key of `header` (slow: one Argon2id).
fn password_key(header: &Header, password: &[u8]) -> Result<SecretKey> {
    crypto::derive_key(password, &header.salt, header.kdf)
}

/// Open the wrapped key with a password key and its associated data.
fn unwrap_with(password_key: &SecretKey, wrapped: &[u8], aad: &[u8]) -> Result<SecretKey> {
    let bytes = password_key
        .cipher()
        .open(wrapped, aad)
        .map_err(|_| Error::WrongPassword)?;
    // `bytes` is wiped on drop; the key goes straight into locked memory.
    SecretKey::from_slice(&bytes).ok_or(Error::WrongPassword)
}

/// Below this many rows, decrypting on one thread is faster than starting others.
const PARALLEL_OPEN_MIN: usize = 512;

/// Open account rows, on every core when there are many: each result keeps its row id.
fn open_accounts(keys: &Keys, rows: &[store::RawRow]) -> Vec<(i64, Result<Account>)> {
    let open = |chunk: &[store::RawRow]| -> Vec<(i64, Result<Account>)> {
        chunk
            .iter()
            .map(|row| (row.id, payload::open_account(keys, row)))
            .collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 || rows.len() < PARALLEL_OPEN_MIN {
        return open(rows);
    }
    let chunk = rows.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = rows
            .chunks(chunk)
            .map(|part| scope.spawn(move || open(part)))
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        for (h, part) in handles.into_iter().zip(rows.chunks(chunk)) {
            match h.join() {
                Ok(v) => out.extend(v),
                // A panicking worker would be a bug; report its rows as unreadable rather
                // than losing them silently.
                Err(_) => out.extend(part.iter().map(|r| {
                    (
                        r.id,
                        Err(Error::Corrupted {
                            table: "accounts",
                            id: r.id,
                        }),
                    )
                })),
            }
        }
        out
    })
}

/// Read every account and group row; rows that fail to open are listed as corrupted, and
/// every committed table is compared with the head. Everything is read in one read
/// transaction, so a commit by another process in between cannot look like tampering.
fn load(conn: &Connection, keys: Keys, header: &Header) -> Result<Unlocked> {
    let snapshot = conn.unchecked_transaction()?;
    let state = load_in(&snapshot, keys, header)?;
    snapshot.commit()?;
    Ok(state)
}

fn load_in(conn: &Connection, keys: Keys, header: &Header) -> Result<Unlocked> {
    let mut state = Unlocked {
        keys: Arc::new(keys),
        accounts: Default::default(),
        groups: BTreeMap::new(),
        corrupted: Default::default(),
        problems: Vec::new(),
    };
    for row in store::all_rows(conn, Table::Groups)? {
        let opened = match &row {
            Ok(r) => payload::open_group(&state.keys, r).map_err(|_| r.id),
            Err(id) => Err(*id),
        };
        match opened {
            Ok(g) => {
                state.groups.insert(g.id, g);
            }
            Err(id) => {
                state.corrupted.insert(("groups", id));
            }
        }
    }
    // Rows with a column of the wrong type are corrupted before any decryption.
    let mut rows = Vec::new();
    for row in store::all_rows(conn, Table::Accounts)? {
        match row {
            Ok(r) => rows.push(r),
            Err(id) => {
                state.corrupted.insert(("accounts", id));
            }
        }
    }
    for (id, opened) in open_accounts(&state.keys, &rows) {
        match opened {
            Ok(a) => {
                state.accounts.insert(id, a);
            }
            Err(_) => {
                state.corrupted.insert(("accounts", id));
            }
        }
    }
    state.problems = compare(conn, &state.keys, header)?;
    Ok(state)
}

/// Compare the file with its head: header, schema and every committed row. Rows are
/// fingerprinted as stored (a row with a column of the wrong type keeps its stored version, so
/// it reads as replaced, not rolled back).
fn compare(conn: &Connection, keys: &Keys, header: &Header) -> Result<Vec<Problem>> {
    let Some(head) = Head::stored(conn, keys)? else {
        return Ok(vec![Problem::Head]);
    };
    let mut problems = Vec::new();
    if head.header != header.digest() || head.epoch != header.epoch {
        problems.push(Problem::Header);
    }
    if head.schema != store::schema_digest(conn)? {
        problems.push(Problem::Schema);
    }
    for table in Table::ALL {
        head.diff_stored(conn, table, &mut problems)?;
    }
    problems.sort();
    Ok(problems)
}

/// A fresh head for the rows the file holds now (creating a vault, migrating, accepting).
fn head_for(conn: &Connection, header: &Header, generation: u64) -> Result<Head> {
    let mut head = Head {
        generation,
        epoch: header.epoch,
        header: header.digest(),
        schema: store::schema_digest(conn)?,
        rows: BTreeMap::new(),
    };
    for table in Table::ALL {
        for f in store::fingerprints(conn, table)? {
            head.put(table, f.id, f.version, f.tag);
        }
    }
    Ok(head)
}

impl Drop for Vault {
    /// A last checkpoint, so the file alone holds everything and the WAL is empty once the
    /// last otty process closes the vault (SQLite only does this itself when no other
    /// connection is open).
    fn drop(&mut self) {
        if self.path != store::memory_path() {
            let inner = self.inner.get_mut().unwrap_or_else(PoisonError::into_inner);
            let _ = store::checkpoint(&inner.conn);
        }
    }
}

impl Vault {
    /// Create a new vault file at `path` (never overwriting) and leave it unlocked.
    pub fn create(path: &Path, password: &[u8], kdf: KdfParams) -> Result<Self> {
        kdf.validate()?;
        store::create_file(path)?;
        let made = (|| {
            let mut conn = Connection::open(path)?;
            Self::init(&mut conn, path, password, kdf)
                .map(|(inner_open, header)| (conn, inner_open, header))
        })();
        match made {
            Ok((conn, open, header)) => {
                let vault = Self::assemble(path, conn, header, store::FORMAT_VERSION, Some(open))?;
                vault.inner().after_commit(path);
                Ok(vault)
            }
            Err(e) => {
                // The file is ours and half-made: remove it rather than leave a broken vault.
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.as_os_str().to_owned();
                    p.push(suffix);
                    let _ = std::fs::remove_file(PathBuf::from(p));
                }
                Err(e)
            }
        }
    }

    /// Create an unlocked vault that lives only in memory (`otty demo`, tests).
    pub fn create_in_memory(password: &[u8], kdf: KdfParams) -> Result<Self> {
        kdf.validate()?;
        let mut conn = store::open_in_memory()?;
        let path = store::memory_path();
        let (open, header) = Self::init(&mut conn, &path, password, kdf)?;
        Self::assemble(&path, conn, header, store::FORMAT_VERSION, Some(open))
    }

    fn init(
        conn: &mut Connection,
        _path: &Path,
        password: &[u8],
        kdf: KdfParams,
    ) -> Result<(Unlocked, Header)> {
        let key = SecretKey::random()?;
        let header = wrap(&key, password, kdf, crypto::random_bytes()?, 0)?;
        store::initialise(conn, &header, SystemClock.now())?;
        let keys = Keys::new(key, &header)?;
        let head = head_for(conn, &header, 0)?;
        store::set_head(conn, &head.seal(&keys)?)?;
        let open = load(conn, keys, &header)?;
        Ok((open, header))
    }

    fn assemble(
        path: &Path,
        conn: Connection,
        header: Header,
        format: i64,
        open: Option<Unlocked>,
    ) -> Result<Self> {
        let data_version = store::data_version(&conn)?;
        let generation = store::generation(&conn)?;
        let file = (path != store::memory_path())
            .then(|| identity::FileId::of(path))
            .flatten();
        Ok(Vault {
            path: path.to_owned(),
            clock: Arc::new(SystemClock),
            inner: Mutex::new(Inner {
                conn,
                header,
                format,
                data_version,
                generation,
                upkeep: maintain::Upkeep::default(),
                file,
            }),
            state: Published::new(open),
            subscribers: Mutex::new(Vec::new()),
            notes: maintain::Notes::default(),
        })
    }

    /// Open an existing vault, locked. Refuses files that are not otty vaults or come from a
    /// newer otty, without modifying them.
    pub fn open(path: &Path) -> Result<Self> {
        let store::Opened { conn, version } = store::open(path)?;
        let header = if version == 1 {
            migrate::header_v1(&conn, path)?
        } else {
            store::read_header(&conn, path)?
        };
        Self::assemble(path, conn, header, version, None)
    }

    /// Use another clock for timestamps and codes (tests, `--at`).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The clock this vault uses.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The file this vault lives in (`:memory:` for in-memory vaults).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The Argon2id parameters in the header.
    pub fn kdf_params(&self) -> KdfParams {
        self.inner().header.kdf
    }

    /// The vault's random id, the same in every copy of it (`otty merge-driver` checks that
    /// git's three files are copies of one vault before unlocking them with one key). Read from
    /// the header, so known while locked; `None` for a format-1 file, which has none until its
    /// first unlock migrates it.
    pub fn id(&self) -> Option<[u8; 16]> {
        let inner = self.inner();
        (inner.format != 1).then_some(inner.header.vault_id)
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Derive the password key (slow: one Argon2id) and load every row. Writes nothing, but
    /// for a format-1 vault, which is migrated to format 2 here (the only moment the key is
    /// at hand), after a backup copy of it is written beside it.
    pub fn unlock(&self, password: &[u8]) -> Result<()> {
        self.follow_file()?;
        // The header is read again from the file, not taken from memory: `passwd` elsewhere
        // may have replaced it, and its KDF parameters are checked again before any work.
        let (header, format) = {
            let inner = self.inner();
            let header = if inner.format == 1 {
                migrate::header_v1(&inner.conn, &self.path)?
            } else {
                store::read_header(&inner.conn, &self.path)?
            };
            (header, inner.format)
        };
        // The KDF runs without holding the lock, so readers of a locked vault never wait on it.
        let pkey = password_key(&header, password)?;
        let mut inner = self.inner();
        let (header, key) = if format == 1 {
            let key = unwrap_with(&pkey, &header.wrapped_key, &migrate::aad_v1(&header))?;
            let header = migrate::to_v2(&mut inner.conn, &self.path, &pkey, key.clone(), &header)?;
            inner.format = store::FORMAT_VERSION;
            (header, key)
        } else {
            (
                header.clone(),
                unwrap_with(&pkey, &header.wrapped_key, &header.aad())?,
            )
        };
        self.open_with(inner, Keys::new(key, &header)?, header)
    }

    /// The end of every unlock: read every row with `keys`, note the file's counters, publish
    /// the state and announce it.
    fn open_with(
        &self,
        mut inner: MutexGuard<'_, Inner>,
        keys: Keys,
        header: Header,
    ) -> Result<()> {
        let open = load(&inner.conn, keys, &header)?;
        inner.header = header;
        inner.data_version = store::data_version(&inner.conn)?;
        inner.generation = store::generation(&inner.conn)?;
        self.state.set(Some(open));
        drop(inner);
        // The decrypting threads left free chunks in arenas of their own: give them back, so a
        // long-lived face (the TUI, the server) does not keep them resident.
        crate::hardening::release_free_memory();
        self.emit(VaultEvent::Unlocked);
        Ok(())
    }

    /// Drop the key and every decrypted value from memory.
    pub fn lock(&self) {
        // Under the connection mutex, so no write in progress publishes its state afterwards.
        let inner = self.inner();
        self.state.set(None);
        drop(inner);
        self.emit(VaultEvent::Locked);
    }

    /// Whether the vault is unlocked.
    pub fn is_unlocked(&self) -> bool {
        self.state.current().is_some()
    }

    /// Move what the WAL holds into the vault file and empty the WAL (see
    /// [`store::checkpoint`]); done after removals, password changes and when the vault is
    /// dropped. Returns whether it completed (a busy reader elsewhere can hold it back).
    pub fn checkpoint(&self) -> Result<bool> {
        store::checkpoint(&self.inner().conn)
    }

    /// Where the file and its head disagree, as found at unlock or the last reload (empty:
    /// intact). While it is not empty, HOTP codes, backup codes, `verify` and tokens are
    /// refused ([`Error::Unverified`]) until [`Vault::accept`].
    pub fn problems(&self) -> Result<Vec<Problem>> {
        self.read(|o| Ok(o.problems.clone()))
    }

    /// Every sealed row that failed its integrity check, as `(table, id)`.
    pub fn corrupted(&self) -> Result<Vec<(&'static str, i64)>> {
        self.read(|o| Ok(o.corrupted.iter().copied().collect()))
    }

    /// Receive a [`VaultEvent`] for every change from now on.
    pub fn subscribe(&self) -> Receiver<VaultEvent> {
        let (tx, rx) = channel();
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(tx);
        rx
    }

    fn emit(&self, event: VaultEvent) {
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|s| s.send(event).is_ok());
    }

    /// Run `f` on the published unlocked state, read-only, without the connection mutex.
    fn read<R>(&self, f: impl FnOnce(&Unlocked) -> Result<R>) -> Result<R> {
        let open = self.state.current().ok_or(Error::Locked)?;
        f(&open)
    }

    /// Run `f` with the connection and the unlocked state, for reads of tables kept out of the
    /// snapshot (settings, tokens, icons, the OTP log): under the connection mutex, publishing
    /// nothing.
    fn query<R>(&self, f: impl FnOnce(&mut Connection, &Unlocked) -> Result<R>) -> Result<R> {
        let mut inner = self.inner();
        let open = self.state.current().ok_or(Error::Locked)?;
        f(&mut inner.conn, &open)
    }

    /// Run `f` with the connection and the unlocked state, for writes.
    fn write<R>(
        &self,
        f: impl FnOnce(&mut Connection, &mut Unlocked, i64) -> Result<R>,
    ) -> Result<R> {
        let now = self.clock.now();
        let mut guard = self.inner();
        let inner = &mut *guard;
        inner.check_file(&self.path)?;
        // A copy of the published state: readers keep seeing the old one until it is replaced.
        // It is published whatever `f` returns, as `f` may have learnt something on the way (a
        // row found corrupted inside a write that then failed).
        let mut open = Unlocked::clone(&*self.state.current().ok_or(Error::Locked)?);
        let changes = inner.conn.total_changes();
        let out = f(&mut inner.conn, &mut open, now);
        self.state.set(Some(open));
        if inner.conn.total_changes() != changes {
            inner.after_commit(&self.path);
        }
        let out = out?;
        // Our own commits bump the change counter too. Adopt the new value when no other
        // connection has committed since our last look (data_version unchanged, read after the
        // counter), so our own writes never cost a full reload; otherwise leave it stale and
        // let `refresh` reload.
        if let (Ok(generation), Ok(version)) = (
            store::generation(&inner.conn),
            store::data_version(&inner.conn),
        ) && version == inner.data_version
        {
            inner.generation = generation;
        }
        Ok(out)
    }
}
