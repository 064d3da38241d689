//! Recovery codes kept encrypted with an account (an otty extension):
//! `GET|PUT /twofaccounts/{id}/backup-codes` and `POST …/backup-codes/use {code}`.
//!
//! Each code is usable once: `use` marks it with the time. The check is the core's
//! [`otty_core::Vault::use_backup_code`]: one immediate transaction on the stored account and
//! its attempt budget (5 wrong codes per 30 s, then 429 with `Retry-After`; each lock logged
//! once), so a code is accepted once in total across every process on the vault.

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::{blocking, twofaccounts};
use crate::error::{ApiError, ApiResult};
use crate::input::Input;
use crate::lock_log::Guessed;
use crate::state::AppState;
use crate::validate::{Check, Need};
use otty_core::account::BackupCode;
use otty_core::vault::Guess;

/// Most codes kept per account.
pub const MAX_CODES: usize = 100;
/// Longest code accepted, in characters.
pub const MAX_CODE_CHARS: usize = 64;

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
    let saved = blocking(&state, move |v| Ok(v.set_backup_codes(a.id, codes)?)).await?;
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
    let code = code.unwrap_or_default();
    let id = a.id;
    let used = blocking(&state, move |v| Ok(v.use_backup_code(id, &code)?)).await?;
    let valid = match used.outcome {
        Guess::Accepted(()) => true,
        Guess::Rejected => false,
        Guess::Throttled { retry_after } => {
            state
                .locks
                .refused(Guessed::BackupCode, id, state.now(), retry_after);
            return Err(ApiError::TooManyAttempts(retry_after));
        }
    };
    let remaining = used.remaining;
    Ok(Json(json!({"valid": valid, "remaining": remaining})))
}
