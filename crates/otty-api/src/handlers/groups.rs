//! `/api/v1/groups`: the virtual group 0 "All" first, then the user's groups in
//! their order; create, show, rename, delete, assign accounts, list a group's accounts,
//! reorder.

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{blocking, path_id, twofaccounts};
use crate::auth::Caller;
use crate::dto::{AccountRead, GroupRead};
use crate::error::{ApiError, ApiResult};
use crate::input::Input;
use crate::scope;
use crate::state::AppState;
use crate::validate::{Check, Need};
use otty_core::{Group, Vault};

fn count_of(vault: &Vault, id: i64) -> ApiResult<usize> {
    Ok(vault
        .group_counts()?
        .into_iter()
        .find(|(g, _)| *g == id)
        .map_or(0, |(_, n)| n))
}

fn group_read(vault: &Vault, g: &Group) -> ApiResult<GroupRead> {
    Ok(GroupRead::new(g, count_of(vault, g.id)?))
}

/// 2FAuth's name rule: `^[A-zÀ-ú0-9\s\-_\']+$`, at most 32 characters, not "All", unique.
fn check_name(vault: &Vault, input: &Input, except: Option<i64>) -> ApiResult<String> {
    let mut c = Check::new(input);
    let name = c.string("name", Need::Required);
    if let Some(n) = &name {
        let ok_char = |ch: char| {
            ('A'..='z').contains(&ch)
                || ('À'..='ú').contains(&ch)
                || ch.is_ascii_digit()
                || ch.is_whitespace()
                || matches!(ch, '-' | '_' | '\'')
        };
        if !n.chars().all(ok_char) {
            c.fail("name", "The name field format is invalid.");
        }
        if n.chars().count() > 32 {
            c.fail(
                "name",
                "The name field must not be greater than 32 characters.",
            );
        }
        if n.eq_ignore_ascii_case("all") {
            c.fail("name", "Reserved name, please choose something else");
        }
        let taken = vault
            .groups()?
            .iter()
            .any(|g| Some(g.id) != except && g.name.eq_ignore_ascii_case(n));
        if taken {
            c.fail("name", "The name has already been taken.");
        }
    }
    c.finish()?;
    Ok(name.unwrap_or_default())
}

/// The group `id` (0 is not a real group here), or 404.
fn find(vault: &Vault, id: &str) -> ApiResult<Group> {
    Ok(vault.group(path_id(id)?)?)
}

/// `GET /groups`
pub async fn index(State(state): State<AppState>) -> ApiResult<Json<Vec<GroupRead>>> {
    let counts = state.vault.group_counts()?;
    let mut out = vec![GroupRead::all(state.vault.account_count()?)];
    for g in state.vault.groups()? {
        let n = counts.iter().find(|(id, _)| *id == g.id).map_or(0, |c| c.1);
        out.push(GroupRead::new(&g, n));
    }
    Ok(Json(out))
}

/// `POST /groups {name}`: 201 Group.
pub async fn store(State(state): State<AppState>, input: Input) -> ApiResult<Response> {
    let name = check_name(&state.vault, &input, None)?;
    let g = blocking(&state, move |v| Ok(v.add_group(&name)?)).await?;
    Ok((StatusCode::CREATED, Json(GroupRead::new(&g, 0))).into_response())
}

/// `GET /groups/{id}` (0: the "All" group).
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<GroupRead>> {
    if path_id(&id)? == 0 {
        return Ok(Json(GroupRead::all(state.vault.account_count()?)));
    }
    let g = find(&state.vault, &id)?;
    Ok(Json(group_read(&state.vault, &g)?))
}

/// `PUT|PATCH /groups/{id} {name}`
pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    input: Input,
) -> ApiResult<Json<GroupRead>> {
    if path_id(&id)? == 0 {
        return Err(ApiError::Forbidden(
            "This action is unauthorized.".to_owned(),
        ));
    }
    let g = find(&state.vault, &id)?;
    let name = check_name(&state.vault, &input, Some(g.id))?;
    let g = blocking(&state, move |v| Ok(v.rename_group(g.id, &name)?)).await?;
    Ok(Json(group_read(&state.vault, &g)?))
}

/// `DELETE /groups/{id}`: 204; the accounts stay, ungrouped. Preferences pointing at the group
/// are reset to 0.
pub async fn destroy(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    if path_id(&id)? == 0 {
        return Err(ApiError::Forbidden(
            "This action is unauthorized.".to_owned(),
        ));
    }
    let g = find(&state.vault, &id)?;
    blocking(&state, move |v| {
        v.remove_group(g.id)?;
        for pref in ["defaultGroup", "activeGroup"] {
            if super::user::preference(v, pref).and_then(|p| p.as_i64()) == Some(g.id) {
                v.set_setting(&super::user::pref_key(pref), &json!(0))?;
            }
        }
        Ok(())
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /groups/{id}/assign {ids:[…]}`: 200 Group; unknown ids are ignored.
pub async fn assign(
    State(state): State<AppState>,
    Path(id): Path<String>,
    input: Input,
) -> ApiResult<Json<GroupRead>> {
    let gid = path_id(&id)?;
    if gid == 0 {
        return Err(ApiError::Forbidden(String::new()));
    }
    let g = find(&state.vault, &id)?;
    let mut c = Check::new(&input);
    let ids = c.int_array("ids", Need::Required, true);
    c.finish()?;
    let ids = ids.unwrap_or_default();
    let existing: Vec<i64> = state
        .vault
        .accounts()?
        .iter()
        .map(|a| a.id)
        .filter(|id| ids.contains(id))
        .collect();
    if !existing.is_empty() {
        blocking(&state, move |v| {
            v.assign(&existing, Some(gid)).map_err(|e| match e {
                otty_core::Error::GroupNotFound(_) => ApiError::NotFound,
                _ => ApiError::Conflict,
            })
        })
        .await?;
    }
    Ok(Json(group_read(&state.vault, &g)?))
}

/// `GET /groups/{id}/twofaccounts` (0: every account).
pub async fn accounts(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    input: Input,
) -> ApiResult<Json<Vec<AccountRead>>> {
    let gid = path_id(&id)?;
    let with_secret = scope::with_secret(&caller, &input, false)?;
    let mut list = state.vault.accounts()?;
    if gid != 0 {
        find(&state.vault, &id)?;
        list.retain(|a| a.data.group_id == Some(gid));
    }
    Ok(Json(twofaccounts::reads(
        &state,
        &caller,
        &list,
        with_secret,
        input.has("withOtp"),
    )))
}
