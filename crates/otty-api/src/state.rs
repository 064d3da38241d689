//! [`AppState`]: what every handler gets: the shared vault and the server's small caches.

use std::sync::Arc;

use super::auth::{FailureLimiter, TokenCache};
use super::config::ServerConfig;
use super::lock_log::LockLog;
use super::usage::Usage;
use otty_core::{Result, Vault};

/// Shared state of one API server: one `Arc`, so the several clones a request makes (each
/// middleware and the handler extract it) cost one reference count each, not one per field.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] shares.
pub struct Shared {
    /// The vault, shared with the TUI when the server runs inside it.
    pub vault: Arc<Vault>,
    /// Token hashes, re-read from the vault every second.
    pub tokens: Arc<TokenCache>,
    /// Buffered OTP logs and token use, flushed every second.
    pub usage: Arc<Usage>,
    /// Failed-authentication throttle per client address.
    pub limiter: Arc<FailureLimiter>,
    /// The attempt-budget locks already logged.
    pub locks: Arc<LockLog>,
    /// The server's settings.
    pub config: Arc<ServerConfig>,
}

impl AppState {
    /// State over `vault` (which must be unlocked) with `config`; reads the tokens once.
    pub fn new(vault: Arc<Vault>, config: ServerConfig) -> Result<Self> {
        let tokens = Arc::new(TokenCache::default());
        tokens.reload(&vault)?;
        Ok(AppState(Arc::new(Shared {
            limiter: Arc::new(FailureLimiter::new(config.auth_failures_per_minute)),
            vault,
            tokens,
            usage: Arc::new(Usage::default()),
            locks: Arc::new(LockLog::default()),
            config: Arc::new(config),
        })))
    }

    /// Now, by the vault's clock.
    pub fn now(&self) -> i64 {
        self.vault.clock().now()
    }
}
