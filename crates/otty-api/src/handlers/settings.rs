//! `/api/v1/settings`: 2FAuth's native settings with their defaults, merged
//! with custom key/values the user stores. The one user is the admin. Custom values are kept
//! sealed in the vault under `setting.<key>`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::blocking;
use crate::error::{ApiError, ApiResult};
use crate::input::Input;
use crate::shapes::Setting;
use crate::state::AppState;
use crate::validate::{Check, Need};
use otty_core::Vault;

const PREFIX: &str = "setting.";

fn native() -> Vec<(&'static str, Value)> {
    vec![
        ("useEncryption", json!(true)),
        ("checkForUpdate", json!(false)),
        ("lastRadarScan", json!(0)),
        ("latestRelease", json!(false)),
        ("disableRegistration", json!(true)),
        ("enableSso", json!(false)),
        ("useSsoOnly", json!(false)),
        ("allowPatWhileSsoOnly", json!(false)),
        ("restrictRegistration", json!(false)),
        ("restrictList", json!("")),
        ("restrictRule", json!("")),
        ("keepSsoRegistrationEnabled", json!(false)),
        ("storeIconsInDatabase", json!(true)),
        ("enableSharing", json!(false)),
        ("enableAllUsersSharingScope", json!(false)),
    ]
}

fn is_native(key: &str) -> bool {
    native().iter().any(|(k, _)| *k == key)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic())
}

fn all(vault: &Vault) -> ApiResult<Vec<Setting>> {
    let stored = vault.settings_with_prefix(PREFIX)?;
    let mut out: Vec<Setting> = native()
        .into_iter()
        .map(|(k, v)| Setting {
            key: k.to_owned(),
            value: v,
        })
        .collect();
    for (key, value) in stored {
        let key = key[PREFIX.len()..].to_owned();
        match out.iter_mut().find(|s| s.key == key) {
            Some(s) => s.value = value,
            None => out.push(Setting { key, value }),
        }
    }
    Ok(out)
}

fn one(vault: &Vault, name: &str) -> ApiResult<Setting> {
    if !valid_name(name) {
        return Err(ApiError::NotFound);
    }
    all(vault)?
        .into_iter()
        .find(|s| s.key == name)
        .ok_or(ApiError::NotFound)
}

/// `GET /settings`
pub async fn index(State(state): State<AppState>) -> ApiResult<Json<Vec<Setting>>> {
    Ok(Json(all(&state.vault)?))
}

/// `GET /settings/{name}`
pub async fn show(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> ApiResult<Json<Setting>> {
    Ok(Json(one(&state.vault, &name)?))
}

/// `POST /settings {key, value}`: 201; the key is letters only, at most 128, new.
pub async fn store(State(state): State<AppState>, input: Input) -> ApiResult<Response> {
    let mut c = Check::new(&input);
    let key = c.string("key", Need::Required);
    let value = c.setting_value("value", false);
    if let Some(k) = &key {
        if !valid_name(k) {
            c.fail("key", "The key field must only contain letters.");
        } else if k.len() > 128 {
            c.fail(
                "key",
                "The key field must not be greater than 128 characters.",
            );
        } else if one(&state.vault, k).is_ok() {
            c.fail("key", "The key has already been taken.");
        }
    }
    c.finish()?;
    let (key, value) = (key.unwrap_or_default(), value.unwrap_or(Value::Null));
    let (k, v) = (format!("{PREFIX}{key}"), value.clone());
    blocking(&state, move |vault| Ok(vault.set_setting(&k, &v)?)).await?;
    Ok((StatusCode::CREATED, Json(Setting { key, value })).into_response())
}

/// `PUT /settings/{name} {value}`: 200, creating the key if missing. The value is a string, a
/// boolean or an integer (`restrictList` and `restrictRule` may be emptied to `""`).
pub async fn update(
    State(state): State<AppState>,
    Path(name): Path<String>,
    input: Input,
) -> ApiResult<Json<Setting>> {
    if !valid_name(&name) {
        return Err(ApiError::NotFound);
    }
    let mut c = Check::new(&input);
    // These two may be emptied; empty is how they are served ("", their default).
    let emptiable = name == "restrictList" || name == "restrictRule";
    let value = if emptiable && c.value("value", Need::Optional).is_none() {
        Some(json!(""))
    } else {
        c.setting_value("value", false)
    };
    c.finish()?;
    let value = value.unwrap_or(Value::Null);
    let (k, v) = (format!("{PREFIX}{name}"), value.clone());
    blocking(&state, move |vault| Ok(vault.set_setting(&k, &v)?)).await?;
    Ok(Json(Setting { key: name, value }))
}

/// `DELETE /settings/{name}`: 204 for custom keys, 400 for native ones, 404 if unknown.
pub async fn destroy(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> ApiResult<StatusCode> {
    one(&state.vault, &name)?;
    if is_native(&name) && name != "restrictList" && name != "restrictRule" {
        return Err(ApiError::BadRequest(json!([
            "Only user-created setting can be deleted"
        ])));
    }
    let k = format!("{PREFIX}{name}");
    blocking(&state, move |vault| Ok(vault.remove_setting(&k)?)).await?;
    Ok(StatusCode::NO_CONTENT)
}
