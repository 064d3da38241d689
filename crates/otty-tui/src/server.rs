//! The local API inside the TUI (`S`): the same server as `otty serve`, on a
//! [`BackgroundServer`](otty_api::BackgroundServer) runtime that shares the app's `Arc<Vault>`.
//!
//! `update` only queues [`Effect::StartServer`] or [`Effect::StopServer`]; the runner (or a
//! test) performs them with [`start`] and [`stop`], which block only until the listener is bound
//! or the in-flight requests have finished. The address comes from the config file's
//! `api_bind` (loopback only; tests use `127.0.0.1:0`). Locking the vault leaves the server
//! running: it answers 503 until the vault is unlocked again, and the footer says so. The
//! server stops when the user quits, and in any case when the [`ApiServer`] is dropped.

use std::io::ErrorKind;

use otty_api::serve::ServeError;

use super::action::Effect;
use super::app::App;

pub mod handle;

pub use handle::ApiServer;

/// `S`: ask the runner to start the server, or to stop it if it runs.
pub fn toggle(app: &mut App) {
    app.effects.push(if app.api.is_running() {
        Effect::StopServer
    } else {
        Effect::StartServer
    });
}

/// Start the server on `config.api_bind` (performs [`Effect::StartServer`]).
pub fn start(app: &mut App) {
    if app.api.is_running() {
        return;
    }
    let Some(vault) = app.vault.clone() else {
        return;
    };
    let bind = app.config.api_bind;
    match app.api.start(vault, bind) {
        Ok(url) => {
            app.toast(format!("API server on {url}: T creates a token"));
        }
        Err(e) => app.toast_error(start_failure(&e)),
    }
}

/// What the user reads when the server cannot start.
fn start_failure(e: &ServeError) -> String {
    match e {
        ServeError::Bind { addr, source } if source.kind() == ErrorKind::AddrInUse => format!(
            "API server not started: {addr} is in use (another otty serve?); \
             change api_bind in the config file"
        ),
        ServeError::Remote(addr) => format!(
            "API server not started: api_bind {addr} is not a loopback address; \
             use `otty serve --allow-remote` to serve other machines"
        ),
        other => format!("API server not started: {other}"),
    }
}

/// Stop the server and wait for in-flight requests (performs [`Effect::StopServer`]).
pub fn stop(app: &mut App) {
    match app.api.stop() {
        None => {}
        Some(Ok(())) => app.toast("API server stopped"),
        Some(Err(e)) => app.toast_error(format!("API server stopped with an error: {e}")),
    }
}

/// [`status`] in a word, for narrow terminals: `API off`, `API on`, `API locked`.
pub fn status_short(app: &App) -> &'static str {
    match app.api.url() {
        None => "API off",
        Some(_) if app.vault.as_ref().is_some_and(|v| v.is_unlocked()) => "API on",
        Some(_) => "API locked",
    }
}

/// The footer's status: `API: off`, `API: http://127.0.0.1:6889`, or `… (locked)` while the
/// vault is locked and the server answers 503.
pub fn status(app: &App) -> String {
    match app.api.url() {
        None => "API: off".to_owned(),
        Some(url) if app.vault.as_ref().is_some_and(|v| v.is_unlocked()) => format!("API: {url}"),
        Some(url) => format!("API: {url} (locked)"),
    }
}
