//! `otty unlock [--timeout DURATION] [--status]` and `otty lock`: the unlock agent from the
//! command line (the agent itself is [`crate::agent::server`], started by [`super::daemon`]).
//!
//! `unlock` asks for the password with the usual sources, re-executes `otty` as the hidden
//! `__agent` command with the password on a pipe (never in its arguments or environment: the
//! agent starts with an empty environment), and waits for its one-line answer: `ok PID`, or
//! `err CODE MESSAGE` (a wrong password is the agent's exit 4, said here). Argon2id runs once,
//! in the agent. When an agent already holds the vault, `unlock` asks for nothing: it resets
//! the idle time and, with `--timeout`, replaces the timeout. The timeout defaults to the
//! config file's `agent_timeout`, else 15 minutes.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::args::{Global, UnlockArgs};
use super::error::{Error, Result};
use super::output::note;
use super::password::{self, Purpose};
use super::session;
use crate::agent::{Client, Status, duration};
use crate::tui::Config;

/// The idle timeout when neither `--timeout` nor the config file says.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15 * 60);

/// The config file's `agent_timeout`, else [`DEFAULT_TIMEOUT`].
fn configured_timeout() -> Result<Option<Duration>> {
    let Some(path) = crate::tui::config::default_path() else {
        return Ok(Some(DEFAULT_TIMEOUT));
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(Some(DEFAULT_TIMEOUT));
    };
    let config = Config::parse(&text)
        .map_err(|e| Error::usage(format!("config file {}: {e}", path.display())))?;
    duration::parse(&config.agent_timeout).map_err(|e| {
        Error::usage(format!(
            "config file {}: agent_timeout: {e}",
            path.display()
        ))
    })
}

fn describe(s: &Status) -> String {
    let until = match s.locks_at {
        Some(at) => format!(
            "locks at {} after {} without a command",
            crate::core::clock::iso8601(at).replace(".000000Z", "Z"),
            duration::show(s.timeout())
        ),
        None => "no idle timeout: until `otty lock`".to_owned(),
    };
    format!(
        "unlocked: agent {} holds {}; {until}",
        s.pid,
        s.vault.display()
    )
}

fn agent_error(e: crate::agent::ClientError) -> Error {
    Error::io(
        "cannot talk to the unlock agent",
        std::io::Error::other(e.to_string()),
    )
}

/// Run `otty unlock`.
pub fn run(g: &Global, args: &UnlockArgs) -> Result<()> {
    let path = session::vault_path(g)?;
    if args.status {
        return match session::agent(&path) {
            Some(c) => {
                let mut out = super::output::Out::new();
                out.line(describe(c.connected_status()))?;
                out.finish()
            }
            None => Err(Error::NotUnlocked {
                path: path.display().to_string(),
            }),
        };
    }
    if let Some(c) = session::agent(&path) {
        let secs = args.timeout.map(|t| t.0.map_or(0, |d| d.as_secs()));
        let status = c.touch(secs).map_err(agent_error)?;
        note(format!("already {}", describe(&status)));
        return Ok(());
    }
    let timeout = match args.timeout {
        Some(t) => t.0,
        None => configured_timeout()?,
    };
    // A missing vault fails before the password is asked.
    let vault = session::open(g)?;
    let pw = password::vault_password(g, &path, Purpose::Unlock)?;
    drop(vault);
    let pid = spawn(&path, &pw, timeout)?;
    drop(pw);
    let status = Client::connect(&path)
        .map_err(agent_error)?
        .map(|c| c.status())
        .transpose()
        .map_err(agent_error)?;
    match status {
        Some(s) => note(describe(&s)),
        None => note(format!("unlocked: agent {pid} holds {}", path.display())),
    }
    Ok(())
}

/// Start the agent for `path` and hand it the password; its pid once it listens.
fn spawn(path: &std::path::Path, pw: &[u8], timeout: Option<Duration>) -> Result<u32> {
    let exe = std::env::current_exe()
        .map_err(|e| Error::io("cannot find the otty executable to start the agent", e))?;
    let mut child = Command::new(exe)
        .arg("--vault")
        .arg(path)
        .arg("__agent")
        .arg("--timeout-secs")
        .arg(timeout.map_or(0, |d| d.as_secs()).to_string())
        .env_clear()
        .envs(std::env::vars_os().filter(|(k, _)| {
            // What the agent needs to find its socket and log; never a password.
            ["XDG_RUNTIME_DIR", "TMPDIR", "OTTY_LOG", "HOME"]
                .iter()
                .any(|keep| k == keep)
        }))
        .current_dir("/")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Error::io("cannot start the unlock agent", e))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(pw)
            .map_err(|e| Error::io("cannot hand the password to the agent", e))?;
    }
    let Some(stdout) = child.stdout.take() else {
        return Err(Error::usage("the unlock agent has no output"));
    };
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| Error::io("cannot read the unlock agent's answer", e))?;
    let line = line.trim_end();
    if let Some(pid) = line.strip_prefix("ok ") {
        // The agent is detached; do not leave a zombie when it exits later (it is not ours
        // to wait for: it outlives this process).
        drop(child);
        return Ok(pid.parse().unwrap_or(0));
    }
    let _ = child.wait();
    match line.strip_prefix("err ").and_then(|r| r.split_once(' ')) {
        Some((code, message)) => Err(Error::AgentFailed {
            message: message.to_owned(),
            code: code.parse().unwrap_or(1),
        }),
        None => Err(Error::AgentFailed {
            message: "the unlock agent stopped before it was ready".to_owned(),
            code: 1,
        }),
    }
}

/// Run `otty lock`.
pub fn lock(g: &Global) -> Result<()> {
    let path = session::vault_path(g)?;
    match session::agent(&path) {
        Some(c) => {
            c.lock().map_err(agent_error)?;
            note(format!("locked {}", path.display()));
            Ok(())
        }
        None => Err(Error::NotUnlocked {
            path: path.display().to_string(),
        }),
    }
}
