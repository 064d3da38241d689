//! `GET /features[/{name}]`: 2FAuth's feature flags. Sharing is off (one user); the rest on.

use axum::Json;
use axum::extract::Path;

use crate::error::{ApiError, ApiResult};
use crate::shapes::Feature;

const FEATURES: &[(&str, &str)] = &[
    ("iconPack", "enabled"),
    ("sharing", "disabled"),
    ("allUsersSharingScope", "disabled"),
    ("showNextOtp", "enabled"),
    ("groupChips", "enabled"),
];

/// `GET /features`
pub async fn index() -> Json<Vec<Feature>> {
    Json(
        FEATURES
            .iter()
            .map(|(name, state)| Feature { name, state })
            .collect(),
    )
}

/// `GET /features/{name}`: 404 for an unknown name.
pub async fn show(Path(name): Path<String>) -> ApiResult<Json<Feature>> {
    FEATURES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(name, state)| Json(Feature { name, state }))
        .ok_or(ApiError::NotFound)
}
