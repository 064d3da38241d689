//! QUERY, as `code`, `edit` and `rm` take it: an account id, or a case-insensitive part of
//! "service account".
//!
//! Among several partial matches an exact name wins: first the whole "service account", then
//! the service or the account name alone (so `gamer` picks the account of service `gamer`,
//! not also `gamer2`'s). Several exact matches, or several partial ones and no exact one, are
//! ambiguous (exit 3, listing them); none is exit 3 too.

use super::error::{Candidate, Context, Error, Result};
use crate::agent::Backend;
use crate::core::Account;

/// The one account `query` names.
pub fn resolve(vault: &dyn Backend, query: &str) -> Result<Account> {
    let found = vault
        .find(query)
        .context(|| format!("cannot look up {query:?}"))?;
    let found = narrow(found, query);
    match <[Account; 1]>::try_from(found) {
        Ok([one]) => Ok(one),
        Err(found) if found.is_empty() => Err(Error::NoMatch {
            query: query.to_owned(),
            corrupted: vault
                .corrupted()
                .map(|c| c.iter().filter(|(t, _)| *t == "accounts").count())
                .unwrap_or(0),
        }),
        Err(found) => Err(Error::Ambiguous {
            query: query.to_owned(),
            matches: found
                .into_iter()
                .map(|a| Candidate {
                    id: a.id,
                    service: a.data.service,
                    account: a.data.account,
                })
                .collect(),
        }),
    }
}

/// The matches an exact name leaves: the whole label's, else the service's or account's,
/// else all of them.
fn narrow(found: Vec<Account>, query: &str) -> Vec<Account> {
    if found.len() < 2 {
        return found;
    }
    let wanted = query.trim().to_lowercase();
    let label = |a: &Account| a.label().to_lowercase() == wanted;
    let name = |a: &Account| {
        a.data.service.to_lowercase() == wanted || a.data.account.to_lowercase() == wanted
    };
    for exact in [&label as &dyn Fn(&Account) -> bool, &name] {
        if found.iter().any(exact) {
            return found.into_iter().filter(|a| exact(a)).collect();
        }
    }
    found
}
