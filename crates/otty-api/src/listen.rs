//! The accept loop of the API: hyper's HTTP/1 connections with timeouts and a cap on their
//! number, so idle or half-sent connections cannot pile up until the process runs out of file
//! descriptors.
//!
//! - The header-read timeout is hyper's (`header_read_timeout`, driven by `TokioTimer`); hyper
//!   starts it whenever the connection waits for a request, so it closes idle keep-alive
//!   connections too.
//! - A watchdog per connection closes it when no byte moved and no request was in flight for
//!   the idle timeout (e.g. a client that stops reading a response).
//! - Each request has a deadline from its headers to its response, body upload included: when
//!   it passes, the client gets 408 and the connection is closed.
//! - [`table::Connections`] caps the open connections (evicting the longest-idle one at the
//!   cap); the cap is lowered to fit the process's open-file limit.
//! - Failed accepts (out of descriptors) are logged once per episode ([`failures`]).
//!
//! Shutdown is graceful: the listener closes, idle connections close, requests in flight
//! finish, then [`run`] returns. Each request carries `ConnectInfo<SocketAddr>`.

mod activity;
mod failures;
mod table;

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hyper::body::Incoming;
use hyper::service::{Service, service_fn};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use self::activity::Tracked;
use self::failures::AcceptFailures;
use self::table::{Connections, Slot};
use super::config::ServerConfig;

/// File descriptors kept free for everything but connections (the vault, its WAL, logs…).
const HEADROOM: u64 = 64;

/// How long and how many connections are kept.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// See [`ServerConfig::header_timeout`].
    pub header: Duration,
    /// See [`ServerConfig::idle_timeout`].
    pub idle: Duration,
    /// See [`ServerConfig::request_timeout`].
    pub request: Duration,
    /// The connection cap, already fitted to the open-file limit.
    pub max_connections: usize,
}

impl Limits {
    /// The limits of `config`, the cap fitted to the open-file limit `nofile` (if known).
    pub fn new(config: &ServerConfig, nofile: Option<u64>) -> Self {
        let cap = connection_cap(config.max_connections, nofile);
        if cap < config.max_connections {
            tracing::info!(
                configured = config.max_connections,
                cap,
                "open-file limit: fewer API connections allowed"
            );
        }
        Limits {
            header: config.header_timeout,
            idle: config.idle_timeout,
            request: config.request_timeout,
            max_connections: cap,
        }
    }
}

/// `wanted`, lowered so connections leave [`HEADROOM`] descriptors free (or half of a smaller
/// limit); at least one.
pub fn connection_cap(wanted: usize, nofile: Option<u64>) -> usize {
    let Some(limit) = nofile else {
        return wanted.max(1);
    };
    let fits = limit.saturating_sub(HEADROOM).max(limit / 2);
    wanted
        .min(usize::try_from(fits).unwrap_or(usize::MAX))
        .max(1)
}

/// Serve `router` on `listener` until `stopped` turns true (or its sender is dropped).
pub async fn run(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    mut stopped: watch::Receiver<bool>,
) -> io::Result<()> {
    let table = Connections::new(limits.max_connections);
    // Every connection task holds a receiver; `closed()` resolves when the last one ended.
    let (all_closed, close_rx) = watch::channel(());
    let mut failures = AcceptFailures::default();
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stopped.wait_for(|s| *s) => break,
        };
        let (stream, peer) = match accepted {
            Ok(a) => {
                if let Some(count) = failures.succeeded(Instant::now()) {
                    tracing::info!(failures = count, "accepting API connections works again");
                }
                a
            }
            Err(e) if is_per_connection(&e) => continue,
            Err(e) => {
                // Out of descriptors, most likely: free one if a connection is idle, and
                // back off a little so the loop does not spin.
                if failures.failed(Instant::now()) {
                    tracing::warn!(
                        error = %e,
                        "accepting API connections failed (logged once until accepts have \
                         not failed for a minute)"
                    );
                }
                table.evict_idlest();
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_millis(100)) => continue,
                    _ = stopped.wait_for(|s| *s) => break,
                }
            }
        };
        let Some(slot) = table.admit() else {
            // Every connection has a request in flight: refuse this one (closed on drop).
            continue;
        };
        let _ = stream.set_nodelay(true);
        let conn = Conn {
            router: router.clone(),
            peer,
            limits,
            slot,
        };
        tokio::spawn(conn.serve(stream, stopped.clone(), close_rx.clone()));
    }
    drop(listener);
    drop(close_rx);
    all_closed.closed().await;
    Ok(())
}

/// Errors that concern one connection only (the next accept may succeed at once).
fn is_per_connection(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// One accepted connection.
struct Conn {
    router: Router,
    peer: SocketAddr,
    limits: Limits,
    slot: Slot,
}

impl Conn {
    async fn serve(
        self,
        stream: TcpStream,
        mut stopped: watch::Receiver<bool>,
        _open: watch::Receiver<()>,
    ) {
        let Conn {
            router,
            peer,
            limits,
            slot,
        } = self;
        let activity = slot.activity.clone();
        let io = TokioIo::new(Tracked::new(stream, activity.clone()));
        let app = TowerToHyperService::new(router);
        let tracked = activity.clone();
        let service = service_fn(move |mut req: Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            let request = tracked.begin();
            let response = app.call(req);
            async move {
                let _request = request;
                match tokio::time::timeout(limits.request, response).await {
                    Ok(r) => r,
                    Err(_) => Ok::<_, Infallible>(request_timeout()),
                }
            }
        });
        let mut builder = Builder::new(TokioExecutor::new()).http1_only();
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header);
        let conn = builder.serve_connection(io, service);
        tokio::pin!(conn);
        let idle = tokio::time::sleep(limits.idle);
        tokio::pin!(idle);
        let mut stopping = false;
        loop {
            tokio::select! {
                done = conn.as_mut() => {
                    if let Err(e) = done {
                        tracing::debug!(error = %e, %peer, "API connection ended");
                    }
                    break;
                }
                _ = stopped.wait_for(|s| *s), if !stopping => {
                    stopping = true;
                    conn.as_mut().graceful_shutdown();
                }
                () = activity.evicted() => {
                    tracing::debug!(%peer, "API connection evicted");
                    break;
                }
                () = &mut idle => {
                    let quiet = activity.idle_for();
                    if quiet >= limits.idle {
                        tracing::debug!(%peer, "API connection idle: closed");
                        break;
                    }
                    idle.as_mut().reset(tokio::time::Instant::now() + (limits.idle - quiet));
                }
            }
        }
        drop(slot);
    }
}

/// 408: the request did not complete within its deadline; the connection closes after it.
fn request_timeout() -> Response {
    let mut r = (
        StatusCode::REQUEST_TIMEOUT,
        axum::Json(serde_json::json!({"message": "Request Timeout"})),
    )
        .into_response();
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_descriptors_free() {
        assert_eq!(connection_cap(256, None), 256);
        assert_eq!(connection_cap(256, Some(20_000)), 256);
        assert_eq!(connection_cap(256, Some(256)), 192);
        assert_eq!(connection_cap(256, Some(100)), 50);
        assert_eq!(connection_cap(256, Some(1)), 1);
        assert_eq!(connection_cap(0, Some(1024)), 1);
    }
}
