//! A server on a fresh vault, and a client with a token.

use std::path::Path;
use std::sync::Arc;

use otty::api::{ServerConfig, ServerHandle, serve};
use otty::core::{KdfParams, Vault};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

/// Cheap key derivation for tests.
pub const FAST: KdfParams = KdfParams::CHEAPEST;
/// Test vault password.
pub const PW: &[u8] = b"correct horse";
/// 2FAuth's shared test secret.
pub const SECRET: &str = "A4GRFHVVRBGY7UIW";
/// The smallest PNG header an icon upload accepts.
pub const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// A running server with a token.
pub struct Server {
    pub vault: Arc<Vault>,
    pub handle: ServerHandle,
    pub token: String,
    pub client: Client,
}

/// A response: status and JSON body (`Null` when empty or not JSON).
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Server {
    /// A server on an in-memory vault.
    pub async fn start() -> Self {
        let vault = Arc::new(Vault::create_in_memory(PW, FAST).unwrap());
        Self::on(vault, ServerConfig::on("127.0.0.1:0".parse().unwrap())).await
    }

    /// A server on a vault file in `dir`.
    pub async fn on_file(dir: &Path) -> Self {
        let vault = Arc::new(Vault::create(&dir.join("v.otty"), PW, FAST).unwrap());
        Self::on(vault, ServerConfig::on("127.0.0.1:0".parse().unwrap())).await
    }

    /// A server over `vault` with `config`, and a fresh token (named uniquely: several servers
    /// may share a vault, and token names are unique).
    pub async fn on(vault: Arc<Vault>, config: ServerConfig) -> Self {
        let taken = vault.tokens().unwrap().len();
        let name = if taken == 0 {
            "tests".to_owned()
        } else {
            format!("tests-{}", taken + 1)
        };
        let token = vault.create_token(&name, None).unwrap().token.to_string();
        let handle = serve(vault.clone(), config).await.unwrap();
        Server {
            vault,
            handle,
            token,
            client: Client::new(),
        }
    }

    /// `http://127.0.0.1:PORT` + path.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.handle.addr)
    }

    /// Send with the token.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        self.raw(method, path, body, Some(&self.token.clone()))
            .await
    }

    /// Send with an optional token.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> Reply {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        Reply::from(req.send().await.unwrap()).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body)).await
    }
    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.call(Method::PUT, path, Some(body)).await
    }
    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.call(Method::PATCH, path, Some(body)).await
    }
    pub async fn delete(&self, path: &str) -> Reply {
        self.call(Method::DELETE, path, None).await
    }

    /// Create a TOTP account through the API; returns its id.
    pub async fn account(&self, service: &str, account: &str) -> i64 {
        let r = self
            .post(
                "/api/v1/twofaccounts",
                json!({"service": service, "account": account, "otp_type": "totp", "secret": SECRET}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        r.body["id"].as_i64().unwrap()
    }

    /// Create an HOTP account at `counter`; returns its id.
    pub async fn hotp(&self, counter: i64) -> i64 {
        let r = self
            .post(
                "/api/v1/twofaccounts",
                json!({"service": "svc", "account": "h", "otp_type": "hotp", "secret": SECRET, "counter": counter}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        r.body["id"].as_i64().unwrap()
    }

    /// Create a group; returns its id.
    pub async fn group(&self, name: &str) -> i64 {
        let r = self.post("/api/v1/groups", json!({ "name": name })).await;
        assert_eq!(r.status, 201, "{}", r.body);
        r.body["id"].as_i64().unwrap()
    }
}

impl Reply {
    pub async fn from(r: reqwest::Response) -> Self {
        let status = r.status();
        let headers = r.headers().clone();
        let bytes = r.bytes().await.unwrap();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            body,
            headers,
        }
    }

    /// Assert a 422 with an error on `field`.
    pub fn assert_invalid(&self, field: &str) {
        assert_eq!(self.status, 422, "{}", self.body);
        assert!(
            self.body["errors"][field].is_array(),
            "no error on {field}: {}",
            self.body
        );
        assert!(self.body["message"].is_string());
    }
}

/// The TOTP code of [`SECRET`] at `unix`.
pub fn code_at(unix: i64) -> String {
    let p = otty::core::OtpParams::totp(otty::core::Secret::from_base32(SECRET).unwrap());
    otty::core::otp::generate(&p, unix).text.to_string()
}

/// Now, in unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Upload [`PNG`] as an icon with the server's token; returns the icon's name.
pub async fn upload_icon(s: &Server) -> String {
    use reqwest::multipart::{Form, Part};
    let form = Form::new().part("icon", Part::bytes(PNG.to_vec()).file_name("x.png"));
    let r = s
        .client
        .post(s.url("/api/v1/icons"))
        .bearer_auth(&s.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let body: serde_json::Value = r.json().await.unwrap();
    body["filename"].as_str().unwrap().to_owned()
}
