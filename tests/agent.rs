//! The unlock agent, driving the real binary (docs/DESIGN.md, «The unlock agent»): commands
//! through it need no password, another user gets nothing, `lock`, the idle timeout, SIGTERM
//! and a replaced vault file end it, a stale socket is replaced, the TUI opens unlocked, a
//! direct CLI write is seen at once, and HOTP codes stay unique across the agent and a direct
//! process.
//!
//! Every command runs with `XDG_RUNTIME_DIR` inside its test's temporary directory (the
//! helpers of `cli/support.rs`), so no test ever meets a real agent. Every wait polls with a
//! deadline.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "agent/commands.rs"]
mod commands;
#[path = "agent/lifecycle.rs"]
mod lifecycle;
#[allow(dead_code)]
#[path = "support/served.rs"]
mod served;
#[path = "agent/shells.rs"]
mod shells;
#[allow(dead_code)]
#[path = "cli/support.rs"]
mod support;
#[path = "agent/tui.rs"]
mod tui;

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use support::{Fixture, bare};

/// A vault with an unlock agent helper: commands with and without a password.
pub struct Agent {
    /// The vault and its directory.
    pub f: Fixture,
}

impl Agent {
    /// A fresh vault holding the ACME account, not unlocked yet.
    pub fn fixture() -> Self {
        let f = Fixture::new();
        f.add(&["--uri", support::ACME_URI]);
        Agent { f }
    }

    /// `otty --vault V` with no password source at all (stdin closed, no OTTY_PASSWORD).
    pub fn bare(&self) -> Command {
        let mut c = bare(self.f.dir.path());
        c.arg("--vault").arg(&self.f.vault);
        c
    }

    /// `otty --vault V` with the password but another runtime directory, so it never finds
    /// the agent: a direct process.
    pub fn direct(&self) -> Command {
        let mut c = self.f.cmd();
        c.env("XDG_RUNTIME_DIR", self.f.dir.path().join("elsewhere"));
        c
    }

    /// Run without a password.
    pub fn run(&self, args: &[&str]) -> Output {
        self.bare().args(args).output().unwrap()
    }

    /// Run without a password, assert success, return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        support::succeeded(args, self.run(args))
    }

    /// `otty unlock` with the password and these extra arguments.
    pub fn unlock(&self, args: &[&str]) {
        let mut full = vec!["unlock"];
        full.extend_from_slice(args);
        self.f.ok(&full);
    }

    /// Whether an agent holds the vault (`otty unlock --status`: 0 yes, 3 no).
    pub fn is_unlocked(&self) -> bool {
        match self.run(&["unlock", "--status"]).status.code() {
            Some(0) => true,
            Some(3) => false,
            other => panic!("otty unlock --status exited {other:?}"),
        }
    }

    /// The agent's pid, from `otty unlock --status`.
    pub fn pid(&self) -> u32 {
        let out = self.ok(&["unlock", "--status"]);
        out.split_whitespace()
            .skip_while(|w| *w != "agent")
            .nth(1)
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no pid in {out:?}"))
    }

    /// The agent's sockets in the test's runtime directory.
    pub fn sockets(&self) -> Vec<PathBuf> {
        let dir = self.f.dir.path().join("run/otty");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "sock"))
            .collect()
    }

    /// Wait until no agent holds the vault, failing after `deadline`.
    pub fn wait_locked(&self, deadline: Duration) {
        let start = Instant::now();
        while self.is_unlocked() {
            assert!(
                start.elapsed() < deadline,
                "the agent still runs after {deadline:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        // Never leave an agent behind (it would also stop once its vault file is deleted).
        let _ = self.run(&["lock"]);
    }
}
