//! `POST /twofaccounts/migration` (contract §6.14): convert an import payload into Read
//! objects without saving anything: `id` 0 for a new account, -1 for a duplicate of a stored
//! one, -2 for an entry that could not be read (its `secret` carries the reason).
//!
//! **Hook for importers.** Formats are tried in [`IMPORTERS`] order; each returns `None` when
//! the payload is not its format. Only otpauth lines are read today (with `core::uri`); the
//! importers of DESIGN §6 (Aegis, 2FAS, Google's `otpauth-migration://`, Bitwarden, 2FAuth…)
//! plug in here as they land in `core::import`.

use axum::Json;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::header;
use zeroize::Zeroizing;

use super::icons::file_field;
use crate::api::error::{ApiError, ApiResult};
use crate::api::input::Input;
use crate::api::state::AppState;
use crate::api::validate::{Check, Need};
use crate::core::{Account, Algorithm, NewAccount, OtpKind, uri};
use crate::dto::{AccountRead, SecretText};

/// One entry of a payload: an account, or why it could not be read.
pub type Entry = Result<NewAccount, String>;

/// A payload reader: `None` when the payload is not its format, `Some(Err(message))` when it
/// is but cannot be read (400 with that message).
pub type Importer = fn(&str) -> Option<Result<Vec<Entry>, String>>;

/// The formats tried, in order.
pub const IMPORTERS: &[Importer] = &[otpauth_lines];

/// Plain text: every non-empty line is an `otpauth://totp|hotp|steam/` URI.
pub fn otpauth_lines(payload: &str) -> Option<Result<Vec<Entry>, String>> {
    let lines: Vec<&str> = payload
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let is_uri = |l: &&str| {
        let lower = l.to_ascii_lowercase();
        ["otpauth://totp/", "otpauth://hotp/", "otpauth://steam/"]
            .iter()
            .any(|p| lower.starts_with(p))
    };
    if lines.is_empty() || !lines.iter().all(is_uri) {
        return None;
    }
    Some(Ok(lines
        .into_iter()
        .map(|l| uri::parse(l).map_err(|e| e.to_string()))
        .collect()))
}

fn same(a: &NewAccount, b: &NewAccount) -> bool {
    a.otp.secret == b.otp.secret
        && a.service == b.service
        && a.account == b.account
        && a.otp.kind == b.otp.kind
        && a.otp.digits == b.otp.digits
        && a.otp.algorithm == b.otp.algorithm
}

fn fake(id: i64, data: NewAccount) -> Account {
    Account {
        id,
        uuid: String::new(),
        position: 0,
        created_at: 0,
        updated_at: 0,
        last_used_at: None,
        data,
    }
}

fn invalid(reason: String, with_secret: bool) -> AccountRead {
    AccountRead {
        id: -2,
        group_id: None,
        otp_type: OtpKind::Totp,
        account: "- invalid account -".to_owned(),
        service: Some("- invalid service -".to_owned()),
        icon: None,
        secret: with_secret.then(|| SecretText::new(Zeroizing::new(reason))),
        digits: 6,
        algorithm: Algorithm::Sha1,
        period: Some(30),
        counter: None,
        otp: None,
    }
}

/// `POST /twofaccounts/migration` with JSON `{payload}` or multipart `file`.
pub async fn migrate(
    State(state): State<AppState>,
    req: Request,
) -> ApiResult<Json<Vec<AccountRead>>> {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    let (payload, with_secret) = if multipart {
        let query = Input::from_query(req.uri().query());
        let form = Multipart::from_request(req, &state).await;
        let bytes = file_field(form, "file").await?;
        let text = String::from_utf8(bytes)
            .map_err(|_| ApiError::invalid("file", "The file field must be a text file."))?;
        (Zeroizing::new(text), query.flag("withSecret"))
    } else {
        let input = Input::from_request(req, &state).await?;
        let mut c = Check::new(&input);
        let payload = c.string("payload", Need::Required);
        c.finish()?;
        (
            Zeroizing::new(payload.unwrap_or_default()),
            input.flag("withSecret"),
        )
    };
    let entries = IMPORTERS
        .iter()
        .find_map(|import| import(&payload))
        .ok_or_else(|| {
            ApiError::BadRequestMessage("Data do not match any supported format".into())
        })?
        .map_err(ApiError::BadRequestMessage)?;
    let stored = state.vault.accounts()?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| match e {
                Ok(data) => {
                    let id = if stored.iter().any(|s| same(&s.data, &data)) {
                        -1
                    } else {
                        0
                    };
                    let a = fake(id, data);
                    let r = AccountRead::new(&a);
                    if with_secret { r.with_secret(&a) } else { r }
                }
                Err(reason) => invalid(reason, with_secret),
            })
            .collect(),
    ))
}
