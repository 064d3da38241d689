//! `otty code QUERY --copy`: the code goes to the clipboard through [`crate::clipboard`] (the
//! TUI's module) instead of standard output; one confirmation line goes to stderr.
//!
//! Two ways, decided here:
//!
//! - **A display (X11/Wayland) and arboard connects.** The selection lives only as long as the
//!   process that set it, so `otty` re-executes itself as a detached helper
//!   (`otty __serve-clipboard --clear-after N`, hidden) in its own process group, and hands it
//!   the code on a pipe to its stdin, so the code never appears in a command line. The helper
//!   serves the code with arboard's `wait_until` until the deadline (`wait` when clearing is
//!   off) or until something else is copied, then clears the clipboard only if it still holds
//!   the code. It holds no terminal, none of the caller's output streams and not its working
//!   directory, so
//!   `otty code x --copy | …` ends at once.
//! - **No display (SSH, a console).** An OSC 52 sequence (twice inside tmux) is written to the
//!   controlling terminal (`/dev/tty`), so it reaches the terminal even when stdout and stderr
//!   are redirected; with no controlling terminal, to stderr if that is a terminal; otherwise
//!   the copy fails (exit 1) rather than print the code somewhere it was not asked to go.
//!   OSC 52 cannot be read back, so otty cannot know whether the terminal's clipboard still
//!   holds its code later: it does **not** clear it (clearing blindly could wipe something the
//!   user copied since), and the confirmation says so.
//!
//! The clear delay is the config file's `clipboard_clear_seconds` (read, never created here).
//!
//! The helper outlives `otty`, so it starts with a clean environment holding only what reaches
//! the display ([`helper_env`]): never `OTTY_PASSWORD` or any other variable of the caller's.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::error::{Error, Result};
use super::output::note;
use crate::clipboard::{self, Clipboard, Sink};

/// The longest code a helper accepts on stdin (codes are at most 10 characters).
const MAX_CODE: u64 = 64;

/// Seconds until the clipboard is cleared, from the config file if there is one.
fn clear_seconds() -> u32 {
    super::config::load().clipboard_clear_seconds
}

/// Copy `code` (of the account `label`) and say how on stderr.
pub fn copy(code: Zeroizing<String>, label: &str) -> Result<()> {
    let secs = clear_seconds();
    if clipboard::display_present() && spawn_helper(&code, secs).is_ok() {
        let clears = match secs {
            0 => String::new(),
            s => format!("; cleared in {s} s if unchanged"),
        };
        note(format!(
            "copied the code of {label} to the clipboard{clears}"
        ));
        return Ok(());
    }
    let sink = terminal_sink().ok_or_else(|| {
        Error::io(
            "cannot copy the code",
            std::io::Error::other("no display, and no terminal to send OSC 52 to"),
        )
    })?;
    let mut cb = Clipboard::osc52_to(sink);
    cb.copy(&code)
        .map_err(|e| Error::io("cannot copy to the terminal clipboard", e))?;
    note(format!(
        "copied the code of {label} to the terminal clipboard (OSC 52); \
         otty cannot read it back, so it is not cleared automatically"
    ));
    Ok(())
}

/// The controlling terminal, else stderr when it is a terminal.
fn terminal_sink() -> Option<Sink> {
    if let Ok(tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        return Some(Box::new(tty));
    }
    std::io::stderr()
        .is_terminal()
        .then(|| Box::new(std::io::stderr()) as Sink)
}

/// The variables the helper may keep: X11 needs `DISPLAY` and its cookie (`XAUTHORITY`, else
/// `~/.Xauthority` under `HOME`), Wayland `WAYLAND_DISPLAY` under `XDG_RUNTIME_DIR`. Nothing
/// else: the helper runs no program, reads no file of the caller's and writes no terminal.
const HELPER_VARS: [&str; 5] = [
    "DISPLAY",
    "XAUTHORITY",
    "HOME",
    "WAYLAND_DISPLAY",
    "XDG_RUNTIME_DIR",
];

/// The helper's whole environment, picked from `vars` (the caller's).
fn helper_env(
    vars: impl IntoIterator<Item = (OsString, OsString)>,
) -> impl Iterator<Item = (OsString, OsString)> {
    vars.into_iter()
        .filter(|(name, _)| HELPER_VARS.iter().any(|keep| name == keep))
}

