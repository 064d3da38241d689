//! `/api/v1/twofaccounts`: CRUD, listing flags, validation, batch operations, migration.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{SECRET, Server};

const A: &str = "/api/v1/twofaccounts";

#[tokio::test]
async fn create_from_fields_and_show() {
    let s = Server::start().await;
    let r = s
        .post(A, json!({"service": "GitHub", "account": "alice", "otp_type": "TOTP", "secret": "a4grfhvvrbgy7uiw", "digits": 7, "algorithm": "SHA256", "period": 40}))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let b = &r.body;
    assert_eq!(b["service"], "GitHub");
    assert_eq!(b["otp_type"], "totp");
    assert_eq!(b["algorithm"], "sha256");
    assert_eq!(
        (b["digits"].as_i64(), b["period"].as_i64()),
        (Some(7), Some(40))
    );
    assert_eq!(b["counter"], Value::Null);
    assert_eq!(b["secret"], SECRET);
    let id = b["id"].as_i64().unwrap();

    let shown = s.get(&format!("{A}/{id}")).await;
    assert_eq!(shown.status, 200);
    assert_eq!(
        shown.body["secret"], SECRET,
        "single resource: secret by default"
    );
    let hidden = s.get(&format!("{A}/{id}?withSecret=0")).await;
    assert!(hidden.body.get("secret").is_none());
    let with_otp = s.get(&format!("{A}/{id}?withOtp=0")).await;
    assert!(
        with_otp.body["otp"]["password"].is_string(),
        "2FAuth quirk: withOtp=0 adds otp"
    );
    assert_eq!(s.get(&format!("{A}/999")).await.status, 404);
    assert_eq!(
        s.get(&format!("{A}/999")).await.body,
        json!({"message": "not found"})
    );
}

#[tokio::test]
async fn create_from_uri_and_steam() {
    let s = Server::start().await;
    let r = s
        .post(A, json!({"uri": "otpauth://hotp/service:account?secret=A4GRFHVVRBGY7UIW&issuer=service&digits=7&counter=5&algorithm=sha256"}))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["otp_type"], "hotp");
    assert_eq!(r.body["counter"], 5);
    assert_eq!(r.body["period"], Value::Null);
    assert_eq!(r.body["service"], "service");

    let steam = s
        .post(A, json!({"uri": "otpauth://totp/Steam:account?secret=XJGTDRUUKZH3X7TQN2QZUGCGXZCC5LXE&issuer=Steam"}))
        .await;
    assert_eq!(steam.body["otp_type"], "steamtotp");
    assert_eq!(steam.body["digits"], 5);

    s.post(A, json!({"uri": "otpauth://steam/x?secret=AAAA"}))
        .await
        .assert_invalid("uri");
    s.post(A, json!({"uri": "not a uri"}))
        .await
        .assert_invalid("uri");
    s.post(A, json!({"uri": "otpauth://totp/?secret=A4GRFHVVRBGY7UIW"}))
        .await
        .assert_invalid("label");
}

#[tokio::test]
async fn missing_secret_generates_160_bits() {
    let s = Server::start().await;
    let r = s.post(A, json!({"account": "a", "otp_type": "totp"})).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let secret = r.body["secret"].as_str().unwrap();
    assert_eq!(secret.len(), 32, "160 bits = 32 base32 characters");
}

