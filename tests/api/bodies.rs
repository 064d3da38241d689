//! Hostile request bodies to every write route: arbitrary JSON values (wrong types, huge and
//! non-finite-looking numbers, long strings, control characters, deep nesting) and bytes that
//! are not JSON at all, sent with a valid token. No route may answer 5xx, and every answer but
//! `204 No Content` must be a JSON body. One server for all cases; the fuzz target `api_json`
//! (fuzz/) runs the same idea for minutes instead of seconds.

use otty::api::router::{Access, routes};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use reqwest::Method;
use serde_json::{Map, Value, json};

use crate::common::Server;

/// Cases in all (each is one request).
const CASES: u32 = 384;

/// Field names the handlers read, so values land where validation looks.
const KEYS: &[&str] = &[
    "service",
    "account",
    "otp_type",
    "secret",
    "digits",
    "algorithm",
    "period",
    "counter",
    "group_id",
    "icon",
    "name",
    "ids",
    "orderedIds",
    "uri",
    "value",
    "key",
    "withSecret",
    "withOtp",
    "codes",
    "code",
    "payload",
    "notes",
    "favorite",
    "backup_codes",
    "image",
    "qrcode",
    "id",
];
const IDS: &[&str] = &["1", "2", "0", "-1", "abc", "99999999999999999999", "1e3"];
const NAMES: &[&str] = &["showOtpAsDot", "useEncryption", "nope", "x.png", "%00"];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        Just(json!(1e308)),
        Just(json!(-0.0)),
        "\\PC{0,24}".prop_map(Value::from),
        "[\\x00-\\x1f\\x7f\u{202e}\u{feff}]{1,12}".prop_map(Value::from),
        "(A4GRFHVVRBGY7UIW|otpauth://totp/a?secret=A4GRFHVVRBGY7UIW|totp|hotp|steamtotp|sha1|md5| )".prop_map(Value::from),
        (1usize..200_000).prop_map(|n| Value::from("x".repeat(n))),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_owned),
        1 => "\\PC{0,12}",
    ]
}

/// A body: mostly an object of known keys, sometimes any value, sometimes not JSON at all.
#[derive(Debug, Clone)]
enum Body {
    Json(Value),
    Raw(Vec<u8>),
}

fn body() -> impl Strategy<Value = Body> {
    prop_oneof![
        6 => prop::collection::vec((key(), value()), 0..10)
            .prop_map(|kv| Body::Json(Value::Object(kv.into_iter().collect()))),
        2 => value().prop_map(Body::Json),
        1 => prop::collection::vec(any::<u8>(), 0..512).prop_map(Body::Raw),
        1 => (1usize..2000).prop_map(|d| Body::Raw(format!("{}{}", "[".repeat(d), "]".repeat(d)).into_bytes())),
    ]
}

#[test]
fn hostile_bodies_never_get_5xx() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let s = rt.block_on(async {
        let s = Server::start().await;
        s.account("GitHub", "a@b.c").await;
        s.hotp(3).await;
        s.group("Work").await;
        s
    });
    let writes: Vec<_> = routes()
        .into_iter()
        .filter(|r| r.method != "GET" && r.access != Access::Hidden)
        .collect();
    assert!(writes.len() >= 20, "the route table lost its write routes");

    let case = (
        prop::sample::select(writes),
        prop::sample::select(IDS),
        prop::sample::select(NAMES),
        body(),
    );
    // One connection per request: the server may answer a hostile body before reading all of
    // it and then close the connection (hyper does so rather than drain an unread body), and a
    // pooled connection reused at that moment fails in the client with `IncompleteMessage`,
    // which says nothing about the server's answer.
    let fresh = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let seen = std::sync::Mutex::new(std::collections::BTreeMap::<u16, u32>::new());
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&case, |(route, id, name, body)| {
            let path = route
                .path
                .replace("{id}", id)
                .replace("{name}", name)
                .replace("{filename}", name);
            let method = Method::from_bytes(route.method.as_bytes()).unwrap();
            let mut req = fresh
                .request(method, s.url(&path))
                .bearer_auth(&s.token)
                .header("Content-Type", "application/json");
            req = match &body {
                Body::Json(v) => req.body(serde_json::to_vec(v).unwrap()),
                Body::Raw(b) => req.body(b.clone()),
            };
            let (status, bytes) = rt.block_on(async {
                let r = req.send().await.unwrap();
                (r.status(), r.bytes().await.unwrap())
            });
            *seen.lock().unwrap().entry(status.as_u16()).or_default() += 1;
            let what = format!("{} {path}", route.method);
            if status.is_server_error() {
                return Err(TestCaseError::fail(format!(
                    "{what} answered {status}: {}",
                    String::from_utf8_lossy(&bytes)
                )));
            }
            if status != 204 && serde_json::from_slice::<Value>(&bytes).is_err() {
                return Err(TestCaseError::fail(format!(
                    "{what} answered {status} without a JSON body"
                )));
            }
            Ok(())
        })
        .unwrap();
    // The cases reached the handlers: some were accepted, some refused by validation.
    let seen = seen.into_inner().unwrap();
    eprintln!("statuses: {seen:?}");
    assert!(seen.keys().any(|s| (200..300).contains(s)), "{seen:?}");
    assert!(seen.contains_key(&422), "{seen:?}");
}
