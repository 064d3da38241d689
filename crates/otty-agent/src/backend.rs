//! [`Backend`]: the one interface the command line is written against. The core's
//! [`Vault`], unlocked in this process, implements it by calling itself; the agent's
//! [`Client`](crate::Client) by asking the agent, whose [`dispatch`](crate::dispatch) calls
//! the same methods on its own `Vault`. So a command is written once, and does the same thing
//! (HOTP counters included: one immediate transaction per code) whichever side unlocked.

use std::path::Path;

use otty_core::export::ExportFormat;
use otty_core::export::plan::{self, PlanError, Prepared};
use otty_core::vault::import::{ImportItem, ImportSummary};
use otty_core::vault::tokens::{NewToken, Scope, TokenInfo};
use otty_core::{Account, Group, NewAccount, Otp, Result, Vault};

/// The operations the command line needs on an unlocked vault.
pub trait Backend {
    /// The vault file.
    fn vault_path(&self) -> &Path;
    /// Whether this is the agent (for `--verbose` and messages).
    fn is_agent(&self) -> bool;
    /// Every readable account.
    fn accounts(&self) -> Result<Vec<Account>>;
    /// One account.
    fn account(&self, id: i64) -> Result<Account>;
    /// Accounts an id or a part of "service account" matches.
    fn find(&self, query: &str) -> Result<Vec<Account>>;
    /// The code of an account at `unix` (HOTP: handed out and the counter advanced).
    fn otp(&self, id: i64, unix: i64) -> Result<Otp>;
    /// Add an account.
    fn add(&self, data: NewAccount) -> Result<Account>;
    /// Replace an account's fields, keeping its stored HOTP counter.
    fn update(&self, id: i64, data: NewAccount) -> Result<Account>;
    /// Replace an account's fields, HOTP counter included.
    fn update_with_counter(&self, id: i64, data: NewAccount) -> Result<Account>;
    /// Remove accounts.
    fn remove(&self, ids: &[i64]) -> Result<()>;
    /// Move accounts to a group, or out of any.
    fn assign(&self, ids: &[i64], group_id: Option<i64>) -> Result<()>;
    /// Every readable group.
    fn groups(&self) -> Result<Vec<Group>>;
    /// The group with this name (case-insensitive).
    fn group_by_name(&self, name: &str) -> Result<Group>;
    /// Accounts per group id.
    fn group_counts(&self) -> Result<Vec<(i64, usize)>>;
    /// Create a group.
    fn add_group(&self, name: &str) -> Result<Group>;
    /// Rename a group.
    fn rename_group(&self, id: i64, name: &str) -> Result<Group>;
    /// Remove a group; its accounts stay, in no group.
    fn remove_group(&self, id: i64) -> Result<()>;
    /// Rows that failed their integrity check, as (table, id).
    fn corrupted(&self) -> Result<Vec<(&'static str, i64)>>;
    /// Where the file and its head disagree, as sentences (empty: intact).
    fn problems(&self) -> Result<Vec<String>>;
    /// The API tokens.
    fn tokens(&self) -> Result<Vec<TokenInfo>>;
    /// Create an API token.
    fn create_scoped_token(
        &self,
        name: &str,
        expires: Option<u32>,
        scope: Scope,
    ) -> Result<NewToken>;
    /// Revoke an API token by id or name.
    fn revoke_token_named(&self, token: &str) -> Result<TokenInfo>;
    /// Add accounts in one transaction, calling `progress` with the number written so far.
    fn import_with_icons(
        &self,
        items: Vec<ImportItem>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<ImportSummary>;
    /// Every readable account in `format`, sealed with `passphrase` when one is given.
    fn export(
        &self,
        format: ExportFormat,
        passphrase: Option<&[u8]>,
    ) -> std::result::Result<Prepared, PlanError>;
}

impl Backend for Vault {
    fn vault_path(&self) -> &Path {
        self.path()
    }
    fn is_agent(&self) -> bool {
        false
    }
    fn accounts(&self) -> Result<Vec<Account>> {
        Vault::accounts(self)
    }
    fn account(&self, id: i64) -> Result<Account> {
        Vault::account(self, id)
    }
    fn find(&self, query: &str) -> Result<Vec<Account>> {
        Vault::find(self, query)
    }
    fn otp(&self, id: i64, unix: i64) -> Result<Otp> {
        Vault::otp(self, id, unix)
    }
    fn add(&self, data: NewAccount) -> Result<Account> {
        Vault::add(self, data)
    }
    fn update(&self, id: i64, data: NewAccount) -> Result<Account> {
        Vault::update(self, id, data)
    }
    fn update_with_counter(&self, id: i64, data: NewAccount) -> Result<Account> {
        Vault::update_with_counter(self, id, data)
    }
    fn remove(&self, ids: &[i64]) -> Result<()> {
        Vault::remove(self, ids)
    }
    fn assign(&self, ids: &[i64], group_id: Option<i64>) -> Result<()> {
        Vault::assign(self, ids, group_id)
    }
    fn groups(&self) -> Result<Vec<Group>> {
        Vault::groups(self)
    }
    fn group_by_name(&self, name: &str) -> Result<Group> {
        Vault::group_by_name(self, name)
    }
    fn group_counts(&self) -> Result<Vec<(i64, usize)>> {
        Vault::group_counts(self)
    }
    fn add_group(&self, name: &str) -> Result<Group> {
        Vault::add_group(self, name)
    }
    fn rename_group(&self, id: i64, name: &str) -> Result<Group> {
        Vault::rename_group(self, id, name)
    }
    fn remove_group(&self, id: i64) -> Result<()> {
        Vault::remove_group(self, id)
    }
    fn corrupted(&self) -> Result<Vec<(&'static str, i64)>> {
        Vault::corrupted(self)
    }
    fn problems(&self) -> Result<Vec<String>> {
        Ok(Vault::problems(self)?
            .iter()
            .map(ToString::to_string)
            .collect())
    }
    fn tokens(&self) -> Result<Vec<TokenInfo>> {
        Vault::tokens(self)
    }
    fn create_scoped_token(
        &self,
        name: &str,
        expires: Option<u32>,
        scope: Scope,
    ) -> Result<NewToken> {
        Vault::create_scoped_token(self, name, expires, scope)
    }
    fn revoke_token_named(&self, token: &str) -> Result<TokenInfo> {
        Vault::revoke_token_named(self, token)
    }
    fn import_with_icons(
        &self,
        items: Vec<ImportItem>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<ImportSummary> {
        Vault::import_with_icons(self, items, progress)
    }
    fn export(
        &self,
        format: ExportFormat,
        passphrase: Option<&[u8]>,
    ) -> std::result::Result<Prepared, PlanError> {
        plan::prepare(self, format, passphrase)
    }
}
