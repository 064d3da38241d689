//! Copying codes: the system clipboard where a display exists, OSC 52 everywhere else.
//!
//! Shared by the TUI and `otty code --copy`:
//!
//! - **System** (arboard): used when `DISPLAY` or `WAYLAND_DISPLAY` is set and arboard connects.
//!   The copy is excluded from clipboard-manager history. On X11 and Wayland the selection
//!   lives only as long as the process that set it, so the TUI and `otty code --copy` hand it
//!   to a detached helper process ([`helper`]) that serves it until the clear deadline, and a
//!   copy survives otty's exit. The in-process clipboard is the fallback when no helper starts.
//! - **tmux** ([`tmux`]): inside tmux (`$TMUX`) the code goes into a tmux paste buffer through
//!   the `tmux` command, which otty can later delete (tmux ignores the empty OSC 52 that clears
//!   a terminal), and wrapped in tmux passthrough to the outer terminal (which takes it when
//!   `allow-passthrough on`).
//! - **OSC 52**: an escape sequence asking the terminal to set its clipboard, which travels over
//!   SSH. Inside tmux when the `tmux` command cannot be run, it is sent twice: plain (tmux
//!   stores it when `set-clipboard on`, and then keeps it: see [`Method::clears`]) and wrapped
//!   in tmux passthrough.
//!
//! [`Clipboard::clear_if_unchanged`] clears only what otty put there: with arboard it reads the
//! clipboard back first, and a tmux buffer is deleted only if it still holds the code. OSC 52
//! cannot be read back, so there otty clears only if nothing else was copied *through this
//! `Clipboard`* since; a copy made in another program in the meantime would be cleared too
//! (documented limitation).
//!
//! Nothing here logs or formats the copied text.

pub mod helper;
pub mod tmux;

use std::io::{self, Write};

use zeroize::Zeroizing;

use tmux::Tmux;

/// How a copy reached the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The system clipboard (X11/Wayland, macOS, Windows) through arboard in this process.
    System,
    /// The system clipboard, served by a detached helper process until the clear deadline (it
    /// survives otty's exit and clears the clipboard itself).
    Helper,
    /// A tmux paste buffer (deleted when cleared), and the outer terminal through passthrough.
    Tmux,
    /// An OSC 52 escape sequence on the terminal; `tmux` when it was also sent wrapped in tmux
    /// passthrough.
    Osc52 {
        /// Also sent wrapped for tmux passthrough.
        tmux: bool,
    },
}

impl Method {
    /// Short description for a toast: "clipboard", "tmux buffer", "terminal clipboard (OSC
    /// 52)".
    pub fn describe(self) -> &'static str {
        match self {
            Method::System | Method::Helper => "clipboard",
            Method::Tmux => "tmux buffer",
            Method::Osc52 { .. } => "terminal clipboard (OSC 52)",
        }
    }

    /// Whether clearing later really removes the copy. Not for OSC 52 inside tmux: tmux
    /// ignores the empty sequence that clears, so its buffer keeps the code.
    pub fn clears(self) -> bool {
        !matches!(self, Method::Osc52 { tmux: true })
    }
}

/// Where OSC 52 sequences go: usually the terminal (stdout).
pub type Sink = Box<dyn Write + Send>;

/// What the last copy left behind, so that only it is cleared.
enum Last {
    /// In-process arboard or OSC 52: the text.
    Text(Zeroizing<String>),
    /// A tmux buffer by name, and the text it was given.
    Tmux(String, Zeroizing<String>),
    /// A helper serves it and clears it itself.
    Helper,
}

/// A clipboard handle that remembers what it copied, so it can clear only its own copy.
pub struct Clipboard {
    system: Option<arboard::Clipboard>,
    /// Hand system copies to a detached helper clearing after this many seconds.
    helper: Option<u32>,
    sink: Sink,
    tmux: Option<Tmux>,
    inside_tmux: bool,
    last: Option<Last>,
}

impl std::fmt::Debug for Clipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clipboard")
            .field("system", &self.system.is_some())
            .field("helper", &self.helper)
            .field("tmux", &self.inside_tmux)
            .finish_non_exhaustive()
    }
}

