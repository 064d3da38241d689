//! Token scopes over real HTTP: for each class of route, a `read`, a `write` and an `admin`
//! token get the route's success status or 403 `{"message":"Invalid scope(s) provided."}`,
//! including `withSecret`, and no secret ever reaches a token below `admin`.

use std::sync::Arc;

use otty::api::ServerConfig;
use otty::core::Vault;
use otty::core::vault::tokens::Scope;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{FAST, PW, Reply, SECRET, Server};

/// A server with one token per scope (the server's own `tests` token is `admin`).
struct Scoped {
    s: Server,
    read: String,
    write: String,
}

impl Scoped {
    async fn start() -> Self {
        let vault = Arc::new(Vault::create_in_memory(PW, FAST).unwrap());
        let token = |name, scope| {
            vault
                .create_scoped_token(name, None, scope)
                .unwrap()
                .token
                .to_string()
        };
        let read = token("reader", Scope::Read);
        let write = token("writer", Scope::Write);
        let config = ServerConfig {
            auth_failures_per_minute: 0,
            ..ServerConfig::on("127.0.0.1:0".parse().unwrap())
        };
        let s = Server::on(vault, config).await;
        Scoped { s, read, write }
    }

    fn token(&self, scope: Scope) -> &str {
        match scope {
            Scope::Read => &self.read,
            Scope::Write => &self.write,
            Scope::Admin => &self.s.token,
        }
    }

    async fn call(&self, scope: Scope, method: &Method, path: &str, body: &Value) -> Reply {
        let body = (!body.is_null()).then(|| body.clone());
        self.s
            .raw(method.clone(), path, body, Some(self.token(scope)))
            .await
    }
}

/// One row of the table: the least scope the route needs, and its status when allowed.
struct Case {
    needs: Scope,
    method: Method,
    /// `{id}` (here and in `body`) is replaced by a fresh account's id for every call.
    path: &'static str,
    body: Value,
    ok: u16,
}

fn case(needs: Scope, method: Method, path: &'static str, body: Value, ok: u16) -> Case {
    Case {
        needs,
        method,
        path,
        body,
        ok,
    }
}

