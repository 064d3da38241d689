//! Shared by the crash and race tests: the real `otty serve` on a fixture's vault (URL read
//! from its stderr, the rest of its stderr kept for inspection), a tiny blocking HTTP/1.1
//! client that tells "never sent" from "sent, no answer", a seedable random source, and
//! SQLite's own integrity check on a read-only connection.
//!
//! Needs the test root to declare `mod support` (tests/cli/support.rs) for `Fixture`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::support::Fixture;

/// A running `otty serve` child.
pub struct Served {
    /// The process (kill it, or `stop` it).
    pub child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// Everything the server wrote to stderr after its URL line.
    pub log: Arc<Mutex<String>>,
}

impl Served {
    /// Start `otty serve --bind 127.0.0.1:0` on `f`'s vault and wait for its URL line.
    pub fn start(f: &Fixture) -> Served {
        Served::start_with(f.cmd())
    }

    /// [`Served::start`] from a prepared `otty --vault V` command (its own environment).
    pub fn start_with(mut cmd: std::process::Command) -> Served {
        let mut child = cmd
            .args(["serve", "--bind", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut before = String::new();
        let addr = loop {
            let Some(line) = lines.next() else {
                panic!("otty serve exited before printing its URL: {before}");
            };
            let line = line.unwrap();
            if let Some(rest) = line.split("serving the API at http://").nth(1) {
                break rest.split('/').next().unwrap().to_owned();
            }
            before.push_str(&line);
            before.push('\n');
        };
        let log = Arc::new(Mutex::new(before));
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        Served { child, addr, log }
    }

    /// SIGKILL, and reap.
    pub fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM (a clean stop: buffered OTP logs are flushed), and wait for exit code 0.
    pub fn stop(&mut self) {
        let ok = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
        let status = self.child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "otty serve: {}", self.log_text());
    }

    /// The server's stderr so far.
    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

/// A complete HTTP answer.
#[derive(Debug)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// JSON body, `Null` when empty or not JSON.
    pub body: Value,
}

impl Reply {
    /// 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why a request got no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoReply {
    /// The connection was refused: the request never reached a server.
    NotSent,
    /// Sent (or maybe sent), and no complete answer came back.
    Unanswered,
}

/// One request on a fresh connection (`Connection: close`), with the bearer token.
pub fn request(
    addr: &str,
    token: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<Reply, NoReply> {
    let mut stream = TcpStream::connect(addr).map_err(|_| NoReply::NotSent)?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let payload = body.map(Value::to_string).unwrap_or_default();
    let head = format!(
        "{method} /api/v1{path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Accept: application/json\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        payload.len()
    );
    let mut raw = Vec::new();
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(payload.as_bytes()))
        .and_then(|()| stream.read_to_end(&mut raw))
        .map_err(|_| NoReply::Unanswered)?;
    parse(&raw).ok_or(NoReply::Unanswered)
}

/// A complete response, or `None` if it was cut short.
fn parse(raw: &[u8]) -> Option<Reply> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let rest = &raw[split + 4..];
    let status: u16 = head.split_whitespace().nth(1)?.parse().ok()?;
    let header = |name: &str| {
        head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    };
    let body = if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        dechunk(rest)?
    } else {
        let len: usize = header("content-length").map_or(Some(0), |v| v.parse().ok())?;
        rest.get(..len)?.to_vec()
    };
    Some(Reply {
        status,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

/// xorshift64*: small, seedable, good enough to pick operations and delays.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (0 is replaced).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// A seed from the clock and the process id, or `var` if set in the environment.
    pub fn seed_from_env(var: &str) -> u64 {
        if let Some(s) = std::env::var(var).ok().and_then(|v| v.parse().ok()) {
            return s;
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64;
        nanos ^ u64::from(std::process::id()).rotate_left(32)
    }

    /// Next value.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform-ish in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A random base32 secret of `len` characters.
    pub fn secret(&mut self, len: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        (0..len)
            .map(|_| ALPHABET[self.below(32) as usize] as char)
            .collect()
    }
}

/// `PRAGMA integrity_check` on a read-only connection: `"ok"` when the file is sound.
pub fn integrity(path: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut stmt = conn.prepare("PRAGMA integrity_check").unwrap();
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows.join("; ")
}

/// A fixture's new API token (`otty token create`).
pub fn token(f: &Fixture, name: &str) -> String {
    f.ok(&["token", "create", name])
        .lines()
        .next()
        .unwrap()
        .to_owned()
}
