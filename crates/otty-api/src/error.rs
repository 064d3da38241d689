//! [`ApiError`]: every way a request fails, rendered with 2FAuth's exact bodies.
//!
//! Clients see a status and a short message. Details stay in the server's log, and nothing a
//! client sent that might be secret (tokens, secrets, codes) is ever put in a body or a log.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use otty_core::Error as CoreError;
use otty_core::vault::tokens::Scope;

/// A failed request.
#[derive(Debug)]
pub enum ApiError {
    /// 400 `{"message":"bad request","reason":…}` (`reason` an array or an object).
    BadRequest(Value),
    /// 400 with a bare message (`{"message":"…"}`).
    BadRequestMessage(String),
    /// 401 `{"message":"Unauthenticated."}`.
    Unauthenticated,
    /// 403 `{"message":"forbidden","reason":…}`.
    Forbidden(String),
    /// 403 `{"message":"Invalid scope(s) provided."}` (Laravel Passport's words for a token
    /// without the scope a route needs), with `WWW-Authenticate: Bearer
    /// error="insufficient_scope", scope="…"` naming the scope needed.
    MissingScope(Scope),
    /// 404 `{"message":"not found"}`.
    NotFound,
    /// 404 `{"message":"unknowkn endpoint"}` (2FAuth's typo, kept).
    UnknownEndpoint,
    /// 405 for a known path with another method.
    MethodNotAllowed,
    /// 409 `{"message":"Conflict"}`.
    Conflict,
    /// 413 when a body is over its limit.
    PayloadTooLarge,
    /// 422 Laravel validation body: `errors` maps fields to messages.
    Validation(Vec<(String, Vec<String>)>),
    /// 429 `{"message":"Too Many Attempts."}` with `Retry-After` seconds.
    TooManyAttempts(u64),
    /// 503 `{"message":"The vault is locked."}`: the TUI sharing this server locked it.
    Locked,
    /// 503 with `Retry-After: 1`: the vault file was replaced on disk (a sync tool, git) and
    /// nothing was written; the server opens the new file within a second.
    Replaced,
    /// 503: the vault failed its integrity check; one-time state is refused until the user
    /// accepts it (`otty check --accept`).
    Unverified,
    /// 500 `{"message":"Server Error"}`; the cause goes to the log only.
    Internal(String),
}

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// A 422 on one field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![(field.into(), vec![message.into()])])
    }

    /// Laravel's summary: the first message, plus "(and N more error[s])".
    fn validation_message(errors: &[(String, Vec<String>)]) -> String {
        let total: usize = errors.iter().map(|(_, m)| m.len()).sum();
        let first = errors
            .iter()
            .flat_map(|(_, m)| m.first())
            .next()
            .cloned()
            .unwrap_or_else(|| "The given data was invalid.".to_owned());
        match total.saturating_sub(1) {
            0 => first,
            1 => format!("{first} (and 1 more error)"),
            n => format!("{first} (and {n} more errors)"),
        }
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::AccountNotFound(_)
            | CoreError::GroupNotFound(_)
            | CoreError::TokenNotFound(_)
            | CoreError::TokenNameNotFound(_) => ApiError::NotFound,
            CoreError::GroupNameNotFound(_) => ApiError::NotFound,
            CoreError::Locked | CoreError::KeyChanged => ApiError::Locked,
            CoreError::FileReplaced => ApiError::Replaced,
            CoreError::Unverified => ApiError::Unverified,
            CoreError::Invalid { field, reason } => {
                ApiError::invalid(field, format!("The {field} field is invalid: {reason}."))
            }
            CoreError::Corrupted { .. } => ApiError::BadRequestMessage(
                "The secret cannot be deciphered: the vault row failed its integrity check"
                    .to_owned(),
            ),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

fn body(status: StatusCode, value: Value) -> Response {
    (status, Json(value)).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::BadRequest(reason) => body(
                StatusCode::BAD_REQUEST,
                json!({"message": "bad request", "reason": reason}),
            ),
            ApiError::BadRequestMessage(m) => body(StatusCode::BAD_REQUEST, json!({"message": m})),
            ApiError::Unauthenticated => body(
                StatusCode::UNAUTHORIZED,
                json!({"message": "Unauthenticated."}),
            ),
            ApiError::Forbidden(reason) => body(
                StatusCode::FORBIDDEN,
                json!({"message": "forbidden", "reason": reason}),
            ),
            ApiError::MissingScope(needed) => {
                let mut r = body(
                    StatusCode::FORBIDDEN,
                    json!({"message": "Invalid scope(s) provided."}),
                );
                let challenge = format!(
                    "Bearer error=\"insufficient_scope\", scope=\"{}\"",
                    needed.as_str()
                );
                if let Ok(value) = HeaderValue::from_str(&challenge) {
                    r.headers_mut().insert(header::WWW_AUTHENTICATE, value);
                }
                r
            }
            ApiError::NotFound => body(StatusCode::NOT_FOUND, json!({"message": "not found"})),
            ApiError::UnknownEndpoint => body(
                StatusCode::NOT_FOUND,
                json!({"message": "unknowkn endpoint"}),
            ),
            ApiError::MethodNotAllowed => body(
                StatusCode::METHOD_NOT_ALLOWED,
                json!({"message": "The method is not supported for this route."}),
            ),
            ApiError::Conflict => body(StatusCode::CONFLICT, json!({"message": "Conflict"})),
            ApiError::PayloadTooLarge => body(
                StatusCode::PAYLOAD_TOO_LARGE,
                json!({"message": "The request body is too large."}),
            ),
            ApiError::Validation(errors) => {
                let message = Self::validation_message(&errors);
                let map: serde_json::Map<String, Value> = errors
                    .into_iter()
                    .map(|(k, v)| (k, Value::from(v)))
                    .collect();
                body(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    json!({"message": message, "errors": map}),
                )
            }
            ApiError::TooManyAttempts(retry_after) => {
                let mut r = body(
                    StatusCode::TOO_MANY_REQUESTS,
                    json!({"message": "Too Many Attempts."}),
                );
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after.max(1)));
                r
            }
            ApiError::Locked => body(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({"message": "The vault is locked."}),
            ),
            ApiError::Replaced => {
                let mut r = body(
                    StatusCode::SERVICE_UNAVAILABLE,
                    json!({"message": "The vault file was replaced on disk; nothing was written. Retry in a second."}),
                );
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                r
            }
            ApiError::Unverified => body(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({"message": "The vault failed its integrity check: run `otty check`, and `otty check --accept` once you have read it."}),
            ),
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                body(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({"message": "Server Error"}),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laravel_summary_counts_the_other_errors() {
        let e = vec![
            ("a".to_owned(), vec!["A.".to_owned(), "B.".to_owned()]),
            ("c".to_owned(), vec!["C.".to_owned()]),
        ];
        assert_eq!(ApiError::validation_message(&e), "A. (and 2 more errors)");
        assert_eq!(ApiError::validation_message(&e[1..]), "C.");
    }
}
