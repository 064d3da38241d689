//! Fuzz target `api_json`: arbitrary request bodies to every route of the REST API.
//!
//! The whole axum application (`otty::api::router`: Host guard, token check, body limits,
//! `Input` merging, validation, handlers) runs in process over an in-memory vault, called with
//! `tower::ServiceExt::oneshot`; no socket. Input layout: byte 0 picks the route (from
//! `otty::api::routes()`), byte 1 the path parameter, byte 2 the content type and whether the
//! first body line is sent as the query string; the rest is the body. The vault starts with one
//! account and one group and is rebuilt every 2,000 executions so it stays small.
//!
//! A handler panic is caught by the router as a 500, and libFuzzer's panic hook aborts first, so
//! both count as crashes. Any 5xx fails, and every error response must be a JSON body.
#![no_main]

use std::cell::RefCell;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, header};
use libfuzzer_sys::fuzz_target;
use otty::api::router::{Access, Route};
use otty::api::{AppState, ServerConfig, router, routes};
use otty::core::{KdfParams, Vault};
use tower::ServiceExt;

const FAST: KdfParams = KdfParams {
    memory_kib: KdfParams::MIN_MEMORY_KIB,
    iterations: 1,
    parallelism: 1,
};
const RESET_EVERY: u32 = 2_000;
/// Path parameters: ids that exist, do not exist or are not ids; setting and icon names.
const IDS: [&str; 8] = [
    "1",
    "2",
    "0",
    "-1",
    "999999999999999999999",
    "abc",
    "1.5",
    "%00",
];
const NAMES: [&str; 4] = ["showOtpAsDot", "useEncryption", "nope", "x.png"];
const TYPES: [Option<&str>; 4] = [
    Some("application/json"),
    Some("application/x-www-form-urlencoded"),
    None,
    Some("multipart/form-data; boundary=X"),
];

struct Harness {
    rt: tokio::runtime::Runtime,
    app: Router,
    auth: String,
    routes: Vec<Route>,
    runs: u32,
}

impl Harness {
    fn new() -> Self {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let vault = Arc::new(Vault::create_in_memory(b"pw", FAST).expect("vault"));
        let token = vault
            .create_token("fuzz", None)
            .expect("token")
            .token
            .to_string();
        let state = AppState::new(vault, ServerConfig::default()).expect("state");
        let routes = routes()
            .into_iter()
            .filter(|r| r.access != Access::Hidden)
            .collect();
        let h = Harness {
            rt,
            app: router(state),
            auth: format!("Bearer {token}"),
            routes,
            runs: 0,
        };
        let account =
            br#"{"service":"s","account":"a","otp_type":"hotp","secret":"A4GRFHVVRBGY7UIW"}"#;
        let group = br#"{"name":"g"}"#;
        for (path, body) in [
            ("/api/v1/twofaccounts", &account[..]),
            ("/api/v1/groups", group),
        ] {
            let (status, _) = h.send("POST", path, Some("application/json"), body.to_vec());
            assert_eq!(status, 201, "setup request to {path} failed");
        }
        h
    }

    fn send(&self, method: &str, uri: &str, ctype: Option<&str>, body: Vec<u8>) -> (u16, Vec<u8>) {
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, "127.0.0.1:6889")
            .header(header::AUTHORIZATION, &self.auth)
            .header(header::ACCEPT, "application/json");
        if let Some(t) = ctype {
            req = req.header(header::CONTENT_TYPE, t);
        }
        let req = req.body(Body::from(body)).expect("request");
        self.rt.block_on(async {
            let res = self.app.clone().oneshot(req).await.expect("infallible");
            let status = res.status().as_u16();
            let bytes = to_bytes(res.into_body(), usize::MAX).await.expect("body");
            (status, bytes.to_vec())
        })
    }
}

thread_local! {
    static HARNESS: RefCell<Option<Harness>> = const { RefCell::new(None) };
}

fuzz_target!(|data: &[u8]| {
    let [r, p, mode, body @ ..] = data else {
        return;
    };
    HARNESS.with_borrow_mut(|slot| {
        if slot.as_ref().is_none_or(|h| h.runs >= RESET_EVERY) {
            *slot = Some(Harness::new());
        }
        let Some(h) = slot.as_mut() else { return };
        h.runs += 1;
        let route = h.routes[usize::from(*r) % h.routes.len()];
        let path = route
            .path
            .replace("{id}", IDS[usize::from(*p) % IDS.len()])
            .replace("{name}", NAMES[usize::from(*p) % NAMES.len()])
            .replace("{filename}", NAMES[usize::from(*p) % NAMES.len()]);
        let ctype = TYPES[usize::from(*mode) % TYPES.len()];
        let (uri, body) = if mode & 4 != 0 {
            let split = body.iter().position(|&b| b == b'\n').unwrap_or(body.len());
            let query = String::from_utf8_lossy(&body[..split]);
            (
                format!("{path}?{query}"),
                body.get(split + 1..).unwrap_or(&[]),
            )
        } else {
            (path, body)
        };
        // A query the URI grammar refuses never reaches the server: skip it.
        if uri.parse::<axum::http::Uri>().is_err() {
            return;
        }
        let (status, bytes) = h.send(route.method, &uri, ctype, body.to_vec());
        assert!(
            status < 500,
            "{} {uri} answered {status}: {}",
            route.method,
            String::from_utf8_lossy(&bytes)
        );
        if status >= 400 {
            assert!(
                serde_json::from_slice::<serde_json::Value>(&bytes).is_ok(),
                "{} {uri}: a {status} without a JSON body",
                route.method
            );
        }
    });
});
