//! `POST /twofaccounts/{id}/verify {code, window?}` → `{valid, delta}` (otty extension,
//! DESIGN §5): checks a code a user typed, for services built on otty.
//!
//! Replay protection (RFC 6238 §5.2): a TOTP time step accepted once is never accepted again
//! for that account; later steps only. The last accepted step is kept in memory (checked and
//! set under one lock, so two concurrent requests cannot both win) and sealed in the vault
//! (`verify.<id>`) so a restart does not reopen the window. HOTP looks ahead `window` counters
//! and moves the stored counter past the accepted one, as RFC 4226 §7.2 resynchronisation
//! ([`crate::core::Vault::resync_hotp`], one transaction on the stored counter).

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

use super::{blocking, twofaccounts};
use crate::api::error::ApiResult;
use crate::api::input::Input;
use crate::api::state::AppState;
use crate::api::validate::{Check, Need};
use crate::core::{OtpKind, otp};

/// Largest `window` accepted.
pub const MAX_WINDOW: i64 = 10;

fn equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

fn replay_key(id: i64) -> String {
    format!("verify.{id}")
}

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
        .between("window", Need::Optional, 0, MAX_WINDOW)
        .unwrap_or(1);
    c.finish()?;
    let params = &account.data.otp;
    // Steam symbols are upper case; people type them any way.
    let code: String = code
        .unwrap_or_default()
        .chars()
        .filter(|ch| !ch.is_whitespace())
        .map(|ch| {
            if params.kind == OtpKind::Steam {
                ch.to_ascii_uppercase()
            } else {
                ch
            }
        })
        .collect();
    let id = account.id;

    if params.kind == OtpKind::Hotp {
        // The look-ahead runs in the core, inside one write transaction, against the counter
        // stored now: another process may have advanced it since our cached copy was read.
        let found = blocking(&state, move |v| {
            Ok(v.resync_hotp(id, window as u64, |candidate| equal(candidate, &code))?)
        })
        .await?;
        return Ok(Json(match found {
            Some(delta) => json!({"valid": true, "delta": delta}),
            None => json!({"valid": false, "delta": null}),
        }));
    }

    let now = state.now();
    let current = otp::time_step(now, params.period) as i64;
    let mut deltas: Vec<i64> = (-window..=window).collect();
    deltas.sort_by_key(|d| (d.abs(), *d));
    let matched = deltas.into_iter().find(|d| {
        let step = current + d;
        step >= 0 && equal(&otp::at_counter(params, step as u64).text, &code)
    });
    let Some(delta) = matched else {
        return Ok(Json(json!({"valid": false, "delta": null})));
    };
    let step = (current + delta) as u64;
    let persisted = state
        .vault
        .setting(&replay_key(id))?
        .and_then(|v| v.as_u64());
    let fresh = {
        let mut accepted = state.accepted();
        let last = accepted.get(&id).copied().or(persisted);
        if last.is_some_and(|l| step <= l) {
            false
        } else {
            accepted.insert(id, step);
            true
        }
    };
    if !fresh {
        return Ok(Json(json!({"valid": false, "delta": null})));
    }
    blocking(&state, move |v| {
        Ok(v.set_setting(&replay_key(id), &json!(step))?)
    })
    .await?;
    Ok(Json(json!({"valid": true, "delta": delta})))
}
