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

/// The detached clipboard helper outlives `otty`, so it must not carry the caller's
/// environment: no `OTTY_PASSWORD`, only what reaches the display. A listening abstract Unix
/// socket stands in for an X server (X clients on Linux try `@/tmp/.X11-unix/X<n>` first);
/// while the helper waits on it for the X handshake, the test reads the helper's
/// `/proc/<pid>/environ`. The helper is not dumpable,
/// so that needs CAP_SYS_PTRACE (root has it; CI runs as root): skipped without it.
#[cfg(target_os = "linux")]
#[test]
fn the_clipboard_helper_starts_without_the_password_in_its_environment() {
    use std::os::linux::net::SocketAddrExt;
    use std::os::unix::net::{SocketAddr, UnixListener};
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    pty::demo_vault(&path, PASSWORD);
    // A display number no X server (nor another test) holds.
    let (n, listener) = (600 + std::process::id() % 300..1200)
        .find_map(|n| {
            let addr = SocketAddr::from_abstract_name(format!("/tmp/.X11-unix/X{n}")).ok()?;
            Some((n, UnixListener::bind_addr(&addr).ok()?))
        })
        .unwrap();
    listener.set_nonblocking(true).unwrap();
    let display = format!("DISPLAY=:{n}");
    let mut otty = Command::new(env!("CARGO_BIN_EXE_otty"))
        .arg("--vault")
        .arg(&path)
        .args(["code", "GitLab", "--copy", "--at", &AT.to_string()])
        .env("OTTY_PASSWORD", PASSWORD)
        .env("OTTY_CONFIG", dir.path().join("config.toml"))
        .env("OTTY_CANARY", "inherited")
        .env("DISPLAY", format!(":{n}"))
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The helper connects to the "display" and then waits for a reply that never comes.
    let start = Instant::now();
    let _conn = loop {
        match listener.accept() {
            Ok((conn, _)) => break conn,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(otty.try_wait().unwrap().is_none(), "no helper was started");
                assert!(
                    start.elapsed() < Duration::from_secs(30),
                    "no helper connected"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("{e}"),
        }
    };
    let helper = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| c.split(|b| *b == 0).any(|a| a == b"__serve-clipboard"))
        })
        .map(|pid| std::fs::read(format!("/proc/{pid}/environ")))
        .find(|env| {
            env.as_ref().map_or(true, |vars| {
                vars.split(|b| *b == 0).any(|v| v == display.as_bytes())
            })
        });
    drop(_conn);
    let start = Instant::now();
    while otty.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < Duration::from_secs(30), "otty hung");
        std::thread::sleep(Duration::from_millis(20));
    }
    let Ok(environ) = helper.expect("the helper is running while it waits for the display") else {
        eprintln!("skipped: /proc/<pid>/environ of a non-dumpable process needs CAP_SYS_PTRACE");
        return;
    };
    let names: Vec<String> = environ
        .split(|b| *b == 0)
        .filter(|v| !v.is_empty())
        .map(|v| {
            let v = String::from_utf8_lossy(v);
            v.split('=').next().unwrap_or_default().to_owned()
        })
        .collect();
    assert!(names.iter().any(|n| n == "DISPLAY"), "{names:?}");
    for leaked in ["OTTY_PASSWORD", "OTTY_CONFIG", "OTTY_CANARY"] {
        assert!(!names.iter().any(|n| n == leaked), "{leaked} in {names:?}");
    }
    let allowed = [
        "DISPLAY",
        "XAUTHORITY",
        "HOME",
        "WAYLAND_DISPLAY",
        "XDG_RUNTIME_DIR",
    ];
    assert!(
        names.iter().all(|n| allowed.contains(&n.as_str())),
        "{names:?}"
    );
    let text = String::from_utf8_lossy(&environ);
    assert!(!text.contains(PASSWORD), "the password is nowhere in it");
}

/// Inside tmux with no display, the code goes into a tmux paste buffer of its own, and a
/// detached helper deletes that buffer at the deadline (the TUI does the same while it runs).
/// A private tmux server stands in for the user's (`$TMUX` names its socket). Skipped without
/// tmux or a pseudo-terminal.
#[test]
fn copy_inside_tmux_loads_a_buffer_the_helper_deletes_at_the_deadline() {
    use std::process::Command;
    if !Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("tmux.sock");
    let tmux = |args: &[&str]| {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    tmux(&["new-session", "-d", "-s", "copy", "sleep 60"]);
    let path = dir.path().join("vault.otty");
    let gitlab = pty::demo_vault(&path, PASSWORD);
    let expected = otp::generate(&gitlab.data.otp, AT).text.to_string();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "clipboard_clear_seconds = 2\n").unwrap();

    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_otty"));
    cmd.arg("--vault");
    cmd.arg(&path);
    cmd.args(["code", "GitLab", "--copy", "--at", &AT.to_string()]);
    cmd.env("OTTY_PASSWORD", PASSWORD);
    cmd.env("OTTY_CONFIG", &config);
    cmd.env("TMUX", format!("{},1,0", socket.display()));
    for var in ["DISPLAY", "WAYLAND_DISPLAY", "OTTY_VAULT"] {
        cmd.env_remove(var);
    }
    let Some(mut pty) = pty::spawn(cmd, 24, 200) else {
        tmux(&["kill-server"]);
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
    let buffers = tmux(&["list-buffers", "-F", "#{buffer_name}"]);
    let held = tmux(&["show-buffer"]);
    // Deleted by the helper once 2 s have passed.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !tmux(&["list-buffers"]).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let left = tmux(&["list-buffers"]);
    tmux(&["kill-server"]);
    assert!(status.success(), "exit 0");
    assert_eq!(buffers.lines().count(), 1, "one buffer: {buffers}");
    assert_eq!(held, expected, "the buffer holds the code");
    assert_eq!(left, "", "the helper deleted the buffer");
    while !String::from_utf8_lossy(&pty.raw.lock().unwrap()).contains("OSC 52")
        && start.elapsed() < Duration::from_secs(30)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut parser = vt100::Parser::new(24, 200, 0);
    parser.process(&pty.raw.lock().unwrap());
    let text = parser.screen().contents();
    assert!(
        text.contains("tmux paste buffer (cleared in 2 s if unchanged)"),
        "{text}"
    );
    assert!(!text.contains(&expected), "the code is never printed");
}
