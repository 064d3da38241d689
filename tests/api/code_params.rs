//! Below `admin`, an account update that keeps the stored secret cannot change what decides
//! its codes (type, counter, period, algorithm, digits): otherwise a `write` token could turn a
//! TOTP account into HOTP at the counter of an hour ahead, read that code and turn it back.

use std::sync::Arc;

use otty::api::ServerConfig;
use otty::core::vault::tokens::Scope;
use otty::core::{OtpKind, Vault};
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{FAST, PW, Reply, SECRET, Server, now};

const A: &str = "/api/v1/twofaccounts";

/// A server (its own token is `admin`) and a `write` token.
async fn start() -> (Server, String) {
    let vault = Arc::new(Vault::create_in_memory(PW, FAST).unwrap());
    let write = vault
        .create_scoped_token("writer", None, Scope::Write)
        .unwrap()
        .token
        .to_string();
    let s = Server::on(vault, ServerConfig::on("127.0.0.1:0".parse().unwrap())).await;
    (s, write)
}

/// An UPDATE body for the test account, `changes` merged over the stored parameters.
fn body(changes: Value) -> Value {
    let mut b = json!({
        "service": "Svc", "account": "me", "icon": null, "otp_type": "totp",
        "secret": null, "digits": 6, "algorithm": "sha1", "period": 30,
    });
    for (k, v) in changes.as_object().unwrap() {
        b[k] = v.clone();
    }
    b
}

async fn update(s: &Server, token: &str, method: Method, id: i64, changes: Value) -> Reply {
    s.raw(
        method,
        &format!("{A}/{id}"),
        Some(body(changes)),
        Some(token),
    )
    .await
}

fn assert_needs_admin(r: &Reply) {
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.body, json!({"message": "Invalid scope(s) provided."}));
    let challenge = r.headers["www-authenticate"].to_str().unwrap();
    assert!(challenge.contains("scope=\"admin\""), "{challenge}");
}

#[tokio::test]
async fn a_write_token_cannot_turn_the_stored_secret_into_future_codes() {
    let (s, write) = start().await;
    let id = s.account("Svc", "me").await;
    let ahead = now() / 30 + 120;
    for method in [Method::PUT, Method::PATCH] {
        for secret in [json!(null), json!(SECRET)] {
            let r = update(
                &s,
                &write,
                method.clone(),
                id,
                json!({"otp_type": "hotp", "secret": secret, "counter": ahead}),
            )
            .await;
            assert_needs_admin(&r);
        }
        for changes in [
            json!({"period": 1}),
            json!({"digits": 8}),
            json!({"algorithm": "sha256"}),
            json!({"otp_type": "steamtotp"}),
        ] {
            assert_needs_admin(&update(&s, &write, method.clone(), id, changes).await);
        }
    }
    let stored = s.vault.account(id).unwrap().data.otp;
    assert_eq!(stored.kind, OtpKind::Totp);
    assert_eq!((stored.digits, stored.period), (6, 30));

    // Other edits still work, and an `admin` token may change the parameters.
    let r = update(&s, &write, Method::PUT, id, json!({"service": "Renamed"})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["service"], "Renamed");
    let r = update(&s, &s.token, Method::PUT, id, json!({"period": 60})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(s.vault.account(id).unwrap().data.otp.period, 60);
}

#[tokio::test]
async fn a_write_token_that_sends_a_new_secret_sets_any_parameters() {
    let (s, write) = start().await;
    let id = s.account("Svc", "me").await;
    let r = update(
        &s,
        &write,
        Method::PUT,
        id,
        json!({"otp_type": "hotp", "secret": "JBSWY3DPEHPK3PXP", "counter": 42}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let stored = s.vault.account(id).unwrap().data.otp;
    assert_eq!((stored.kind, stored.counter), (OtpKind::Hotp, 42));
}

#[tokio::test]
async fn a_write_token_keeps_an_hotp_counter_where_it_is() {
    let (s, write) = start().await;
    let id = s.hotp(5).await;
    let hotp = |counter: i64| json!({"service": "svc", "account": "h", "otp_type": "hotp", "counter": counter});
    assert_needs_admin(&update(&s, &write, Method::PUT, id, hotp(500)).await);
    assert_needs_admin(&update(&s, &write, Method::PUT, id, hotp(4)).await);
    // The stored counter sent back, or none: the edit is saved, the counter stays.
    let r = update(&s, &write, Method::PUT, id, hotp(5)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut without = hotp(0);
    without.as_object_mut().unwrap().remove("counter");
    without["service"] = json!("edited");
    let r = update(&s, &write, Method::PUT, id, without).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let stored = s.vault.account(id).unwrap().data;
    assert_eq!((stored.service.as_str(), stored.otp.counter), ("edited", 5));
}
