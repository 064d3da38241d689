//! `otty serve`: the REST API in the foreground. Unlocks with the unlock agent's key when an
//! agent holds the vault, else with the usual password sources, prints the URL to stderr, and stops cleanly on Ctrl-C or SIGTERM (in-flight
//! requests finish, buffered OTP logs are written).

use std::sync::Arc;

use super::args::{Global, ServeArgs};
use super::error::{Context, Error, Result};
use super::output::{note, warn};
use super::session;
use crate::api::serve::{ServeError, shutdown_signal};
use crate::api::{ServerConfig, serve};

fn serve_error(e: ServeError) -> Error {
    match e {
        ServeError::Remote(_) | ServeError::Cors(_) => Error::usage(e.to_string()),
        ServeError::Vault(error) => Error::Core {
            context: "cannot serve the vault".to_owned(),
            error,
        },
        ServeError::Bind { addr, source } => Error::io(format!("cannot listen on {addr}"), source),
    }
}

/// Run `otty serve`.
pub fn run(g: &Global, args: &ServeArgs) -> Result<()> {
    if !args.bind.ip().is_loopback() && !args.allow_remote {
        return Err(Error::usage(format!(
            "{} is not a loopback address; add --allow-remote to serve other machines",
            args.bind
        )));
    }
    // Refused origins are a usage error (exit 2), found before the password is asked for.
    crate::api::cors::allowed(&args.cors_origins, !args.no_extension_origins)
        .map_err(|e| serve_error(ServeError::Cors(e)))?;
    // With an unlock agent: its key, no password.
    let path = session::vault_path(g)?;
    let vault = match session::unlocked_by_agent(&path)? {
        Some(v) if v.is_unlocked() => v,
        _ => session::open_unlocked(g)?,
    };
    let vault = Arc::new(vault);
    let active = vault
        .tokens()
        .context(|| "cannot read the tokens".to_owned())?
        .iter()
        .filter(|t| t.is_active(vault.clock().now()))
        .count();
    let config = ServerConfig {
        bind: args.bind,
        allow_remote: args.allow_remote,
        allowed_hosts: args.hosts.clone(),
        cors_origins: args.cors_origins.clone(),
        extension_origins: !args.no_extension_origins,
        auth_failures_per_minute: args.auth_failures_per_minute,
        bench_ceiling: args.bench_ceiling,
        ..ServerConfig::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("cannot start the server runtime", e))?;
    runtime.block_on(async move {
        let handle = serve(vault, config).await.map_err(serve_error)?;
        if args.allow_remote && !args.bind.ip().is_loopback() {
            warn(format!(
                "serving {} beyond this machine: tokens travel in clear text; put TLS in front",
                args.bind
            ));
        }
        note(format!(
            "serving the API at {}/api/v1 (Ctrl-C to stop)",
            handle.url()
        ));
        if active == 0 {
            note("no active token yet: create one with `otty token create NAME`");
        }
        shutdown_signal().await;
        note("stopping");
        handle
            .shutdown()
            .await
            .map_err(|e| Error::io("the server stopped with an error", e))
    })
}