#[tokio::test]
async fn contract_validation_cases() {
    let s = Server::start().await;
    let base = json!({"account": "a", "otp_type": "totp", "secret": SECRET});
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    for (field, body) in [
        ("digits", with("digits", json!(4))),
        ("digits", with("digits", json!(11))),
        ("period", with("period", json!(0))),
        ("counter", with("counter", json!(-1))),
        ("counter", with("counter", json!(u64::MAX))),
        ("counter", with("counter", json!("18446744073709551616"))),
        ("period", with("period", json!(u64::MAX))),
        ("secret", with("secret", json!("not base32!"))),
        ("account", with("account", json!("a:b"))),
        ("service", with("service", json!("x:y"))),
        ("otp_type", with("otp_type", json!("motp"))),
        ("algorithm", with("algorithm", json!("sha3"))),
        ("account", json!({"otp_type": "totp"})),
        ("group_id", with("group_id", json!(42))),
        // Bidirectional controls would let one name pass for another.
        ("service", with("service", json!("\u{202E}evil"))),
        ("account", with("account", json!("a\u{2066}b"))),
        (
            "uri",
            json!({"uri": format!("otpauth://totp/%E2%80%AEevil:y?secret={SECRET}")}),
        ),
        // A URI's numbers out of range are refused like period=0, never clamped.
        (
            "uri",
            json!({"uri": format!("otpauth://totp/X:y?secret={SECRET}&period=0")}),
        ),
        (
            "uri",
            json!({"uri": format!("otpauth://totp/X:y?secret={SECRET}&period=99999999999")}),
        ),
        (
            "uri",
            json!({"uri": format!("otpauth://totp/X:y?secret={SECRET}&digits=4294967301")}),
        ),
        (
            "uri",
            json!({"uri": format!("otpauth://hotp/X:y?secret={SECRET}&counter=18446744073709551616")}),
        ),
    ] {
        s.post(A, body.clone()).await.assert_invalid(field);
    }
    let r = s.post(A, with("digits", json!(4))).await;
    assert_eq!(
        r.body["errors"]["digits"][0],
        "The digits field must be between 5 and 10."
    );
    // A counter too large for any integer type is told the range, not "must be an integer".
    let r = s
        .post(A, with("counter", json!(18_446_744_073_709_551_615u64)))
        .await;
    assert_eq!(
        r.body["errors"]["counter"][0],
        "The counter field must be between 0 and 9223372036854775807."
    );
    // The same rules on POST /twofaccounts/otp and on update.
    s.post(&format!("{A}/otp"), with("digits", json!(11)))
        .await
        .assert_invalid("digits");
    let id = s.account("svc", "acc").await;
    s.put(&format!("{A}/{id}"), with("period", json!(0)))
        .await
        .assert_invalid("period");
}

#[tokio::test]
async fn list_with_flags_and_ids() {
    let s = Server::start().await;
    let a = s.account("A", "a").await;
    let b = s.account("B", "b").await;
    let h = s.hotp(0).await;
    let all = s.get(A).await;
    assert_eq!(all.status, 200);
    let list = all.body.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert!(
        list.iter().all(|x| x.get("secret").is_none()),
        "collection: no secret by default"
    );
    let secrets = s.get(&format!("{A}?withSecret=1&withOtp=1")).await;
    for x in secrets.body.as_array().unwrap() {
        assert!(x["secret"].is_string());
        assert_eq!(
            x.get("otp").is_some(),
            x["id"] != h,
            "no embedded otp for HOTP"
        );
    }
    let some = s.get(&format!("{A}?ids={a},{b},999")).await;
    assert_eq!(some.body.as_array().unwrap().len(), 2);
    s.get(&format!("{A}?ids=1,,2")).await.assert_invalid("ids");
}

#[tokio::test]
async fn update_put_and_patch_withdraw_group() {
    let s = Server::start().await;
    let g = s.group("Work").await;
    let r = s
        .post(A, json!({"service": "S", "account": "a", "otp_type": "totp", "secret": SECRET, "group_id": g}))
        .await;
    assert_eq!(r.body["group_id"], g);
    let id = r.body["id"].as_i64().unwrap();
    let body = json!({"service": "S2", "account": "b", "icon": null, "otp_type": "totp", "secret": SECRET, "digits": 8, "algorithm": "sha1", "group_id": g});
    let put = s.put(&format!("{A}/{id}"), body.clone()).await;
    assert_eq!(put.status, 200, "{}", put.body);
    assert_eq!(
        (put.body["service"].as_str(), put.body["digits"].as_i64()),
        (Some("S2"), Some(8))
    );
    assert_eq!(put.body["group_id"], g);
    let mut no_group = body.clone();
    no_group.as_object_mut().unwrap().remove("group_id");
    let patch = s.patch(&format!("{A}/{id}"), no_group).await;
    assert_eq!(patch.status, 200);
    assert_eq!(
        patch.body["group_id"],
        Value::Null,
        "absent group_id withdraws"
    );
    let mut missing = body.clone();
    missing.as_object_mut().unwrap().remove("digits");
    s.put(&format!("{A}/{id}"), missing)
        .await
        .assert_invalid("digits");
    assert_eq!(s.put(&format!("{A}/999"), body).await.status, 404);
}

#[tokio::test]
async fn delete_one_and_many_and_count() {
    let s = Server::start().await;
    let a = s.account("A", "a").await;
    let b = s.account("B", "b").await;
    let c = s.account("C", "c").await;
    assert_eq!(
        s.get(&format!("{A}/count")).await.body,
        json!({"owned": 3, "shared": 0, "total": 3})
    );
    assert_eq!(s.delete(&format!("{A}/{a}")).await.status, 204);
    assert_eq!(s.delete(&format!("{A}/{a}")).await.status, 404);
    assert_eq!(s.delete(&format!("{A}?ids={b},{c},999")).await.status, 204);
    assert_eq!(s.get(&format!("{A}/count")).await.body["total"], 0);
    s.delete(A).await.assert_invalid("ids");
    let many = (1..=100)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let r = s.delete(&format!("{A}?ids={many}")).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["message"], "bad request");
}

