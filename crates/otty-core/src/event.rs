//! [`VaultEvent`]: small "what changed" notifications.
//!
//! Events say *what* changed, never carry the data: a listener re-reads what it needs from the
//! vault. They are sent on every change made through this process's `Vault` and after a reload
//! of rows changed by another process.

/// Something in the vault changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum VaultEvent {
    /// An account was added.
    AccountAdded(i64),
    /// An account's fields, counter, group or position changed.
    AccountUpdated(i64),
    /// An account was removed.
    AccountRemoved(i64),
    /// Groups were added, renamed, removed or reordered.
    GroupsChanged,
    /// Personal access tokens changed.
    TokensChanged,
    /// Another process changed the vault and it was reloaded.
    Reloaded,
    /// The vault was locked: drop everything shown.
    Locked,
    /// The vault was unlocked.
    Unlocked,
}
