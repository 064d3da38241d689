//! [`ApiServer`]: the handle the app owns for its API server, running or not. It knows the
//! vault and a bind address, never the app, so the model can hold it while `server` (which
//! reads and toasts on the app) drives it.

use std::net::SocketAddr;
use std::sync::Arc;

use otty_api::serve::ServeError;
use otty_api::{BackgroundServer, ServerConfig};
use otty_core::Vault;

/// The TUI's API server: running or not.
#[derive(Default)]
pub struct ApiServer {
    running: Option<BackgroundServer>,
}

impl ApiServer {
    /// `http://ADDR` while running.
    pub fn url(&self) -> Option<String> {
        self.running.as_ref().map(BackgroundServer::url)
    }

    /// Whether the server runs.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Start serving `vault` on `bind`; its URL.
    pub fn start(&mut self, vault: Arc<Vault>, bind: SocketAddr) -> Result<String, ServeError> {
        let server = BackgroundServer::start(vault, ServerConfig::on(bind))?;
        let url = server.url();
        self.running = Some(server);
        Ok(url)
    }

    /// Stop the server and wait for in-flight requests; `None` if it was not running.
    pub fn stop(&mut self) -> Option<std::io::Result<()>> {
        self.running.take().map(BackgroundServer::stop)
    }
}

impl Drop for ApiServer {
    fn drop(&mut self) {
        if let Some(server) = self.running.take() {
            // `stop` blocks on its own runtime, which panics inside another runtime: stop it
            // from a plain thread so dropping the app is safe anywhere.
            let _ = std::thread::spawn(move || server.stop()).join();
        }
    }
}