#[tokio::test]
async fn preview_returns_the_store_shape() {
    let s = Server::start().await;
    let r = s
        .post(
            &format!("{A}/preview"),
            json!({"uri": "otpauth://totp/account?secret=A4GRFHVVRBGY7UIW"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body.get("id"), Some(&Value::Null), "{}", r.body);
    assert!(r.body.get("group_id").is_none());
    assert_eq!(r.body["account"], "account");
    assert_eq!(r.body["secret"], SECRET);
    s.post(&format!("{A}/preview"), json!({}))
        .await
        .assert_invalid("uri");
    assert_eq!(
        s.get(&format!("{A}/count")).await.body["total"],
        0,
        "nothing saved"
    );
}

#[tokio::test]
async fn reorder_withdraw_export() {
    let s = Server::start().await;
    let a = s.account("A", "a").await;
    let b = s.account("B", "b").await;
    let r = s
        .post(&format!("{A}/reorder"), json!({"orderedIds": [b, 999]}))
        .await;
    assert_eq!(
        r.body,
        json!({"message": "order saved", "orderedIds": [b, a]})
    );
    s.post(&format!("{A}/reorder"), json!({"orderedIds": "2,1"}))
        .await
        .assert_invalid("orderedIds");
    assert_eq!(s.get(A).await.body[0]["id"], b);

    let g = s.group("G").await;
    s.post(
        &format!("/api/v1/groups/{g}/assign"),
        json!({"ids": [a, b]}),
    )
    .await;
    let w = s
        .call(Method::PATCH, &format!("{A}/withdraw?ids={a}"), None)
        .await;
    assert_eq!(w.body, json!({"message": "accounts withdrawn"}));
    assert_eq!(
        s.get(&format!("{A}/{a}")).await.body["group_id"],
        Value::Null
    );
    assert_eq!(s.get(&format!("{A}/{b}")).await.body["group_id"], g);

    let e = s.get(&format!("{A}/export?ids={a},{b}")).await;
    assert_eq!(e.status, 200);
    assert!(e.body["app"].as_str().unwrap().starts_with("2fauth_"));
    assert_eq!(e.body["schema"], 1);
    assert_eq!(e.body["data"].as_array().unwrap().len(), 2);
    assert!(
        e.body["data"][0]["legacy_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://")
    );
    let u = s.get(&format!("{A}/export?ids={a}&otpauth=1")).await;
    assert!(u.body.get("schema").is_none());
    assert!(
        u.body["data"][0]["uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    s.get(&format!("{A}/export?ids={a}&otpauth=true"))
        .await
        .assert_invalid("otpauth");
    s.get(&format!("{A}/export")).await.assert_invalid("ids");
}

#[tokio::test]
async fn migration_preview_ids() {
    let s = Server::start().await;
    s.account("service", "account").await;
    let payload = "otpauth://totp/service:account?secret=A4GRFHVVRBGY7UIW&issuer=service\n\
                   otpauth://totp/New:bob?secret=JBSWY3DPEHPK3PXP\n\
                   otpauth://totp/Bad:x?secret=1";
    let r = s
        .post(
            &format!("{A}/migration?withSecret=1"),
            json!({ "payload": payload }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let ids: Vec<i64> = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![-1, 0, -2]);
    assert_eq!(r.body[2]["account"], "- invalid account -");
    assert_eq!(
        s.get(&format!("{A}/count")).await.body["total"],
        1,
        "nothing saved"
    );
    let bad = s
        .post(&format!("{A}/migration"), json!({"payload": "hello"}))
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(
        bad.body,
        json!({"message": "Data do not match any supported format"})
    );
    s.post(&format!("{A}/migration"), json!({}))
        .await
        .assert_invalid("payload");
    let aegis = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/aegis/aegis_plain.json"),
    )
    .unwrap();
    let r = s
        .post(&format!("{A}/migration"), json!({ "payload": aegis }))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(!r.body.as_array().unwrap().is_empty());
    assert!(
        r.body[0].get("secret").is_none(),
        "collection: no secret by default"
    );
    let encrypted = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/aegis/aegis_encrypted.json"),
    )
    .unwrap();
    let r = s
        .post(&format!("{A}/migration"), json!({ "payload": encrypted }))
        .await;
    assert_eq!(
        r.body,
        json!({"message": "Unreadable, the data seem encrypted"})
    );
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(payload.as_bytes().to_vec()).file_name("x.txt"),
    );
    let up = s
        .client
        .post(s.url(&format!("{A}/migration")))
        .bearer_auth(&s.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(up.status(), 200);
}
