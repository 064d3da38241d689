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
//! - **Inside tmux without a display.** The code goes into a tmux paste buffer of its own (fed
//!   on stdin, never on a command line) and, wrapped in passthrough, to the outer terminal as
//!   OSC 52. A detached helper (`otty __serve-clipboard --tmux-buffer NAME`, with only `TMUX`
//!   and `PATH` in its environment) deletes that buffer at the deadline if it still holds the
//!   code; the outer terminal's copy cannot be read back and is not cleared.
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
//! the display ([`clipboard::helper::helper_env`]): never `OTTY_PASSWORD` or any other variable
//! of the caller's.

use std::io::IsTerminal;

use zeroize::Zeroizing;

use super::error::{Error, Result};
use super::output::note;
use crate::clipboard::{self, Clipboard, Method, Sink};

/// Seconds until the clipboard is cleared, from the config file if there is one.
fn clear_seconds() -> u32 {
    super::config::load().clipboard_clear_seconds
}

/// Copy `code` (of the account `label`) and say how on stderr.
pub fn copy(code: Zeroizing<String>, label: &str) -> Result<()> {
    let secs = clear_seconds();
    if clipboard::display_present() && clipboard::helper::spawn(&code, secs).is_ok() {
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
    let mut cb = Clipboard::terminal(sink);
    let method = cb
        .copy(&code)
        .map_err(|e| Error::io("cannot copy to the terminal clipboard", e))?;
    if method == Method::Tmux {
        let clears = match cb.hand_over(secs) {
            Ok(true) => format!("cleared in {secs} s if unchanged"),
            _ => "not cleared automatically".to_owned(),
        };
        note(format!(
            "copied the code of {label} to a tmux paste buffer ({clears}) and, through tmux, \
             to the terminal clipboard (OSC 52: otty cannot read it back, so that copy is not \
             cleared)"
        ));
        return Ok(());
    }
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

/// `otty __serve-clipboard`: the helper's side (see [`clipboard::helper`]).
pub fn serve(clear_after: u32, tmux_buffer: Option<&str>) -> Result<()> {
    clipboard::helper::serve(clear_after, tmux_buffer)
        .map_err(|e| Error::io("cannot serve the clipboard", e))
}
