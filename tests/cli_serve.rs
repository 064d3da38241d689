//! `otty token …` and `otty serve` through the real binary: a token created on the command
//! line works against a served API, revocation from another process takes effect, and SIGTERM
//! stops the server cleanly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "cli/support.rs"]
mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use support::{ACME_URI, Fixture};

#[test]
fn token_create_list_revoke() {
    let f = Fixture::new();
    let out = f.ok(&["token", "create", "laptop", "--expires", "30"]);
    let token = out.lines().next().unwrap();
    assert!(
        token.starts_with("otty_pat_") && token.len() == 9 + 43,
        "{out:?}"
    );
    let list = f.json(&["token", "list", "--json"]);
    assert_eq!(list[0]["name"], "laptop");
    assert!(list[0].get("token").is_none(), "never listed");
    assert!(list[0]["expires_at"].is_i64());
    let table = f.ok(&["token", "list"]);
    assert!(table.contains("laptop") && table.contains("active"));
    assert!(!table.contains(token));
    let made = f.json(&["token", "create", "ci", "--json"]);
    assert!(made["token"].as_str().unwrap().starts_with("otty_pat_"));
    f.ok(&["token", "revoke", "1"]);
    assert!(f.json(&["token", "list", "--json"])[0]["revoked_at"].is_i64());
    f.fails(&["token", "revoke", "99"], 3);
    f.fails(&["token", "create", "x", "--expires", "0"], 2);
    // The token never reaches the vault file.
    let bytes = f.bytes();
    assert!(!bytes.windows(token.len()).any(|w| w == token.as_bytes()));
}

/// Start `otty serve` on port 0 and read the URL it prints.
fn serve(f: &Fixture) -> (Child, String) {
    let mut child = f
        .cmd()
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("serve printed its URL").unwrap();
        if let Some(rest) = line.split("serving the API at ").nth(1) {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, url)
}

#[tokio::test]
async fn serve_answers_with_a_cli_token_and_stops_on_sigterm() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let token = f
        .ok(&["token", "create", "test"])
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let (mut child, url) = serve(&f);
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/api/v1"),
        "{url}"
    );
    let client = reqwest::Client::new();
    let get = |path: &str| {
        client
            .get(format!("{url}{path}"))
            .bearer_auth(&token)
            .send()
    };
    let r = get("/twofaccounts/1/otp").await.unwrap();
    assert_eq!(r.status(), 200);
    // Revoked by another process: refused within about a second.
    f.ok(&["token", "revoke", "1"]);
    let start = Instant::now();
    while get("/user").await.unwrap().status() != 401 {
        assert!(start.elapsed() < Duration::from_millis(1500));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    // The OTP log written at shutdown names the token.
    let vault = otty::core::Vault::open(&f.vault).unwrap();
    vault.unlock(support::PW.as_bytes()).unwrap();
    assert_eq!(
        vault.otp_logs(1, 0, 10).unwrap()[0].token_name.as_deref(),
        Some("test")
    );
}

#[test]
fn serve_refuses_a_remote_address_without_allow_remote() {
    let f = Fixture::new();
    let err = f.fails(&["serve", "--bind", "0.0.0.0:0"], 2);
    assert!(err.contains("--allow-remote"), "{err}");
}

#[test]
fn serve_refuses_null_and_malformed_cors_origins() {
    let f = Fixture::new();
    let err = f.fails(
        &["serve", "--bind", "127.0.0.1:0", "--cors-origin", "null"],
        2,
    );
    assert!(err.contains("invalid CORS origin \"null\""), "{err}");
    let err = f.fails(
        &[
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--cors-origin",
            "https://app.example/path",
        ],
        2,
    );
    assert!(err.contains("no path"), "{err}");
}
