//! Guessing and lock-outs: attempt budgets on `verify` and backup codes, the bad-token throttle
//! that never slows a valid token, and one-time state that holds across two servers (two
//! processes' worth of connections) on one vault file.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use otty::api::ServerConfig;
use otty::core::Vault;
use reqwest::{Client, Method, StatusCode};
use serde_json::json;

use crate::common::{FAST, PW, Server, code_at, now};

fn loopback() -> ServerConfig {
    ServerConfig::on("127.0.0.1:0".parse().unwrap())
}

/// A wrong six-digit code for now (none of the codes of the steps around now).
fn wrong_code() -> String {
    let t = now();
    let near: Vec<String> = (-40..=40).map(|d| code_at(t + d * 30)).collect();
    (0..1_000_000)
        .map(|n| format!("{n:06}"))
        .find(|c| !near.contains(c))
        .unwrap()
}

/// Send `n` requests; count the answers by status.
async fn hammer(s: &Server, path: &str, body: serde_json::Value, n: usize) -> (usize, usize) {
    let (mut evaluated, mut throttled) = (0, 0);
    for _ in 0..n {
        let r = s.post(path, body.clone()).await;
        match r.status {
            StatusCode::OK => {
                assert!(r.body["valid"] == false, "{}", r.body);
                evaluated += 1;
            }
            StatusCode::TOO_MANY_REQUESTS => {
                let retry: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
                assert!(retry >= 1, "Retry-After {retry}");
                throttled += 1;
            }
            other => panic!("unexpected {other}: {}", r.body),
        }
    }
    (evaluated, throttled)
}

#[tokio::test]
async fn rapid_wrong_verify_guesses_are_mostly_not_evaluated() {
    let s = Server::start().await;
    let id = s.account("S", "a").await;
    let path = format!("/api/v1/twofaccounts/{id}/verify");
    let (evaluated, throttled) =
        hammer(&s, &path, json!({"code": wrong_code(), "window": 10}), 200).await;
    assert!(evaluated <= 20, "{evaluated} of 200 guesses were evaluated");
    assert_eq!(evaluated, 5, "the budget is 5 wrong guesses per 30 s");
    assert_eq!(throttled, 195);
    // While locked, even the right code is not evaluated.
    let r = s.post(&path, json!({"code": code_at(now())})).await;
    assert_eq!(r.status, 429, "{}", r.body);
    // Another account's budget is its own.
    let other = s.account("T", "b").await;
    let r = s
        .post(
            &format!("/api/v1/twofaccounts/{other}/verify"),
            json!({"code": code_at(now())}),
        )
        .await;
    assert_eq!(r.body["valid"], true, "{}", r.body);
}

#[tokio::test]
async fn rapid_wrong_backup_codes_are_mostly_not_evaluated() {
    let s = Server::start().await;
    let id = s.account("S", "a").await;
    let codes = format!("/api/v1/twofaccounts/{id}/backup-codes");
    let r = s.put(&codes, json!({"codes": ["right-one"]})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let path = format!("{codes}/use");
    let (evaluated, throttled) = hammer(&s, &path, json!({"code": "wrong-one"}), 200).await;
    assert_eq!((evaluated, throttled), (5, 195));
    let r = s.post(&path, json!({"code": "right-one"})).await;
    assert_eq!(r.status, 429, "the right code waits for the lock too");
    // The verify budget is separate from the backup-code budget.
    let r = s
        .post(
            &format!("/api/v1/twofaccounts/{id}/verify"),
            json!({"code": code_at(now())}),
        )
        .await;
    assert_eq!(r.body["valid"], true, "{}", r.body);
}

/// A client whose connections come from `127.0.0.N`.
fn client_from(n: u8) -> Client {
    Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, n)))
        .build()
        .unwrap()
}

