//! Answers made to fit 2FAuth's own OpenAPI document (docs/COMPATIBILITY.md): setting and
//! preference values are the scalar types it gives them, an empty array or object is a missing
//! value (Laravel's `required`), and the differences otty keeps on purpose still hold.

use serde_json::json;

use crate::common::Server;

#[tokio::test]
async fn setting_values_are_strings_booleans_or_integers() {
    let s = Server::start().await;
    for bad in [
        json!({}),
        json!([]),
        json!({"a": 1}),
        json!([1]),
        json!(1.5),
    ] {
        s.post("/api/v1/settings", json!({"key": "myKey", "value": bad}))
            .await
            .assert_invalid("value");
        s.put("/api/v1/settings/myKey", json!({"value": bad}))
            .await
            .assert_invalid("value");
    }
    for good in [json!("grid"), json!(true), json!(-7)] {
        let r = s
            .put("/api/v1/settings/myKey", json!({"value": good}))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.body, json!({"key": "myKey", "value": good}));
    }
    // Every value listed is one of the three types.
    let all = s.get("/api/v1/settings").await.body;
    for setting in all.as_array().unwrap() {
        let v = &setting["value"];
        assert!(v.is_string() || v.is_boolean() || v.is_i64(), "{setting}");
    }
    // The two lists 2FAuth lets an admin empty come back as "", never null.
    let r = s
        .put("/api/v1/settings/restrictList", json!({"value": ""}))
        .await;
    assert_eq!(r.body, json!({"key": "restrictList", "value": ""}));
}

#[tokio::test]
async fn preference_values_are_scalars_and_their_update_stays_201() {
    let s = Server::start().await;
    const P: &str = "/api/v1/user/preferences/formatPasswordBy";
    for bad in [json!({}), json!([]), json!({"a": 1}), json!(null)] {
        s.put(P, json!({"value": bad}))
            .await
            .assert_invalid("value");
    }
    let r = s.put(P, json!({"value": 0.25})).await;
    assert_eq!(r.status, 201, "2FAuth answers 201: {}", r.body);
    assert_eq!(r.body, json!({"key": "formatPasswordBy", "value": 0.25}));
    assert_eq!(s.get(P).await.body["value"], 0.25);
}

#[tokio::test]
async fn an_empty_array_or_object_is_a_missing_required_field() {
    let s = Server::start().await;
    for empty in [json!([]), json!({})] {
        s.post("/api/v1/twofaccounts/reorder", json!({"orderedIds": empty}))
            .await
            .assert_invalid("orderedIds");
        s.post("/api/v1/groups", json!({"name": empty}))
            .await
            .assert_invalid("name");
    }
}

#[tokio::test]
async fn unreadable_migration_data_stays_400() {
    let s = Server::start().await;
    let r = s
        .post(
            "/api/v1/twofaccounts/migration",
            json!({"payload": "not an export of anything"}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.body["message"], "Data do not match any supported format");
    s.post("/api/v1/twofaccounts/migration", json!({}))
        .await
        .assert_invalid("payload");
}
