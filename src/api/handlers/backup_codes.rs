//! Recovery codes kept encrypted with an account (otty extension, DESIGN §5):
//! `GET|PUT /twofaccounts/{id}/backup-codes` and `POST …/backup-codes/use {code}`.
//!
//! Each code is usable once: `use` marks it with the time. Codes are compared ignoring case,
//! spaces and hyphens (`abcd-efgh` = `ABCD EFGH`), in constant time.

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

use super::{blocking, twofaccounts};
use crate::api::error::{ApiError, ApiResult};
use crate::api::input::Input;
use crate::api::state::AppState;
use crate::api::validate::{Check, Need};
use crate::core::account::BackupCode;

/// Most codes kept per account.
pub const MAX_CODES: usize = 100;
/// Longest code accepted, in characters.
pub const MAX_CODE_CHARS: usize = 64;

fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

fn list(codes: &[BackupCode]) -> Value {
    json!(
        codes
            .iter()
            .map(|c| json!({"code": c.code, "used_at": c.used_at}))
            .collect::<Vec<_>>()
    )
}

/// `GET /twofaccounts/{id}/backup-codes`: `[{code, used_at}]`.
pub async fn show(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let a = twofaccounts::find(&state.vault, &id)?;
    Ok(Json(list(&a.data.backup_codes)))
}

/// `PUT /twofaccounts/{id}/backup-codes {codes:[…]}`: replace them all.
pub async fn replace(
    State(state): State<AppState>,
    Path(id): Path<String>,
    input: Input,
) -> ApiResult<Json<Value>> {
    let a = twofaccounts::find(&state.vault, &id)?;
    let mut c = Check::new(&input);
    let raw = c.value("codes", Need::Required).cloned();
    c.finish()?;
    let Some(Value::Array(items)) = raw else {
        return Err(ApiError::invalid(
            "codes",
            "The codes field must be an array.",
        ));
    };
    if items.len() > MAX_CODES {
        return Err(ApiError::invalid(
            "codes",
            format!("The codes field must not have more than {MAX_CODES} items."),
        ));
    }
    let mut codes = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item.as_str() {
            Some(s)
                if !s.is_empty()
                    && s.chars().count() <= MAX_CODE_CHARS
                    && !s.chars().any(char::is_control) =>
            {
                codes.push(BackupCode {
                    code: s.to_owned(),
                    used_at: None,
                });
            }
            _ => {
                return Err(ApiError::invalid(
                    format!("codes.{i}"),
                    format!(
                        "The codes.{i} field must be a string of 1 to {MAX_CODE_CHARS} characters."
                    ),
                ));
            }
        }
    }
    let serial = state.serial.clone();
    let saved = blocking(&state, move |v| {
        let _one = serial
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut data = v.account(a.id)?.data;
        data.backup_codes = codes;
        Ok(v.update(a.id, data)?.data.backup_codes)
    })
    .await?;
    Ok(Json(list(&saved)))
}

/// `POST /twofaccounts/{id}/backup-codes/use {code}`: `{valid, remaining}`.
pub async fn use_code(
    State(state): State<AppState>,
    Path(id): Path<String>,
    input: Input,
) -> ApiResult<Json<Value>> {
    let a = twofaccounts::find(&state.vault, &id)?;
    let mut c = Check::new(&input);
    let code = c.string("code", Need::Required);
    c.finish()?;
    let wanted = normalise(&code.unwrap_or_default());
    let serial = state.serial.clone();
    let now = state.now();
    let (valid, remaining) = blocking(&state, move |v| {
        let _one = serial
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut data = v.account(a.id)?.data;
        let mut hit = None;
        for (i, c) in data.backup_codes.iter().enumerate() {
            let n = normalise(&c.code);
            let same = n.len() == wanted.len() && bool::from(n.as_bytes().ct_eq(wanted.as_bytes()));
            if same && c.used_at.is_none() && hit.is_none() {
                hit = Some(i);
            }
        }
        if let Some(i) = hit {
            data.backup_codes[i].used_at = Some(now);
        }
        let remaining = data
            .backup_codes
            .iter()
            .filter(|c| c.used_at.is_none())
            .count();
        if hit.is_some() {
            v.update(a.id, data)?;
        }
        Ok((hit.is_some(), remaining))
    })
    .await?;
    Ok(Json(json!({"valid": valid, "remaining": remaining})))
}
