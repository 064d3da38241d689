//! [`BackgroundServer`]: the API on a runtime of its own, for callers without one (the TUI's
//! `S` key). `start` blocks only until the listener is bound; `stop` until in-flight requests
//! finished and the OTP log was written.

use std::net::SocketAddr;
use std::sync::Arc;

use super::config::ServerConfig;
use super::serve::{ServeError, ServerHandle, serve};
use otty_core::Vault;

/// A running API server with its own two-thread tokio runtime.
pub struct BackgroundServer {
    runtime: tokio::runtime::Runtime,
    handle: ServerHandle,
}

impl BackgroundServer {
    /// Start serving `vault` (unlocked) with `config`.
    pub fn start(vault: Arc<Vault>, config: ServerConfig) -> Result<Self, ServeError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("otty-api")
            .enable_all()
            .build()
            .map_err(|source| ServeError::Bind {
                addr: config.bind,
                source,
            })?;
        let handle = runtime.block_on(serve(vault, config))?;
        Ok(BackgroundServer { runtime, handle })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.handle.addr
    }

    /// `http://ADDR`, for a footer.
    pub fn url(&self) -> String {
        self.handle.url()
    }

    /// Stop gracefully and wait (at most a few seconds for slow clients), then drop the runtime.
    pub fn stop(self) -> std::io::Result<()> {
        let BackgroundServer { runtime, handle } = self;
        let result = runtime.block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(5), handle.shutdown())
                .await
                .unwrap_or(Ok(()))
        });
        runtime.shutdown_timeout(std::time::Duration::from_secs(1));
        result
    }
}
