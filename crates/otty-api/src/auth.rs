//! Authentication: `Authorization: Bearer otty_pat_…` checked against the tokens' SHA-256 in
//! constant time, and a throttle on failed attempts that only ever slows the guilty.
//!
//! A request with a valid token is always served: others' failures never throttle it (a web
//! page firing requests at 127.0.0.1, or any local process, cannot lock the owner out). Bad
//! tokens are limited for all clients together ([`FailureLimiter`]), so rotating source
//! addresses over 127.0.0.0/8 gains a guesser nothing; once over the limit they get 429 until
//! the window ends, and the episode is logged once. The token list is cached in [`TokenCache`]
//! and re-read every second by the server's timer, so a token revoked by another process
//! (`otty token revoke`) stops working within a second. Tokens are never logged.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::state::AppState;
use otty_core::Vault;
use otty_core::vault::tokens::{Scope, TokenRecord, hash_token};

/// Who is calling: the token that authenticated the request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Id of the token's row in the vault.
    pub token_id: i64,
    /// Token name (written to OTP logs); shared, so a request allocates nothing for it.
    pub token_name: Arc<str>,
    /// What the token may do (checked by [`super::scope`]).
    pub scope: Scope,
}

/// The tokens, as last read from the vault, with their names ready to share.
#[derive(Default)]
pub struct TokenCache(RwLock<Vec<(TokenRecord, Arc<str>)>>, AtomicBool);

impl TokenCache {
    /// Re-read the tokens from the vault (blocking but quick: one small SELECT). While the
    /// vault fails its integrity check no token is trusted: the cache is emptied, so every
    /// request gets 401, and that is logged once.
    pub fn reload(&self, vault: &Vault) -> otty_core::Result<()> {
        let records = match vault.token_records() {
            Ok(records) => {
                self.1.store(false, Ordering::Relaxed);
                records
            }
            Err(otty_core::Error::Unverified) => {
                if !self.1.swap(true, Ordering::Relaxed) {
                    tracing::warn!(
                        "the vault failed its integrity check: every API token is refused until `otty check --accept`"
                    );
                }
                Vec::new()
            }
            Err(e) => return Err(e),
        };
        let records = records
            .into_iter()
            .map(|r| {
                let name = Arc::from(r.info.name.as_str());
                (r, name)
            })
            .collect();
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = records;
        Ok(())
    }

    /// The active token matching `presented`, comparing every stored hash in constant time.
    pub fn check(&self, presented: &str, now: i64) -> Option<Caller> {
        let hash = hash_token(presented);
        let records = self.0.read().unwrap_or_else(PoisonError::into_inner);
        let mut found = None;
        for (r, name) in records.iter() {
            if r.matches(&hash) && r.info.is_active(now) {
                found = Some(Caller {
                    token_id: r.info.id,
                    token_name: name.clone(),
                    scope: r.info.scope,
                });
            }
        }
        found
    }
}

/// Failed authentications of all clients together in a one-minute window.
pub struct FailureLimiter {
    limit: u32,
    window: Duration,
    seen: Mutex<Episode>,
    /// Whether `seen` may hold failures: lets the common case skip the lock.
    any: AtomicBool,
}

/// The current window of failures.
struct Episode {
    start: Instant,
    failures: u32,
    /// Whether this window's throttling was logged.
    logged: bool,
}

impl FailureLimiter {
    /// Allow `limit` failed authentications per minute, all clients together (0: no limit).
    pub fn new(limit: u32) -> Self {
        FailureLimiter {
            limit,
            window: Duration::from_secs(60),
            seen: Mutex::new(Episode {
                start: Instant::now(),
                failures: 0,
                logged: false,
            }),
            any: AtomicBool::new(false),
        }
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, Episode> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Seconds to wait if bad tokens are over their limit now.
    pub fn blocked(&self) -> Option<u64> {
        if self.limit == 0 || !self.any.load(Ordering::Acquire) {
            return None;
        }
        let mut seen = self.seen();
        let elapsed = seen.start.elapsed();
        if seen.failures < self.limit || elapsed >= self.window {
            return None;
        }
        if !seen.logged {
            seen.logged = true;
            tracing::warn!(
                failures = seen.failures,
                seconds = (self.window - elapsed).as_secs(),
                "too many requests with a bad or missing token: refusing them (429) until the window ends; requests with a valid token are still served"
            );
        }
        Some((self.window - elapsed).as_secs().max(1))
    }

    /// Count a failure.
    pub fn fail(&self) {
        let mut seen = self.seen();
        self.any.store(true, Ordering::Release);
        if seen.start.elapsed() >= self.window {
            *seen = Episode {
                start: Instant::now(),
                failures: 0,
                logged: false,
            };
        }
        seen.failures = seen.failures.saturating_add(1);
    }

    /// Forget a window that is over (called by the timer).
    pub fn prune(&self) {
        let mut seen = self.seen();
        if seen.start.elapsed() >= self.window {
            seen.failures = 0;
            seen.logged = false;
            self.any.store(false, Ordering::Release);
        }
    }
}

/// The bearer token of a request, if any.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Check a presented token: a valid one is always accepted; a bad or missing one is refused,
/// with 429 while bad tokens are over their limit (all clients together), else 401 and counted.
pub fn authenticate(state: &AppState, presented: Option<&str>) -> Result<Caller, Failure> {
    let now = state.now();
    if let Some(caller) = presented.and_then(|t| state.tokens.check(t, now)) {
        state.usage.touch_token(caller.token_id, now);
        return Ok(caller);
    }
    if let Some(retry) = state.limiter.blocked() {
        return Err(Failure::Throttled(retry));
    }
    state.limiter.fail();
    Err(Failure::Unauthenticated)
}

/// Why [`authenticate`] refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Too many failures: retry after this many seconds.
    Throttled(u64),
    /// No valid token.
    Unauthenticated,
}

/// Middleware of every token route: the token check ([`authenticate`]) and the route's
/// minimum scope in one layer. 401 (or 429 while bad tokens are over their limit) without a
/// valid token, 403 with a token below `needed`; otherwise the [`Caller`] goes into the
/// request's extensions for the handler.
pub async fn authorize(
    State((state, needed)): State<(AppState, Scope)>,
    mut req: Request,
    next: Next,
) -> Response {
    match authenticate(&state, bearer(req.headers())) {
        Ok(caller) if caller.scope.allows(needed) => {
            req.extensions_mut().insert(caller);
            next.run(req).await
        }
        Ok(_) => ApiError::MissingScope(needed).into_response(),
        Err(Failure::Throttled(retry)) => ApiError::TooManyAttempts(retry).into_response(),
        Err(Failure::Unauthenticated) => ApiError::Unauthenticated.into_response(),
    }
}
