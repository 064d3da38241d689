//! The agent's side of [`Backend`]: one [`Request`] in, one [`Answer`] out, by calling the
//! same trait on the agent's own vault. Agent-only requests (status, lock, touch, key) are the
//! server's.

use otty_core::export::ExportFormat;
use otty_core::vault::import::ImportItem;
use otty_core::vault::tokens::Scope;
use otty_core::{Account, NewAccount};

use crate::backend::Backend;
use crate::proto::{Answer, Reply, Request, WireError};
use crate::wire::{AccountW, GroupW, LeftOutW, NewAccountW, OtpW, SummaryW, TokenInfoW};

fn bad(what: impl Into<String>) -> WireError {
    WireError::BadRequest(what.into())
}

fn data(w: NewAccountW) -> Result<NewAccount, WireError> {
    w.try_into().map_err(|e: crate::wire::Malformed| bad(e.0))
}

fn accounts(list: &[Account]) -> Reply {
    Reply::Accounts(list.iter().map(AccountW::from).collect())
}

/// Answer a vault request with `backend`.
pub fn handle(backend: &dyn Backend, request: Request) -> Answer {
    let core = |e: otty_core::Error| WireError::from(&e);
    Ok(match request {
        Request::Accounts => accounts(&backend.accounts().map_err(core)?),
        Request::Account { id } => Reply::Account((&backend.account(id).map_err(core)?).into()),
        Request::Find { query } => accounts(&backend.find(&query).map_err(core)?),
        Request::Otp { id, unix } => Reply::Otp(OtpW::from(&backend.otp(id, unix).map_err(core)?)),
        Request::Add { data: d } => Reply::Account((&backend.add(data(d)?).map_err(core)?).into()),
        Request::Update {
            id,
            data: d,
            counter,
        } => {
            let d = data(d)?;
            let saved = if counter {
                backend.update_with_counter(id, d)
            } else {
                backend.update(id, d)
            };
            Reply::Account((&saved.map_err(core)?).into())
        }
        Request::Remove { ids } => {
            backend.remove(&ids).map_err(core)?;
            Reply::Done
        }
        Request::Assign { ids, group } => {
            backend.assign(&ids, group).map_err(core)?;
            Reply::Done
        }
        Request::Groups => Reply::Groups(
            backend
                .groups()
                .map_err(core)?
                .iter()
                .map(GroupW::from)
                .collect(),
        ),
        Request::GroupByName { name } => {
            Reply::Group((&backend.group_by_name(&name).map_err(core)?).into())
        }
        Request::GroupCounts => Reply::Counts(backend.group_counts().map_err(core)?),
        Request::AddGroup { name } => {
            Reply::Group((&backend.add_group(&name).map_err(core)?).into())
        }
        Request::RenameGroup { id, name } => {
            Reply::Group((&backend.rename_group(id, &name).map_err(core)?).into())
        }
        Request::RemoveGroup { id } => {
            backend.remove_group(id).map_err(core)?;
            Reply::Done
        }
        Request::Corrupted => Reply::Corrupted(
            backend
                .corrupted()
                .map_err(core)?
                .into_iter()
                .map(|(t, id)| (t.to_owned(), id))
                .collect(),
        ),
        Request::Problems => Reply::Problems(backend.problems().map_err(core)?),
        Request::Tokens => Reply::Tokens(
            backend
                .tokens()
                .map_err(core)?
                .iter()
                .map(TokenInfoW::from)
                .collect(),
        ),
        Request::CreateToken {
            name,
            expires,
            scope,
        } => {
            let scope: Scope = scope.parse().map_err(|_| bad("an unknown scope"))?;
            let made = backend
                .create_scoped_token(&name, expires, scope)
                .map_err(core)?;
            Reply::NewToken((&made).into())
        }
        Request::RevokeToken { token } => {
            Reply::Token((&backend.revoke_token_named(&token).map_err(core)?).into())
        }
        Request::Import { items } => {
            let items = items
                .into_iter()
                .map(ImportItem::try_from)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| bad(e.0))?;
            let summary = backend
                .import_with_icons(items, &mut |_| {})
                .map_err(core)?;
            Reply::Imported(SummaryW::from(&summary))
        }
        Request::Export { format, passphrase } => {
            let format = ExportFormat::from_id(&format).ok_or_else(|| bad("an unknown format"))?;
            let prepared = backend
                .export(format, passphrase.as_deref().map(|p| &p[..]))
                .map_err(|e| WireError::from(&e))?;
            Reply::Exported {
                skipped: prepared.skipped.iter().map(LeftOutW::from).collect(),
                bytes: prepared.bytes,
                accounts: prepared.accounts,
            }
        }
        Request::Status | Request::Lock | Request::Touch { .. } | Request::Key => {
            return Err(bad("an agent request reached the vault"));
        }
    })
}
