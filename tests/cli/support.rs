//! Helpers for driving the real `otty` binary: a fresh vault in a temporary directory, and
//! commands with a clean environment (no inherited OTTY_* variables, stdin closed).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The vault password the helpers use.
pub const PW: &str = "correct horse battery";

/// The ACME account of the acceptance test.
pub const ACME_URI: &str = "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME";

/// Assert that `otty ARGS` succeeded (its stderr in the message if not); return its stdout.
pub fn succeeded(args: &[&str], out: Output) -> String {
    assert!(
        out.status.success(),
        "otty {args:?} failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `otty` with a clean environment: no OTTY_* variables, HOME and XDG dirs inside `dir`,
/// stdin closed (not a terminal), running in `dir`.
pub fn bare(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_otty"));
    for var in [
        "OTTY_PASSWORD",
        "OTTY_NEW_PASSWORD",
        "OTTY_VAULT",
        "OTTY_LOG",
        "RUST_LOG",
    ] {
        c.env_remove(var);
    }
    c.env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("xdg"))
        // Never a real unlock agent's sockets.
        .env("XDG_RUNTIME_DIR", dir.join("run"))
        .current_dir(dir)
        .stdin(Stdio::null());
    c
}

/// A temporary directory holding one initialised vault.
pub struct Fixture {
    /// The directory (deleted on drop).
    pub dir: tempfile::TempDir,
    /// The vault file.
    pub vault: PathBuf,
}

impl Fixture {
    /// A directory and an initialised vault with fast KDF parameters.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("v.otty");
        let f = Fixture { dir, vault };
        f.ok(&["init", "--kdf-memory", "8", "--kdf-iterations", "1"]);
        f
    }

    /// `otty --vault <vault>` with the password in OTTY_PASSWORD.
    pub fn cmd(&self) -> Command {
        let mut c = bare(self.dir.path());
        c.arg("--vault").arg(&self.vault).env("OTTY_PASSWORD", PW);
        c
    }

    /// Run with these arguments.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Run, assert success, return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        succeeded(args, self.run(args))
    }

    /// Run, assert this exit code, return stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "otty {args:?}: stdout {:?}, stderr {:?}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    /// `otty add`, returning the new id.
    pub fn add(&self, args: &[&str]) -> i64 {
        let mut full = vec!["add"];
        full.extend_from_slice(args);
        self.ok(&full).trim().parse().unwrap()
    }

    /// `otty add` of a ten-digit HOTP account at counter 0, returning its id. Ten digits make
    /// an accidental repeat of distinct counters vanishingly unlikely, so "no repeated code"
    /// really tests "no counter handed out twice" (the race and crash tests rely on it).
    #[allow(dead_code)] // not every test binary that includes this file uses it
    pub fn add_hotp10(&self, service: &str, account: &str, secret: &str) -> i64 {
        self.add(&[
            "--service",
            service,
            "--account",
            account,
            "--secret",
            secret,
            "--type",
            "hotp",
            "--digits",
            "10",
            "--counter",
            "0",
        ])
    }

    /// Parse stdout of a successful run as JSON.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// The vault file's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.vault).unwrap()
    }
}

/// The TOTP code of a base32 secret at `unix`, computed by totp-rs (independent of otty).
pub fn totp_rs_code(base32: &str, unix: u64) -> String {
    let secret = totp_rs::Secret::try_from_base32(base32).unwrap();
    totp_rs::Builder::new()
        .with_secret(secret)
        .build_noncompliant()
        .generate(unix)
        .to_string()
}

/// The HOTP code at `counter`, by totp-rs: HOTP is TOTP with a 1 s step at time = counter.
pub fn hotp_rs_code(base32: &str, counter: u64) -> String {
    let secret = totp_rs::Secret::try_from_base32(base32).unwrap();
    totp_rs::Builder::new()
        .with_secret(secret)
        .with_step_duration(1)
        .build_noncompliant()
        .generate(counter)
        .to_string()
}
