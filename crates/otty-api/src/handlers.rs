//! Request handlers, one file per resource, plus the helpers they share.
//!
//! Handlers take [`AppState`] and an [`Input`](super::input::Input) (or a multipart body), call
//! the vault and answer with `crate::dto` shapes. Writes that sync to disk go through
//! [`blocking`], so no vault lock is ever held on an async worker across an `.await`.

pub mod backup_codes;
pub mod export;
pub mod fallback;
pub mod features;
pub mod generate;
pub mod groups;
pub mod icons;
pub mod migration;
pub mod openapi;
pub mod otp;
pub mod qrcode;
pub mod reorder;
pub mod settings;
pub mod twofaccounts;
pub mod user;
pub mod verify;

use super::error::{ApiError, ApiResult};
use super::state::AppState;

/// A numeric path id; anything else is 404 (route constraint `[0-9]+`).
pub fn path_id(raw: &str) -> ApiResult<i64> {
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::NotFound);
    }
    raw.parse().map_err(|_| ApiError::NotFound)
}

/// Run a vault write on the blocking pool (it may wait for a disk sync).
pub async fn blocking<R, F>(state: &AppState, f: F) -> ApiResult<R>
where
    F: FnOnce(&otty_core::Vault) -> ApiResult<R> + Send + 'static,
    R: Send + 'static,
{
    let vault = state.vault.clone();
    tokio::task::spawn_blocking(move || f(&vault))
        .await
        .map_err(|e| ApiError::Internal(format!("blocking task failed: {e}")))?
}
