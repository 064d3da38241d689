//! No secret in any output or log: every CLI command (and `otty serve` under HTTP requests)
//! runs with `RUST_LOG=trace` on a vault of known secrets, and nothing it prints to stdout or
//! stderr may contain an account secret (base32 as typed, canonical, lowercase, hex, base64),
//! a vault password (old, new, wrong), an export or import passphrase, an API token (valid or
//! wrong) or an OTP code, except where the command's purpose is to print it (`code` prints
//! codes on stdout, `token create` its token, a plain export to stdout its secrets). The test
//! also checks that trace and debug lines were written, so logging being off cannot make it
//! pass. Run with `--nocapture` to see the counts.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "cli/support.rs"]
mod support;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use base64::Engine;
use otty::core::otp::{at_counter, time_step};
use otty::core::{OtpKind, OtpParams, Secret, Vault};

const PASSWORD: &str = "vault-pw-Kq93xTj";
const NEW_PASSWORD: &str = "vault-pw2-Zr71mYw";
const WRONG_PASSWORD: &str = "wrong-pw-Hd52Lqe";
const EXPORT_PASSPHRASE: &str = "export-pp-Vn48Rsk";
const WRONG_PASSPHRASE: &str = "wrong-pp-Tb36Wua";
const WRONG_TOKEN: &str = "otty_pat_NotARealTokenButLongEnoughToLookLikeOne0123456";
/// Passphrases of encrypted fixtures (tests/data/SOURCES.md); Aegis, 2FAS and andOTP use
/// `test`, which is too common a word to search for (it is in every fixture path).
const FIXTURE_PASSPHRASES: [&str; 2] = ["interop-test-passphrase", "correct horse battery staple"];

/// Secrets typed on the command line or sent over HTTP.
const S_URI: &str = "2ECNBTAQNWCR7QAAQERV6Z5IDEE364WZ";
const S_STDIN: &str = "PGJBBGUWUFJUCFW3V3P7GPCEGEO7WCK5";
const S_ARG: &str = "xqju cr3t 22wy 6eyq 2rfh n42o rznl noac";
const S_SHA256: &str = "SYBRNJ2MPEMTOCW5YHQG25ZQ4PQ46BP2";
const S_URI_STDIN: &str = "KHAYKEVYM7HLLEHMGHL3ZJUEYAIDECJ6";
const S_EDITED: &str = "BDUKK2DMSEC4XX2K4T4FWP25KCS6BHAE";
const S_API_STORE: &str = "6QYPSGYW2MKENDXLBWHD7U7HJ4MFZY7A";
const S_API_OTP: &str = "DQTWTXWSYEI4VQJX722XJBYVAAFMA7O4";
const S_REMOVED: &str = "RMMDRX5AKDVKSSOOIZOW6ZZACJ3RDH4M";
const S_SHORT: &str = "CHB6Z4REMY7E6PWP";

/// What a run may print on stdout because printing it is the command's job.
#[derive(Clone, Copy, Default)]
struct Allowed {
    codes: bool,
    secrets: bool,
    tokens: bool,
}

struct Run {
    what: String,
    stdout: String,
    stderr: String,
    allowed: Allowed,
}

struct Harness {
    dir: tempfile::TempDir,
    vault: PathBuf,
    password: String,
    runs: Vec<Run>,
    /// Every OtpParams seen in the vault at some point (for secrets and codes).
    params: Vec<OtpParams>,
    tokens: Vec<String>,
}

