//! [`ServerConfig`]: where the API listens and which guards it applies (DESIGN §5).

use std::net::SocketAddr;

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
    /// Origins allowed by CORS; empty means CORS is off.
    pub cors_origins: Vec<String>,
    /// Failed authentications allowed per minute, all clients together, before requests without
    /// a valid token get 429 (0: no limit). Requests with a valid token are never throttled.
    pub auth_failures_per_minute: u32,
    /// Serve the hidden `GET /api/v1/_ping` route (a trivial handler: the benchmark ceiling).
    pub bench_ceiling: bool,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 6889)),
            allow_remote: false,
            allowed_hosts: Vec::new(),
            cors_origins: Vec::new(),
            auth_failures_per_minute: 10,
            bench_ceiling: false,
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
