//! Running the API: [`serve`] binds, spawns the server and its maintenance timer, and returns
//! a [`ServerHandle`] to stop it. `otty serve` and the TUI's background runtime both use it.
//!
//! The listener is bound before anything is spawned, so `handle.addr` is ready to use (tests
//! bind `127.0.0.1:0`). Every second the timer, on the blocking pool, reloads what other
//! processes changed ([`Vault::refresh`]), re-reads the tokens (a revoked token stops working
//! within a second), flushes buffered OTP logs and token use, and prunes the throttle and the log of locks. Shutdown
//! is graceful: in-flight requests finish, then one last flush. Connections are accepted by
//! [`super::listen`] (timeouts, connection cap).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::config::ServerConfig;
use super::cors::{self, BadOrigin};
use super::listen::{self, Limits};
use super::router::router;
use super::state::AppState;
use otty_core::{Vault, VaultEvent};

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A non-loopback address without `allow_remote`.
    #[error(
        "{0} is not a loopback address; pass --allow-remote to serve other machines (tokens travel in clear text)"
    )]
    Remote(SocketAddr),
    /// The vault is locked or unreadable.
    #[error("cannot serve this vault: {0}")]
    Vault(#[from] otty_core::Error),
    /// A `--cors-origin` that is not `*` or `scheme://host[:port]`.
    #[error(transparent)]
    Cors(#[from] BadOrigin),
    /// Binding failed.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// Address asked for.
        addr: SocketAddr,
        /// Cause.
        source: std::io::Error,
    },
}

/// A running server.
pub struct ServerHandle {
    /// The address it listens on (the real port when bound to port 0).
    pub addr: SocketAddr,
    stop: watch::Sender<bool>,
    server: JoinHandle<std::io::Result<()>>,
    timer: JoinHandle<()>,
}

impl ServerHandle {
    /// `http://ADDR`, for printing.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Ask the server to stop (returns at once; see [`ServerHandle::shutdown`]).
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    /// Stop gracefully and wait: in-flight requests finish, buffered logs are written.
    pub async fn shutdown(self) -> std::io::Result<()> {
        self.stop();
        self.wait().await
    }

    /// Wait until the server stops (after [`ServerHandle::stop`] or a fatal error).
    pub async fn wait(self) -> std::io::Result<()> {
        let served = self
            .server
            .await
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let _ = self.timer.await;
        served
    }
}

/// Start the API over an unlocked `vault`.
pub async fn serve(vault: Arc<Vault>, config: ServerConfig) -> Result<ServerHandle, ServeError> {
    let bind = config.bind;
    if !bind.ip().is_loopback() {
        if !config.allow_remote {
            return Err(ServeError::Remote(bind));
        }
        tracing::warn!(%bind, "serving a non-loopback address: anyone who can reach it may try tokens");
    }
    cors::allowed(&config.cors_origins, config.extension_origins)?;
    if !vault.is_unlocked() {
        return Err(ServeError::Vault(otty_core::Error::Locked));
    }
    let limits = Limits::new(&config, otty_core::hardening::open_file_limit());
    let state = AppState::new(vault, config)?;
    let listener = TcpListener::bind(bind)
        .await
        .map_err(|source| ServeError::Bind { addr: bind, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| ServeError::Bind { addr: bind, source })?;
    let (stop, stopped) = watch::channel(false);

    let server = tokio::spawn(listen::run(
        listener,
        router(state.clone()),
        limits,
        stopped.clone(),
    ));
    spawn_token_watch(state.clone(), stopped.clone());
    let timer = tokio::spawn(maintain(state, stopped));
    tracing::info!(%addr, "API listening");
    Ok(ServerHandle {
        addr,
        stop,
        server,
        timer,
    })
}

/// Re-read the tokens the moment this process creates or revokes one (the TUI's tokens
/// screen shares the vault), so a revoked token is refused at once; changes made by other
/// processes are picked up by the once-a-second [`tick`].
fn spawn_token_watch(state: AppState, stopped: watch::Receiver<bool>) {
    let events = state.vault.subscribe();
    // A plain thread, so a runtime shutting down never waits for it; it ends within 250 ms of
    // the server stopping or its handle being dropped.
    std::thread::spawn(move || {
        while !*stopped.borrow() && stopped.has_changed().is_ok() {
            match events.recv_timeout(Duration::from_millis(250)) {
                Ok(VaultEvent::TokensChanged) => {
                    if let Err(e) = state.tokens.reload(&state.vault) {
                        tracing::warn!(error = %e, "re-reading tokens failed");
                    }
                }
                Ok(_) | Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
    });
}

/// One maintenance pass (blocking): reload, re-read tokens, flush, prune.
fn tick(state: &AppState) {
    if let Err(e) = state.vault.refresh() {
        tracing::warn!(error = %e, "reloading the vault failed");
    }
    // Locked (the TUI's `L`): the tokens as last read stay (a request gets 503 "locked", not
    // 401) and the buffered logs wait; neither is a failure worth a warning every second.
    if state.vault.is_unlocked() {
        if let Err(e) = state.tokens.reload(&state.vault) {
            tracing::warn!(error = %e, "re-reading tokens failed");
        }
        if let Err(e) = state.usage.flush(&state.vault) {
            tracing::warn!(error = %e, "writing OTP logs failed; will retry");
        }
    }
    state.limiter.prune();
    state.locks.prune(state.now());
}

async fn maintain(state: AppState, mut stopped: watch::Receiver<bool>) {
    let mut every = tokio::time::interval(Duration::from_secs(1));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = every.tick() => {}
            _ = stopped.wait_for(|s| *s) => break,
        }
        let s = state.clone();
        let _ = tokio::task::spawn_blocking(move || tick(&s)).await;
    }
    let s = state.clone();
    let _ = tokio::task::spawn_blocking(move || {
        if let Err(e) = s.usage.flush(&s.vault) {
            tracing::warn!(error = %e, "writing OTP logs at shutdown failed");
        }
    })
    .await;
}

/// Resolve on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
