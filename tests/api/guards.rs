//! Guards: tokens on every route, the throttle, revocation by another process, the Host check,
//! CORS, body limits, loopback-only binding, and the TUI's event channel.

use std::sync::Arc;
use std::time::{Duration, Instant};

use otty::api::router::Access;
use otty::api::{ServerConfig, routes, serve};
use otty::core::{FixedClock, Vault, VaultEvent};
use reqwest::Method;
use serde_json::json;

use crate::common::{FAST, PW, Server};

fn loopback() -> ServerConfig {
    ServerConfig::on("127.0.0.1:0".parse().unwrap())
}

fn concrete(path: &str) -> String {
    path.replace("{id}", "1")
        .replace("{filename}", "x.png")
        .replace("{name}", "showOtpAsDot")
}

#[tokio::test]
async fn every_route_needs_a_token() {
    let vault = Arc::new(Vault::create_in_memory(PW, FAST).unwrap());
    let config = ServerConfig {
        auth_failures_per_minute: 0,
        ..loopback()
    };
    let s = Server::on(vault, config).await;
    let mut checked = 0;
    for r in routes()
        .into_iter()
        .filter(|r| matches!(r.access, Access::Token(_)))
    {
        let method = Method::from_bytes(r.method.as_bytes()).unwrap();
        let path = concrete(r.path);
        for token in [None, Some("otty_pat_wrong"), Some("")] {
            let reply = s.raw(method.clone(), &path, Some(json!({})), token).await;
            assert_eq!(reply.status, 401, "{} {path} with {token:?}", r.method);
            assert_eq!(reply.body, json!({"message": "Unauthenticated."}));
        }
        checked += 1;
    }
    assert!(checked > 45, "only {checked} routes");
}

#[tokio::test]
async fn failed_attempts_are_throttled() {
    let vault = Arc::new(Vault::create_in_memory(PW, FAST).unwrap());
    let config = ServerConfig {
        auth_failures_per_minute: 3,
        ..loopback()
    };
    let s = Server::on(vault, config).await;
    for _ in 0..3 {
        let r = s.raw(Method::GET, "/api/v1/user", None, Some("bad")).await;
        assert_eq!(r.status, 401);
    }
    let r = s.raw(Method::GET, "/api/v1/user", None, Some("bad")).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.body, json!({"message": "Too Many Attempts."}));
    let retry: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert_eq!(
        s.get("/api/v1/user").await.status,
        200,
        "a valid token is never throttled by others' failures"
    );
    let g = s
        .raw(
            Method::POST,
            "/api/2fa/generate",
            Some(json!({"secret": "A"})),
            None,
        )
        .await;
    assert_eq!(g.status, 429);
    assert!(g.body["data"]["retry_after"].is_u64());
}

