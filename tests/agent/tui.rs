//! In a pseudo-terminal: the TUI opened while an agent holds the vault shows the accounts
//! without asking for the password, and its `L` locks the agent too; `otty code` without a
//! QUERY opens the one-line picker.

#[allow(dead_code)] // the demo vault and OSC 52 helpers serve other tests
#[path = "../support/pty.rs"]
mod pty;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use otty::core::{Clock, SystemClock, Vault, otp};
use portable_pty::CommandBuilder;

use crate::Agent;

fn screen(raw: &Arc<Mutex<Vec<u8>>>) -> String {
    let raw = raw.lock().unwrap();
    let mut p = vt100::Parser::new(30, 100, 0);
    p.process(&raw);
    p.screen().contents()
}

fn wait_for(raw: &Arc<Mutex<Vec<u8>>>, what: &str, pred: impl Fn(&str) -> bool) {
    let start = Instant::now();
    while !pred(&screen(raw)) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}; screen:\n{}",
            screen(raw)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn command(a: &Agent, args: &[&str]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_otty"));
    cmd.arg("--vault");
    cmd.arg(&a.f.vault);
    for arg in args {
        cmd.arg(arg);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_RUNTIME_DIR", a.f.dir.path().join("run"));
    cmd.env("OTTY_CONFIG", a.f.dir.path().join("config.toml"));
    cmd.env("HOME", a.f.dir.path());
    for var in [
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "TMUX",
        "OTTY_VAULT",
        "OTTY_PASSWORD",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

#[test]
fn the_tui_opens_unlocked_and_its_lock_locks_the_agent() {
    let a = Agent::fixture();
    a.unlock(&[]);
    // Quitting leaves the agent running.
    let Some(pty::Pty {
        raw,
        mut child,
        mut writer,
    }) = pty::spawn(command(&a, &[]), 30, 100)
    else {
        eprintln!("skipped: no pseudo-terminal can be opened here");
        return;
    };
    wait_for(&raw, "the accounts", |s| s.contains("ACME"));
    assert!(
        !screen(&raw).contains("Password:"),
        "the password was asked"
    );
    writer.write_all(b"q").unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the TUI did not quit"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(a.is_unlocked(), "quitting the TUI locked the agent");
    // Its L locks the agent too.
    let pty::Pty {
        raw,
        mut child,
        mut writer,
    } = pty::spawn(command(&a, &[]), 30, 100).unwrap();
    wait_for(&raw, "the accounts", |s| s.contains("ACME"));
    writer.write_all(b"L").unwrap();
    wait_for(&raw, "the lock screen", |s| s.contains("Password:"));
    a.wait_locked(Duration::from_secs(10));
    let _ = child.kill();
}

#[test]
fn code_without_a_query_opens_a_picker_on_a_terminal() {
    let a = Agent::fixture();
    a.f.add(&[
        "--service",
        "GitLab",
        "--account",
        "bob",
        "--secret",
        "GEZDGNBVGY3TQOJQ",
    ]);
    a.unlock(&[]);
    // Not on a terminal: a usage error, before anything else.
    assert_eq!(a.run(&["code"]).status.code(), Some(2));
    let Some(pty::Pty {
        raw,
        mut child,
        mut writer,
    }) = pty::spawn(command(&a, &["code"]), 30, 100)
    else {
        eprintln!("skipped: no pseudo-terminal can be opened here");
        return;
    };
    wait_for(&raw, "the picker", |s| s.contains("code>"));
    writer.write_all(b"gitl").unwrap();
    wait_for(&raw, "the match", |s| s.contains("GitLab bob  (1/1)"));
    let vault = Vault::open(&a.f.vault).unwrap();
    vault.unlock(crate::support::PW.as_bytes()).unwrap();
    let params = vault.find("GitLab").unwrap().remove(0).data.otp;
    let now = SystemClock.now();
    let possible: Vec<String> = [now - 30, now, now + 30, now + 60]
        .iter()
        .map(|t| otp::generate(&params, *t).text.to_string())
        .collect();
    writer.write_all(b"\r").unwrap();
    wait_for(&raw, "the GitLab code", |s| {
        possible.iter().any(|c| s.contains(c.as_str()))
    });
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the picker did not end"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !screen(&raw).contains("code>"),
        "the picker line was not erased"
    );
}
