//! [`AppState`]: what every handler gets: the shared vault and the server's small caches.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use super::auth::{FailureLimiter, TokenCache};
use super::config::ServerConfig;
use super::usage::Usage;
use crate::core::{Result, Vault};

/// Shared state of one API server. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The vault, shared with the TUI when the server runs inside it.
    pub vault: Arc<Vault>,
    /// Token hashes, re-read from the vault every second.
    pub tokens: Arc<TokenCache>,
    /// Buffered OTP logs and token use, flushed every second.
    pub usage: Arc<Usage>,
    /// Failed-authentication throttle per client address.
    pub limiter: Arc<FailureLimiter>,
    /// The server's settings.
    pub config: Arc<ServerConfig>,
    /// Last time step (or counter) accepted by `verify`, per account (replay protection).
    pub accepted: Arc<Mutex<HashMap<i64, u64>>>,
    /// Serialises read-check-write sequences (backup codes, HOTP verification) on the blocking
    /// pool; never held across an `.await`.
    pub serial: Arc<Mutex<()>>,
}

impl AppState {
    /// State over `vault` (which must be unlocked) with `config`; reads the tokens once.
    pub fn new(vault: Arc<Vault>, config: ServerConfig) -> Result<Self> {
        let tokens = Arc::new(TokenCache::default());
        tokens.reload(&vault)?;
        Ok(AppState {
            limiter: Arc::new(FailureLimiter::new(config.auth_failures_per_minute)),
            vault,
            tokens,
            usage: Arc::new(Usage::default()),
            config: Arc::new(config),
            accepted: Arc::new(Mutex::new(HashMap::new())),
            serial: Arc::new(Mutex::new(())),
        })
    }

    /// The replay table, locked (never held across an `.await`).
    pub fn accepted(&self) -> std::sync::MutexGuard<'_, HashMap<i64, u64>> {
        self.accepted.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Now, by the vault's clock.
    pub fn now(&self) -> i64 {
        self.vault.clock().now()
    }
}
