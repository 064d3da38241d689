//! Copying codes: the system clipboard where a display exists, OSC 52 everywhere else.
//!
//! Shared by the TUI and `otty code --copy`:
//!
//! - **System** (arboard): used when `DISPLAY` or `WAYLAND_DISPLAY` is set and arboard connects.
//!   The copy is excluded from clipboard-manager history. On X11 the selection lives only as
//!   long as the [`Clipboard`] does, so keep it alive (the TUI holds one for its whole run).
//! - **OSC 52**: an escape sequence asking the terminal to set its clipboard, which travels over
//!   SSH. Inside tmux it is sent twice: plain (tmux stores it when `set-clipboard on`) and wrapped
//!   in tmux passthrough (reaches the outer terminal when `allow-passthrough on`).
//!
//! [`Clipboard::clear_if_unchanged`] clears only what otty put there: with arboard it reads the
//! clipboard back first. OSC 52 cannot be read back, so there otty clears only if nothing else
//! was copied *through this `Clipboard`* since; a copy made in another program in the meantime
//! would be cleared too (documented limitation).
//!
//! Nothing here logs or formats the copied text.

use std::io::{self, Write};

use zeroize::Zeroizing;

/// How a copy reached the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The system clipboard (X11/Wayland, macOS, Windows) through arboard.
    System,
    /// An OSC 52 escape sequence on the terminal; `tmux` when it was also sent wrapped in tmux
    /// passthrough.
    Osc52 {
        /// Also sent wrapped for tmux passthrough.
        tmux: bool,
    },
}

impl Method {
    /// Short description for a toast: "clipboard" or "terminal clipboard (OSC 52)".
    pub fn describe(self) -> &'static str {
        match self {
            Method::System => "clipboard",
            Method::Osc52 { .. } => "terminal clipboard (OSC 52)",
        }
    }
}

/// Where OSC 52 sequences go: usually the terminal (stdout).
pub type Sink = Box<dyn Write + Send>;

/// A clipboard handle that remembers what it copied, so it can clear only its own copy.
pub struct Clipboard {
    system: Option<arboard::Clipboard>,
    sink: Sink,
    tmux: bool,
    last: Option<Zeroizing<String>>,
}

impl std::fmt::Debug for Clipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clipboard")
            .field("system", &self.system.is_some())
            .field("tmux", &self.tmux)
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
    /// The system clipboard if a display is reachable, else OSC 52 written to stdout.
    pub fn new() -> Self {
        let system = if display_present() {
            arboard::Clipboard::new().ok()
        } else {
            None
        };
        Clipboard {
            system,
            sink: Box::new(io::stdout()),
            tmux: inside_tmux(),
            last: None,
        }
    }

    /// OSC 52 only, written to `sink` (tests, or a terminal other than stdout).
    pub fn osc52(sink: Sink, tmux: bool) -> Self {
        Clipboard {
            system: None,
            sink,
            tmux,
            last: None,
        }
    }

    /// OSC 52 only, written to `sink`, wrapped for tmux too when running inside tmux
    /// (`otty code --copy` writes to the controlling terminal this way).
    pub fn osc52_to(sink: Sink) -> Self {
        Self::osc52(sink, inside_tmux())
    }

    /// How the next copy will travel.
    pub fn method(&self) -> Method {
        match self.system {
            Some(_) => Method::System,
            None => Method::Osc52 { tmux: self.tmux },
        }
    }

    /// Put `text` on the clipboard. Falls back to OSC 52 if the system clipboard refuses.
    pub fn copy(&mut self, text: &str) -> io::Result<Method> {
        if let Some(sys) = self.system.as_mut() {
            let set = sys.set();
            #[cfg(all(unix, not(target_os = "macos")))]
            let set = {
                use arboard::SetExtLinux as _;
                set.exclude_from_history()
            };
            if set.text(text).is_ok() {
                self.last = Some(Zeroizing::new(text.to_owned()));
                return Ok(Method::System);
            }
        }
        self.send_osc52(text)?;
        self.last = Some(Zeroizing::new(text.to_owned()));
        Ok(Method::Osc52 { tmux: self.tmux })
    }

    /// Clear the clipboard if it still holds the last text copied here. Returns whether it
    /// cleared. See the module documentation for what "still holds" means with OSC 52.
    pub fn clear_if_unchanged(&mut self) -> io::Result<bool> {
        let Some(last) = self.last.take() else {
            return Ok(false);
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

    fn send_osc52(&mut self, text: &str) -> io::Result<()> {
        let seq = osc52(text);
        self.sink.write_all(&seq)?;
        if self.tmux {
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
}
