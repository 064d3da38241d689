//! `otty token create|list|revoke`: the API's personal access tokens.
//!
//! `create` prints the token alone on stdout's first line (or one JSON object with `--json`):
//! it is shown once and only its SHA-256 is stored. `--scope` limits what it may do (default
//! `admin`). `revoke` takes an id or a name and takes effect in a running server within a
//! second.

use super::args::{Global, TokenCommand};
use super::error::{Context, Result};
use super::output::{Out, note};
use super::session;
use crate::core::{Clock, SystemClock};
use crate::dto::{SecretText, TokenRead};

fn when(t: Option<i64>) -> String {
    t.map_or_else(|| "-".to_owned(), crate::core::clock::iso8601)
        .replace(".000000Z", "Z")
}

/// Run `otty token …`.
pub fn run(g: &Global, cmd: &TokenCommand) -> Result<()> {
    let vault = session::backend(g)?;
    let mut out = Out::new();
    match cmd {
        TokenCommand::Create {
            name,
            scope,
            expires,
            json,
        } => {
            let made = vault
                .create_scoped_token(name, *expires, *scope)
                .context(|| "cannot create the token".to_owned())?;
            if *json {
                let mut read = TokenRead::from(&made.info);
                read.token = Some(SecretText::new(made.token));
                out.json(&read)?;
            } else {
                out.line(made.token.as_str())?;
                note(format!(
                    "token {} {:?} ({}) created; it is shown only this once",
                    made.info.id, made.info.name, made.info.scope
                ));
            }
        }
        TokenCommand::List { json } => {
            let tokens = vault
                .tokens()
                .context(|| "cannot list the tokens".to_owned())?;
            if *json {
                let reads: Vec<TokenRead> = tokens.iter().map(TokenRead::from).collect();
                out.json(&reads)?;
            } else {
                let now = SystemClock.now();
                let rows: Vec<[String; 6]> = tokens
                    .iter()
                    .map(|t| {
                        let state = match (t.revoked_at, t.is_active(now)) {
                            (Some(_), _) => "revoked",
                            (None, false) => "expired",
                            (None, true) => "active",
                        };
                        [
                            t.id.to_string(),
                            t.name.clone(),
                            t.scope.to_string(),
                            state.to_owned(),
                            when(t.expires_at),
                            when(t.last_used_at),
                        ]
                    })
                    .collect();
                out.table(
                    ["ID", "NAME", "SCOPE", "STATE", "EXPIRES", "LAST USED"],
                    &rows,
                )?;
            }
        }
        TokenCommand::Revoke { token } => {
            let t = vault
                .revoke_token_named(token)
                .context(|| format!("cannot revoke token {token:?}"))?;
            note(format!("token {} {:?} revoked", t.id, t.name));
        }
    }
    out.finish()
}
