//! Authentication (DESIGN §5): `Authorization: Bearer otty_pat_…` checked against the
//! tokens' SHA-256 in constant time, and a throttle on failed attempts per client address.
//!
//! Order of checks, as 2FAuth's middleware: throttle (429) first, then the token (401). The
//! token list is cached in [`TokenCache`] and re-read every second by the server's timer, so a
//! token revoked by another process (`otty token revoke`) stops working within a second.
//! Tokens are never logged.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::state::AppState;
use crate::core::Vault;
use crate::core::vault::tokens::{Scope, TokenRecord, hash_token};

/// Who is calling: the token that authenticated the request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Token id.
    pub token_id: i64,
    /// Token name (written to OTP logs); shared, so a request allocates nothing for it.
    pub token_name: Arc<str>,
    /// What the token may do (checked by [`super::scope`]).
    pub scope: Scope,
}

/// The tokens, as last read from the vault, with their names ready to share.
#[derive(Default)]
pub struct TokenCache(RwLock<Vec<(TokenRecord, Arc<str>)>>);

impl TokenCache {
    /// Re-read the tokens from the vault (blocking but quick: one small SELECT).
    pub fn reload(&self, vault: &Vault) -> crate::core::Result<()> {
        let records = vault
            .token_records()?
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

/// Failed authentications per client address in a one-minute window.
pub struct FailureLimiter {
    limit: u32,
    window: Duration,
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
    /// Whether `seen` may hold anything: lets successful requests skip the lock.
    any: AtomicBool,
}

impl FailureLimiter {
    /// Allow `limit` failures per minute per address (0: no limit).
    pub fn new(limit: u32) -> Self {
        FailureLimiter {
            limit,
            window: Duration::from_secs(60),
            seen: Mutex::new(HashMap::new()),
            any: AtomicBool::new(false),
        }
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, (Instant, u32)>> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Seconds to wait if `ip` is over its limit.
    pub fn blocked(&self, ip: IpAddr) -> Option<u64> {
        if self.limit == 0 || !self.any.load(Ordering::Acquire) {
            return None;
        }
        let seen = self.seen();
        let (start, n) = seen.get(&ip)?;
        let elapsed = start.elapsed();
        (*n >= self.limit && elapsed < self.window)
            .then(|| (self.window - elapsed).as_secs().max(1))
    }

    /// Count a failure from `ip`.
    pub fn fail(&self, ip: IpAddr) {
        let mut seen = self.seen();
        self.any.store(true, Ordering::Release);
        let e = seen.entry(ip).or_insert((Instant::now(), 0));
        if e.0.elapsed() >= self.window {
            *e = (Instant::now(), 0);
        }
        e.1 = e.1.saturating_add(1);
    }

    /// Forget windows that are over (called by the timer).
    pub fn prune(&self) {
        let window = self.window;
        let mut seen = self.seen();
        seen.retain(|_, (start, _)| start.elapsed() < window);
        if seen.is_empty() {
            self.any.store(false, Ordering::Release);
        }
    }
}

/// The client's address (loopback when the server was not given connection info).
pub fn client_ip(req: &Request) -> IpAddr {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0.ip())
}

/// The bearer token of a request, if any.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Check a presented token for `ip`: throttle first, then the token. Counts failures.
pub fn authenticate(
    state: &AppState,
    ip: IpAddr,
    presented: Option<&str>,
) -> Result<Caller, Failure> {
    if let Some(retry) = state.limiter.blocked(ip) {
        return Err(Failure::Throttled(retry));
    }
    let now = state.now();
    match presented.and_then(|t| state.tokens.check(t, now)) {
        Some(caller) => {
            state.usage.touch_token(caller.token_id, now);
            Ok(caller)
        }
        None => {
            state.limiter.fail(ip);
            Err(Failure::Unauthenticated)
        }
    }
}

/// Why [`authenticate`] refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Too many failures: retry after this many seconds.
    Throttled(u64),
    /// No valid token.
    Unauthenticated,
}

/// Middleware for `/api/v1` routes that need a token.
pub async fn require_token(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let ip = client_ip(&req);
    match authenticate(&state, ip, bearer(req.headers())) {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            next.run(req).await
        }
        Err(Failure::Throttled(retry)) => ApiError::TooManyAttempts(retry).into_response(),
        Err(Failure::Unauthenticated) => ApiError::Unauthenticated.into_response(),
    }
}
