//! What 2FAuth answers outside its routes: an unknown `GET` is 404
//! `{"message":"unknowkn endpoint"}` (typo kept; no token needed), another method 405. The
//! hidden benchmark route lives here too.

use axum::http::Method;

use crate::error::ApiError;

/// Fallback for paths no route matches.
pub async fn unknown(method: Method) -> ApiError {
    if method == Method::GET || method == Method::HEAD {
        ApiError::UnknownEndpoint
    } else {
        ApiError::MethodNotAllowed
    }
}

/// Fallback for a known path with an unsupported method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// `GET /api/v1/_ping` (only with `bench_ceiling`): the trivial handler whose throughput is
/// the ceiling `scripts/bench-api.sh` compares the OTP route with.
pub async fn ping() -> &'static str {
    "pong"
}
