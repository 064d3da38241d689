//! Icons (docs/DESIGN.md, «Icons»): upload PNG, JPEG or WebP (`multipart` field `icon`, up to
//! 4 MiB), stored sealed in the vault; served at `GET /storage/icons/{filename}` without a token
//! as 2FAuth serves them (its clients put that URL in an `<img>`), only for names too long and
//! random to guess, and at `GET /api/v1/icons/{filename}` behind the token; deleted with 204
//! always.
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

use otty_core::vault::icons::{Icon, is_unguessable};

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
    Ok(image(icon))
}

/// `GET /storage/icons/{filename}`, no token: the image, or 404 for an unknown name and for any
/// name otty would not draw ([`is_unguessable`]: fewer than 20 random characters), which is
/// never looked up. A bearer token sent along (2FAuth's Android app sends one) is ignored.
pub async fn public(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> ApiResult<Response> {
    if !is_unguessable(&name) {
        return Err(ApiError::NotFound);
    }
    let icon = state.vault.icon(&name)?.ok_or(ApiError::NotFound)?;
    let mut r = image(icon);
    // A name is never reused for other bytes, so browsers may keep the image.
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=86400"),
    );
    Ok(r)
}

/// The placeholder 2FAuth's clients show for an account without an icon: a plain grey tile,
/// drawn for otty.
const NO_ICON: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\">\
                       <rect width=\"64\" height=\"64\" rx=\"12\" fill=\"#b4b4b4\"/></svg>";

/// `GET /storage/noicon.svg`, no token: the placeholder for accounts without an icon (the
/// 2FAuth browser extension loads it for them).
pub async fn placeholder() -> Response {
    let mut r = image(Icon {
        mime: "image/svg+xml".to_owned(),
        bytes: NO_ICON.as_bytes().to_vec(),
    });
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    r
}

/// The image with its media type, never sniffed, never run as a document.
fn image(icon: Icon) -> Response {
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
    r
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