/// Whether the environment says a graphical display is reachable.
pub fn display_present() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
        || cfg!(any(target_os = "macos", target_os = "windows"))
}

/// Whether we run inside tmux.
fn inside_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|s| !s.is_empty())
}

impl Clipboard {
    /// The system clipboard if a display is reachable, else OSC 52 written to stdout (through
    /// tmux's buffers inside tmux).
    pub fn new() -> Self {
        let system = if display_present() {
            arboard::Clipboard::new().ok()
        } else {
            None
        };
        let inside = inside_tmux();
        Clipboard {
            system,
            helper: None,
            sink: Box::new(io::stdout()),
            tmux: inside.then(Tmux::default),
            inside_tmux: inside,
            last: None,
        }
    }

    /// Like [`Clipboard::new`], but system copies are served by a detached helper process
    /// that outlives this one and clears after `clear_after` seconds (0: never), so a copy
    /// survives quitting (the TUI).
    pub fn detached(clear_after: u32) -> Self {
        Clipboard {
            helper: Some(clear_after),
            ..Self::new()
        }
    }

    /// OSC 52 only, written to `sink` (tests, or a terminal other than stdout).
    pub fn osc52(sink: Sink, tmux: bool) -> Self {
        Clipboard {
            system: None,
            helper: None,
            sink,
            tmux: None,
            inside_tmux: tmux,
            last: None,
        }
    }

    /// OSC 52 only, written to `sink`, wrapped for tmux too when running inside tmux
    /// (`otty code --copy` writes to the controlling terminal this way).
    pub fn osc52_to(sink: Sink) -> Self {
        Self::osc52(sink, inside_tmux())
    }

    /// OSC 52 written to `sink`, and inside tmux (`$TMUX`) a tmux paste buffer first
    /// (`otty code --copy`, which writes to the controlling terminal and hands the buffer to
    /// a helper with [`Clipboard::hand_over`]).
    pub fn terminal(sink: Sink) -> Self {
        let inside = inside_tmux();
        Clipboard {
            tmux: inside.then(Tmux::default),
            ..Self::osc52(sink, inside)
        }
    }

    /// Inside tmux: copies go to a buffer of the tmux server `tmux` reaches, and wrapped in
    /// passthrough to `sink`.
    pub fn tmux(sink: Sink, tmux: Tmux) -> Self {
        Clipboard {
            tmux: Some(tmux),
            ..Self::osc52(sink, true)
        }
    }

    /// Put `text` on the clipboard. Falls back to OSC 52 if the system clipboard refuses.
    /// A tmux buffer made for the previous copy goes first, if it still holds that text: only
    /// the newest copy has a clear deadline, and an older one (a secret) must not stay behind.
    pub fn copy(&mut self, text: &str) -> io::Result<Method> {
        if let (Some(Last::Tmux(name, old)), Some(t)) = (&self.last, &self.tmux) {
            let _ = t.delete_if_holds(name, old);
        }
        if self.system.is_some()
            && let Some(secs) = self.helper
            && helper::spawn(text, secs).is_ok()
        {
            self.last = Some(Last::Helper);
            return Ok(Method::Helper);
        }
        if let Some(sys) = self.system.as_mut() {
            let set = sys.set();
            #[cfg(all(unix, not(target_os = "macos")))]
            let set = {
                use arboard::SetExtLinux as _;
                set.exclude_from_history()
            };
            if set.text(text).is_ok() {
                self.last = Some(Last::Text(Zeroizing::new(text.to_owned())));
                return Ok(Method::System);
            }
        }
        if let Some(t) = &self.tmux
            && let Ok(name) = t.load(text)
        {
            let seq = osc52(text);
            self.sink.write_all(&tmux_passthrough(&seq))?;
            self.sink.flush()?;
            self.last = Some(Last::Tmux(name, Zeroizing::new(text.to_owned())));
            return Ok(Method::Tmux);
        }
        self.send_osc52(text)?;
        self.last = Some(Last::Text(Zeroizing::new(text.to_owned())));
        Ok(Method::Osc52 {
            tmux: self.inside_tmux,
        })
    }

