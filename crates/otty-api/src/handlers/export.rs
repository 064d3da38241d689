//! `GET /twofaccounts/export?ids=&otpauth=0|1`: 2FAuth's export (`{app, schema, datetime, data}`).
//!
//! The `app` field reads `2fauth_otty-<version>`: 2FAuth's importer recognises its own format
//! by the `2fauth_` prefix, so otty's exports import into 2FAuth, and the name still says who
//! wrote the file.

use axum::Json;
use axum::extract::State;
use base64::Engine as _;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::dto::{SecretText, padded_secret};
use crate::error::ApiResult;
use crate::input::Input;
use crate::shapes::{ExportEntry, iso8601};
use crate::state::AppState;
use crate::validate::{Check, Need, ids_param};
use otty_core::uri;

/// `GET /twofaccounts/export`
pub async fn export(State(state): State<AppState>, input: Input) -> ApiResult<Json<Value>> {
    let ids = ids_param(&input, Need::Required)?.unwrap_or_default();
    let mut c = Check::new(&input);
    let otpauth = if input.has("otpauth") {
        c.boolean("otpauth", Need::Required).unwrap_or(false)
    } else {
        false
    };
    c.finish()?;
    let accounts: Vec<_> = state
        .vault
        .accounts()?
        .into_iter()
        .filter(|a| ids.contains(&a.id))
        .collect();
    let app = format!("2fauth_otty-{}", env!("CARGO_PKG_VERSION"));
    let datetime = iso8601(state.now());
    if otpauth {
        let data: Vec<Value> = accounts
            .iter()
            .map(|a| json!({"uri": uri::format(&a.data)}))
            .collect();
        return Ok(Json(
            json!({"app": app, "datetime": datetime, "data": data}),
        ));
    }
    let mut data = Vec::with_capacity(accounts.len());
    for a in &accounts {
        let d = &a.data;
        let icon = match &d.icon {
            Some(name) => state.vault.icon(name).ok().flatten(),
            None => None,
        };
        let timed = d.otp.kind.is_timed();
        data.push(ExportEntry {
            otp_type: d.otp.kind,
            account: d.account.clone(),
            service: (!d.service.is_empty()).then(|| d.service.clone()),
            icon: d.icon.clone(),
            icon_mime: icon.as_ref().map(|i| i.mime.clone()),
            icon_file: icon
                .as_ref()
                .map(|i| base64::engine::general_purpose::STANDARD.encode(&i.bytes)),
            secret: padded_secret(d),
            digits: d.otp.digits,
            algorithm: d.otp.algorithm,
            period: timed.then_some(d.otp.period),
            counter: (!timed).then_some(d.otp.counter),
            legacy_uri: SecretText::new(Zeroizing::new(uri::format(d))),
        });
    }
    Ok(Json(
        json!({"app": app, "schema": 1, "datetime": datetime, "data": data}),
    ))
}
