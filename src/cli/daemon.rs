//! `otty __agent` (hidden): the unlock agent's process, started by `otty unlock`.
//!
//! It reads the password from standard input (to its end), unlocks the vault (one Argon2id
//! run), binds the vault's socket, writes `ok PID` (or `err CODE MESSAGE`) as one line to
//! standard output for `otty unlock`, then detaches (a new session; standard streams on
//! `/dev/null`) and serves until locked. `main` has already turned off core dumps and
//! debugger attach, and the key lives in the core's locked memory.

use std::io::{Read, Write};
use std::time::Duration;

use zeroize::Zeroizing;

use super::args::Global;
use super::error::{Error, Result};
use super::session;
use crate::agent::place::Place;
use crate::agent::server::{self, BindError};

/// The longest password read from the pipe.
const MAX_PASSWORD: u64 = 64 * 1024;

fn answer(line: &str) {
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// Unlock and bind; report failures on the pipe as `err CODE MESSAGE`.
pub fn run(g: &Global, timeout_secs: u64) -> Result<()> {
    match start(g) {
        Ok((vault, listener, place)) => {
            answer(&format!("ok {}", std::process::id()));
            if let Err(e) = server::detach() {
                tracing::warn!("cannot detach: {e}");
            }
            let timeout = (timeout_secs > 0).then(|| Duration::from_secs(timeout_secs));
            server::serve(vault, listener, place, timeout)
        }
        Err(e) => {
            let message = e.to_string().replace('\n', " ");
            answer(&format!("err {} {message}", e.exit_code()));
            Err(e)
        }
    }
}

fn start(g: &Global) -> Result<(crate::core::Vault, std::os::unix::net::UnixListener, Place)> {
    let mut pw = Zeroizing::new(Vec::new());
    std::io::stdin()
        .take(MAX_PASSWORD)
        .read_to_end(&mut pw)
        .map_err(|e| Error::io("cannot read the password", e))?;
    let vault = session::open(g)?;
    session::unlock(&vault, &pw)?;
    drop(pw);
    let place = Place::of(vault.path());
    let listener = server::bind(&place).map_err(|e| match e {
        BindError::Running => Error::usage("an unlock agent already holds this vault"),
        other => Error::io(
            "cannot start the unlock agent",
            std::io::Error::other(other.to_string()),
        ),
    })?;
    Ok((vault, listener, place))
}
