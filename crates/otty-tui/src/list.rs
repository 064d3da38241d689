//! The account list as shown: accounts in display order (favourites first, then the configured
//! sort), group tabs with counts, the rows that pass the group and the filter, the selection and
//! the scroll offset.
//!
//! This is the TUI's only copy of decrypted accounts. It is rebuilt from the vault after every
//! [`otty_core::VaultEvent`] and emptied when the vault locks.

use otty_core::{Account, Group};

use super::config::SortOrder;
use super::filter::Filter;

/// One visible row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Index into [`AccountList::accounts`].
    pub idx: usize,
    /// Matched character positions in the label (filled for rows on screen only).
    pub hl: Vec<u32>,
}

/// Accounts, group tabs, visible rows, selection and scroll.
#[derive(Debug, Default)]
pub struct AccountList {
    /// All accounts, in display order.
    pub accounts: Vec<Account>,
    /// [`Account::match_text`] of each account (with its group's name), for the filter.
    pub labels: Vec<String>,
    /// Groups in the user's order, with the number of accounts in each.
    pub groups: Vec<(Group, usize)>,
    /// Selected tab: 0 is "All", `i` is `groups[i - 1]`.
    pub tab: usize,
    /// Rows that pass the tab and the filter.
    pub rows: Vec<Row>,
    /// Selected row (index into `rows`).
    pub selected: usize,
    /// First row on screen.
    pub offset: usize,
    /// The account to select again after [`AccountList::load`] replaced the rows.
    keep: Option<i64>,
}

impl AccountList {
    /// Replace the data, keeping the tab and the selected account where they still exist.
    pub fn load(&mut self, mut accounts: Vec<Account>, groups: Vec<Group>, sort: SortOrder) {
        let keep_tab = self.tab_group();
        self.keep = self.selected_account().map(|a| a.id).or(self.keep);
        self.rows.clear();
        sort_accounts(&mut accounts, sort);
        self.groups = groups
            .into_iter()
            .map(|g| {
                let n = accounts
                    .iter()
                    .filter(|a| a.data.group_id == Some(g.id))
                    .count();
                (g, n)
            })
            .collect();
        let group_name = |a: &Account| {
            let id = a.data.group_id?;
            self.groups
                .iter()
                .find(|(g, _)| g.id == id)
                .map(|(g, _)| g.name.as_str())
        };
        self.labels = accounts
            .iter()
            .map(|a| a.match_text(group_name(a)))
            .collect();
        self.accounts = accounts;
        self.tab = match keep_tab {
            Some(id) => self
                .groups
                .iter()
                .position(|(g, _)| g.id == id)
                .map_or(0, |i| i + 1),
            None => 0,
        };
    }

    /// Drop every account and group (on lock).
    pub fn clear(&mut self) {
        *self = AccountList::default();
    }

    /// The group of the selected tab (`None` for "All").
    pub fn tab_group(&self) -> Option<i64> {
        self.tab
            .checked_sub(1)
            .and_then(|i| self.groups.get(i))
            .map(|(g, _)| g.id)
    }

    /// Select the tab of the group named `name` (case-insensitive); "All" or unknown is tab 0.
    pub fn select_tab_named(&mut self, name: &str) {
        let lower = name.trim().to_lowercase();
        self.tab = self
            .groups
            .iter()
            .position(|(g, _)| g.name.to_lowercase() == lower)
            .map_or(0, |i| i + 1);
    }

    /// Number of tabs, "All" included.
    pub fn tab_count(&self) -> usize {
        self.groups.len() + 1
    }

    /// Recompute the visible rows for the tab and the filter, keeping the selected account.
    pub fn refilter(&mut self, filter: &mut Filter) {
        let keep = self
            .keep
            .take()
            .or_else(|| self.selected_account().map(|a| a.id));
        let group = self.tab_group();
        let in_tab = |a: &Account| group.is_none() || a.data.group_id == group;
        self.rows = if filter.is_active() {
            let mut scored: Vec<(u32, usize)> = self
                .accounts
                .iter()
                .enumerate()
                .filter(|(_, a)| in_tab(a))
                .filter_map(|(i, _)| filter.score(&self.labels[i]).map(|s| (s, i)))
                .collect();
            // Best match first; ties keep the display order (stable sort).
            scored.sort_by_key(|s| std::cmp::Reverse(s.0));
            scored
                .into_iter()
                .map(|(_, idx)| Row {
                    idx,
                    hl: Vec::new(),
                })
                .collect()
        } else {
            self.accounts
                .iter()
                .enumerate()
                .filter(|(_, a)| in_tab(a))
                .map(|(idx, _)| Row {
                    idx,
                    hl: Vec::new(),
                })
                .collect()
        };
        // The same account if it is still shown; else the same place (after deleting the
        // last row, the new last one).
        let place = self.selected.min(self.rows.len().saturating_sub(1));
        self.selected = keep
            .and_then(|id| self.rows.iter().position(|r| self.accounts[r.idx].id == id))
            .unwrap_or(place);
        if filter.is_active() && filter.editing {
            // While typing, the best match is the one to copy with Enter.
            self.selected = 0;
        }
    }