#[tokio::test]
async fn a_token_revoked_elsewhere_stops_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::on_file(dir.path()).await;
    assert_eq!(s.get("/api/v1/user").await.status, 200);
    // Another process: its own connection to the same file.
    let other = Vault::open(&dir.path().join("v.otty")).unwrap();
    other.unlock(PW).unwrap();
    let id = other.tokens().unwrap()[0].id;
    other.revoke_token(id).unwrap();
    let start = Instant::now();
    loop {
        if s.get("/api/v1/user").await.status == 401 {
            break;
        }
        // The timer re-reads tokens every second; the margin is for a loaded test machine.
        assert!(start.elapsed() < Duration::from_secs(5), "still accepted");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // And last_used_at is written by the timer: in the same tick as the re-read of the
    // tokens or the next one (the flush comes after the re-read).
    while other.tokens().unwrap()[0].last_used_at.is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "last use never written"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn tokens_created_or_revoked_in_this_process_apply_at_once() {
    let s = Server::start().await;
    // Created through the shared vault (as the TUI's tokens screen does): usable at once, well
    // before the once-a-second re-read.
    let new = s.vault.create_token("tui", None).unwrap();
    let token = new.token.to_string();
    let start = Instant::now();
    let get = || s.raw(Method::GET, "/api/v1/user", None, Some(&token));
    while get().await.status != 200 {
        assert!(
            start.elapsed() < Duration::from_millis(300),
            "new token not accepted"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    s.vault.revoke_token(new.info.id).unwrap();
    let start = Instant::now();
    while get().await.status != 401 {
        assert!(
            start.elapsed() < Duration::from_millis(300),
            "revoked token still accepted"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn expired_tokens_are_refused() {
    let clock = Arc::new(FixedClock::new(1_700_000_000));
    let vault = Arc::new(
        Vault::create_in_memory(PW, FAST)
            .unwrap()
            .with_clock(clock.clone()),
    );
    let short = vault
        .create_token("short", Some(1))
        .unwrap()
        .token
        .to_string();
    let s = Server::on(vault, loopback()).await;
    let get = || s.raw(Method::GET, "/api/v1/user", None, Some(&short));
    assert_eq!(get().await.status, 200);
    clock.advance(86_399);
    assert_eq!(get().await.status, 200);
    clock.advance(1);
    assert_eq!(get().await.status, 401, "expired after one day");
}

#[tokio::test]
async fn host_header_must_be_loopback_or_configured() {
    let vault = Arc::new(Vault::create_in_memory(PW, FAST).unwrap());
    let config = ServerConfig {
        allowed_hosts: vec!["otty.lan".into()],
        ..loopback()
    };
    let s = Server::on(vault, config).await;
    let with_host = |h: &'static str| {
        s.client
            .get(s.url("/api/v1/user"))
            .bearer_auth(&s.token)
            .header("Host", h)
            .send()
    };
    assert_eq!(with_host("evil.example").await.unwrap().status(), 403);
    assert_eq!(with_host("localhost:6889").await.unwrap().status(), 200);
    assert_eq!(with_host("otty.lan").await.unwrap().status(), 200);
}

#[tokio::test]
async fn cors_is_off_unless_configured() {
    let s = Server::start().await;
    let r = s
        .client
        .get(s.url("/api/v1/user"))
        .bearer_auth(&s.token)
        .header("Origin", "http://app.example")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());

    let vault = Arc::new(Vault::create_in_memory(PW, FAST).unwrap());
    let config = ServerConfig {
        cors_origins: vec!["http://app.example".into()],
        ..loopback()
    };
    let s = Server::on(vault, config).await;
    let r = s
        .client
        .get(s.url("/api/v1/user"))
        .bearer_auth(&s.token)
        .header("Origin", "http://app.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://app.example"
    );
}

#[tokio::test]
async fn bodies_over_one_mebibyte_are_refused() {
    let s = Server::start().await;
    let big = json!({"account": "a".repeat(1024 * 1024 + 10), "otp_type": "totp"});
    assert_eq!(s.post("/api/v1/twofaccounts", big).await.status, 413);
}

#[tokio::test]
async fn remote_bind_needs_allow_remote() {
    let vault = Arc::new(Vault::create_in_memory(PW, FAST).unwrap());
    let err = serve(
        vault.clone(),
        ServerConfig::on("0.0.0.0:0".parse().unwrap()),
    )
    .await;
    assert!(err.is_err());
    let config = ServerConfig {
        allow_remote: true,
        ..ServerConfig::on("0.0.0.0:0".parse().unwrap())
    };
    let h = serve(vault, config).await.unwrap();
    h.shutdown().await.unwrap();
}

#[tokio::test]
async fn an_account_added_through_the_api_reaches_subscribers() {
    let s = Server::start().await;
    let rx = s.vault.subscribe();
    let id = s.account("Live", "update").await;
    let start = Instant::now();
    let got = tokio::task::spawn_blocking(move || {
        loop {
            match rx.recv_timeout(Duration::from_secs(1)) {
                Ok(VaultEvent::AccountAdded(n)) if n == id => return true,
                Ok(_) => continue,
                Err(_) => return false,
            }
        }
    })
    .await
    .unwrap();
    assert!(got && start.elapsed() < Duration::from_secs(1));
}

#[test]
fn a_background_server_starts_and_stops_without_a_runtime() {
    let vault = Arc::new(Vault::create_in_memory(PW, FAST).unwrap());
    let token = vault.create_token("tui", None).unwrap().token.to_string();
    let server = otty::api::BackgroundServer::start(vault.clone(), loopback()).unwrap();
    let url = format!("{}/api/v1/twofaccounts/count", server.url());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = rt.block_on(async {
        reqwest::Client::new()
            .get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status, 200);
    let addr = server.addr();
    server.stop().unwrap();
    assert!(std::net::TcpStream::connect(addr).is_err(), "stopped");
}

#[tokio::test]
async fn a_locked_vault_answers_503() {
    let s = Server::start().await;
    s.vault.lock();
    let r = s.get("/api/v1/twofaccounts").await;
    assert_eq!(r.status, 503);
    assert_eq!(r.body, json!({"message": "The vault is locked."}));
}