async fn status(s: &Server, client: &Client, token: &str) -> StatusCode {
    client
        .get(s.url("/api/v1/user"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_valid_token_is_served_at_once_after_bad_ones_from_many_addresses() {
    let s = Server::start().await;
    for i in 0..30u8 {
        let c = client_from(2 + i);
        let got = status(&s, &c, "otty_pat_bad").await;
        assert!(got == 401 || got == 429, "{got}");
    }
    for n in [1u8, 2, 31] {
        assert_eq!(
            status(&s, &client_from(n), &s.token).await,
            200,
            "from 127.0.0.{n}"
        );
    }
}

#[tokio::test]
async fn bad_tokens_spread_over_thirty_addresses_are_throttled_together() {
    let s = Server::start().await;
    let mut codes = Vec::new();
    for i in 0..60u8 {
        let c = client_from(2 + i % 30);
        codes.push(status(&s, &c, "otty_pat_bad").await);
    }
    let unauthorised = codes.iter().filter(|c| **c == 401).count();
    let throttled = codes.iter().filter(|c| **c == 429).count();
    assert_eq!(
        unauthorised, 10,
        "the default limit is 10 a minute, all clients together"
    );
    assert_eq!(throttled, 50);
    assert!(codes[10..].iter().all(|c| *c == 429));
    // Method and route do not matter: /api/2fa/generate shares the limit.
    let g = client_from(40)
        .post(s.url("/api/2fa/generate"))
        .json(&json!({"secret": "A", "api_key": "otty_pat_bad"}))
        .send()
        .await
        .unwrap();
    assert_eq!(g.status(), 429);
}

/// Two servers over two connections to one vault file, as the TUI's `S` and `otty serve`.
async fn two_servers(dir: &std::path::Path) -> (Server, Server) {
    let a = Server::on_file(dir).await;
    let second = Vault::open(&dir.join("v.otty")).unwrap();
    second.unlock(PW).unwrap();
    let b = Server::on(Arc::new(second), loopback()).await;
    (a, b)
}

#[tokio::test]
async fn a_backup_code_is_accepted_once_across_two_servers() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_servers(dir.path()).await;
    let id = a.account("S", "a").await;
    let codes = format!("/api/v1/twofaccounts/{id}/backup-codes");
    a.put(&codes, json!({"codes": ["one-two", "three"]})).await;
    // b caches the account before a uses a code.
    b.vault.refresh().unwrap();
    assert_eq!(
        b.get(&codes).await.body[0]["used_at"],
        serde_json::Value::Null
    );

    let r = a
        .post(&format!("{codes}/use"), json!({"code": "one-two"}))
        .await;
    assert_eq!(r.body, json!({"valid": true, "remaining": 1}));
    let r = b
        .post(&format!("{codes}/use"), json!({"code": "ONE TWO"}))
        .await;
    assert_eq!(
        r.body,
        json!({"valid": false, "remaining": 1}),
        "used on the other server"
    );

    // b edits the account from its copy: the used mark stays.
    let mut stale = b.vault.account(id).unwrap().data;
    stale.service = "Renamed".into();
    b.vault.update(id, stale).unwrap();
    let r = a
        .post(&format!("{codes}/use"), json!({"code": "one-two"}))
        .await;
    assert_eq!(r.body["valid"], false, "a stale write revived a used code");
}

#[tokio::test]
async fn a_totp_code_is_verified_once_across_two_servers() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_servers(dir.path()).await;
    let id = a.account("S", "a").await;
    b.vault.refresh().unwrap();
    let path = format!("/api/v1/twofaccounts/{id}/verify");
    let code = code_at(now());
    let first = a.post(&path, json!({"code": code})).await;
    assert_eq!(first.body["valid"], true, "{}", first.body);
    let again = b.post(&path, json!({"code": code})).await;
    assert_eq!(again.body["valid"], false, "replayed on the other server");
}

#[tokio::test]
async fn an_attempt_budget_holds_across_servers_and_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let id;
    {
        let (a, b) = two_servers(dir.path()).await;
        id = a.account("S", "a").await;
        b.vault.refresh().unwrap();
        let path = format!("/api/v1/twofaccounts/{id}/verify");
        let wrong = json!({"code": wrong_code()});
        let (ea, _) = hammer(&a, &path, wrong.clone(), 3).await;
        let (eb, tb) = hammer(&b, &path, wrong, 3).await;
        assert_eq!((ea, eb, tb), (3, 2, 1), "one budget for both servers");
        a.handle.shutdown().await.unwrap();
        b.handle.shutdown().await.unwrap();
    }
    let vault = Vault::open(&dir.path().join("v.otty")).unwrap();
    vault.unlock(PW).unwrap();
    let s = Server::on(Arc::new(vault), loopback()).await;
    let r = s
        .post(
            &format!("/api/v1/twofaccounts/{id}/verify"),
            json!({"code": code_at(now())}),
        )
        .await;
    assert_eq!(r.status, 429, "a restart does not reset the budget");
}

#[tokio::test]
async fn a_limit_of_zero_turns_the_bad_token_throttle_off() {
    let vault = Arc::new(Vault::create_in_memory(PW, FAST).unwrap());
    let s = Server::on(
        vault,
        ServerConfig {
            auth_failures_per_minute: 0,
            ..loopback()
        },
    )
    .await;
    for _ in 0..30 {
        let r = s.raw(Method::GET, "/api/v1/user", None, Some("bad")).await;
        assert_eq!(r.status, 401);
    }
}