    /// Keep the selection on screen for a list `height` rows tall and fill the highlights of
    /// the rows on screen.
    pub fn scroll(&mut self, height: usize, filter: &mut Filter) {
        let height = height.max(1);
        if self.selected >= self.rows.len() {
            self.selected = self.rows.len().saturating_sub(1);
        }
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        let max_offset = self.rows.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
        let end = (self.offset + height).min(self.rows.len());
        let active = filter.is_active();
        for row in &mut self.rows[self.offset..end] {
            row.hl = if active {
                filter.indices(&self.labels[row.idx])
            } else {
                Vec::new()
            };
        }
    }

    /// The selected account.
    pub fn selected_account(&self) -> Option<&Account> {
        self.rows
            .get(self.selected)
            .and_then(|r| self.accounts.get(r.idx))
    }

    /// Move the selection by `delta` rows, clamped.
    pub fn step(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// Ids of all accounts in the vault's own order (position), for reordering.
    pub fn manual_order(&self) -> Vec<i64> {
        let mut v: Vec<(i64, i64)> = self.accounts.iter().map(|a| (a.position, a.id)).collect();
        v.sort_unstable();
        v.into_iter().map(|(_, id)| id).collect()
    }
}

/// Favourites first, then the configured order.
pub fn sort_accounts(accounts: &mut [Account], sort: SortOrder) {
    match sort {
        SortOrder::Manual => accounts.sort_by_key(|a| (!a.data.favorite, a.position, a.id)),
        SortOrder::Account => accounts.sort_by_cached_key(|a| {
            (
                !a.data.favorite,
                a.data.account.to_lowercase(),
                a.data.service.to_lowercase(),
                a.id,
            )
        }),
        SortOrder::Service => accounts.sort_by_cached_key(|a| {
            (
                !a.data.favorite,
                a.data.service.to_lowercase(),
                a.data.account.to_lowercase(),
                a.id,
            )
        }),
        SortOrder::Recent => accounts.sort_by_key(|a| {
            (
                !a.data.favorite,
                std::cmp::Reverse(a.last_used_at.unwrap_or(0)),
                a.position,
                a.id,
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use otty_core::account::{NewAccount, OtpParams, Secret};

    fn acc(id: i64, service: &str, position: i64, favorite: bool, used: Option<i64>) -> Account {
        let mut data = NewAccount::new(service, "me", OtpParams::totp(Secret::from_bytes(vec![1])));
        data.favorite = favorite;
        Account {
            id,
            uuid: String::new(),
            position,
            created_at: 0,
            updated_at: 0,
            last_used_at: used,
            edit: Default::default(),
            data,
        }
    }

    fn order(sort: SortOrder) -> Vec<i64> {
        let mut v = vec![
            acc(1, "zeta", 1, false, Some(5)),
            acc(2, "alpha", 2, false, None),
            acc(3, "Mid", 3, true, None),
            acc(4, "beta", 4, false, Some(9)),
        ];
        sort_accounts(&mut v, sort);
        v.iter().map(|a| a.id).collect()
    }

    #[test]
    fn favourites_first_then_the_configured_order() {
        assert_eq!(order(SortOrder::Manual), vec![3, 1, 2, 4]);
        assert_eq!(order(SortOrder::Service), vec![3, 2, 4, 1]);
        assert_eq!(
            order(SortOrder::Account),
            vec![3, 2, 4, 1],
            "all \"me\": then service"
        );
        assert_eq!(order(SortOrder::Recent), vec![3, 4, 1, 2]);
    }

    #[test]
    fn selection_survives_a_reload_and_scroll_keeps_it_on_screen() {
        let mut list = AccountList::default();
        let mut filter = Filter::default();
        let many: Vec<Account> = (1..=50).map(|i| acc(i, "s", i, false, None)).collect();
        list.load(many.clone(), Vec::new(), SortOrder::Manual);
        list.refilter(&mut filter);
        list.step(30);
        list.scroll(10, &mut filter);
        assert_eq!((list.selected, list.offset), (30, 21));
        list.load(many[5..].to_vec(), Vec::new(), SortOrder::Manual);
        list.refilter(&mut filter);
        assert_eq!(list.selected_account().map(|a| a.id), Some(31));
    }
}
