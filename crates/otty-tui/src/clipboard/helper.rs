//! The detached clipboard helper, for X11 and Wayland, where a selection lives only as long
//! as the process that set it.
//!
//! [`spawn`] re-executes the running program (`otty`) as `otty __serve-clipboard --clear-after
//! N` ([`HELPER_COMMAND`], hidden) in its own process group and hands it the text on a pipe to
//! its standard input, so the text never appears in a command line. The helper ([`serve`])
//! serves it with arboard's `wait_until` until the deadline (`wait` when clearing is off) or
//! until something else is copied, then clears the clipboard only if it still holds the text.
//! It holds no terminal, none of the caller's output streams and not its working directory,
//! so the caller (`otty code --copy`, or the TUI when it quits) ends at once and the copy
//! survives it.
//!
//! Inside tmux, `otty code --copy` loads a tmux paste buffer itself and [`spawn_tmux`] starts
//! a helper that only deletes that buffer at the deadline if it still holds the code.
//!
//! The helper outlives its caller, so it starts with a clean environment holding only what
//! reaches the display ([`helper_env`]), or for tmux only `TMUX` and `PATH`: never
//! `OTTY_PASSWORD` or any other variable of the caller's. The binary wires [`HELPER_COMMAND`]
//! to [`serve`]; this crate never depends on it.

use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

/// The hidden subcommand that runs [`serve`].
pub const HELPER_COMMAND: &str = "__serve-clipboard";

/// The longest text a helper accepts on stdin (codes are at most 10 characters).
const MAX_TEXT: u64 = 64;

/// The variables the helper may keep: X11 needs `DISPLAY` and its cookie (`XAUTHORITY`, else
/// `~/.Xauthority` under `HOME`), Wayland `WAYLAND_DISPLAY` under `XDG_RUNTIME_DIR`. Nothing
/// else: the helper runs no program, reads no file of the caller's and writes no terminal.
pub const HELPER_VARS: [&str; 5] = [
    "DISPLAY",
    "XAUTHORITY",
    "HOME",
    "WAYLAND_DISPLAY",
    "XDG_RUNTIME_DIR",
];

/// The helper's whole environment, picked from `vars` (the caller's).
pub fn helper_env(
    vars: impl IntoIterator<Item = (OsString, OsString)>,
) -> impl Iterator<Item = (OsString, OsString)> {
    kept(vars, &HELPER_VARS)
}

/// The variables of `vars` named in `keep`.
fn kept(
    vars: impl IntoIterator<Item = (OsString, OsString)>,
    keep: &'static [&'static str],
) -> impl Iterator<Item = (OsString, OsString)> {
    vars.into_iter()
        .filter(move |(name, _)| keep.iter().any(|k| name == k))
}

/// The variables a tmux helper keeps: the server it deletes the buffer from (`TMUX`) and
/// where the `tmux` command is (`PATH`).
pub const TMUX_HELPER_VARS: [&str; 2] = ["TMUX", "PATH"];

/// Start a helper serving `text` for `clear_after` seconds (0: until something else is
/// copied), and wait (briefly) for it to say it holds the clipboard.
pub fn spawn(text: &str, clear_after: u32) -> io::Result<()> {
    start(text, clear_after, None)
}

/// Start a helper that deletes the tmux paste buffer `buffer` after `clear_after` seconds if
/// it still holds `text` (the caller loaded it and ends before then).
pub fn spawn_tmux(text: &str, buffer: &str, clear_after: u32) -> io::Result<()> {
    start(text, clear_after, Some(buffer))
}

fn start(text: &str, clear_after: u32, tmux_buffer: Option<&str>) -> io::Result<()> {
    let exe = std::env::current_exe()?;
    let mut command = Command::new(exe);
    command
        .env_clear()
        .arg(HELPER_COMMAND)
        .arg("--clear-after")
        .arg(clear_after.to_string());
    match tmux_buffer {
        Some(name) => command
            .envs(kept(std::env::vars_os(), &TMUX_HELPER_VARS))
            .arg("--tmux-buffer")
            .arg(name),
        None => command.envs(helper_env(std::env::vars_os())),
    };
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .current_dir("/")
        .process_group(0)
        .spawn()?;
    let fail = |what: &str| io::Error::other(what.to_owned());
    let mut stdin = child.stdin.take().ok_or_else(|| fail("no stdin"))?;
    stdin.write_all(text.as_bytes())?;
    drop(stdin);
    let stdout = child.stdout.take().ok_or_else(|| fail("no stdout"))?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    match rx.recv_timeout(Duration::from_secs(5)) {
        Ok(line) if line.trim() == "ready" => {
            // Reap it when it ends, so it leaves no zombie while the caller runs on.
            std::thread::spawn(move || child.wait());
            Ok(())
        }
        _ => {
            let _ = child.kill();
            let _ = child.wait();
            Err(fail("the clipboard helper did not start"))
        }
    }
}

/// The helper's side: read the text on stdin, take the clipboard, say `ready`, serve it until
/// `clear_after` seconds pass or something else is copied, then clear it if unchanged. With
/// `tmux_buffer`, the caller already loaded that tmux buffer: wait, then delete it if it still
/// holds the text.
pub fn serve(clear_after: u32, tmux_buffer: Option<&str>) -> io::Result<()> {
    let mut text = Zeroizing::new(String::new());
    io::stdin().take(MAX_TEXT).read_to_string(&mut text)?;
    let text = Zeroizing::new(text.trim().to_owned());
    if let Some(name) = tmux_buffer {
        ready();
        std::thread::sleep(Duration::from_secs(u64::from(clear_after)));
        super::tmux::Tmux::default().delete_if_holds(name, &text)?;
        return Ok(());
    }
    let mut cb = arboard::Clipboard::new().map_err(|e| io::Error::other(e.to_string()))?;
    ready();
    serve_until(&mut cb, &text, clear_after);
    Ok(())
}

/// Tell the parent the helper holds the copy, then let go of its pipe so it is not held open.
fn ready() {
    let mut out = io::stdout().lock();
    let _ = out.write_all(b"ready\n");
    let _ = out.flush();
}

#[cfg(all(unix, not(target_os = "macos")))]
fn serve_until(cb: &mut arboard::Clipboard, text: &str, clear_after: u32) {
    use arboard::SetExtLinux as _;
    let set = cb.set().exclude_from_history();
    let served = if clear_after == 0 {
        set.wait().text(text)
    } else {
        let deadline = Instant::now() + Duration::from_secs(u64::from(clear_after));
        set.wait_until(deadline).text(text)
    };
    if served.is_ok() && clear_after > 0 {
        clear_if_unchanged(cb, text);
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn serve_until(cb: &mut arboard::Clipboard, text: &str, clear_after: u32) {
    // The clipboard outlives the process here: set it, wait, clear if unchanged.
    let _ = Instant::now();
    if cb.set_text(text).is_ok() && clear_after > 0 {
        std::thread::sleep(Duration::from_secs(u64::from(clear_after)));
        clear_if_unchanged(cb, text);
    }
}

fn clear_if_unchanged(cb: &mut arboard::Clipboard, text: &str) {
    let current = Zeroizing::new(cb.get_text().unwrap_or_default());
    if current.as_str() == text {
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
        assert_eq!(kept, HELPER_VARS);
    }
}
