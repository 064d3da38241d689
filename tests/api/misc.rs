//! Icons, QR decoding, the user and preferences, settings, features, the catch-all.

use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::common::{PNG, Reply, Server};

async fn upload(s: &Server, path: &str, field: &str, bytes: Vec<u8>) -> Reply {
    let form = Form::new().part(field.to_owned(), Part::bytes(bytes).file_name("x.png"));
    let r = s
        .client
        .post(s.url(path))
        .bearer_auth(&s.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    Reply::from(r).await
}

#[tokio::test]
async fn icons_upload_serve_delete() {
    let s = Server::start().await;
    let r = upload(&s, "/api/v1/icons", "icon", PNG.to_vec()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let name = r.body["filename"].as_str().unwrap().to_owned();
    assert_eq!(name.len(), 44);
    assert!(name.ends_with(".png"));
    let got = s
        .client
        .get(s.url(&format!("/api/v1/icons/{name}")))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["content-type"], "image/png");
    assert_eq!(got.bytes().await.unwrap().as_ref(), PNG);

    let svg = upload(&s, "/api/v1/icons", "icon", b"<svg onload='x()'/>".to_vec()).await;
    svg.assert_invalid("icon");
    upload(&s, "/api/v1/icons", "other", PNG.to_vec())
        .await
        .assert_invalid("icon");
    let mut big = PNG.to_vec();
    big.resize(5 * 1024 * 1024, 0);
    assert_eq!(upload(&s, "/api/v1/icons", "icon", big).await.status, 413);
    let mut fits = PNG.to_vec();
    fits.resize(3 * 1024 * 1024, 0);
    assert_eq!(
        upload(&s, "/api/v1/icons", "icon", fits).await.status,
        201,
        "images up to 4 MiB"
    );

    assert_eq!(s.delete(&format!("/api/v1/icons/{name}")).await.status, 204);
    assert_eq!(s.delete(&format!("/api/v1/icons/{name}")).await.status, 204);
    assert_eq!(s.get(&format!("/api/v1/icons/{name}")).await.status, 404);
    assert_eq!(s.get("/api/v1/icons/packs").await.body, json!([]));
    assert_eq!(
        s.post("/api/v1/icons/default", json!({"service": "x"}))
            .await
            .status,
        204
    );
}

fn data(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name),
    )
    .unwrap()
}

