//! `/api/v1/groups`: the virtual "All", CRUD, assignment, a group's accounts, order.

use serde_json::{Value, json};

use crate::common::Server;

const G: &str = "/api/v1/groups";

#[tokio::test]
async fn list_create_show_update_delete() {
    let s = Server::start().await;
    s.account("A", "a").await;
    let r = s.get(G).await;
    assert_eq!(
        r.body,
        json!([{"id": 0, "name": "All", "show_in_chips": null, "twofaccounts_count": 1}])
    );
    let created = s.post(G, json!({"name": "Social"})).await;
    assert_eq!(created.status, 201);
    let id = created.body["id"].as_i64().unwrap();
    assert_eq!(created.body["twofaccounts_count"], 0);
    assert_eq!(s.get(&format!("{G}/{id}")).await.body["name"], "Social");
    assert_eq!(s.get(&format!("{G}/0")).await.body["name"], "All");
    assert_eq!(s.get(&format!("{G}/999")).await.status, 404);
    let renamed = s
        .put(&format!("{G}/{id}"), json!({"name": "Friends"}))
        .await;
    assert_eq!(renamed.body["name"], "Friends");
    let patched = s.patch(&format!("{G}/{id}"), json!({"name": "Pals"})).await;
    assert_eq!(patched.body["name"], "Pals");
    assert_eq!(
        s.put(&format!("{G}/0"), json!({"name": "X"})).await.status,
        403
    );
    assert_eq!(
        s.put(&format!("{G}/999"), json!({"name": "X"}))
            .await
            .status,
        404
    );
    assert_eq!(s.delete(&format!("{G}/{id}")).await.status, 204);
    assert_eq!(s.delete(&format!("{G}/{id}")).await.status, 404);
    assert_eq!(s.delete(&format!("{G}/0")).await.status, 403);
}

#[tokio::test]
async fn names_are_validated() {
    let s = Server::start().await;
    s.group("Work").await;
    for bad in [
        json!({}),
        json!({"name": "a\"b"}),
        json!({"name": "x".repeat(33)}),
        json!({"name": "All"}),
        json!({"name": "work"}),
    ] {
        s.post(G, bad).await.assert_invalid("name");
    }
    assert_eq!(s.post(G, json!({"name": "Café d'été"})).await.status, 201);
}

#[tokio::test]
async fn assign_list_accounts_reorder() {
    let s = Server::start().await;
    let a = s.account("A", "a").await;
    let b = s.account("B", "b").await;
    let g = s.group("One").await;
    let h = s.group("Two").await;
    let r = s
        .post(&format!("{G}/{g}/assign"), json!({"ids": [a, 999]}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["twofaccounts_count"], 1);
    s.post(&format!("{G}/{g}/assign"), json!({"ids": 1}))
        .await
        .assert_invalid("ids");
    assert_eq!(
        s.post(&format!("{G}/999/assign"), json!({"ids": [a]}))
            .await
            .status,
        404
    );
    let in_g = s.get(&format!("{G}/{g}/twofaccounts")).await;
    assert_eq!(in_g.body.as_array().unwrap().len(), 1);
    assert_eq!(in_g.body[0]["id"], a);
    assert_eq!(
        s.get(&format!("{G}/0/twofaccounts"))
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(s.get(&format!("{G}/999/twofaccounts")).await.status, 404);
    // Moving b to Two, then deleting Two leaves b ungrouped.
    s.post(&format!("{G}/{h}/assign"), json!({"ids": [b]}))
        .await;
    s.delete(&format!("{G}/{h}")).await;
    assert_eq!(
        s.get(&format!("/api/v1/twofaccounts/{b}")).await.body["group_id"],
        Value::Null
    );
    let g3 = s.group("Three").await;
    let o = s
        .post(&format!("{G}/reorder"), json!({"orderedIds": [g3, g]}))
        .await;
    assert_eq!(
        o.body,
        json!({"message": "order saved", "orderedIds": [g3, g]})
    );
    s.post(&format!("{G}/reorder"), json!({}))
        .await
        .assert_invalid("orderedIds");
}
