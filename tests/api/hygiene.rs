//! Connection hygiene: half-sent, idle and dribbling connections are closed; a flood of idle
//! connections cannot lock out a real client; CORS with `*` and explicit preflight headers;
//! origins that are not origins are refused; icon names must name stored icons.

use std::sync::Arc;
use std::time::Duration;

use otty::api::serve::ServeError;
use otty::api::{ServerConfig, serve};
use otty::core::Vault;
use reqwest::Method;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::{FAST, PW, SECRET, Server, upload_icon};

/// Far more than any timeout configured here: a test only fails on it if the server never
/// closes the connection.
const DEADLINE: Duration = Duration::from_secs(20);
const SHORT: Duration = Duration::from_secs(1);
const LONG: Duration = Duration::from_secs(120);

fn config() -> ServerConfig {
    ServerConfig::on("127.0.0.1:0".parse().unwrap())
}

async fn server(config: ServerConfig) -> Server {
    Server::on(Arc::new(Vault::create_in_memory(PW, FAST).unwrap()), config).await
}

/// Read until the server closes the connection (EOF or reset); everything read. Panics when it
/// stays open past [`DEADLINE`].
async fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    tokio::time::timeout(DEADLINE, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .expect("the server closed the connection");
    got
}

#[tokio::test]
async fn a_half_sent_request_is_closed_after_the_header_timeout() {
    // Only the header timeout is short: the idle and request ones cannot be what closes it.
    let s = server(ServerConfig {
        header_timeout: SHORT,
        idle_timeout: LONG,
        request_timeout: LONG,
        ..config()
    })
    .await;
    let mut c = TcpStream::connect(s.handle.addr).await.unwrap();
    c.write_all(b"GET /api/v1/user HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .unwrap();
    read_to_close(&mut c).await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    // Only the idle timeout is short.
    let s = server(ServerConfig {
        header_timeout: LONG,
        idle_timeout: SHORT,
        request_timeout: LONG,
        ..config()
    })
    .await;
    let mut c = TcpStream::connect(s.handle.addr).await.unwrap();
    c.write_all(b"GET /api/v1/user/name HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let got = read_to_close(&mut c).await;
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
}

#[tokio::test]
async fn a_body_dribbled_slowly_is_dropped() {
    // Only the request deadline is short; every byte keeps the connection from looking idle.
    let s = server(ServerConfig {
        header_timeout: LONG,
        idle_timeout: LONG,
        request_timeout: SHORT,
        ..config()
    })
    .await;
    let c = TcpStream::connect(s.handle.addr).await.unwrap();
    let (mut read, mut write) = c.into_split();
    let head = format!(
        "POST /api/v1/twofaccounts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{",
        s.token
    );
    write.write_all(head.as_bytes()).await.unwrap();
    let dribble = tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_millis(100));
        loop {
            every.tick().await;
            if write.write_all(b" ").await.is_err() {
                break;
            }
        }
    });
    let mut got = Vec::new();
    tokio::time::timeout(DEADLINE, read.read_to_end(&mut got))
        .await
        .expect("the server dropped the dribbling request")
        .ok();
    dribble.abort();
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
}

#[tokio::test]
async fn three_hundred_idle_connections_do_not_lock_out_a_client() {
    let s = server(ServerConfig {
        header_timeout: LONG,
        idle_timeout: LONG,
        request_timeout: LONG,
        max_connections: 20,
        ..config()
    })
    .await;
    let mut idle = Vec::new();
    for _ in 0..300 {
        idle.push(TcpStream::connect(s.handle.addr).await.unwrap());
    }
    // Half of them start a request and never finish its headers.
    for c in idle.iter_mut().step_by(2) {
        c.write_all(b"GET /api/v1/user HTTP/1.1\r\n").await.unwrap();
    }
    let r = tokio::time::timeout(DEADLINE, s.get("/api/v1/user"))
        .await
        .expect("a real request is answered");
    assert_eq!(r.status, 200, "{}", r.body);
    // The server kept at most 20: the others were closed to make room.
    let mut closed = tokio::task::JoinSet::new();
    for mut c in idle {
        closed.spawn(async move {
            let mut buf = [0u8; 64];
            matches!(c.read(&mut buf).await, Ok(0) | Err(_))
        });
    }
    let mut count = 0;
    tokio::time::timeout(DEADLINE, async {
        while count < 280 {
            if closed.join_next().await.unwrap().unwrap() {
                count += 1;
            }
        }
    })
    .await
    .expect("at least 280 of the 300 idle connections were closed");
}