fn cases() -> Vec<Case> {
    use Scope::{Admin, Read, Write};
    let uri = "otpauth://totp/Svc:me?secret=A4GRFHVVRBGY7UIW";
    let none = Value::Null;
    vec![
        // read: lists, codes, logs, reads, and what the caller sends itself
        case(Read, Method::GET, "/api/v1/twofaccounts", none.clone(), 200),
        case(
            Read,
            Method::GET,
            "/api/v1/twofaccounts/{id}",
            none.clone(),
            200,
        ),
        case(
            Read,
            Method::GET,
            "/api/v1/twofaccounts/{id}/otp",
            none.clone(),
            200,
        ),
        case(
            Read,
            Method::POST,
            "/api/v1/twofaccounts/otp",
            json!({"uri": uri}),
            200,
        ),
        case(
            Read,
            Method::GET,
            "/api/v1/twofaccounts/{id}/otp-logs",
            none.clone(),
            200,
        ),
        case(
            Read,
            Method::POST,
            "/api/v1/twofaccounts/preview",
            json!({"uri": uri}),
            200,
        ),
        case(Read, Method::GET, "/api/v1/groups", none.clone(), 200),
        case(
            Read,
            Method::GET,
            "/api/v1/groups/0/twofaccounts",
            none.clone(),
            200,
        ),
        case(Read, Method::GET, "/api/v1/icons/packs", none.clone(), 200),
        case(Read, Method::GET, "/api/v1/user", none.clone(), 200),
        case(
            Read,
            Method::GET,
            "/api/v1/user/preferences",
            none.clone(),
            200,
        ),
        case(Read, Method::GET, "/api/v1/settings", none.clone(), 200),
        case(Read, Method::GET, "/api/v1/features", none.clone(), 200),
        // write: accounts, groups, preferences, verify, backup codes in use
        case(
            Write,
            Method::POST,
            "/api/v1/twofaccounts",
            json!({"uri": uri}),
            201,
        ),
        case(
            Write,
            Method::PUT,
            "/api/v1/twofaccounts/{id}",
            json!({"service": "S", "account": "b", "otp_type": "totp", "secret": SECRET, "digits": 6, "algorithm": "sha1", "period": 30, "icon": null}),
            200,
        ),
        case(
            Write,
            Method::DELETE,
            "/api/v1/twofaccounts/{id}",
            none.clone(),
            204,
        ),
        case(
            Write,
            Method::POST,
            "/api/v1/twofaccounts/reorder",
            json!({"orderedIds": [1]}),
            200,
        ),
        case(
            Write,
            Method::POST,
            "/api/v1/groups",
            json!({"name": "G{id}"}),
            201,
        ),
        case(
            Write,
            Method::PUT,
            "/api/v1/user/preferences/showOtpAsDot",
            json!({"value": true}),
            201,
        ),
        case(
            Write,
            Method::POST,
            "/api/v1/twofaccounts/{id}/verify",
            json!({"code": "000000x"}),
            200,
        ),
        case(
            Write,
            Method::PUT,
            "/api/v1/twofaccounts/{id}/backup-codes",
            json!({"codes": ["abcd-efgh"]}),
            200,
        ),
        case(
            Write,
            Method::POST,
            "/api/v1/twofaccounts/{id}/backup-codes/use",
            json!({"code": "abcd"}),
            200,
        ),
        // admin: secrets, exports, migrations, QR codes of accounts, settings changes
        case(
            Admin,
            Method::GET,
            "/api/v1/twofaccounts/{id}?withSecret=1",
            none.clone(),
            200,
        ),
        case(
            Admin,
            Method::GET,
            "/api/v1/twofaccounts?withSecret=1",
            none.clone(),
            200,
        ),
        case(
            Admin,
            Method::GET,
            "/api/v1/groups/0/twofaccounts?withSecret=true",
            none.clone(),
            200,
        ),
        case(
            Admin,
            Method::GET,
            "/api/v1/twofaccounts/export?ids={id}",
            none.clone(),
            200,
        ),
        case(
            Admin,
            Method::POST,
            "/api/v1/twofaccounts/migration",
            json!({"payload": uri}),
            200,
        ),
        case(
            Admin,
            Method::GET,
            "/api/v1/twofaccounts/{id}/qrcode",
            none.clone(),
            200,
        ),
        case(
            Admin,
            Method::GET,
            "/api/v1/twofaccounts/{id}/backup-codes",
            none.clone(),
            200,
        ),
        case(
            Admin,
            Method::PUT,
            "/api/v1/settings/myKey",
            json!({"value": 1}),
            200,
        ),
        case(
            Admin,
            Method::DELETE,
            "/api/v1/settings/myKey",
            none.clone(),
            204,
        ),
    ]
}

