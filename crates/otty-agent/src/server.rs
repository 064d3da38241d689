//! The agent: one process holding one vault unlocked and answering on its socket.
//!
//! [`bind`] takes the vault's socket (0600, in the checked directory), replacing a stale one a
//! crashed agent left behind and refusing when a live agent answers. [`serve`] then runs until
//! one of the reasons in [`Exit`]: every connection is checked for its peer's uid first
//! (another user's is closed unread), then handled on its own thread, one request at a time;
//! the vault is refreshed before each request, so changes made by other processes are seen at
//! once. A watcher thread checks the exit reasons four times a second and refreshes the vault
//! every second (a `passwd` elsewhere locks it). On exit the key is wiped (`Vault::lock`), the
//! socket removed (if it is still ours) and the process ends.

use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use otty_core::Vault;

use crate::frame::{self, FrameError};
use crate::place::{Place, PlaceError};
use crate::proto::{self, Answer, KeyW, Reply, Request, StatusW, WireError};

/// Connections served at once; more are closed at once.
const MAX_CONNECTIONS: usize = 32;
/// How long a connection may sit between requests.
const CONNECTION_IDLE: Duration = Duration::from_secs(600);
/// How often the watcher looks.
const TICK: Duration = Duration::from_millis(250);

/// Why the socket could not be bound.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    /// The directory is not safe.
    #[error(transparent)]
    Place(#[from] PlaceError),
    /// A live agent already answers there.
    #[error("an unlock agent already holds this vault")]
    Running,
    /// Binding failed.
    #[error("cannot listen on {path}: {source}")]
    Io {
        /// The socket.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

/// Why the agent stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `otty lock`, or the TUI's lock.
    Locked,
    /// Nothing asked for the idle timeout.
    Idle,
    /// The vault file was deleted or replaced.
    VaultGone,
    /// The vault locked itself (its key was changed by `passwd` elsewhere).
    KeyChanged,
    /// Its socket was removed or replaced.
    SocketGone,
    /// SIGTERM, SIGINT or SIGHUP.
    Signal,
}

/// The socket at `place`, listening. A socket file nobody accepts on is a crashed agent's and
/// is replaced.
pub fn bind(place: &Place) -> Result<UnixListener, BindError> {
    place.ensure_dir()?;
    let io = |source| BindError::Io {
        path: place.socket.clone(),
        source,
    };
    if std::fs::symlink_metadata(&place.socket).is_ok() {
        match UnixStream::connect(&place.socket) {
            Ok(_) => return Err(BindError::Running),
            Err(_) => {
                tracing::info!("removing a stale agent socket");
                std::fs::remove_file(&place.socket).map_err(io)?;
            }
        }
    }
    let listener = UnixListener::bind(&place.socket).map_err(io)?;
    std::fs::set_permissions(&place.socket, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
    Ok(listener)
}

/// Detach from the terminal: a new session, and standard streams on `/dev/null`.
pub fn detach() -> io::Result<()> {
    rustix::process::setsid()?;
    let null = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")?;
    rustix::stdio::dup2_stdin(&null)?;
    rustix::stdio::dup2_stdout(&null)?;
    rustix::stdio::dup2_stderr(&null)?;
    Ok(())
}

/// The file identity of `path`: device and inode.
fn identity(path: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The agent's shared state.
struct Agent {
    vault: Arc<Vault>,
    place: Place,
    /// The socket file's identity when bound: removed only while it is still ours.
    socket_id: Option<(u64, u64)>,
    vault_id: Option<(u64, u64)>,
    timeout: Mutex<Option<Duration>>,
    last_activity: Mutex<Instant>,
    connections: AtomicUsize,
}

impl Agent {
    fn touch(&self) {
        *self
            .last_activity
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Instant::now();
    }

    fn timeout(&self) -> Option<Duration> {
        *self.timeout.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Time left before the idle timeout (`None`: no timeout).
    fn remaining(&self) -> Option<Duration> {
        let timeout = self.timeout()?;
        let idle = self
            .last_activity
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .elapsed();
        Some(timeout.saturating_sub(idle))
    }

    fn status(&self) -> StatusW {
        StatusW {
            vault: self.vault.path().to_owned(),
            pid: std::process::id(),
            timeout_secs: self.timeout().map_or(0, |d| d.as_secs()),
            locks_at: self
                .remaining()
                .map(|r| unix_now().saturating_add(i64::try_from(r.as_secs()).unwrap_or(i64::MAX))),
            problems: crate::backend::Backend::problems(&*self.vault).unwrap_or_default(),
        }
    }

    /// Why the agent should stop now, if it should.
    fn exit_reason(&self) -> Option<Exit> {
        if self.remaining() == Some(Duration::ZERO) {
            return Some(Exit::Idle);
        }
        if identity(self.vault.path()) != self.vault_id {
            return Some(Exit::VaultGone);
        }
        if std::fs::symlink_metadata(&self.place.socket)
            .ok()
            .map(|m| (m.dev(), m.ino()))
            != self.socket_id
        {
            return Some(Exit::SocketGone);
        }
        None
    }

    /// Wipe the key, remove the socket if it is still ours, and end the process.
    fn stop(&self, why: Exit) -> ! {
        self.vault.lock();
        self.remove_socket();
        tracing::info!(?why, "unlock agent stopping");
        std::process::exit(0)
    }

    fn remove_socket(&self) {
        let ours = std::fs::symlink_metadata(&self.place.socket)
            .ok()
            .map(|m| (m.dev(), m.ino()))
            == self.socket_id;
        if ours {
            let _ = std::fs::remove_file(&self.place.socket);
        }
    }

    /// Answer one request (agent requests here, vault requests through `dispatch`).
    fn answer(&self, request: Request) -> Answer {
        if request.is_activity() {
            self.touch();
        }
        match request {
            Request::Status => {
                let _ = self.vault.refresh();
                if !self.vault.is_unlocked() {
                    return Err(WireError::KeyChanged);
                }
                Ok(Reply::Status(self.status()))
            }
            Request::Touch { timeout_secs } => {
                if let Some(secs) = timeout_secs {
                    *self.timeout.lock().unwrap_or_else(PoisonError::into_inner) =
                        (secs > 0).then(|| Duration::from_secs(secs));
                }
                Ok(Reply::Status(self.status()))
            }
            Request::Key => {
                let key = self.vault.key().map_err(|e| WireError::from(&e))?;
                Ok(Reply::Key(KeyW {
                    key: zeroize::Zeroizing::new(key.expose().to_vec()),
                    vault_id: key.vault_id(),
                    epoch: key.epoch(),
                }))
            }
            Request::Lock => Ok(Reply::Done),
            other => {
                if let Err(e) = self.vault.refresh() {
                    tracing::warn!("cannot refresh the vault: {e}");
                }
                if !self.vault.is_unlocked() {
                    // `passwd` elsewhere replaced the key: this agent is done (see `connection`).
                    return Err(WireError::KeyChanged);
                }
                crate::dispatch::handle(&*self.vault, other)
            }
        }
    }

    /// Serve one connection until the client closes it.
    fn connection(&self, stream: UnixStream) {
        let _ = stream.set_read_timeout(Some(CONNECTION_IDLE));
        let mut s = &stream;
        loop {
            let body = match frame::read(&mut s) {
                Ok(b) => b,
                Err(FrameError::Io(_)) => return,
                Err(e) => {
                    let _ = send(&mut s, &Err(WireError::BadRequest(e.to_string())));
                    return;
                }
            };
            let request: Request = match serde_json::from_slice(&body) {
                Ok(r) => r,
                Err(e) => {
                    let answer = Err(WireError::BadRequest(format!("unreadable request ({e})")));
                    if send(&mut s, &answer).is_err() {
                        return;
                    }
                    continue;
                }
            };
            drop(body);
            let lock = matches!(request, Request::Lock);
            if lock {
                // Wipe and unlink first, so the client's next command already finds no agent.
                self.vault.lock();
                self.remove_socket();
            }
            let answer = self.answer(request);
            let sent = send(&mut s, &answer);
            if lock {
                self.stop(Exit::Locked);
            }
            if !self.vault.is_unlocked() {
                self.stop(Exit::KeyChanged);
            }
            if sent.is_err() {
                return;
            }
        }
    }
}

fn send(w: &mut impl io::Write, answer: &Answer) -> Result<(), FrameError> {
    let bytes = proto::encode(answer)?;
    w.write_all(&bytes)?;
    w.flush()?;
    Ok(())
}

/// Serve `vault` (unlocked) on `listener` until an [`Exit`] reason; never returns.
pub fn serve(vault: Vault, listener: UnixListener, place: Place, timeout: Option<Duration>) -> ! {
    let signalled = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ] {
        if let Err(e) = signal_hook::flag::register(signal, signalled.clone()) {
            tracing::warn!("cannot handle signal {signal}: {e}");
        }
    }
    let agent = Arc::new(Agent {
        vault_id: identity(vault.path()),
        vault: Arc::new(vault),
        socket_id: std::fs::symlink_metadata(&place.socket)
            .ok()
            .map(|m| (m.dev(), m.ino())),
        place,
        timeout: Mutex::new(timeout),
        last_activity: Mutex::new(Instant::now()),
        connections: AtomicUsize::new(0),
    });
    let watcher = agent.clone();
    std::thread::spawn(move || {
        let mut last_refresh = Instant::now();
        loop {
            std::thread::sleep(TICK);
            if signalled.load(Ordering::Relaxed) {
                watcher.stop(Exit::Signal);
            }
            if let Some(why) = watcher.exit_reason() {
                watcher.stop(why);
            }
            if last_refresh.elapsed() >= Duration::from_secs(1) {
                last_refresh = Instant::now();
                let _ = watcher.vault.refresh();
                if !watcher.vault.is_unlocked() {
                    watcher.stop(Exit::KeyChanged);
                }
            }
        }
    });
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if !crate::peer::is_same_user(&stream) {
            // Another user: closed unread, with nothing written.
            drop(stream);
            continue;
        }
        if agent.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            agent.connections.fetch_sub(1, Ordering::SeqCst);
            continue;
        }
        let a = agent.clone();
        std::thread::spawn(move || {
            a.connection(stream);
            a.connections.fetch_sub(1, Ordering::SeqCst);
        });
    }
    agent.stop(Exit::SocketGone)
}
