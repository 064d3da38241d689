//! Copying inside tmux through tmux itself.
//!
//! tmux ignores the empty OSC 52 sequence that clears a terminal's clipboard, so a code sent
//! to tmux as OSC 52 would stay in its paste buffers. Instead the code is loaded into a new
//! paste buffer with `tmux load-buffer -` (the code travels on the command's standard input,
//! never on a command line), and the buffer's name is remembered. Clearing deletes that buffer
//! (`tmux delete-buffer -b NAME`), and only if it still holds the code: a buffer the user
//! replaced or deleted meanwhile is left alone.
//!
//! The `tmux` command finds the server through `$TMUX` (or an explicit socket, for tests).

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use zeroize::Zeroizing;

/// How to reach a tmux server.
#[derive(Debug, Clone, Default)]
pub struct Tmux {
    /// `-S socket`; `None` uses the server `$TMUX` names.
    pub socket: Option<PathBuf>,
}

impl Tmux {
    fn command(&self) -> Command {
        let mut c = Command::new("tmux");
        if let Some(s) = &self.socket {
            c.arg("-S").arg(s);
        }
        c.stdin(Stdio::null()).stderr(Stdio::null());
        c
    }

    /// Run `tmux ARGS`, returning its standard output.
    fn output(&self, args: &[&str]) -> io::Result<Zeroizing<Vec<u8>>> {
        let out = self.command().args(args).output()?;
        if !out.status.success() {
            return Err(io::Error::other(format!("tmux {} failed", args[0])));
        }
        Ok(Zeroizing::new(out.stdout))
    }

    /// Load `text` into a new automatically named paste buffer (the one `prefix ]` pastes)
    /// and return its name.
    pub fn load(&self, text: &str) -> io::Result<String> {
        let before = self.names().unwrap_or_default();
        let mut child = self
            .command()
            .args(["load-buffer", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(text.as_bytes())?;
        }
        if !child.wait()?.success() {
            return Err(io::Error::other("tmux load-buffer failed"));
        }
        // The new buffer: a name that was not there before and holds the text.
        self.names()?
            .into_iter()
            .find(|n| !before.contains(n) && self.holds(n, text))
            .ok_or_else(|| io::Error::other("tmux did not keep the buffer"))
    }

    /// Every paste buffer's name, newest first.
    fn names(&self) -> io::Result<Vec<String>> {
        let out = self.output(&["list-buffers", "-F", "#{buffer_name}"])?;
        Ok(String::from_utf8_lossy(&out)
            .lines()
            .map(str::to_owned)
            .collect())
    }

    /// Whether the buffer `name` exists and holds exactly `text`.
    pub fn holds(&self, name: &str, text: &str) -> bool {
        self.output(&["show-buffer", "-b", name])
            .is_ok_and(|out| out.as_slice() == text.as_bytes())
    }

    /// Delete the buffer `name` if it still holds `text`; whether it did.
    pub fn delete_if_holds(&self, name: &str, text: &str) -> io::Result<bool> {
        if !self.holds(name, text) {
            return Ok(false);
        }
        self.output(&["delete-buffer", "-b", name])?;
        Ok(true)
    }
}
