//! `otty code QUERY --copy` through the real binary. There is no display here, so the code
//! must travel as an OSC 52 sequence to the controlling terminal (a pseudo-terminal), with
//! one confirmation line on stderr and the code itself never printed as text.

use std::io::Read;
use std::time::{Duration, Instant};

use otty::core::{Vault, otp};
use otty::tui::demo;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const PASSWORD: &str = "correct horse";
const AT: i64 = 1_699_999_990;

fn osc52_payloads(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    text.split("\x1b]52;c;")
        .skip(1)
        .filter_map(|rest| rest.split('\x07').next())
        .filter_map(|b64| data_encoding::BASE64.decode(b64.as_bytes()).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

#[test]
fn copy_sends_osc52_to_the_terminal_and_prints_no_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let vault = Vault::create(&path, PASSWORD.as_bytes(), demo::DEMO_KDF).unwrap();
    demo::fill(&vault).unwrap();
    let gitlab = vault.find("GitLab").unwrap().remove(0);
    drop(vault);
    let expected = otp::generate(&gitlab.data.otp, AT).text.to_string();

    let Ok(pty) = native_pty_system().openpty(PtySize {
        rows: 24,
        cols: 200,
        pixel_width: 0,
        pixel_height: 0,
    }) else {
        eprintln!("skipped: no pseudo-terminal can be opened here");
        return;
    };
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_otty"));
    cmd.args(["--vault"]);
    cmd.arg(&path);
    cmd.args(["code", "GitLab", "--copy", "--at", &AT.to_string()]);
    cmd.env("OTTY_PASSWORD", PASSWORD);
    cmd.env("OTTY_CONFIG", dir.path().join("config.toml"));
    for var in ["DISPLAY", "WAYLAND_DISPLAY", "TMUX", "OTTY_VAULT"] {
        cmd.env_remove(var);
    }
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut raw = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            raw.extend_from_slice(&buf[..n]);
            let _ = tx.send(raw.clone());
        }
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "otty hung");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit 0");
    let mut raw = Vec::new();
    while let Ok(r) = rx.recv_timeout(Duration::from_millis(500)) {
        raw = r;
        if String::from_utf8_lossy(&raw).contains("OSC 52") {
            break;
        }
    }
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