impl Harness {
    fn new() -> Self {
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

    fn cmd(&self) -> Command {
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
    fn run_with(
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

    fn ok(&mut self, args: &[&str]) -> String {
        self.run_with(args, &[], None, 0, Allowed::default())
    }

    /// Record the OTP parameters of every account now in the vault.
    fn snapshot(&mut self) {
        let v = Vault::open(&self.vault).unwrap();
        v.unlock(self.password.as_bytes()).unwrap();
        for a in v.accounts().unwrap() {
            self.params.push(a.data.otp.clone());
        }
    }
}

fn data(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
        .display()
        .to_string()
}

fn unix_now() -> i64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    i64::try_from(now.unwrap().as_secs()).unwrap()
}

fn totp(secret: &str) -> OtpParams {
    OtpParams::totp(Secret::from_base32(secret).unwrap())
}

/// One HTTP/1.1 request on a fresh connection; returns the whole response.
fn http(addr: &str, method: &str, path: &str, token: &str, body: Option<&str>) -> String {
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

fn status(response: &str) -> u16 {
    response.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// `otty serve` with a batch of requests; its whole stderr is one run.
fn serve_and_request(h: &mut Harness, token: &str) {
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

/// Every command, in an order that exercises them all on one vault.
fn exercise(h: &mut Harness) {
    let fast = ["--kdf-memory", "8", "--kdf-iterations", "1"];
    h.ok(&[&["init"][..], &fast].concat());
    let acme = format!("otpauth://totp/ACME:alice?secret={S_URI}&issuer=ACME");
    h.ok(&["add", "--uri", &acme]);
    h.run_with(
        &[
            "add",
            "--secret",
            "-",
            "--service",
            "Hotp",
            "--account",
            "bob",
            "--type",
            "hotp",
            "--counter",
            "3",
        ],
        &[],
        Some(&format!("{S_STDIN}\n")),
        0,
        Allowed::default(),
    );
    h.ok(&[
        "add",
        "--secret",
        S_ARG,
        "--service",
        "Steam",
        "--account",
        "erin",
        "--type",
        "steam",
    ]);
    let sha = format!(
        "otpauth://totp/Sha:carol?secret={S_SHA256}&algorithm=SHA256&digits=8&period=60&issuer=Sha"
    );
    h.ok(&["add", "--uri", &sha]);
    let md5 = format!("otpauth://totp/Md5:dave?secret={S_URI_STDIN}&algorithm=MD5&issuer=Md5");
    h.run_with(
        &["add", "--uri", "-"],
        &[],
        Some(&format!("{md5}\n")),
        0,
        Allowed::default(),
    );
    h.ok(&[
        "add",
        "--secret",
        S_REMOVED,
        "--service",
        "Gone",
        "--account",
        "f",
    ]);
    h.ok(&[
        "add",
        "--secret",
        S_SHORT,
        "--service",
        "Short",
        "--account",
        "g",
    ]);
    h.run_with(
        &["add", "--uri", "otpauth://totp/x?secret=!!"],
        &[],
        None,
        2,
        Allowed::default(),
    );

    h.ok(&["list"]);
    h.ok(&["list", "--json"]);
    let code = Allowed {
        codes: true,
        ..Allowed::default()
    };
    for q in ["1", "hotp", "steam", "sha", "md5", "short"] {
        h.run_with(&["code", q], &[], None, 0, code);
    }
    h.run_with(&["code", "acme", "--json"], &[], None, 0, code);
    h.run_with(&["code", "hotp", "--json"], &[], None, 0, code);
    h.run_with(&["code", "1", "--at", "1700000000"], &[], None, 0, code);
    h.run_with(&["code", "nothing-matches"], &[], None, 3, code);

    h.snapshot();
    h.ok(&["edit", "1", "--service", "Acme Corp", "--notes", "work"]);
    h.ok(&["edit", "2", "--counter", "10"]);
    h.ok(&["edit", "3", "--secret", S_EDITED]);
    h.run_with(
        &["edit", "7", "--secret", "-"],
        &[],
        Some(&format!("{S_SHORT}\n")),
        0,
        Allowed::default(),
    );
    h.run_with(
        &["edit", "999", "--service", "X"],
        &[],
        None,
        3,
        Allowed::default(),
    );

    h.ok(&["group", "add", "Work"]);
    h.ok(&["group", "assign", "Work", "1", "2"]);
    h.ok(&["group", "list"]);
    h.ok(&["group", "list", "--json"]);
    h.ok(&["list", "--group", "Work"]);
    h.ok(&["group", "rename", "Work", "Job"]);
    h.ok(&["group", "rm", "Job"]);

    let token_out = Allowed {
        tokens: true,
        ..Allowed::default()
    };
    let out = h.run_with(&["token", "create", "laptop"], &[], None, 0, token_out);
    let token = out.lines().next().unwrap().to_owned();
    h.tokens.push(token.clone());
    let out = h.run_with(
        &["token", "create", "ci", "--json"],
        &[],
        None,
        0,
        token_out,
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    h.tokens.push(json["token"].as_str().unwrap().to_owned());
    h.ok(&["token", "list"]);
    h.ok(&["token", "list", "--json"]);

    serve_and_request(h, &token);
    h.snapshot();

    h.ok(&["token", "revoke", "2"]);
    h.run_with(&["token", "revoke", "99"], &[], None, 3, Allowed::default());

    h.ok(&["import", &data("ente/ente_auth.txt")]);
    h.ok(&["import", "--dry-run", &data("aegis/aegis_plain.json")]);
    h.ok(&["import", "--json", &data("aegis/aegis_plain.json")]);
    h.ok(&["import", &data("google_migration/example_export.txt")]);
    h.ok(&["import", "--qr", &data("2fauth-api/validQrcode.png")]);
    h.ok(&["import", &data("bitwarden/bitwarden.csv")]);
    h.ok(&["import", &data("freeotp_plus/freeotp_plus.json")]);
    for (file, pass) in [
        ("aegis/aegis_encrypted.json", "test"),
        ("2fas/2fas_authenticator_encrypted_v4.2fas", "test"),
        ("andotp/andotp_encrypted.bin", "test"),
        ("generated/ente_encrypted.json", FIXTURE_PASSPHRASES[0]),
    ] {
        let f = data(file);
        h.run_with(
            &["import", &f],
            &[("OTTY_IMPORT_PASSWORD", pass)],
            None,
            0,
            Allowed::default(),
        );
    }
    let pass_file = h.dir.path().join("bitwarden-pass");
    std::fs::write(&pass_file, format!("{}\n", FIXTURE_PASSPHRASES[1])).unwrap();
    h.ok(&[
        "import",
        "--passphrase-file",
        &pass_file.display().to_string(),
        &data("generated/bitwarden_protected.json"),
    ]);
    let ente = data("generated/ente_encrypted.json");
    h.run_with(
        &["import", &ente],
        &[("OTTY_IMPORT_PASSWORD", WRONG_PASSPHRASE)],
        None,
        4,
        Allowed::default(),
    );

    let plain = Allowed {
        secrets: true,
        codes: true,
        ..Allowed::default()
    };
    for format in ["otpauth", "2fauth", "aegis", "otty"] {
        h.run_with(&["export", "--format", format], &[], None, 0, plain);
        let out = h.dir.path().join(format!("plain.{format}"));
        h.ok(&[
            "export",
            "--format",
            format,
            "-o",
            &out.display().to_string(),
        ]);
    }
    h.run_with(
        &["export", "--format", "aegis", "--encrypt"],
        &[("OTTY_EXPORT_PASSWORD", EXPORT_PASSPHRASE)],
        None,
        0,
        Allowed::default(),
    );
    let sealed = h.dir.path().join("sealed.otty");
    let pp_file = h.dir.path().join("export-pass");
    std::fs::write(&pp_file, format!("{EXPORT_PASSPHRASE}\n")).unwrap();
    let (sealed_s, pp_s) = (sealed.display().to_string(), pp_file.display().to_string());
    h.ok(&[
        "export",
        "--format",
        "otty",
        "--encrypt",
        "--passphrase-file",
        &pp_s,
        "-o",
        &sealed_s,
    ]);
    h.run_with(
        &["import", &sealed_s],
        &[("OTTY_IMPORT_PASSWORD", EXPORT_PASSPHRASE)],
        None,
        0,
        Allowed::default(),
    );
    h.run_with(
        &["import", &sealed_s],
        &[("OTTY_IMPORT_PASSWORD", WRONG_PASSPHRASE)],
        None,
        4,
        Allowed::default(),
    );

    h.snapshot();
    h.run_with(
        &["list"],
        &[("OTTY_PASSWORD", WRONG_PASSWORD)],
        None,
        4,
        Allowed::default(),
    );
    h.run_with(
        &["--verbose", "code", "1"],
        &[("OTTY_PASSWORD", WRONG_PASSWORD)],
        None,
        4,
        Allowed::default(),
    );
    h.run_with(
        &["passwd"],
        &[("OTTY_NEW_PASSWORD", NEW_PASSWORD)],
        None,
        0,
        Allowed::default(),
    );
    h.password = NEW_PASSWORD.to_owned();
    h.run_with(&["--verbose", "list"], &[], None, 0, Allowed::default());
    let new_pw_file = h.dir.path().join("new-pw");
    std::fs::write(&new_pw_file, format!("{PASSWORD}\n")).unwrap();
    h.ok(&[
        "passwd",
        "--new-password-file",
        &new_pw_file.display().to_string(),
    ]);
    h.password = PASSWORD.to_owned();

    h.snapshot();
    h.ok(&["rm", "6", "--yes"]);
    h.run_with(&["rm", "9999", "--yes"], &[], None, 3, Allowed::default());
    h.ok(&["completions", "bash"]);
    h.ok(&["man"]);
    h.ok(&["list"]);
    h.snapshot();
}

/// The forms a secret could leak in: as given, canonical base32, lowercase, unpadded, hex,
/// base64.
fn secret_forms(bytes: &[u8]) -> Vec<String> {
    let b32 = data_encoding::BASE32_NOPAD.encode(bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    vec![
        b32.clone(),
        b32.to_lowercase(),
        data_encoding::BASE32.encode(bytes),
        hex.clone(),
        hex.to_uppercase(),
        base64::engine::general_purpose::STANDARD.encode(bytes),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
    ]
}

/// Every code the accounts produced between `from` and `to` (one period either side), plus the
/// HOTP codes around each counter seen and the codes at the `--at` time.
fn codes(params: &[OtpParams], from: i64, to: i64) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for p in params {
        let counters: Vec<u64> = match p.kind {
            OtpKind::Hotp => (p.counter.saturating_sub(10)..=p.counter + 5).collect(),
            OtpKind::Totp | OtpKind::Steam => {
                let period = i64::from(p.period);
                let mut c: Vec<u64> = (time_step(from - period, p.period)
                    ..=time_step(to + period, p.period))
                    .collect();
                c.push(time_step(1_700_000_000, p.period));
                c
            }
        };
        for c in counters {
            out.insert(at_counter(p, c).text.to_string());
        }
    }
    out
}

/// Where `needle` occurs in `hay` as a whole token (no letter or digit on either side).
fn whole_token(hay: &str, needle: &str) -> Option<usize> {
    hay.match_indices(needle).map(|(i, _)| i).find(|&i| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn context(hay: &str, at: usize) -> String {
    let start = hay[..at].char_indices().rev().nth(60).map_or(0, |(i, _)| i);
    hay[start..].chars().take(140).collect()
}

/// The forbidden strings, by kind.
struct Forbidden {
    secrets: BTreeSet<String>,
    passwords: Vec<String>,
    tokens: Vec<String>,
    codes: BTreeSet<String>,
}

impl Forbidden {
    fn len(&self) -> usize {
        self.secrets.len() + self.passwords.len() + self.tokens.len() + self.codes.len()
    }

    /// Every forbidden string in `text`, as "kind: …context…", skipping the allowed kinds.
    fn scan(&self, text: &str, allowed: Allowed) -> Vec<String> {
        let mut hits = Vec::new();
        let mut find = |kind: &str, needle: &str, whole: bool| {
            let at = if whole {
                whole_token(text, needle)
            } else {
                text.find(needle)
            };
            if let Some(at) = at {
                hits.push(format!("{kind}: …{}…", context(text, at)));
            }
        };
        for p in &self.passwords {
            find("password or passphrase", p, false);
        }
        for t in &self.tokens {
            if !allowed.tokens || t == WRONG_TOKEN {
                find("API token", t, false);
            }
        }
        if !allowed.secrets {
            for s in &self.secrets {
                find("secret", s, false);
            }
        }
        if !allowed.codes {
            for c in &self.codes {
                find("OTP code", c, true);
            }
        }
        hits
    }
}

#[test]
fn no_secret_token_password_or_code_in_any_output_or_log() {
    let from = unix_now();
    let mut h = Harness::new();
    exercise(&mut h);
    let to = unix_now();

    // The secrets we typed, plus every secret any snapshot saw (imports included).
    let mut secrets: BTreeSet<Vec<u8>> = [
        S_URI,
        S_STDIN,
        S_ARG,
        S_SHA256,
        S_URI_STDIN,
        S_EDITED,
        S_API_STORE,
        S_API_OTP,
        S_REMOVED,
        S_SHORT,
    ]
    .iter()
    .map(|s| Secret::from_base32(s).unwrap().expose().to_vec())
    .collect();
    let mut params = h.params.clone();
    params.push(totp(S_API_OTP));
    secrets.extend(params.iter().map(|p| p.secret.expose().to_vec()));
    let mut secret_strings = BTreeSet::new();
    let mut short_forms = 0;
    for s in &secrets {
        for form in secret_forms(s) {
            // Very short secrets (a few bytes) would match by chance; count and skip them.
            if form.len() >= 12 {
                secret_strings.insert(form);
            } else {
                short_forms += 1;
            }
        }
    }
    secret_strings.insert(S_ARG.to_owned());
    let mut passwords: Vec<String> = [
        PASSWORD,
        NEW_PASSWORD,
        WRONG_PASSWORD,
        EXPORT_PASSPHRASE,
        WRONG_PASSPHRASE,
    ]
    .map(str::to_owned)
    .to_vec();
    passwords.extend(FIXTURE_PASSPHRASES.map(str::to_owned));
    let mut tokens = vec![WRONG_TOKEN.to_owned()];
    for t in &h.tokens {
        tokens.push(t.clone());
        tokens.push(t.trim_start_matches("otty_pat_").to_owned());
    }
    let forbidden = Forbidden {
        secrets: secret_strings,
        passwords,
        tokens,
        codes: codes(&params, from, to),
    };

    let mut leaks = Vec::new();
    let (mut lines, mut trace_lines, mut debug_lines, mut bytes) = (0, 0, 0, 0);
    let mut controls = (0, 0, 0);
    for run in &h.runs {
        for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            lines += text.lines().count();
            bytes += text.len();
            trace_lines += text.lines().filter(|l| l.starts_with("TRACE ")).count();
            debug_lines += text.lines().filter(|l| l.starts_with("DEBUG ")).count();
            let allowed = if stream == "stdout" {
                run.allowed
            } else {
                Allowed::default()
            };
            for hit in forbidden.scan(text, allowed) {
                leaks.push(format!("{} ({stream}): {hit}", run.what));
            }
            // Positive controls: what a command prints on purpose is found when not allowed,
            // so the forbidden lists are right (codes of every kind, secrets, tokens).
            if stream == "stdout" && run.allowed.codes && !run.allowed.secrets {
                let found = forbidden.scan(text, Allowed::default());
                if !text.is_empty() && !run.what.contains("nothing-matches") {
                    assert!(
                        found.iter().any(|f| f.starts_with("OTP code")),
                        "{}: the code it printed is in the forbidden list: {text:?}",
                        run.what
                    );
                    controls.0 += 1;
                }
            }
            if stream == "stdout" && run.allowed.secrets {
                let found = forbidden.scan(text, Allowed::default());
                assert!(
                    found.iter().any(|f| f.starts_with("secret")),
                    "{}",
                    run.what
                );
                controls.1 += 1;
            }
            if stream == "stdout" && run.allowed.tokens {
                let found = forbidden.scan(text, Allowed::default());
                assert!(
                    found.iter().any(|f| f.starts_with("API token")),
                    "{}",
                    run.what
                );
                controls.2 += 1;
            }
        }
    }

    let runs = h.runs.len();
    eprintln!(
        "trace_secrets: {runs} runs (serve counted once, with 12 HTTP requests); forbidden \
         strings: {} ({} secrets in {} forms, {short_forms} short forms skipped; {} passwords \
         and passphrases; {} token strings; {} OTP codes); scanned {lines} lines ({bytes} \
         bytes) of stdout and stderr, {trace_lines} TRACE and {debug_lines} DEBUG lines; \
         positive controls: {} code, {} export and {} token outputs caught; leaks: {}",
        forbidden.len(),
        secrets.len(),
        forbidden.secrets.len(),
        forbidden.passwords.len(),
        forbidden.tokens.len(),
        forbidden.codes.len(),
        controls.0,
        controls.1,
        controls.2,
        leaks.len()
    );
    assert!(leaks.is_empty(), "leaks:\n{}", leaks.join("\n"));

    // Logging was on: every run wrote its TRACE line.
    let logged = h
        .runs
        .iter()
        .filter(|r| r.stderr.lines().any(|l| l.starts_with("TRACE ")))
        .count();
    assert_eq!(logged, runs, "every run logs at trace level");
    assert!(debug_lines >= 50, "debug lines: {debug_lines}");
    assert!(secrets.len() >= 15, "imports added their secrets too");
    assert!(controls.0 >= 9 && controls.1 >= 4 && controls.2 >= 2);
}
