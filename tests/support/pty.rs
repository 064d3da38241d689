//! Shared by the tests that run the real `otty` binary in a pseudo-terminal: spawn it with
//! everything it writes captured, and decode the OSC 52 copies found in that output.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};

use otty::core::{Account, Vault};
use otty::tui::demo;
use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// A demo vault file at `path` locked with `password`; its GitLab account.
pub fn demo_vault(path: &std::path::Path, password: &str) -> Account {
    let vault = Vault::create(path, password.as_bytes(), demo::DEMO_KDF).unwrap();
    demo::fill(&vault).unwrap();
    vault.find("GitLab").unwrap().remove(0)
}

/// A running command in a pseudo-terminal.
pub struct Pty {
    /// Everything the command wrote to the terminal so far.
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// The command.
    pub child: Box<dyn Child + Send + Sync>,
    /// Keys typed into the terminal.
    pub writer: Box<dyn Write + Send>,
}

/// Run `cmd` in a `rows`×`cols` pseudo-terminal, or `None` where none can be opened.
pub fn spawn(cmd: CommandBuilder, rows: u16, cols: u16) -> Option<Pty> {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .ok()?;
    let child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let writer = pty.master.take_writer().unwrap();
    let raw = Arc::new(Mutex::new(Vec::new()));
    let sink = raw.clone();
    std::thread::spawn(move || {
        let _master = pty.master; // keep the terminal open while reading
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    Some(Pty { raw, child, writer })
}

/// The texts copied with OSC 52 (`ESC ] 52 ; c ; BASE64 BEL`), in order.
pub fn osc52_payloads(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    text.split("\x1b]52;c;")
        .skip(1)
        .filter_map(|rest| rest.split('\x07').next())
        .filter_map(|b64| data_encoding::BASE64.decode(b64.as_bytes()).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}
