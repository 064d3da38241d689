//! QR codes: `GET /twofaccounts/{id}/qrcode` draws the account's otpauth URI as an SVG data URI
//! (2FAuth's shape, plus otty's `uri` field), and `POST /qrcode/decode` reads one from an image.
//!
//! Decoding uses the shared decoder (`core::qr`, PNG and JPEG): an image that is not one is a
//! 422, an image without a readable code 2FAuth's 400.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use base64::Engine as _;
use qrcode::{Color, EcLevel, QrCode};
use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::icons::file_field;
use super::twofaccounts;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use otty_core::qr::{self, QrError};
use otty_core::uri;

/// Pixels per module and modules of quiet zone, as 2FAuth's renderer.
const SCALE: usize = 8;
const QUIET: usize = 2;

/// An SVG drawing of `text` as a QR code (one path of unit squares, scaled).
pub fn svg(text: &str) -> ApiResult<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|_| ApiError::BadRequestMessage("the URI is too long for a QR code".into()))?;
    let width = code.width();
    let size = (width + 2 * QUIET) * SCALE;
    let colors = code.to_colors();
    let mut path = String::with_capacity(colors.len() * 8);
    for (i, c) in colors.iter().enumerate() {
        if *c == Color::Dark {
            let (x, y) = (i % width + QUIET, i / width + QUIET);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {v} {v}" shape-rendering="crispEdges"><rect width="{v}" height="{v}" fill="#fff"/><path fill="#000" d="{path}"/></svg>"##,
        v = width + 2 * QUIET
    ))
}

/// `GET /twofaccounts/{id}/qrcode`: `{qrcode: "data:image/svg+xml;base64,…", uri}`.
pub async fn account(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let a = twofaccounts::find(&state.vault, &id)?;
    let link = Zeroizing::new(uri::format(&a.data));
    let drawing = Zeroizing::new(svg(&link)?);
    let data = base64::engine::general_purpose::STANDARD.encode(drawing.as_bytes());
    Ok(Json(json!({
        "qrcode": format!("data:image/svg+xml;base64,{data}"),
        "uri": link.as_str(),
    })))
}

/// `POST /qrcode/decode` (multipart `qrcode`): `{data}`; the text is URL-decoded unless it is
/// an `otpauth-migration://` URI.
pub async fn decode(form: Result<Multipart, MultipartRejection>) -> ApiResult<Json<Value>> {
    let image = file_field(form, "qrcode").await?;
    let text = qr::decode(&image).map_err(|e| match e {
        QrError::NoCode => ApiError::BadRequestMessage(
            "Cannot detect a QR code in the image, try to crop the image".to_owned(),
        ),
        _ => ApiError::invalid("qrcode", "The qrcode field must be a PNG or JPEG image."),
    })?;
    let data = if text.starts_with("otpauth-migration://") {
        text
    } else {
        percent_encoding::percent_decode_str(&text)
            .decode_utf8_lossy()
            .into_owned()
    };
    Ok(Json(json!({ "data": data })))
}

#[cfg(test)]
mod tests {
    #[test]
    fn svg_has_a_path() {
        let s = super::svg("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert!(s.starts_with("<svg") && s.contains("M2 2h1v1h-1z"));
    }
}
