//! [`Input`]: the request's query string and body merged into one JSON object, as Laravel's
//! request does: body keys win over query keys, strings are trimmed and `""`
//! becomes `null`. The body may be JSON or `application/x-www-form-urlencoded`; a body that is
//! not a JSON object is read as empty, so the validation rules report what is missing.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde_json::{Map, Value};

use super::error::ApiError;

/// Merged, normalised request input.
#[derive(Debug, Default, Clone)]
pub struct Input(pub Map<String, Value>);

fn normalise(v: Value) -> Value {
    match v {
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                Value::Null
            } else if t.len() == s.len() {
                Value::String(s)
            } else {
                Value::String(t.to_owned())
            }
        }
        Value::Array(a) => Value::Array(a.into_iter().map(normalise).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalise(v))).collect()),
        other => other,
    }
}

fn form(bytes: &[u8], into: &mut Map<String, Value>) {
    for (k, v) in form_urlencoded::parse(bytes) {
        into.insert(k.into_owned(), Value::String(v.into_owned()));
    }
}

impl Input {
    /// Input from a query string alone.
    pub fn from_query(query: Option<&str>) -> Self {
        let mut map = Map::new();
        if let Some(q) = query {
            form(q.as_bytes(), &mut map);
        }
        Input(map.into_iter().map(|(k, v)| (k, normalise(v))).collect())
    }

    /// Whether the key was sent at all (even as `null`).
    pub fn has(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// The value of a key, `None` when absent.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// A string value, if the key holds one.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Value::as_str)
    }

    /// PHP's `FILTER_VALIDATE_BOOLEAN`: `1`, `true`, `on`, `yes` are true, anything else false.
    pub fn flag(&self, key: &str) -> bool {
        match self.0.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(Value::Number(n)) => n.as_i64() == Some(1),
            Some(Value::String(s)) => {
                matches!(s.to_ascii_lowercase().as_str(), "1" | "true" | "on" | "yes")
            }
            _ => false,
        }
    }

    /// Like [`Input::flag`], but `default` when the key is absent or null.
    pub fn flag_or(&self, key: &str, default: bool) -> bool {
        match self.0.get(key) {
            None | Some(Value::Null) => default,
            Some(_) => self.flag(key),
        }
    }
}

impl<S: Send + Sync> FromRequest<S> for Input {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut map = Map::new();
        if let Some(q) = req.uri().query() {
            form(q.as_bytes(), &mut map);
        }
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::BadRequestMessage("the request body could not be read".to_owned())
            }
        })?;
        if content_type.starts_with("application/x-www-form-urlencoded") {
            form(&bytes, &mut map);
        } else if !bytes.is_empty()
            && let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&bytes)
        {
            map.extend(body);
        }
        Ok(Input(
            map.into_iter().map(|(k, v)| (k, normalise(v))).collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_trimmed_and_empty_is_null() {
        let i = Input::from_query(Some("a=+x+&b=&withOtp=0&c=yes"));
        assert_eq!(i.str("a"), Some("x"));
        assert_eq!(i.get("b"), Some(&Value::Null));
        assert!(i.has("withOtp") && !i.flag("withOtp"));
        assert!(i.flag("c"));
        assert!(i.flag_or("missing", true));
    }
}
