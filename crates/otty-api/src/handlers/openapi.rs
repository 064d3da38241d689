//! `GET /api/v1/openapi.json`: the API's description; no token needed.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::openapi::DOCUMENT;

/// Serve the document.
pub async fn document() -> Response {
    let mut r = DOCUMENT.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}
