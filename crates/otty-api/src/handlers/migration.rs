//! `POST /twofaccounts/migration`: convert an import payload into Read
//! objects without saving anything: `id` 0 for a new account, -1 for a duplicate of a stored
//! one, -2 for an entry that could not be read (its `secret` carries the reason).
//!
//! Payloads are read by the shared importers (`core::import`, every format docs/FORMATS.md
//! lists), detected by content; encrypted files are refused (the API takes no passphrase). Duplicates
//! follow 2FAuth's rule: same secret, service, account, type, digits and algorithm.

use axum::Json;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::header;
use zeroize::Zeroizing;

use super::icons::file_field;
use crate::dto::{AccountRead, SecretText};
use crate::error::{ApiError, ApiResult};
use crate::input::Input;
use crate::state::AppState;
use crate::validate::{Check, Need};
use otty_core::import::{self, ImportError};
use otty_core::{Account, Algorithm, NewAccount, OtpKind};

/// One entry of a payload: an account, or why it could not be read.
pub type Entry = Result<NewAccount, String>;

/// Read a payload with the shared importers: `None` when no format matches, `Some(Err(message))`
/// (2FAuth's 400 messages) when one does but the data cannot be read.
pub fn read_payload(payload: &[u8]) -> Option<Result<Vec<Entry>, String>> {
    match import::import(payload, None) {
        Ok(batch) => Some(Ok(batch.entries.into_iter().map(|e| e.account).collect())),
        Err(ImportError::UnknownFormat) => None,
        Err(ImportError::NeedPassphrase { .. } | ImportError::WrongPassphrase { .. }) => {
            Some(Err("Unreadable, the data seem encrypted".to_owned()))
        }
        Err(ImportError::Damaged { format, .. } | ImportError::Unsupported { format, .. }) => {
            Some(Err(format!("Invalid or unreadable {format} data")))
        }
        Err(_) => Some(Err("Invalid or unreadable migration data".to_owned())),
    }
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
        edit: Default::default(),
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
    let entries = read_payload(payload.as_bytes())
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
