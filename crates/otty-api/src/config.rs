//! [`ServerConfig`]: where the API listens, which guards it applies, and how long and how many
//! connections it keeps.

use std::net::SocketAddr;
use std::time::Duration;

/// The default address: loopback, port 6889.
pub const DEFAULT_BIND: &str = "127.0.0.1:6889";

/// Settings of one API server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Allow a non-loopback `bind` (a warning is printed).
    pub allow_remote: bool,
    /// Extra names accepted in the `Host` header besides loopback names and the bind address.
    pub allowed_hosts: Vec<String>,
    /// Web origins allowed by CORS (`scheme://host[:port]`, or `*` for any); empty means web
    /// pages are refused. Checked by `serve`.
    pub cors_origins: Vec<String>,
    /// Allow browser extensions' origins (`chrome-extension://…`, `moz-extension://…`,
    /// `safari-web-extension://…`), such as 2FAuth's extension. On by default.
    pub extension_origins: bool,
    /// Failed authentications allowed per minute, all clients together, before requests without
    /// a valid token get 429 (0: no limit). Requests with a valid token are never throttled.
    pub auth_failures_per_minute: u32,
    /// Serve the hidden `GET /api/v1/_ping` route (a trivial handler: the benchmark ceiling).
    pub bench_ceiling: bool,
    /// Time a client has to send a request's headers. The timer starts as soon as the
    /// connection waits for a request, so it also closes keep-alive connections left idle.
    pub header_timeout: Duration,
    /// A connection that moves no byte and has no request in flight for this long is closed.
    pub idle_timeout: Duration,
    /// Deadline of one request from its headers to its response, body upload included
    /// (408 and the connection is closed).
    pub request_timeout: Duration,
    /// Most connections open at once (lowered at start to fit the open-file limit). A new
    /// connection beyond it closes the one idle the longest; only when every one has a request
    /// in flight is the newcomer refused.
    pub max_connections: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 6889)),
            allow_remote: false,
            allowed_hosts: Vec::new(),
            cors_origins: Vec::new(),
            extension_origins: true,
            auth_failures_per_minute: 10,
            bench_ceiling: false,
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(30),
            max_connections: 256,
        }
    }
}

impl ServerConfig {
    /// A loopback configuration on `bind` (tests use `127.0.0.1:0`).
    pub fn on(bind: SocketAddr) -> Self {
        ServerConfig {
            bind,
            ..Self::default()
        }
    }
}
