//! `POST /twofaccounts/reorder` and `POST /groups/reorder {orderedIds}`: one rule for both
//! lists. The ids that exist are kept in the order given, first occurrence only (2FAuth ignores
//! unknown and repeated ids rather than failing), the order is saved in one write, and the
//! answer is the order now stored: 200 `{message, orderedIds}`.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::blocking;
use crate::error::ApiResult;
use crate::input::Input;
use crate::state::AppState;
use crate::validate::{Check, Need};
use otty_core::Vault;

/// A list the API reorders.
#[derive(Debug, Clone, Copy)]
enum List {
    Accounts,
    Groups,
}

impl List {
    /// The list's ids in their stored order.
    fn ids(self, vault: &Vault) -> otty_core::Result<Vec<i64>> {
        Ok(match self {
            List::Accounts => vault.accounts()?.iter().map(|a| a.id).collect(),
            List::Groups => vault.groups()?.iter().map(|g| g.id).collect(),
        })
    }

    /// Store `ids` (all known) as the list's order.
    fn save(self, vault: &Vault, ids: &[i64]) -> otty_core::Result<()> {
        match self {
            List::Accounts => vault.reorder(ids),
            List::Groups => vault.reorder_groups(ids),
        }
    }
}

/// `POST /twofaccounts/reorder`.
pub async fn accounts(State(state): State<AppState>, input: Input) -> ApiResult<Json<Value>> {
    reorder(&state, &input, List::Accounts).await
}

/// `POST /groups/reorder`.
pub async fn groups(State(state): State<AppState>, input: Input) -> ApiResult<Json<Value>> {
    reorder(&state, &input, List::Groups).await
}

async fn reorder(state: &AppState, input: &Input, list: List) -> ApiResult<Json<Value>> {
    let mut c = Check::new(input);
    let wanted = c.int_array("orderedIds", Need::Required, false);
    c.finish()?;
    let ids = known_in_order(wanted, &list.ids(&state.vault)?);
    let order = blocking(state, move |v| {
        list.save(v, &ids)?;
        Ok(list.ids(v)?)
    })
    .await?;
    Ok(Json(json!({"message": "order saved", "orderedIds": order})))
}

/// The ids of `wanted` that exist in `known`, first occurrence only, in the order given.
fn known_in_order(wanted: Option<Vec<i64>>, known: &[i64]) -> Vec<i64> {
    let mut ids = Vec::new();
    for id in wanted.unwrap_or_default() {
        if known.contains(&id) && !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::known_in_order;

    #[test]
    fn unknown_and_repeated_ids_are_dropped_and_the_order_kept() {
        let cases: [(Option<Vec<i64>>, Vec<i64>); 4] = [
            (None, vec![]),
            (Some(vec![3, 1, 2]), vec![3, 1, 2]),
            (Some(vec![9, 2, 2, 1]), vec![2, 1]),
            (Some(vec![]), vec![]),
        ];
        for (wanted, want) in cases {
            assert_eq!(
                known_in_order(wanted.clone(), &[1, 2, 3]),
                want,
                "{wanted:?}"
            );
        }
    }
}
