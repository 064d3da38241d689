//! What 2FAuth's own clients need beyond `/api/v1`: icons at `/storage/icons/{name}` for their
//! `<img>` elements (no token, unguessable names, 404 otherwise), the placeholder the browser
//! extension shows for accounts without an icon, and CORS for browser extensions' origins by
//! default while web pages stay refused.

use std::sync::Arc;

use otty::api::ServerConfig;
use otty::core::Vault;
use reqwest::Method;

use crate::common::{FAST, PNG, PW, Server, upload_icon};

const CHROME: &str = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";
const FIREFOX: &str = "moz-extension://3f1c2b6e-1a2b-4c3d-9e8f-0a1b2c3d4e5f";
const SAFARI: &str = "safari-web-extension://3F1C2B6E-1A2B-4C3D-9E8F-0A1B2C3D4E5F";

#[tokio::test]
async fn icons_are_served_under_storage_without_a_token() {
    let s = Server::start().await;
    let name = upload_icon(&s).await;
    assert_eq!(name.len(), 40 + ".png".len(), "{name}");

    let r = s
        .client
        .get(s.url(&format!("/storage/icons/{name}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers();
    assert_eq!(h["content-type"], "image/png");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["content-security-policy"], "default-src 'none'");
    assert_eq!(r.bytes().await.unwrap().as_ref(), PNG);

    // 2FAuth's Android app sends its token along; a stale one changes nothing.
    let r = s
        .client
        .get(s.url(&format!("/storage/icons/{name}")))
        .bearer_auth("otty_pat_stale")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    assert_eq!(s.delete(&format!("/api/v1/icons/{name}")).await.status, 204);
    let gone = s
        .raw(Method::GET, &format!("/storage/icons/{name}"), None, None)
        .await;
    assert_eq!(gone.status, 404);
}

#[tokio::test]
async fn unknown_short_and_odd_icon_names_are_404() {
    let s = Server::start().await;
    let stored = upload_icon(&s).await;
    let (stem, _) = stored.split_once('.').unwrap();
    let unknown = format!("{}.png", "A".repeat(40));
    for name in [
        unknown.as_str(),
        &format!("{stem}.jpg"),
        &format!("{}.png", &stem[..19]),
        "x.png",
        "packs",
        stem,
        &format!("..%2F{stored}"),
    ] {
        let r = s
            .raw(Method::GET, &format!("/storage/icons/{name}"), None, None)
            .await;
        assert_eq!(r.status, 404, "{name}");
    }
    // The Host check holds here too: a rebound DNS name gets nothing.
    let r = s
        .client
        .get(s.url(&format!("/storage/icons/{stored}")))
        .header("Host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn the_placeholder_for_accounts_without_an_icon_is_served() {
    let s = Server::start().await;
    let r = s
        .client
        .get(s.url("/storage/noicon.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    assert_eq!(r.headers()["content-security-policy"], "default-src 'none'");
    let svg = r.text().await.unwrap();
    assert!(svg.starts_with("<svg") && !svg.contains("script"), "{svg}");
}

/// A preflight for `GET path` with `Authorization` from `origin`, and the same request for real
/// with the token: the `Access-Control-Allow-Origin` each answer carries.
async fn cors(s: &Server, origin: &str, path: &str) -> (Option<String>, Option<String>, u16) {
    let preflight = s
        .client
        .request(Method::OPTIONS, s.url(path))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "GET")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type, x-requested-with",
        )
        .send()
        .await
        .unwrap();
    let allowed = |r: &reqwest::Response| {
        r.headers()
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let pre = allowed(&preflight);
    if pre.is_some() {
        let headers = preflight.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase();
        assert!(headers.contains("authorization"), "{headers}");
        assert!(
            preflight
                .headers()
                .get("access-control-allow-credentials")
                .is_none()
        );
    }
    let real = s
        .client
        .get(s.url(path))
        .bearer_auth(&s.token)
        .header("Origin", origin)
        .send()
        .await
        .unwrap();
    (pre, allowed(&real), real.status().as_u16())
}

#[tokio::test]
async fn browser_extensions_pass_cors_by_default_and_web_pages_do_not() {
    let s = Server::start().await;
    for origin in [CHROME, FIREFOX, SAFARI] {
        let (pre, real, status) = cors(&s, origin, "/api/v1/twofaccounts").await;
        assert_eq!(pre.as_deref(), Some(origin));
        assert_eq!(real.as_deref(), Some(origin));
        assert_eq!(status, 200);
    }
    for page in [
        "https://app.example",
        "http://127.0.0.1:8080",
        "null",
        "chrome-extension://abc.evil.example",
        "moz-extension://x/y",
    ] {
        let (pre, real, _) = cors(&s, page, "/api/v1/twofaccounts").await;
        assert_eq!((pre, real), (None, None), "{page}");
    }
}

#[tokio::test]
async fn listed_web_origins_add_to_extensions_and_extensions_can_be_refused() {
    let vault = Arc::new(Vault::create_in_memory(PW, FAST).unwrap());
    let listed = ServerConfig {
        cors_origins: vec!["https://app.example".into()],
        ..ServerConfig::on("127.0.0.1:0".parse().unwrap())
    };
    let s = Server::on(vault.clone(), listed).await;
    for origin in ["https://app.example", FIREFOX] {
        let (pre, real, _) = cors(&s, origin, "/api/v1/user").await;
        assert_eq!(
            (pre.as_deref(), real.as_deref()),
            (Some(origin), Some(origin))
        );
    }
    let (pre, real, _) = cors(&s, "https://other.example", "/api/v1/user").await;
    assert_eq!((pre, real), (None, None));

    let closed = ServerConfig {
        extension_origins: false,
        ..ServerConfig::on("127.0.0.1:0".parse().unwrap())
    };
    let s = Server::on(vault, closed).await;
    let (pre, real, status) = cors(&s, CHROME, "/api/v1/user").await;
    assert_eq!((pre, real, status), (None, None, 200));
}
