//! The real `otty` binary in a pseudo-terminal: unlock, filter, copy. There is no display in
//! the pty, so the copy must arrive as an OSC 52 sequence in the terminal output.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use otty::core::{Clock, SystemClock, Vault, otp};
use otty::tui::demo;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

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
fn unlock_filter_and_copy_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let vault = Vault::create(&path, PASSWORD.as_bytes(), demo::DEMO_KDF).unwrap();
    demo::fill(&vault).unwrap();
    let gitlab = vault.find("GitLab").unwrap().remove(0);
    drop(vault);

    let Ok(pty) = native_pty_system().openpty(PtySize {
        rows: 30,
        cols: 100,
        pixel_width: 0,
        pixel_height: 0,
    }) else {
        eprintln!("skipped: no pseudo-terminal can be opened here");
        return;
    };
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
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut writer = pty.master.take_writer().unwrap();
    let screen = Screen {
        raw: Arc::new(Mutex::new(Vec::new())),
    };
    let raw = screen.raw.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            raw.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });

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
