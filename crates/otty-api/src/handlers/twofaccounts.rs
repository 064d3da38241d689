//! `/api/v1/twofaccounts`: list, create, show, update, delete, batch delete, count, preview,
//! reorder and withdraw. OTP routes are in [`super::otp`], export in
//! [`super::export`], migration in [`super::migration`].

pub mod form;

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use self::form::{GroupChoice, Rules};
use super::{blocking, path_id};
use crate::auth::Caller;
use crate::dto::AccountRead;
use crate::error::{ApiError, ApiResult};
use crate::input::Input;
use crate::scope;
use crate::shapes::AccountStore;
use crate::state::AppState;
use crate::validate::{Need, ids_param};
use otty_core::{Account, Otp, Vault};

/// Read objects for `accounts`: secrets when asked, and with `withOtp` the codes of timed
/// accounts, all at one timestamp, each logged.
pub fn reads(
    state: &AppState,
    caller: &Caller,
    accounts: &[Account],
    with_secret: bool,
    with_otp: bool,
) -> Vec<AccountRead> {
    let now = state.now();
    accounts
        .iter()
        .map(|a| read(state, caller, a, with_secret, with_otp, now))
        .collect()
}

/// One Read object (see [`reads`]).
pub fn read(
    state: &AppState,
    caller: &Caller,
    a: &Account,
    with_secret: bool,
    with_otp: bool,
    now: i64,
) -> AccountRead {
    let mut r = AccountRead::new(a);
    if with_secret {
        r = r.with_secret(a);
    }
    if with_otp && a.data.otp.kind.is_timed() {
        r = r.with_otp(&Otp::timed(&a.data, now));
        state.usage.record_otp(a.id, Some(&caller.token_name), now);
    }
    r
}

/// The account `id`, or 404.
pub fn find(vault: &Vault, id: &str) -> ApiResult<Account> {
    let id = path_id(id)?;
    Ok(vault.account(id)?)
}

/// `GET /twofaccounts?ids=&withSecret=&withOtp=` (`withSecret` needs an `admin` token).
pub async fn index(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    input: Input,
) -> ApiResult<Json<Vec<AccountRead>>> {
    let ids = ids_param(&input, Need::Optional)?;
    let with_secret = scope::with_secret(&caller, &input, false)?;
    let mut accounts = state.vault.accounts()?;
    if let Some(ids) = ids {
        accounts.retain(|a| ids.contains(&a.id));
    }
    Ok(Json(reads(
        &state,
        &caller,
        &accounts,
        with_secret,
        input.has("withOtp"),
    )))
}

/// The default group for a new account when the client said nothing (preference
/// `defaultGroup`: 0 none, -1 the active group, N that group).
fn default_group(vault: &Vault) -> Option<i64> {
    let pref = |name: &str| {
        super::user::preference(vault, name)
            .and_then(|v| v.as_i64())
            .unwrap_or(0)
    };
    let wanted = match pref("defaultGroup") {
        -1 => pref("activeGroup"),
        n => n,
    };
    (wanted > 0 && vault.group(wanted).is_ok()).then_some(wanted)
}

/// Check that a chosen group exists (422 `The selected group id is invalid.`).
pub fn check_group(vault: &Vault, choice: GroupChoice) -> ApiResult<()> {
    if let GroupChoice::Id(g) = choice
        && vault.group(g).is_err()
    {
        return Err(ApiError::invalid(
            "group_id",
            "The selected group id is invalid.",
        ));
    }
    Ok(())
}

/// Check that a chosen icon is stored in the vault (422 `The selected icon is invalid.`, as
/// Laravel's `exists` rule); no icon (`null` or `""`) is always fine.
pub fn check_icon(vault: &Vault, icon: Option<&str>) -> ApiResult<()> {
    if let Some(name) = icon
        && !vault.has_icon(name)?
    {
        return Err(ApiError::invalid("icon", "The selected icon is invalid."));
    }
    Ok(())
}