    /// Clear the clipboard if it still holds the last text copied here. Returns whether it
    /// cleared. See the module documentation for what "still holds" means with OSC 52; a
    /// helper clears by itself at its deadline, so here nothing is done for it.
    pub fn clear_if_unchanged(&mut self) -> io::Result<bool> {
        let last = match self.last.take() {
            None | Some(Last::Helper) => return Ok(false),
            Some(Last::Tmux(name, text)) => {
                let deleted = self
                    .tmux
                    .as_ref()
                    .is_some_and(|t| t.delete_if_holds(&name, &text).unwrap_or(false));
                // The outer terminal took the passthrough copy: ask it to clear too.
                self.sink.write_all(&tmux_passthrough(&osc52("")))?;
                self.sink.flush()?;
                return Ok(deleted);
            }
            Some(Last::Text(text)) => text,
        };
        if let Some(sys) = self.system.as_mut() {
            let current = Zeroizing::new(sys.get_text().unwrap_or_default());
            if *current == *last {
                let _ = sys.clear();
                return Ok(true);
            }
            return Ok(false);
        }
        self.send_osc52("")?;
        Ok(true)
    }

    /// Before this process ends: hand the tmux buffer of the last copy to a detached helper
    /// that deletes it after `clear_after` seconds if it still holds the code (0: keep it).
    /// Whether one now will; nothing is handed over for other methods.
    pub fn hand_over(&mut self, clear_after: u32) -> io::Result<bool> {
        let Some(Last::Tmux(name, text)) = self.last.take() else {
            return Ok(false);
        };
        if clear_after == 0 {
            return Ok(false);
        }
        helper::spawn_tmux(&text, &name, clear_after)?;
        self.last = Some(Last::Helper);
        Ok(true)
    }

    fn send_osc52(&mut self, text: &str) -> io::Result<()> {
        let seq = osc52(text);
        self.sink.write_all(&seq)?;
        if self.inside_tmux {
            self.sink.write_all(&tmux_passthrough(&seq))?;
        }
        self.sink.flush()
    }
}

impl Default for Clipboard {
    fn default() -> Self {
        Self::new()
    }
}

/// The OSC 52 sequence that sets the clipboard (`c`) to `text`: `ESC ] 52 ; c ; BASE64 BEL`.
/// An empty `text` asks the terminal to clear it.
pub fn osc52(text: &str) -> Zeroizing<Vec<u8>> {
    let b64 = Zeroizing::new(data_encoding::BASE64.encode(text.as_bytes()));
    let mut out = Vec::with_capacity(b64.len() + 8);
    out.extend_from_slice(b"\x1b]52;c;");
    out.extend_from_slice(b64.as_bytes());
    out.push(0x07);
    Zeroizing::new(out)
}

