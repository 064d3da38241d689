//! otty's extensions: `verify` with replay protection, backup codes, `/api/2fa/generate`.

use otty::core::{OtpParams, Secret, otp};
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{SECRET, Server, code_at, now};

#[tokio::test]
async fn verify_accepts_once() {
    let s = Server::start().await;
    let id = s.account("S", "a").await;
    let path = format!("/api/v1/twofaccounts/{id}/verify");
    let t = now();
    let r = s.post(&path, json!({"code": code_at(t)})).await;
    // Near a period boundary the server may already be one step later: delta is 0 or -1.
    assert_eq!(r.body["valid"], true, "{}", r.body);
    assert!(matches!(r.body["delta"].as_i64(), Some(0 | -1)));
    let again = s.post(&path, json!({"code": code_at(t)})).await;
    assert_eq!(
        again.body,
        json!({"valid": false, "delta": null}),
        "replay refused"
    );
    let earlier = s
        .post(&path, json!({"code": code_at(t - 30), "window": 2}))
        .await;
    assert_eq!(
        earlier.body["valid"], false,
        "older steps refused after a newer one"
    );
    let wrong = s.post(&path, json!({"code": "000000x"})).await;
    assert_eq!(wrong.body["valid"], false);
    s.post(&path, json!({})).await.assert_invalid("code");
    s.post(&path, json!({"code": "1", "window": 11}))
        .await
        .assert_invalid("window");
    assert_eq!(
        s.post("/api/v1/twofaccounts/999/verify", json!({"code": "1"}))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn verify_hotp_resynchronises() {
    let s = Server::start().await;
    let id = s.hotp(3).await;
    let mut p = OtpParams::totp(Secret::from_base32(SECRET).unwrap());
    p.kind = otty::core::OtpKind::Hotp;
    let at4 = otp::at_counter(&p, 4).text.to_string();
    let path = format!("/api/v1/twofaccounts/{id}/verify");
    let r = s.post(&path, json!({"code": at4, "window": 2})).await;
    assert_eq!(r.body, json!({"valid": true, "delta": 1}));
    assert_eq!(s.vault.account(id).unwrap().data.otp.counter, 5);
    assert_eq!(
        s.post(&path, json!({"code": at4, "window": 2})).await.body["valid"],
        false
    );
}

#[tokio::test]
async fn backup_codes_are_used_once() {
    let s = Server::start().await;
    let id = s.account("S", "a").await;
    let path = format!("/api/v1/twofaccounts/{id}/backup-codes");
    assert_eq!(s.get(&path).await.body, json!([]));
    let put = s
        .put(&path, json!({"codes": ["abcd-efgh", "1234 5678"]}))
        .await;
    assert_eq!(put.status, 200, "{}", put.body);
    assert_eq!(put.body[0], json!({"code": "abcd-efgh", "used_at": null}));
    let used = s
        .post(&format!("{path}/use"), json!({"code": "ABCDEFGH"}))
        .await;
    assert_eq!(used.body, json!({"valid": true, "remaining": 1}));
    let twice = s
        .post(&format!("{path}/use"), json!({"code": "abcd-efgh"}))
        .await;
    assert_eq!(twice.body, json!({"valid": false, "remaining": 1}));
    assert!(s.get(&path).await.body[0]["used_at"].is_i64());
    s.put(&path, json!({"codes": "x"}))
        .await
        .assert_invalid("codes");
    s.post(&format!("{path}/use"), json!({}))
        .await
        .assert_invalid("code");
    assert_eq!(
        s.get("/api/v1/twofaccounts/999/backup-codes").await.status,
        404
    );
}

#[tokio::test]
async fn generate_has_its_own_envelope_and_auth() {
    let s = Server::start().await;
    let url = s.url("/api/2fa/generate");
    let by_header = s
        .client
        .post(&url)
        .header("X-API-Key", &s.token)
        .form(&[("secret", SECRET)])
        .send()
        .await
        .unwrap();
    assert_eq!(by_header.status(), 200);
    let b: Value = by_header.json().await.unwrap();
    assert_eq!(
        (b["code"].as_i64(), b["message"].as_str()),
        (Some(200), Some("OK"))
    );
    assert_eq!(b["data"]["code"].as_str().unwrap().len(), 6);
    let d = &b["data"];
    assert_eq!(
        d["valid_until"].as_i64().unwrap(),
        d["timestamp"].as_i64().unwrap() + d["remaining_time"].as_i64().unwrap()
    );

    let by_query = s
        .client
        .post(format!("{url}?api_key={}", s.token))
        .json(&json!({"secret": SECRET}))
        .send()
        .await
        .unwrap();
    assert_eq!(by_query.status(), 200);
    let by_bearer = s
        .raw(
            Method::POST,
            "/api/2fa/generate",
            Some(json!({"secret": SECRET})),
            Some(&s.token),
        )
        .await;
    assert_eq!(by_bearer.status, 200);

    let bad = s
        .raw(
            Method::POST,
            "/api/2fa/generate",
            Some(json!({"secret": "!!"})),
            Some(&s.token),
        )
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(
        (bad.body["code"].as_i64(), bad.body["data"].clone()),
        (Some(400), Value::Null)
    );
    let mixed = s
        .client
        .post(format!("{url}?api_key=otty_pat_wrong"))
        .header("X-API-Key", &s.token)
        .json(&json!({"secret": SECRET}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        mixed.status(),
        401,
        "an invalid credential next to a valid one is refused"
    );
    let anon = s
        .raw(
            Method::POST,
            "/api/2fa/generate",
            Some(json!({"secret": SECRET})),
            None,
        )
        .await;
    assert_eq!(anon.status, 401);
    assert_eq!(
        anon.body,
        json!({"code": 401, "message": "Unauthenticated.", "data": null})
    );
}
