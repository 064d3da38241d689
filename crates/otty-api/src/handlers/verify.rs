//! `POST /twofaccounts/{id}/verify {code, window?}` → `{valid, delta}` (an otty extension):
//! checks a code a user typed, for services built on otty.
//!
//! The check is the core's [`otty_core::Vault::verify_code`]: one immediate transaction on
//! the stored account, its replay record and its attempt budget, so a code is accepted once in
//! total across every process on the vault, and a guesser gets 5 wrong guesses per 30 s before
//! 429 with `Retry-After` and growing locks, each logged once ([`crate::lock_log`]).

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::{blocking, twofaccounts};
use crate::error::{ApiError, ApiResult};
use crate::input::Input;
use crate::lock_log::Guessed;
use crate::state::AppState;
use crate::validate::{Check, Need};
use otty_core::vault::{Guess, MAX_WINDOW};

/// `POST /twofaccounts/{id}/verify`
pub async fn verify(
    State(state): State<AppState>,
    Path(id): Path<String>,
    input: Input,
) -> ApiResult<Json<Value>> {
    let account = twofaccounts::find(&state.vault, &id)?;
    let mut c = Check::new(&input);
    let code = c.string("code", Need::Required);
    let window = c
        .between("window", Need::Optional, 0, MAX_WINDOW as i64)
        .unwrap_or(1);
    c.finish()?;
    let code = code.unwrap_or_default();
    let id = account.id;
    let guess = blocking(&state, move |v| {
        Ok(v.verify_code(id, &code, window.unsigned_abs())?)
    })
    .await?;
    match guess {
        Guess::Accepted(delta) => Ok(Json(json!({"valid": true, "delta": delta}))),
        Guess::Rejected => Ok(Json(json!({"valid": false, "delta": null}))),
        Guess::Throttled { retry_after } => {
            state
                .locks
                .refused(Guessed::Code, id, state.now(), retry_after);
            Err(ApiError::TooManyAttempts(retry_after))
        }
    }
}