#[tokio::test]
async fn every_class_of_route_is_allowed_exactly_from_its_scope_up() {
    let t = Scoped::start().await;
    let mut checked = 0;
    for c in cases() {
        for scope in Scope::ALL {
            // A fresh account for each call: writes and deletes must find theirs.
            let id = t.s.account("S", "a").await;
            // `DELETE /settings/myKey` needs the key first.
            t.s.put("/api/v1/settings/myKey", json!({"value": 0})).await;
            let path = c.path.replace("{id}", &id.to_string());
            let body = c.body.to_string().replace("{id}", &id.to_string());
            let body: Value = serde_json::from_str(&body).unwrap();
            let r = t.call(scope, &c.method, &path, &body).await;
            let what = format!("{} {path} as {scope}", c.method);
            if scope.allows(c.needs) {
                assert_eq!(r.status.as_u16(), c.ok, "{what}: {}", r.body);
            } else {
                assert_eq!(r.status, 403, "{what}: {}", r.body);
                assert_eq!(
                    r.body,
                    json!({"message": "Invalid scope(s) provided."}),
                    "{what}"
                );
                let challenge = r.headers["www-authenticate"].to_str().unwrap();
                assert!(
                    challenge.contains("insufficient_scope"),
                    "{what}: {challenge}"
                );
                assert!(challenge.contains(c.needs.as_str()), "{what}: {challenge}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, cases().len() * 3);
    // Nothing a refused write asked for happened: the reader's group was never made (the
    // list is the pseudo-group "All", then the writer's and the admin's).
    let groups = t.s.get("/api/v1/groups").await.body;
    let names: Vec<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["name"].as_str())
        .collect();
    assert_eq!(names.len(), 3, "{groups}");
}

#[tokio::test]
async fn no_secret_reaches_a_token_below_admin() {
    let t = Scoped::start().await;
    let id = t.s.account("S", "a").await;
    for scope in [Scope::Read, Scope::Write] {
        // Without withSecret, an account read has no secret (admin's default includes it).
        for path in [
            format!("/api/v1/twofaccounts/{id}"),
            format!("/api/v1/twofaccounts/{id}?withSecret=0"),
        ] {
            let r = t.call(scope, &Method::GET, &path, &Value::Null).await;
            assert_eq!(r.status, 200, "{path} as {scope}");
            assert!(
                r.body.get("secret").is_none(),
                "{path} as {scope}: {}",
                r.body
            );
        }
        let list = t
            .call(scope, &Method::GET, "/api/v1/twofaccounts", &Value::Null)
            .await;
        assert!(list.body[0].get("secret").is_none(), "{}", list.body);
    }
    // A writer's create and update answer without the secret, an admin's with it.
    let body = json!({"service": "W", "account": "w", "otp_type": "totp", "secret": SECRET});
    let writer = t
        .call(Scope::Write, &Method::POST, "/api/v1/twofaccounts", &body)
        .await;
    assert_eq!(writer.status, 201, "{}", writer.body);
    assert!(writer.body.get("secret").is_none(), "{}", writer.body);
    let update = json!({"service": "W", "account": "w2", "otp_type": "totp", "secret": SECRET, "digits": 6, "algorithm": "sha1", "period": 30, "icon": null});
    let path = format!("/api/v1/twofaccounts/{}", writer.body["id"]);
    let updated = t.call(Scope::Write, &Method::PUT, &path, &update).await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert!(updated.body.get("secret").is_none(), "{}", updated.body);
    let admin = t.s.get(&format!("/api/v1/twofaccounts/{id}")).await;
    assert_eq!(admin.body["secret"], SECRET);
    let admin = t.s.post("/api/v1/twofaccounts", body).await;
    assert_eq!(admin.body["secret"], SECRET);
}

#[tokio::test]
async fn a_read_token_gets_codes_from_generate() {
    let t = Scoped::start().await;
    let r =
        t.s.client
            .post(t.s.url("/api/2fa/generate"))
            .header("X-API-Key", &t.read)
            .form(&[("secret", SECRET)])
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 200);
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["data"]["code"].as_str().unwrap().len(), 6);
}

#[tokio::test]
async fn every_token_route_declares_a_scope_and_secrets_are_admin_only() {
    use otty::api::router::Access;
    let routes = otty::api::routes();
    let scope_of = |method: &str, path: &str| {
        routes
            .iter()
            .find(|r| r.method == method && r.path == path)
            .map(|r| r.access)
    };
    for (method, path) in [
        ("GET", "/api/v1/twofaccounts/export"),
        ("POST", "/api/v1/twofaccounts/migration"),
        ("GET", "/api/v1/twofaccounts/{id}/qrcode"),
        ("GET", "/api/v1/twofaccounts/{id}/backup-codes"),
        ("POST", "/api/v1/settings"),
    ] {
        assert_eq!(
            scope_of(method, path),
            Some(Access::Token(Scope::Admin)),
            "{method} {path}"
        );
    }
    assert_eq!(
        scope_of("POST", "/api/2fa/generate"),
        Some(Access::OwnAuth),
        "generate accepts any scope"
    );
}