/// Start the helper, give it the code, and wait (briefly) for it to say it holds the
/// clipboard.
fn spawn_helper(code: &str, secs: u32) -> std::io::Result<()> {
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe)
        .env_clear()
        .envs(helper_env(std::env::vars_os()))
        .arg("__serve-clipboard")
        .arg("--clear-after")
        .arg(secs.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .current_dir("/")
        .process_group(0)
        .spawn()?;
    let fail = |what: &str| std::io::Error::other(what.to_owned());
    let mut stdin = child.stdin.take().ok_or_else(|| fail("no stdin"))?;
    stdin.write_all(code.as_bytes())?;
    drop(stdin);
    let stdout = child.stdout.take().ok_or_else(|| fail("no stdout"))?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    match rx.recv_timeout(Duration::from_secs(5)) {
        Ok(line) if line.trim() == "ready" => Ok(()),
        _ => {
            let _ = child.kill();
            let _ = child.wait();
            Err(fail("the clipboard helper did not start"))
        }
    }
}

/// `otty __serve-clipboard`: the helper's side (see the module documentation).
pub fn serve(clear_after: u32) -> Result<()> {
    let mut code = Zeroizing::new(String::new());
    std::io::stdin()
        .take(MAX_CODE)
        .read_to_string(&mut code)
        .map_err(|e| Error::io("cannot read the code", e))?;
    let code = Zeroizing::new(code.trim().to_owned());
    let mut cb = arboard::Clipboard::new().map_err(|e| {
        Error::io(
            "cannot serve the clipboard",
            std::io::Error::other(e.to_string()),
        )
    })?;
    // Tell the parent, then let go of its pipe so it is not held open.
    {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(b"ready\n");
        let _ = out.flush();
    }
    serve_until(&mut cb, &code, clear_after);
    Ok(())
}

#[cfg(all(unix, not(target_os = "macos")))]
fn serve_until(cb: &mut arboard::Clipboard, code: &str, clear_after: u32) {
    use arboard::SetExtLinux as _;
    let set = cb.set().exclude_from_history();
    let served = if clear_after == 0 {
        set.wait().text(code)
    } else {
        let deadline = Instant::now() + Duration::from_secs(u64::from(clear_after));
        set.wait_until(deadline).text(code)
    };
    if served.is_ok() && clear_after > 0 {
        clear_if_unchanged(cb, code);
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn serve_until(cb: &mut arboard::Clipboard, code: &str, clear_after: u32) {
    // The clipboard outlives the process here: set it, wait, clear if unchanged.
    if cb.set_text(code).is_ok() && clear_after > 0 {
        std::thread::sleep(Duration::from_secs(u64::from(clear_after)));
        clear_if_unchanged(cb, code);
    }
}

fn clear_if_unchanged(cb: &mut arboard::Clipboard, code: &str) {
    let current = Zeroizing::new(cb.get_text().unwrap_or_default());
    if current.as_str() == code {
        let _ = cb.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_helper_keeps_only_what_reaches_the_display() {
        let caller = [
            ("OTTY_PASSWORD", "correct horse"),
            ("OTTY_NEW_PASSWORD", "new horse"),
            ("OTTY_EXPORT_PASSWORD", "export horse"),
            ("OTTY_VAULT", "/home/me/v.otty"),
            ("DISPLAY", ":0"),
            ("XAUTHORITY", "/run/user/1000/xauth"),
            ("HOME", "/home/me"),
            ("WAYLAND_DISPLAY", "wayland-0"),
            ("XDG_RUNTIME_DIR", "/run/user/1000"),
            ("PATH", "/usr/bin"),
            ("SSH_AUTH_SOCK", "/tmp/agent"),
        ]
        .map(|(k, v)| (OsString::from(k), OsString::from(v)));
        let kept: Vec<String> = helper_env(caller)
            .map(|(k, _)| k.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            kept,
            [
                "DISPLAY",
                "XAUTHORITY",
                "HOME",
                "WAYLAND_DISPLAY",
                "XDG_RUNTIME_DIR"
            ]
        );
    }
}
