//! Running `otty` for `trace_secrets`: each run's stdout and stderr are kept with what it may
//! print; `serve` gets its HTTP requests over raw HTTP/1.1 and its whole stderr is one run.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use otty::core::{OtpParams, Secret, Vault};

use crate::scan::Allowed;
use crate::{PASSWORD, S_API_OTP, S_API_STORE, WRONG_TOKEN, support};

/// One command's output and what its stdout may contain.
pub struct Run {
    pub what: String,
    pub stdout: String,
    pub stderr: String,
    pub allowed: Allowed,
}

/// A temporary vault, its current password, and every run so far.
pub struct Harness {
    pub dir: tempfile::TempDir,
    pub vault: PathBuf,
    pub password: String,
    pub runs: Vec<Run>,
    /// Every OtpParams seen in the vault at some point (for secrets and codes).
    pub params: Vec<OtpParams>,
    pub tokens: Vec<String>,
}

impl Harness {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("v.otty");
        Harness {
            dir,
            vault,
            password: PASSWORD.to_owned(),
            runs: Vec::new(),
            params: Vec::new(),
            tokens: Vec::new(),
        }
    }

    pub fn cmd(&self) -> Command {
        let mut c = support::bare(self.dir.path());
        c.arg("--vault")
            .arg(&self.vault)
            .env("OTTY_PASSWORD", &self.password)
            .env("RUST_LOG", "trace")
            .env_remove("OTTY_IMPORT_PASSWORD")
            .env_remove("OTTY_EXPORT_PASSWORD")
            .env("NO_COLOR", "1");
        c
    }

    /// Run `otty ARGS` with extra environment and optional stdin; check the exit code.
    pub fn run_with(
        &mut self,
        args: &[&str],
        env: &[(&str, &str)],
        stdin: Option<&str>,
        code: i32,
        allowed: Allowed,
    ) -> String {
        let mut c = self.cmd();
        c.args(args).envs(env.iter().copied());
        c.stdout(Stdio::piped()).stderr(Stdio::piped());
        if stdin.is_some() {
            c.stdin(Stdio::piped());
        }
        let mut child = c.spawn().unwrap();
        if let Some(text) = stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
        }
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(code),
            "otty {args:?}: stdout {stdout:?}, stderr {stderr:?}"
        );
        self.runs.push(Run {
            what: format!("otty {}", args.join(" ")),
            stdout: stdout.clone(),
            stderr,
            allowed,
        });
        stdout
    }

    pub fn ok(&mut self, args: &[&str]) -> String {
        self.run_with(args, &[], None, 0, Allowed::default())
    }

    /// Record the OTP parameters of every account now in the vault.
    pub fn snapshot(&mut self) {
        let v = Vault::open(&self.vault).unwrap();
        v.unlock(self.password.as_bytes()).unwrap();
        for a in v.accounts().unwrap() {
            self.params.push(a.data.otp.clone());
        }
    }
}

pub fn data(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
        .display()
        .to_string()
}

pub fn unix_now() -> i64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    i64::try_from(now.unwrap().as_secs()).unwrap()
}

pub fn totp(secret: &str) -> OtpParams {
    OtpParams::totp(Secret::from_base32(secret).unwrap())
}

/// One HTTP/1.1 request on a fresh connection; returns the whole response.
pub fn http(addr: &str, method: &str, path: &str, token: &str, body: Option<&str>) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    let body = body.unwrap_or("");
    write!(
        s,
        "{method} /api/v1{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
         Accept: application/json\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    response
}

pub fn status(response: &str) -> u16 {
    response.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// `otty serve` with a batch of requests; its whole stderr is one run.
pub fn serve_and_request(h: &mut Harness, token: &str) {
    let mut child = h
        .cmd()
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = Arc::new(Mutex::new(String::new()));
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve printed its URL").unwrap();
        stderr.lock().unwrap().push_str(&format!("{line}\n"));
        if let Some(rest) = line.split("serving the API at http://").nth(1) {
            break rest.split('/').next().unwrap().to_owned();
        }
    };
    let sink = stderr.clone();
    let reader = std::thread::spawn(move || {
        for line in lines {
            sink.lock()
                .unwrap()
                .push_str(&format!("{}\n", line.unwrap()));
        }
    });
    let store = format!(r#"{{"uri":"otpauth://totp/Api:store?secret={S_API_STORE}&issuer=Api"}}"#);
    let otp = format!(r#"{{"uri":"otpauth://totp/Api:otp?secret={S_API_OTP}"}}"#);
    let requests: [(&str, &str, &str, Option<&str>, u16); 12] = [
        ("GET", "/user", token, None, 200),
        ("GET", "/twofaccounts", token, None, 200),
        ("GET", "/twofaccounts?withSecret=1", token, None, 200),
        ("GET", "/twofaccounts/1/otp", token, None, 200),
        ("GET", "/twofaccounts/2/otp", token, None, 200),
        ("POST", "/twofaccounts", token, Some(&store), 201),
        ("POST", "/twofaccounts/otp", token, Some(&otp), 200),
        ("POST", "/twofaccounts/preview", token, Some(&otp), 200),
        ("POST", "/twofaccounts", token, Some("{\"uri\": 12"), 422),
        ("GET", "/twofaccounts/export?ids=1,2", token, None, 200),
        ("GET", "/user", WRONG_TOKEN, None, 401),
        ("GET", "/twofaccounts/999/otp", token, None, 404),
    ];
    for (method, path, auth, body, want) in requests {
        let r = http(&addr, method, path, auth, body);
        assert_eq!(status(&r), want, "{method} {path}: {r}");
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    reader.join().unwrap();
    let stderr = stderr.lock().unwrap().clone();
    h.runs.push(Run {
        what: format!("otty serve + {} HTTP requests", requests.len()),
        stdout,
        stderr,
        allowed: Allowed::default(),
    });
}