#[tokio::test]
async fn qrcode_decode() {
    let s = Server::start().await;
    let ok = upload(
        &s,
        "/api/v1/qrcode/decode",
        "qrcode",
        data("2fauth-api/validQrcode.png"),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(
        ok.body["data"].as_str().unwrap().starts_with("otpauth://"),
        "{}",
        ok.body
    );
    let none = upload(
        &s,
        "/api/v1/qrcode/decode",
        "qrcode",
        data("2fauth-api/invalidQrcode.png"),
    )
    .await;
    assert_eq!(none.status, 400, "{}", none.body);
    upload(
        &s,
        "/api/v1/qrcode/decode",
        "qrcode",
        b"not an image".to_vec(),
    )
    .await
    .assert_invalid("qrcode");
    upload(&s, "/api/v1/qrcode/decode", "nothing", PNG.to_vec())
        .await
        .assert_invalid("qrcode");
}

#[tokio::test]
async fn user_and_preferences() {
    let s = Server::start().await;
    let u = s.get("/api/v1/user").await;
    assert_eq!(u.status, 200);
    assert_eq!(u.body["is_admin"], true);
    assert_eq!(u.body["preferences"]["defaultGroup"], 0);
    let name = s.raw(Method::GET, "/api/v1/user/name", None, None).await;
    assert_eq!(name.body, json!({"deprecation": true}));
    let all = s.get("/api/v1/user/preferences").await;
    assert!(all.body.as_array().unwrap().len() > 20);
    let one = s.get("/api/v1/user/preferences/showOtpAsDot").await;
    assert_eq!(
        one.body,
        json!({"key": "showOtpAsDot", "value": false, "locked": false})
    );
    let set = s
        .put(
            "/api/v1/user/preferences/showOtpAsDot",
            json!({"value": true}),
        )
        .await;
    assert_eq!(set.status, 201);
    assert_eq!(set.body, json!({"key": "showOtpAsDot", "value": true}));
    assert_eq!(
        s.get("/api/v1/user/preferences/showOtpAsDot").await.body["value"],
        true
    );
    s.put(
        "/api/v1/user/preferences/showOtpAsDot",
        json!({"value": null}),
    )
    .await
    .assert_invalid("value");
    assert_eq!(s.get("/api/v1/user/preferences/nope").await.status, 404);
    assert_eq!(
        s.put("/api/v1/user/preferences/nope", json!({"value": 1}))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn default_group_preference_applies_on_create() {
    let s = Server::start().await;
    let g = s.group("Default").await;
    s.put(
        "/api/v1/user/preferences/defaultGroup",
        json!({ "value": g }),
    )
    .await;
    let id = s.account("S", "a").await;
    assert_eq!(
        s.get(&format!("/api/v1/twofaccounts/{id}")).await.body["group_id"],
        g
    );
    let zero = s
        .post(
            "/api/v1/twofaccounts",
            json!({"account": "b", "otp_type": "totp", "group_id": 0}),
        )
        .await;
    assert_eq!(
        zero.body["group_id"],
        Value::Null,
        "0 overrides the preference"
    );
}

#[tokio::test]
async fn settings_crud() {
    let s = Server::start().await;
    let all = s.get("/api/v1/settings").await;
    assert!(
        all.body
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["key"] == "useEncryption")
    );
    let made = s
        .post("/api/v1/settings", json!({"key": "myKey", "value": 42}))
        .await;
    assert_eq!(made.status, 201);
    assert_eq!(made.body, json!({"key": "myKey", "value": 42}));
    s.post("/api/v1/settings", json!({"key": "myKey", "value": 1}))
        .await
        .assert_invalid("key");
    s.post("/api/v1/settings", json!({"key": "my_key", "value": 1}))
        .await
        .assert_invalid("key");
    s.post("/api/v1/settings", json!({"key": "other"}))
        .await
        .assert_invalid("value");
    assert_eq!(s.get("/api/v1/settings/myKey").await.body["value"], 42);
    assert_eq!(
        s.put("/api/v1/settings/myKey", json!({"value": "x"}))
            .await
            .body["value"],
        "x"
    );
    assert_eq!(
        s.put("/api/v1/settings/newKey", json!({"value": true}))
            .await
            .status,
        200
    );
    assert_eq!(s.delete("/api/v1/settings/myKey").await.status, 204);
    assert_eq!(s.get("/api/v1/settings/myKey").await.status, 404);
    let native = s.delete("/api/v1/settings/useEncryption").await;
    assert_eq!(native.status, 400);
    assert_eq!(
        native.body["reason"][0],
        "Only user-created setting can be deleted"
    );
    assert_eq!(s.delete("/api/v1/settings/nope").await.status, 404);
}

#[tokio::test]
async fn features_and_catch_all() {
    let s = Server::start().await;
    let f = s.get("/api/v1/features").await;
    assert_eq!(f.body.as_array().unwrap().len(), 5);
    assert_eq!(
        s.get("/api/v1/features/sharing").await.body,
        json!({"name": "sharing", "state": "disabled"})
    );
    assert_eq!(s.get("/api/v1/features/nope").await.status, 404);
    let unknown = s.raw(Method::GET, "/api/v1/nothing/here", None, None).await;
    assert_eq!(
        (unknown.status.as_u16(), unknown.body.clone()),
        (404, json!({"message": "unknowkn endpoint"}))
    );
    assert_eq!(
        s.raw(Method::POST, "/api/v1/nothing", None, None)
            .await
            .status,
        405
    );
    assert_eq!(
        s.call(Method::PUT, "/api/v1/features", None).await.status,
        405
    );
}
