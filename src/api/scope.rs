//! Token scopes at the API: the middleware that refuses a route to a token below the route's
//! scope, and the check for `withSecret`, which only `admin` tokens may ask for.
//!
//! Each route declares its minimum [`Scope`] in the route table ([`super::router`]), which
//! layers [`require_scope`] on it inside the token check, so the table is the one place a
//! route's scope is written. A refusal is 403 `{"message":"Invalid scope(s) provided."}`
//! ([`ApiError::MissingScope`]).

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::input::Input;
use crate::core::vault::tokens::Scope;

/// Middleware: 403 unless the caller's token has at least the route's scope. It runs after
/// [`super::auth::require_token`]; a request that reaches it without a [`Caller`] is refused.
pub async fn require_scope(State(needed): State<Scope>, req: Request, next: Next) -> Response {
    match req.extensions().get::<Caller>() {
        Some(caller) if caller.scope.allows(needed) => next.run(req).await,
        Some(_) => ApiError::MissingScope(needed).into_response(),
        None => ApiError::Unauthenticated.into_response(),
    }
}

/// Whether a response to `caller` includes secrets: what `withSecret` asks for (`default`
/// when the request does not say), refused with 403 when the caller's token may not see them.
/// Without `withSecret`, a token that may not see secrets gets none, whatever `default` is.
pub fn with_secret(caller: &Caller, input: &Input, default: bool) -> ApiResult<bool> {
    if !caller.scope.reveals_secrets() {
        let asked = input.get("withSecret").is_some_and(|v| !v.is_null());
        if asked && input.flag("withSecret") {
            return Err(ApiError::MissingScope(Scope::Admin));
        }
        return Ok(false);
    }
    Ok(input.flag_or("withSecret", default))
}
