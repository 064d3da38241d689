//! The one user (`GET /user`, `GET /user/name`) and their preferences
//! (`/user/preferences[/{name}]`).
//!
//! Preferences have 2FAuth's names and defaults; changed values are kept sealed in the vault's
//! settings under `pref.<name>`, where the TUI can read them. None is ever locked.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::blocking;
use crate::error::{ApiError, ApiResult};
use crate::input::Input;
use crate::shapes::Preference;
use crate::state::AppState;
use crate::validate::Check;
use otty_core::Vault;

/// 2FAuth's preferences and their defaults (`config/2fauth.php`), as otty serves them.
pub const PREFERENCES: &[(&str, DefaultValue)] = &[
    ("showOtpAsDot", DefaultValue::Bool(false)),
    ("revealDottedOTP", DefaultValue::Bool(false)),
    ("closeOtpOnCopy", DefaultValue::Bool(false)),
    ("showNextOtp", DefaultValue::Bool(true)),
    ("copyOtpOnDisplay", DefaultValue::Bool(false)),
    ("clearSearchOnCopy", DefaultValue::Bool(false)),
    ("viewDefaultGroupOnCopy", DefaultValue::Bool(false)),
    ("useBasicQrcodeReader", DefaultValue::Bool(false)),
    ("displayMode", DefaultValue::Str("list")),
    ("showAccountsIcons", DefaultValue::Bool(true)),
    ("iconCollection", DefaultValue::Str("selfh")),
    ("iconVariant", DefaultValue::Str("regular")),
    ("iconVariantStrictFetch", DefaultValue::Bool(false)),
    ("kickUserAfter", DefaultValue::Int(15)),
    ("activeGroup", DefaultValue::Int(0)),
    ("rememberActiveGroup", DefaultValue::Bool(true)),
    ("defaultGroup", DefaultValue::Int(0)),
    ("useDirectCapture", DefaultValue::Bool(false)),
    ("defaultCaptureMode", DefaultValue::Str("livescan")),
    ("useWebauthnOnly", DefaultValue::Bool(false)),
    ("getOfficialIcons", DefaultValue::Bool(false)),
    ("theme", DefaultValue::Str("system")),
    ("formatPassword", DefaultValue::Bool(true)),
    ("formatPasswordBy", DefaultValue::Float(0.5)),
    ("lang", DefaultValue::Str("browser")),
    ("getOtpOnRequest", DefaultValue::Bool(true)),
    ("notifyOnNewAuthDevice", DefaultValue::Bool(false)),
    ("notifyOnFailedLogin", DefaultValue::Bool(false)),
    ("timezone", DefaultValue::Str("UTC")),
    ("sortCaseSensitive", DefaultValue::Bool(false)),
    ("sortOrder", DefaultValue::Str("asc")),
    ("autoCloseTimeout", DefaultValue::Int(2)),
    ("AutoSaveQrcodedAccount", DefaultValue::Bool(false)),
    ("showEmailInFooter", DefaultValue::Bool(false)),
];

/// A default value (const-friendly).
#[derive(Debug, Clone, Copy)]
pub enum DefaultValue {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number.
    Float(f64),
    /// A string.
    Str(&'static str),
}

impl DefaultValue {
    /// As JSON.
    pub fn json(self) -> Value {
        match self {
            DefaultValue::Bool(b) => json!(b),
            DefaultValue::Int(n) => json!(n),
            DefaultValue::Float(f) => json!(f),
            DefaultValue::Str(s) => json!(s),
        }
    }
}

/// The settings key holding a preference.
pub fn pref_key(name: &str) -> String {
    format!("pref.{name}")
}

/// A preference's current value (stored, else default); `None` for unknown names.
pub fn preference(vault: &Vault, name: &str) -> Option<Value> {
    let default = PREFERENCES.iter().find(|(n, _)| *n == name)?.1;
    Some(
        vault
            .setting(&pref_key(name))
            .ok()
            .flatten()
            .unwrap_or_else(|| default.json()),
    )
}

fn all_preferences(vault: &Vault) -> ApiResult<Vec<(String, Value)>> {
    let stored = vault.settings_with_prefix("pref.")?;
    Ok(PREFERENCES
        .iter()
        .map(|(name, default)| {
            let key = pref_key(name);
            let v = stored
                .iter()
                .find(|(k, _)| *k == key)
                .map_or_else(|| default.json(), |(_, v)| v.clone());
            ((*name).to_owned(), v)
        })
        .collect())
}

/// The one user's name: `$USER`, else `otty`.
pub fn user_name() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "otty".to_owned())
}

/// `GET /user`
pub async fn show(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let prefs: serde_json::Map<String, Value> =
        all_preferences(&state.vault)?.into_iter().collect();
    Ok(Json(json!({
        "id": 1,
        "name": user_name(),
        "email": "otty@localhost",
        "oauth_provider": null,
        "authenticated_by_proxy": false,
        "preferences": prefs,
        "appSettings": {"enableSharing": false, "enableAllUsersSharingScope": false},
        "is_admin": true,
    })))
}

/// `GET /user/name`: deprecated in 2FAuth, no auth: `{"deprecation":true}`.
pub async fn name() -> Response {
    let mut r = Json(json!({"deprecation": true})).into_response();
    r.headers_mut().insert(
        "Deprecation",
        HeaderValue::from_static("Tue, 21 Mar 2023 00:00:00 GMT"),
    );
    r
}

/// `GET /user/preferences`
pub async fn preferences(State(state): State<AppState>) -> ApiResult<Json<Vec<Preference>>> {
    Ok(Json(
        all_preferences(&state.vault)?
            .into_iter()
            .map(|(key, value)| Preference {
                key,
                value,
                locked: Some(false),
            })
            .collect(),
    ))
}

/// `GET /user/preferences/{name}`
pub async fn show_preference(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> ApiResult<Json<Preference>> {
    let value = preference(&state.vault, &name).ok_or(ApiError::NotFound)?;
    Ok(Json(Preference {
        key: name,
        value,
        locked: Some(false),
    }))
}

/// `PUT /user/preferences/{name} {value}`: **201** `{key, value}` (2FAuth's status). The value
/// is a string, a boolean or a number (`formatPasswordBy` is 0.5).
pub async fn set_preference(
    State(state): State<AppState>,
    Path(name): Path<String>,
    input: Input,
) -> ApiResult<Response> {
    let mut c = Check::new(&input);
    let value = c.setting_value("value", true);
    c.finish()?;
    if preference(&state.vault, &name).is_none() {
        return Err(ApiError::NotFound);
    }
    let value = value.unwrap_or(Value::Null);
    let (key, stored) = (pref_key(&name), value.clone());
    blocking(&state, move |v| Ok(v.set_setting(&key, &stored)?)).await?;
    let body = Preference {
        key: name,
        value,
        locked: None,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}