/// Wrap a sequence for tmux passthrough: `ESC P tmux; …ESC doubled… ESC \`.
pub fn tmux_passthrough(seq: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Vec::with_capacity(seq.len() + 12);
    out.extend_from_slice(b"\x1bPtmux;");
    for &b in seq {
        if b == 0x1b {
            out.push(0x1b);
        }
        out.push(b);
    }
    out.extend_from_slice(b"\x1b\\");
    Zeroizing::new(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn osc52_encodes_base64() {
        assert_eq!(&osc52("123456")[..], b"\x1b]52;c;MTIzNDU2\x07");
    }

    #[test]
    fn tmux_sends_twice() {
        let out = Shared::default();
        let mut c = Clipboard::osc52(Box::new(out.clone()), true);
        assert_eq!(c.copy("123456").unwrap(), Method::Osc52 { tmux: true });
        let bytes = out.0.lock().unwrap().clone();
        let expected = [
            &b"\x1b]52;c;MTIzNDU2\x07"[..],
            b"\x1bPtmux;\x1b\x1b]52;c;MTIzNDU2\x07\x1b\\",
        ]
        .concat();
        assert_eq!(bytes, expected);
    }

    #[test]
    fn clears_once_after_a_copy() {
        let out = Shared::default();
        let mut c = Clipboard::osc52(Box::new(out.clone()), false);
        assert!(!c.clear_if_unchanged().unwrap(), "nothing copied yet");
        c.copy("1").unwrap();
        assert!(c.clear_if_unchanged().unwrap());
        assert!(!c.clear_if_unchanged().unwrap());
        assert!(out.0.lock().unwrap().ends_with(b"\x1b]52;c;\x07"));
    }
    /// A private tmux server for one test, killed when dropped.
    struct Server(tmux::Tmux);
    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.run(&["kill-server"]);
        }
    }
    impl Server {
        fn start(dir: &std::path::Path) -> Option<Server> {
            let t = tmux::Tmux {
                socket: Some(dir.join("tmux.sock")),
            };
            let s = Server(t);
            s.run(&[
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "40",
                "-y",
                "5",
                "cat",
            ])
            .ok()
            .filter(|o| o.status.success())?;
            Some(s)
        }
        fn run(&self, args: &[&str]) -> io::Result<std::process::Output> {
            let mut c = std::process::Command::new("tmux");
            if let Some(s) = &self.0.socket {
                c.arg("-S").arg(s);
            }
            c.args(args).output()
        }
        fn buffers(&self) -> Vec<(String, String)> {
            let names = self.run(&["list-buffers", "-F", "#{buffer_name}"]).unwrap();
            String::from_utf8_lossy(&names.stdout)
                .lines()
                .map(|n| {
                    let text = self.run(&["show-buffer", "-b", n]).unwrap().stdout;
                    (n.to_owned(), String::from_utf8_lossy(&text).into_owned())
                })
                .collect()
        }
    }

    #[test]
    fn inside_tmux_the_code_goes_to_a_buffer_deleted_only_while_it_holds_the_code() {
        let dir = tempfile::tempdir().unwrap();
        let Some(server) = Server::start(dir.path()) else {
            eprintln!("skipped: tmux is not installed or cannot start a server here");
            return;
        };
        let out = Shared::default();
        let mut c = Clipboard::tmux(Box::new(out.clone()), server.0.clone());
        assert_eq!(c.copy("123456").unwrap(), Method::Tmux);
        assert!(Method::Tmux.clears());
        let bufs = server.buffers();
        assert_eq!(bufs.len(), 1);
        assert_eq!(bufs[0].1, "123456", "tmux holds the code");
        let sent = out.0.lock().unwrap().clone();
        assert!(
            sent.starts_with(b"\x1bPtmux;"),
            "only the passthrough copy is written, no plain OSC 52 for tmux to keep"
        );
        assert!(c.clear_if_unchanged().unwrap());
        assert!(server.buffers().is_empty(), "cleared through tmux");

        // A buffer the user changed since is left alone.
        c.copy("654321").unwrap();
        let name = server.buffers()[0].0.clone();
        server.run(&["set-buffer", "-b", &name, "mine"]).unwrap();
        assert!(!c.clear_if_unchanged().unwrap());
        assert_eq!(server.buffers(), vec![(name, "mine".to_owned())]);
    }

    /// Copying again before the deadline: the earlier buffer (here a secret) goes at once, so
    /// nothing otty copied outlives the newest copy's deadline.
    #[test]
    fn inside_tmux_a_new_copy_deletes_the_buffer_of_the_one_before() {
        let dir = tempfile::tempdir().unwrap();
        let Some(server) = Server::start(dir.path()) else {
            eprintln!("skipped: tmux is not installed or cannot start a server here");
            return;
        };
        let mut c = Clipboard::tmux(Box::new(Shared::default()), server.0.clone());
        c.copy("JBSWY3DPEHPK3PXP").unwrap();
        c.copy("123456").unwrap();
        let bufs = server.buffers();
        assert_eq!(bufs.len(), 1, "{bufs:?}");
        assert_eq!(bufs[0].1, "123456");
        assert!(c.clear_if_unchanged().unwrap());
        assert!(server.buffers().is_empty());
    }

    #[test]
    fn osc52_inside_tmux_does_not_claim_to_clear() {
        assert!(!Method::Osc52 { tmux: true }.clears());
        assert!(Method::Osc52 { tmux: false }.clears());
        assert!(Method::Helper.clears() && Method::System.clears());
    }
}
