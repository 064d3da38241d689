//! Codes: `GET /twofaccounts/{id}/otp` (HOTP counters persisted), `POST /twofaccounts/otp`
//! (from a URI or fields, nothing saved) and `GET /twofaccounts/{id}/otp-logs`.
//!
//! A TOTP code is computed from the vault's published snapshot and logged to the in-memory
//! buffer, so it never waits for a write or the disk. An HOTP code advances the stored counter in one immediate
//! transaction on the blocking pool (the counter is state and must be synced).

use axum::Json;
use axum::extract::{Extension, Path, State};
use serde_json::json;
use zeroize::Zeroizing;

use super::path_id;
use super::twofaccounts::form::{self, Rules};
use super::{blocking, twofaccounts};
use crate::auth::Caller;
use crate::dto::OtpRead;
use crate::error::{ApiError, ApiResult};
use crate::input::Input;
use crate::shapes::{OtpLog, iso8601};
use crate::state::AppState;
use crate::validate::{Check, Need};
use otty_core::{NewAccount, Otp, OtpKind, otp};

/// `GET /twofaccounts/{id}/otp`
pub async fn show(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<OtpRead>> {
    let id = path_id(&id).map_err(|_| ApiError::UnknownEndpoint)?;
    let now = state.now();
    let mut code = state.vault.peek(id, now)?;
    if code.kind == OtpKind::Hotp {
        code = blocking(&state, move |v| Ok(v.otp(id, now)?)).await?;
    }
    state.usage.record_otp(id, Some(&caller.token_name), now);
    Ok(Json(OtpRead::from(code)))
}

/// The OTP object of an unsaved account: HOTP answers the code at the given counter and
/// `counter + 1`, as 2FAuth does.
pub fn unsaved(data: &NewAccount, now: i64) -> Otp {
    match data.otp.kind {
        OtpKind::Hotp => Otp::hotp(data, data.otp.counter.saturating_add(1)),
        _ => Otp::timed(data, now),
    }
}

/// `POST /twofaccounts/otp`: `{uri, custom_otp?}` alone, or STORE fields (case-sensitive).
pub async fn generate(State(state): State<AppState>, input: Input) -> ApiResult<Json<OtpRead>> {
    let data = if form::wants_uri(&input) {
        if input.0.keys().any(|k| k != "uri" && k != "custom_otp") {
            return Err(ApiError::BadRequest(json!({
                "uri": "The uri parameter must be provided alone or only in combination with the 'custom_otp' parameter"
            })));
        }
        form::from_uri(&input)?
    } else {
        form::from_fields(&input, Rules::Otp, None)?.0
    };
    Ok(Json(OtpRead::from(unsaved(&data, state.now()))))
}

/// `GET /twofaccounts/{id}/otp-logs?period=<months>&limit=<n>`: newest first.
pub async fn logs(
    State(state): State<AppState>,
    Path(id): Path<String>,
    input: Input,
) -> ApiResult<Json<Vec<OtpLog>>> {
    let account = twofaccounts::find(&state.vault, &id)?;
    let mut c = Check::new(&input);
    let months = c.between("period", Need::Optional, 1, 1200);
    let limit = c.between("limit", Need::Optional, 1, 10_000).unwrap_or(100);
    c.finish()?;
    let since = months.map_or(0, |m| state.now().saturating_sub(m * 30 * 86_400));
    let mut entries = state.usage.pending_for(account.id);
    entries.retain(|e| e.created_at >= since);
    entries.reverse();
    entries.extend(state.vault.otp_logs(account.id, since, limit as usize)?);
    let owner = super::user::user_name();
    // One object per code, as 2FAuth logs them: an entry counting a burst stands for several.
    Ok(Json(
        entries
            .into_iter()
            .flat_map(|e| std::iter::repeat_n(e.clone(), e.count.max(1) as usize))
            .take(limit as usize)
            .map(|e| OtpLog {
                requester_name: e.token_name,
                requester_email: None,
                owner_name: owner.clone(),
                owner_email: None,
                ip_address: None,
                generated_at: iso8601(e.created_at),
                otp_type: account.data.otp.kind,
            })
            .collect(),
    ))
}

/// A code as plain text, for comparisons that must not keep copies around.
pub fn code_text(params: &otty_core::OtpParams, counter: u64) -> Zeroizing<String> {
    otp::at_counter(params, counter).text
}
