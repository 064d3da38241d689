//! `otty code QUERY --copy` through the real binary. With no display the code must travel as
//! an OSC 52 sequence to the controlling terminal (a pseudo-terminal), with one confirmation
//! line on stderr and the code itself never printed as text. With a display (Xvfb, where
//! installed) a detached helper serves it and clears it after the configured seconds.

#[path = "support/pty.rs"]
#[allow(dead_code)] // this test types nothing
mod pty;

use std::time::{Duration, Instant};

use otty::core::otp;
use portable_pty::CommandBuilder;

use crate::pty::osc52_payloads;

const PASSWORD: &str = "correct horse";
const AT: i64 = 1_699_999_990;

#[test]
fn copy_sends_osc52_to_the_terminal_and_prints_no_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let gitlab = pty::demo_vault(&path, PASSWORD);
    let expected = otp::generate(&gitlab.data.otp, AT).text.to_string();

    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_otty"));
    cmd.args(["--vault"]);
    cmd.arg(&path);
    cmd.args(["code", "GitLab", "--copy", "--at", &AT.to_string()]);
    cmd.env("OTTY_PASSWORD", PASSWORD);
    cmd.env("OTTY_CONFIG", dir.path().join("config.toml"));
    for var in ["DISPLAY", "WAYLAND_DISPLAY", "TMUX", "OTTY_VAULT"] {
        cmd.env_remove(var);
    }
    let Some(mut pty) = pty::spawn(cmd, 24, 200) else {
        eprintln!("skipped: no pseudo-terminal can be opened here");
        return;
    };
    let start = Instant::now();
    let status = loop {
        if let Some(s) = pty.child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "otty hung");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit 0");
    // The output may still be on its way from the terminal.
    while !String::from_utf8_lossy(&pty.raw.lock().unwrap()).contains("OSC 52)")
        && start.elapsed() < Duration::from_secs(30)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let raw = pty.raw.lock().unwrap().clone();
    assert_eq!(osc52_payloads(&raw), vec![expected.clone()]);
    let mut parser = vt100::Parser::new(24, 200, 0);
    parser.process(&raw);
    let text = parser.screen().contents();
    assert!(
        text.contains("copied the code of GitLab") && text.contains("OSC 52"),
        "{text}"
    );
    assert!(!text.contains(&expected), "the code is never printed");
}

#[test]
fn copy_and_json_do_not_go_together() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_otty"))
        .args(["code", "x", "--copy", "--json"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// With a display, a detached helper serves the code, `otty` exits at once, and the helper
/// clears the clipboard after the configured seconds. Needs `Xvfb` and `xclip` (skipped
/// without them).
#[test]
fn copy_with_a_display_is_served_then_cleared() {
    use std::process::{Command, Stdio};
    let have = |tool: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("Xvfb") || !have("xclip") {
        eprintln!("skipped: Xvfb and xclip are needed");
        return;
    }
    let display = format!(":{}", 100 + std::process::id() % 400);
    let mut xvfb = Command::new("Xvfb")
        .args([display.as_str(), "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let socket = format!("/tmp/.X11-unix/X{}", &display[1..]);
    let start = Instant::now();
    while !std::path::Path::new(&socket).exists() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let gitlab = pty::demo_vault(&path, PASSWORD);
    let expected = otp::generate(&gitlab.data.otp, AT).text.to_string();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "clipboard_clear_seconds = 2\n").unwrap();
    let paste = || {
        Command::new("xclip")
            .args(["-o", "-selection", "clipboard"])
            .env("DISPLAY", &display)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    };
    let out = Command::new(env!("CARGO_BIN_EXE_otty"))
        .arg("--vault")
        .arg(&path)
        .args(["code", "GitLab", "--copy", "--at", &AT.to_string()])
        .env("OTTY_PASSWORD", PASSWORD)
        .env("OTTY_CONFIG", &config)
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let served = paste();
    std::thread::sleep(Duration::from_secs(3));
    let after = paste();
    let _ = xvfb.kill();
    let _ = xvfb.wait();
    assert!(out.status.success());
    assert!(out.stdout.is_empty(), "nothing on stdout");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cleared in 2 s if unchanged"), "{err}");
    assert!(!err.contains(&expected));
    assert_eq!(served, expected, "the helper serves the code");
    assert_eq!(after, "", "cleared after 2 s");
}
