//! The real `otty` binary in a pseudo-terminal: unlock, filter, copy. With no display the copy
//! must arrive as an OSC 52 sequence in the terminal output; with an X display (Xvfb, where
//! installed) it must survive otty's exit.

#[path = "support/pty.rs"]
mod pty;
#[path = "support/xvfb.rs"]
mod xvfb;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use otty::core::{Clock, SystemClock, otp};
use portable_pty::CommandBuilder;

use crate::pty::osc52_payloads;

const PASSWORD: &str = "correct horse";

struct Screen {
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Screen {
    fn text(&self) -> String {
        let raw = self.raw.lock().unwrap();
        let mut p = vt100::Parser::new(30, 100, 0);
        p.process(&raw);
        p.screen().contents()
    }

    fn wait_for(&self, what: &str, pred: impl Fn(&Screen) -> bool) {
        let start = Instant::now();
        while !pred(self) {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what}; screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn unlock_filter_and_copy_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let gitlab = pty::demo_vault(&path, PASSWORD);

    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_otty"));
    cmd.arg("--vault");
    cmd.arg(&path);
    cmd.env("TERM", "xterm-256color");
    cmd.env("OTTY_CONFIG", dir.path().join("config.toml"));
    for var in [
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "TMUX",
        "OTTY_VAULT",
        "OTTY_PASSWORD",
    ] {
        cmd.env_remove(var);
    }
    let Some(pty::Pty {
        raw,
        mut child,
        mut writer,
    }) = pty::spawn(cmd, 30, 100)
    else {
        eprintln!("skipped: no pseudo-terminal can be opened here");
        return;
    };
    let screen = Screen { raw };

    screen.wait_for("the unlock screen", |s| s.text().contains("Password:"));
    assert!(
        !screen.text().contains("GitLab"),
        "nothing shown while locked"
    );
    writer.write_all(b"wrong\r").unwrap();
    screen.wait_for("the wrong-password message", |s| {
        s.text().contains("Wrong password")
    });
    writer.write_all(PASSWORD.as_bytes()).unwrap();
    writer.write_all(b"\r").unwrap();
    screen.wait_for("the accounts", |s| s.text().contains("GitLab"));

    writer.write_all(b"/lab").unwrap();
    screen.wait_for("the filter", |s| s.text().contains("1 of 10 match"));
    let text = screen.text();
    assert!(text.contains("GitLab") && !text.contains("Google"));

    writer.write_all(b"\r").unwrap(); // keep the filter
    std::thread::sleep(Duration::from_millis(200));
    writer.write_all(b"y").unwrap(); // copy
    screen.wait_for("the OSC 52 copy", |s| {
        !osc52_payloads(&s.raw.lock().unwrap()).is_empty()
    });
    let payloads = osc52_payloads(&screen.raw.lock().unwrap());
    let now = SystemClock.now();
    let expected: Vec<String> = [-30, 0, 30]
        .iter()
        .map(|d| otp::generate(&gitlab.data.otp, now + d).text.to_string())
        .collect();
    assert!(
        expected.contains(&payloads[0]),
        "copied a GitLab code through OSC 52"
    );
    screen.wait_for("the toast", |s| s.text().contains("Copied GitLab"));

    writer.write_all(b"q").unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success());
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "otty did not quit"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Quitting within the 30 s clears the code it copied.
    screen.wait_for("the clipboard cleared on quit", |s| {
        osc52_payloads(&s.raw.lock().unwrap())
            .last()
            .is_some_and(String::is_empty)
    });
}

/// Copy then quit on X11: the selection of a process dies with it, so the TUI hands the code
/// to a detached helper, which serves it after otty has quit and clears it at the deadline.
#[test]
fn on_x11_a_code_copied_in_the_tui_survives_quitting() {
    let Some(x) = xvfb::Xvfb::start(500) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let gitlab = pty::demo_vault(&path, PASSWORD);
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "clipboard_clear_seconds = 3\n").unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_otty"));
    cmd.arg("--vault");
    cmd.arg(&path);
    cmd.env("TERM", "xterm-256color");
    cmd.env("OTTY_CONFIG", &config);
    cmd.env("DISPLAY", &x.display);
    for var in ["WAYLAND_DISPLAY", "TMUX", "OTTY_VAULT", "OTTY_PASSWORD"] {
        cmd.env_remove(var);
    }
    let Some(pty::Pty {
        raw,
        mut child,
        mut writer,
    }) = pty::spawn(cmd, 30, 100)
    else {
        eprintln!("skipped: no pseudo-terminal can be opened here");
        return;
    };
    let screen = Screen { raw };
    screen.wait_for("the unlock screen", |s| s.text().contains("Password:"));
    writer.write_all(PASSWORD.as_bytes()).unwrap();
    writer.write_all(b"\r").unwrap();
    screen.wait_for("the accounts", |s| s.text().contains("GitLab"));
    writer.write_all(b"/lab").unwrap();
    screen.wait_for("the filter", |s| s.text().contains("1 of 10 match"));
    writer.write_all(b"\ry").unwrap(); // keep the filter, copy
    screen.wait_for("the toast", |s| s.text().contains("Copied GitLab"));
    writer.write_all(b"q").unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "otty did not quit"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let pasted = x.paste();
    let now = SystemClock.now();
    let expected: Vec<String> = [-30, 0, 30]
        .iter()
        .map(|d| otp::generate(&gitlab.data.otp, now + d).text.to_string())
        .collect();
    assert!(
        expected.contains(&pasted),
        "the code is still on the clipboard after quitting (got {pasted:?})"
    );
    // The helper clears it at the deadline.
    let start = Instant::now();
    while !x.paste().is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the helper did not clear the clipboard"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
