//! Icons (docs/DESIGN.md, «Icons»): upload PNG, JPEG or WebP (`multipart` field `icon`, up to
//! 4 MiB), stored sealed in the vault; served at `GET /api/v1/icons/{filename}` (behind the
//! token, unlike 2FAuth's public `/storage/icons`); deleted with 204 always.
//!
//! The type is decided by the file's magic bytes, never by the client's claim. SVG is refused:
//! sanitising SVG safely needs a full XML parser and an allow-list, and a refused icon costs a
//! user less than a script served from a local origin.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::blocking;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// `(extension, media type)` of a supported image, by its first bytes.
pub fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("png", "image/png"))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("jpg", "image/jpeg"))
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(("webp", "image/webp"))
    } else {
        None
    }
}

/// Read the one file field `name` of a multipart body (422 when missing, or when the body is
/// not multipart at all).
pub async fn file_field(
    form: Result<Multipart, MultipartRejection>,
    name: &str,
) -> ApiResult<Vec<u8>> {
    let required = || ApiError::invalid(name, format!("The {name} field is required."));
    let mut form = form.map_err(|_| required())?;
    loop {
        let field = form.next_field().await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                required()
            }
        })?;
        let Some(field) = field else {
            return Err(required());
        };
        if field.name() == Some(name) {
            let bytes = field.bytes().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge
                } else {
                    required()
                }
            })?;
            if bytes.is_empty() {
                return Err(required());
            }
            return Ok(bytes.to_vec());
        }
    }
}

/// `POST /icons` (multipart `icon`): 201 `{filename}`.
pub async fn upload(
    State(state): State<AppState>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let bytes = file_field(form, "icon").await?;
    let Some((ext, mime)) = sniff(&bytes) else {
        return Err(ApiError::invalid(
            "icon",
            "The icon field must be an image (PNG, JPEG or WebP).",
        ));
    };
    let name = blocking(&state, move |v| Ok(v.add_icon(ext, mime, &bytes)?)).await?;
    Ok((StatusCode::CREATED, Json(json!({"filename": name}))).into_response())
}

/// `GET /icons/{filename}`: the image, or 404.
pub async fn show(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult<Response> {
    let icon = state.vault.icon(&name)?.ok_or(ApiError::NotFound)?;
    let mut r = icon.bytes.into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&icon.mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'"),
    );
    Ok(r)
}

/// `DELETE /icons/{filename}`: 204, whether or not it existed; accounts that named it lose
/// their icon in the same transaction.
pub async fn destroy(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> ApiResult<StatusCode> {
    blocking(&state, move |v| Ok(v.remove_icon(&name)?)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /icons/packs`: otty has no icon packs: `[]`.
pub async fn packs() -> Json<Vec<serde_json::Value>> {
    Json(Vec::new())
}

/// `POST /icons/default`: otty never fetches logos from the internet: 204.
pub async fn official() -> StatusCode {
    StatusCode::NO_CONTENT
}