#[tokio::test]
async fn any_origin_with_a_star_and_preflights_name_authorization() {
    let s = server(ServerConfig {
        cors_origins: vec!["*".into()],
        ..config()
    })
    .await;
    let preflight = s
        .client
        .request(Method::OPTIONS, s.url("/api/v1/twofaccounts"))
        .header("Origin", "https://app.example")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    let h = preflight.headers();
    assert_eq!(h["access-control-allow-origin"], "*");
    assert!(h.get("access-control-allow-credentials").is_none());
    let allowed = h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(!allowed.contains('*'), "{allowed}");
    for name in [
        "authorization",
        "content-type",
        "accept",
        "x-requested-with",
        "x-api-key",
    ] {
        assert!(allowed.contains(name), "{name} in {allowed}");
    }
    let r = s
        .client
        .get(s.url("/api/v1/user"))
        .bearer_auth(&s.token)
        .header("Origin", "https://app.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn a_listed_origin_preflight_names_authorization_too() {
    let s = server(ServerConfig {
        cors_origins: vec!["http://app.example:8080".into()],
        ..config()
    })
    .await;
    let preflight = s
        .client
        .request(Method::OPTIONS, s.url("/api/v1/user"))
        .header("Origin", "http://app.example:8080")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization")
        .send()
        .await
        .unwrap();
    let h = preflight.headers();
    assert_eq!(h["access-control-allow-origin"], "http://app.example:8080");
    let allowed = h["access-control-allow-headers"].to_str().unwrap();
    assert!(
        allowed.to_ascii_lowercase().contains("authorization"),
        "{allowed}"
    );
}

#[tokio::test]
async fn an_origin_given_with_its_default_port_matches_what_browsers_send() {
    let s = server(ServerConfig {
        cors_origins: vec!["http://app.example:80".into()],
        ..config()
    })
    .await;
    let r = s
        .client
        .get(s.url("/api/v1/user"))
        .bearer_auth(&s.token)
        .header("Origin", "http://app.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://app.example"
    );
}

#[tokio::test]
async fn null_and_malformed_origins_are_refused_at_start() {
    for bad in [
        "null",
        "app.example",
        "http://app.example/",
        "http://app.example/path?q#f",
        "ftp://app.example",
        "http://app example",
        "http://app.example:99999",
    ] {
        let vault = Arc::new(Vault::create_in_memory(PW, FAST).unwrap());
        let started = serve(
            vault,
            ServerConfig {
                cors_origins: vec!["http://ok.example".into(), bad.into()],
                ..config()
            },
        )
        .await;
        match started {
            Err(ServeError::Cors(e)) => {
                assert_eq!(e.origin, bad);
                assert!(e.to_string().contains("invalid CORS origin"), "{e}");
            }
            Err(e) => panic!("{bad:?}: {e}"),
            Ok(_) => panic!("{bad:?} was accepted"),
        }
    }
}

#[tokio::test]
async fn an_account_icon_must_name_a_stored_icon() {
    let s = Server::start().await;
    let account = |icon: serde_json::Value| {
        json!({"service": "S", "account": "a", "icon": icon, "otp_type": "totp", "secret": SECRET,
               "digits": 6, "algorithm": "sha1"})
    };
    for bad in ["../../../../etc/passwd", "missing.png"] {
        let r = s.post("/api/v1/twofaccounts", account(json!(bad))).await;
        r.assert_invalid("icon");
        assert_eq!(r.body["errors"]["icon"][0], "The selected icon is invalid.");
    }
    assert_eq!(s.vault.account_count().unwrap(), 0, "nothing stored");

    let name = upload_icon(&s).await;
    let r = s.post("/api/v1/twofaccounts", account(json!(name))).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["icon"], name.as_str());
    let id = r.body["id"].as_i64().unwrap();
    let path = format!("/api/v1/twofaccounts/{id}");
    s.put(&path, account(json!("../../../../etc/passwd")))
        .await
        .assert_invalid("icon");
    s.patch(&path, account(json!("nope.png")))
        .await
        .assert_invalid("icon");
    assert_eq!(s.get(&path).await.body["icon"], name.as_str());
    // Empty or null clears it.
    assert_eq!(
        s.put(&path, account(json!(""))).await.body["icon"],
        json!(null)
    );
    assert_eq!(
        s.patch(&path, account(json!(name))).await.body["icon"],
        name.as_str()
    );
    assert_eq!(
        s.put(&path, account(json!(null))).await.body["icon"],
        json!(null)
    );
}

#[tokio::test]
async fn deleting_an_icon_clears_it_from_its_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::on_file(dir.path()).await;
    let name = upload_icon(&s).await;
    let other = upload_icon(&s).await;
    let totp = s
        .post(
            "/api/v1/twofaccounts",
            json!({"service": "T", "account": "t", "icon": name, "otp_type": "totp", "secret": SECRET}),
        )
        .await;
    assert_eq!(totp.status, 201, "{}", totp.body);
    let hotp = s
        .post(
            "/api/v1/twofaccounts",
            json!({"service": "H", "account": "h", "icon": name, "otp_type": "hotp", "secret": SECRET, "counter": 5}),
        )
        .await;
    let keeps = s
        .post(
            "/api/v1/twofaccounts",
            json!({"service": "K", "account": "k", "icon": other, "otp_type": "totp", "secret": SECRET}),
        )
        .await;
    let (totp, hotp, keeps) = (
        totp.body["id"].as_i64().unwrap(),
        hotp.body["id"].as_i64().unwrap(),
        keeps.body["id"].as_i64().unwrap(),
    );
    // Another handle on the file (another process) advances the HOTP counter to 7; the
    // server's copy may still say 5.
    let elsewhere = Vault::open(&dir.path().join("v.otty")).unwrap();
    elsewhere.unlock(PW).unwrap();
    elsewhere.otp(hotp, 0).unwrap();
    elsewhere.otp(hotp, 0).unwrap();

    assert_eq!(s.delete(&format!("/api/v1/icons/{name}")).await.status, 204);
    let path = |id: i64| format!("/api/v1/twofaccounts/{id}");
    assert_eq!(s.get(&path(totp)).await.body["icon"], json!(null));
    let h = s.get(&path(hotp)).await.body;
    assert_eq!(h["icon"], json!(null));
    assert_eq!(h["counter"], 7, "the counter stays as stored");
    assert_eq!(s.get(&path(keeps)).await.body["icon"], other.as_str());
    // The vault agrees, not only the server's view.
    assert_eq!(s.vault.account(totp).unwrap().data.icon, None);
    assert_eq!(s.vault.account(hotp).unwrap().data.otp.counter, 7);
}
