//! A private X server (Xvfb) for the tests that copy to an X11 clipboard, read back with
//! `xclip`. `None` (after a message saying why) where either is not installed.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running Xvfb, killed when dropped.
pub struct Xvfb {
    /// `:N`, for `DISPLAY`.
    pub display: String,
    child: Child,
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Xvfb {
    /// Start one on a display number derived from `base` and the test process's id.
    pub fn start(base: u32) -> Option<Xvfb> {
        if !have("Xvfb") || !have("xclip") {
            eprintln!("skipped: Xvfb and xclip are needed (apt-get install xvfb xclip)");
            return None;
        }
        let display = format!(":{}", base + std::process::id() % 400);
        let child = Command::new("Xvfb")
            .args([display.as_str(), "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let socket = format!("/tmp/.X11-unix/X{}", &display[1..]);
        let start = Instant::now();
        while !std::path::Path::new(&socket).exists() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "Xvfb did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Xvfb { display, child })
    }

    /// What the clipboard selection holds now ("" when nothing serves it).
    pub fn paste(&self) -> String {
        Command::new("xclip")
            .args(["-o", "-selection", "clipboard"])
            .env("DISPLAY", &self.display)
            .stderr(Stdio::null())
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
