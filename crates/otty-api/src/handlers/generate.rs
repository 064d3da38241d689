//! `POST /api/2fa/generate` (an otty extension, docs/DESIGN.md «/api/2fa/generate»): a TOTP code
//! for a secret the caller sends (form or JSON `secret`; optional `digits`, `period`, `algorithm`),
//! nothing stored.
//!
//! It has its own envelope, `{code, message, data}`, for success and errors alike, and its own
//! authentication: the token may come as `X-API-Key`, the `api_key` parameter or a Bearer
//! header. Failed attempts count against the same throttle as `/api/v1`.

use axum::Json;
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::auth::{Failure, authenticate, bearer};
use crate::input::Input;
use crate::state::AppState;
use otty_core::{Algorithm, OtpParams, Secret, otp};

fn envelope(status: StatusCode, message: &str, data: Value) -> Response {
    (
        status,
        Json(json!({"code": status.as_u16(), "message": message, "data": data})),
    )
        .into_response()
}

fn bad(message: &str) -> Response {
    envelope(StatusCode::BAD_REQUEST, message, Value::Null)
}

fn number(input: &Input, key: &str, default: i64) -> Option<i64> {
    match input.get(key) {
        None | Some(Value::Null) => Some(default),
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
}

/// `POST /api/2fa/generate`
pub async fn generate(State(state): State<AppState>, req: Request) -> Response {
    let headers = req.headers().clone();
    let input = <Input as FromRequest<AppState>>::from_request(req, &state)
        .await
        .unwrap_or_default();
    // Every credential presented must be valid: an invalid one next to a valid one is refused
    // rather than ignored.
    let presented: Vec<&str> = [
        headers.get("x-api-key").and_then(|v| v.to_str().ok()),
        bearer(&headers),
        input.str("api_key"),
    ]
    .into_iter()
    .flatten()
    .collect();
    // No credential is still throttle-checked and counted as a failure.
    let outcome = if presented.is_empty() {
        authenticate(&state, None).map(|_| ())
    } else {
        presented
            .iter()
            .try_for_each(|c| authenticate(&state, Some(c)).map(|_| ()))
    };
    match outcome {
        Ok(()) => {}
        Err(Failure::Throttled(retry)) => {
            let mut r = envelope(
                StatusCode::TOO_MANY_REQUESTS,
                "Too Many Attempts.",
                json!({"retry_after": retry}),
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry));
            return r;
        }
        Err(Failure::Unauthenticated) => {
            return envelope(StatusCode::UNAUTHORIZED, "Unauthenticated.", Value::Null);
        }
    }
    let Some(text) = input.str("secret") else {
        return bad("The secret field is required.");
    };
    let secret = match Secret::from_base32(text) {
        Ok(s) if !s.is_empty() => s,
        _ => return bad("The secret field must be a base32 encoded string."),
    };
    let algorithm = match input.str("algorithm").map(Algorithm::parse) {
        None => Algorithm::Sha1,
        Some(Ok(a)) => a,
        Some(Err(_)) => return bad("The selected algorithm is invalid."),
    };
    let (Some(digits), Some(period)) = (number(&input, "digits", 6), number(&input, "period", 30))
    else {
        return bad("The digits and period fields must be integers.");
    };
    let params = OtpParams {
        algorithm,
        digits: u8::try_from(digits).unwrap_or(0),
        period: u32::try_from(period).unwrap_or(0),
        ..OtpParams::totp(secret)
    };
    if let Err(otty_core::Error::Invalid { field, reason }) = params.validate() {
        return bad(&format!("The {field} field is invalid: {reason}."));
    }
    let now = state.now();
    let code = otp::generate(&params, now);
    let remaining = otp::remaining(now, params.period);
    envelope(
        StatusCode::OK,
        "OK",
        json!({
            "code": code.text.as_str(),
            "remaining_time": remaining,
            "timestamp": now,
            "valid_until": now + i64::from(remaining),
        }),
    )
}