/// `POST /twofaccounts`: from `uri` or from fields; 201 Read.
pub async fn store(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    input: Input,
) -> ApiResult<Response> {
    let (mut data, choice) = if form::wants_uri(&input) {
        (form::from_uri(&input)?, form::uri_group(&input))
    } else {
        form::from_fields(&input, Rules::Store, None)?
    };
    check_group(&state.vault, choice)?;
    check_icon(&state.vault, data.icon.as_deref())?;
    data.group_id = match choice {
        GroupChoice::Id(g) => Some(g),
        GroupChoice::Zero => None,
        GroupChoice::Absent | GroupChoice::Null => default_group(&state.vault),
    };
    let account = blocking(&state, move |v| Ok(v.add(data)?)).await?;
    // The echo of what was just stored has the secret only for tokens that may see secrets.
    let with_secret = caller.scope.reveals_secrets();
    let body = read(&state, &caller, &account, with_secret, false, state.now());
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `GET /twofaccounts/{id}` (secret included unless `withSecret` is false, or the token may not
/// see secrets: then 403 if `withSecret` asks for it, else no secret).
pub async fn show(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    input: Input,
) -> ApiResult<Json<AccountRead>> {
    let with_secret = scope::with_secret(&caller, &input, true)?;
    let a = find(&state.vault, &id)?;
    Ok(Json(read(
        &state,
        &caller,
        &a,
        with_secret,
        input.has("withOtp"),
        state.now(),
    )))
}

/// `PUT|PATCH /twofaccounts/{id}`: full replacement; an absent, null or 0 `group_id`
/// withdraws the account from its group, an unknown group too. Below `admin`, an update that
/// keeps the stored secret may not change its code parameters ([`scope::code_params`]: 403).
pub async fn update(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    input: Input,
) -> ApiResult<Json<AccountRead>> {
    let old = find(&state.vault, &id)?;
    let (mut data, choice) = form::from_fields(&input, Rules::Update, Some(&old.data))?;
    check_group(&state.vault, choice)?;
    check_icon(&state.vault, data.icon.as_deref())?;
    data.group_id = match choice {
        GroupChoice::Id(g) => Some(g),
        _ => None,
    };
    // Without `counter` in the body the stored HOTP counter is kept (not reset to 0, not
    // rolled back to the copy read above). Below `admin`, the stored secret keeps its code
    // parameters, and its counter is never written.
    let set_counter = scope::code_params(&caller, &old.data.otp, &data.otp, input.has("counter"))?;
    let account = blocking(&state, move |v| {
        Ok(if set_counter {
            v.update_with_counter(old.id, data)?
        } else {
            v.update(old.id, data)?
        })
    })
    .await?;
    Ok(Json(read(
        &state,
        &caller,
        &account,
        caller.scope.reveals_secrets(),
        false,
        state.now(),
    )))
}

/// `DELETE /twofaccounts/{id}`: 204.
pub async fn destroy(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let a = find(&state.vault, &id)?;
    blocking(&state, move |v| {
        v.remove(&[a.id])?;
        v.clear_otp_logs(&[a.id])?;
        Ok(())
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /twofaccounts?ids=1,2`: 204; unknown ids are ignored.
pub async fn destroy_many(State(state): State<AppState>, input: Input) -> ApiResult<StatusCode> {
    let ids = ids_param(&input, Need::Required)?.unwrap_or_default();
    let existing: Vec<i64> = state
        .vault
        .accounts()?
        .iter()
        .map(|a| a.id)
        .filter(|id| ids.contains(id))
        .collect();
    if !existing.is_empty() {
        blocking(&state, move |v| {
            v.remove(&existing)?;
            v.clear_otp_logs(&existing)?;
            Ok(())
        })
        .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /twofaccounts/count`: `{owned, shared, total}`.
pub async fn count(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let n = state.vault.account_count()?;
    Ok(Json(json!({"owned": n, "shared": 0, "total": n})))
}

/// `POST /twofaccounts/preview`: the Store shape of a URI, nothing saved.
pub async fn preview(input: Input) -> ApiResult<Json<AccountStore>> {
    let data = form::from_uri(&input)?;
    Ok(Json(AccountStore::new(&data)))
}

/// `PATCH /twofaccounts/withdraw?ids=`: 200 `{message}`.
pub async fn withdraw(State(state): State<AppState>, input: Input) -> ApiResult<Json<Value>> {
    let ids = ids_param(&input, Need::Required)?.unwrap_or_default();
    let existing: Vec<i64> = state
        .vault
        .accounts()?
        .iter()
        .filter(|a| ids.contains(&a.id) && a.data.group_id.is_some())
        .map(|a| a.id)
        .collect();
    if !existing.is_empty() {
        blocking(&state, move |v| Ok(v.assign(&existing, None)?)).await?;
    }
    Ok(Json(json!({"message": "accounts withdrawn"})))
}
