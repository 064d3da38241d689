//! The OpenAPI document matches the router both ways, and is what the server serves.

use std::collections::BTreeSet;

use otty::api::router::Access;
use otty::api::routes;
use serde_json::Value;

use crate::common::Server;

fn documented() -> (Value, BTreeSet<(String, String)>) {
    let doc: Value = serde_json::from_str(otty::api::openapi::DOCUMENT).unwrap();
    let mut set = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                set.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    (doc, set)
}

#[test]
fn every_route_is_documented_and_every_documented_path_is_routed() {
    let (doc, documented) = documented();
    assert_eq!(doc["openapi"].as_str().unwrap(), "3.1.0");
    let routed: BTreeSet<(String, String)> = routes()
        .into_iter()
        .filter(|r| r.access != Access::Hidden)
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    let missing: Vec<_> = routed.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&routed).collect();
    assert!(
        missing.is_empty(),
        "routes missing from assets/openapi.json: {missing:?}"
    );
    assert!(extra.is_empty(), "documented but not routed: {extra:?}");
}

#[test]
fn token_routes_declare_security_and_every_operation_has_responses() {
    let (doc, _) = documented();
    for r in routes().into_iter().filter(|r| r.access != Access::Hidden) {
        let op = &doc["paths"][r.path][r.method.to_lowercase()];
        assert!(op["responses"].is_object(), "{} {}", r.method, r.path);
        let public = op["security"].as_array().is_some_and(|s| {
            s.iter()
                .all(|x| x.as_object().is_some_and(|o| o.is_empty()))
        });
        assert_eq!(
            public,
            r.access == Access::Public,
            "{} {} security",
            r.method,
            r.path
        );
        if matches!(r.access, Access::Token(_)) {
            assert!(
                op["responses"]["401"].is_object(),
                "{} {} documents 401",
                r.method,
                r.path
            );
        }
    }
}

#[tokio::test]
async fn the_document_is_served_without_a_token() {
    let s = Server::start().await;
    let r = s
        .client
        .get(s.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let served: Value = r.json().await.unwrap();
    assert_eq!(
        served,
        serde_json::from_str::<Value>(otty::api::openapi::DOCUMENT).unwrap()
    );
}
