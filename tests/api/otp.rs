//! Codes: stored accounts (TOTP, HOTP persistence), unsaved ones, QR codes and OTP logs.

use serde_json::json;

use crate::common::Server;

const A: &str = "/api/v1/twofaccounts";

#[tokio::test]
async fn totp_code_shape_and_log() {
    let s = Server::start().await;
    let id = s.account("S", "a").await;
    let r = s.get(&format!("{A}/{id}/otp")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let keys: Vec<&String> = r.body.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 5, "{}", r.body);
    assert_eq!(r.body["otp_type"], "totp");
    assert_eq!(r.body["period"], 30);
    assert_eq!(r.body["password"].as_str().unwrap().len(), 6);
    assert!(r.body["next_password"].is_string());

    let logs = s.get(&format!("{A}/{id}/otp-logs")).await;
    assert_eq!(logs.status, 200);
    let first = &logs.body[0];
    assert_eq!(first["requester_name"], "tests");
    assert_eq!(first["otp_type"], "totp");
    assert!(
        !logs
            .body
            .to_string()
            .contains(r.body["password"].as_str().unwrap()),
        "never the code"
    );
    assert_eq!(s.get(&format!("{A}/999/otp-logs")).await.status, 404);
    let recent = s.get(&format!("{A}/{id}/otp-logs?period=1&limit=1")).await;
    assert_eq!(recent.body.as_array().unwrap().len(), 1);
    // Found by schemathesis: a huge period once overflowed.
    s.get(&format!("{A}/{id}/otp-logs?period=9223372036854775807"))
        .await
        .assert_invalid("period");
    assert_eq!(
        s.get(&format!("{A}/999/otp")).await.body,
        json!({"message": "not found"})
    );
    assert_eq!(
        s.get(&format!("{A}/abc/otp")).await.body,
        json!({"message": "unknowkn endpoint"})
    );
}

#[tokio::test]
async fn hotp_counter_is_persisted() {
    let s = Server::start().await;
    let id = s.hotp(5).await;
    let first = s.get(&format!("{A}/{id}/otp")).await;
    assert_eq!(first.body["otp_type"], "hotp");
    assert_eq!(first.body["counter"], 6);
    let second = s.get(&format!("{A}/{id}/otp")).await;
    assert_eq!(second.body["counter"], 7);
    assert_ne!(first.body["password"], second.body["password"]);
    assert_eq!(
        s.vault.account(id).unwrap().data.otp.counter,
        7,
        "saved in the vault"
    );
    assert_eq!(s.get(&format!("{A}/{id}")).await.body["counter"], 7);
}

#[tokio::test]
async fn otp_without_saving() {
    let s = Server::start().await;
    let r = s
        .post(
            &format!("{A}/otp"),
            json!({"uri": "otpauth://hotp/s:a?secret=A4GRFHVVRBGY7UIW&counter=5"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["counter"], 6);
    let f = s
        .post(
            &format!("{A}/otp"),
            json!({"account": "a", "otp_type": "totp", "secret": "A4GRFHVVRBGY7UIW"}),
        )
        .await;
    assert_eq!(f.body["otp_type"], "totp");
    let extra = s
        .post(
            &format!("{A}/otp"),
            json!({"uri": "otpauth://totp/a?secret=A4GRFHVVRBGY7UIW", "digits": 7}),
        )
        .await;
    assert_eq!(extra.status, 400);
    assert!(extra.body["reason"]["uri"].is_string());
    s.post(
        &format!("{A}/otp"),
        json!({"account": "a", "otp_type": "TOTP", "secret": "A4GRFHVVRBGY7UIW"}),
    )
    .await
    .assert_invalid("otp_type");
    assert_eq!(s.get(&format!("{A}/count")).await.body["total"], 0);
}

#[tokio::test]
async fn qrcode_of_an_account() {
    let s = Server::start().await;
    let id = s.account("S", "a").await;
    let r = s.get(&format!("{A}/{id}/qrcode")).await;
    assert_eq!(r.status, 200);
    assert!(
        r.body["qrcode"]
            .as_str()
            .unwrap()
            .starts_with("data:image/svg+xml;base64,")
    );
    assert!(
        r.body["uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/S:a?secret=")
    );
    assert_eq!(s.get(&format!("{A}/999/qrcode")).await.status, 404);
}

#[tokio::test]
async fn logs_reach_the_vault_after_a_flush() {
    let s = Server::start().await;
    let id = s.account("S", "a").await;
    s.get(&format!("{A}/{id}/otp")).await;
    s.get(&format!("{A}?withOtp=1")).await;
    let handle = s.handle;
    handle.shutdown().await.unwrap();
    let logs = s.vault.otp_logs(id, 0, 10).unwrap();
    // Two codes (one entry when both fell in the same second, counting 2).
    assert_eq!(logs.iter().map(|e| e.count).sum::<u32>(), 2);
    assert!(
        logs.iter()
            .all(|e| e.token_name.as_deref() == Some("tests"))
    );
}

#[tokio::test]
async fn a_burst_of_codes_is_logged_as_one_object_per_code() {
    let s = Server::start().await;
    let id = s.account("S", "a").await;
    for _ in 0..5 {
        assert_eq!(s.get(&format!("{A}/{id}/otp")).await.status, 200);
    }
    let listed = |body: &serde_json::Value| body.as_array().unwrap().len();
    let logs = s.get(&format!("{A}/{id}/otp-logs")).await;
    assert_eq!(listed(&logs.body), 5, "{}", logs.body);
    let limited = s.get(&format!("{A}/{id}/otp-logs?limit=3")).await;
    assert_eq!(listed(&limited.body), 3);
    // The same once the buffer is in the vault.
    s.handle.shutdown().await.unwrap();
    let stored = s.vault.otp_logs(id, 0, 10).unwrap();
    assert_eq!(stored.iter().map(|e| e.count).sum::<u32>(), 5);
}
