//! What a merge changed (or, on a dry run, would change), row by row, for the faces to print.

/// The kind of row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RowKind {
    /// An account.
    Account,
    /// A group.
    Group,
}

impl RowKind {
    /// `account` or `group`.
    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Account => "account",
            RowKind::Group => "group",
        }
    }
}

/// What happened to a row of this vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// It was added from the other copy.
    Added,
    /// It took the other copy's version, or its HOTP counter or used backup codes.
    Updated,
    /// It was deleted because the other copy deleted it later than it was last edited.
    Deleted,
    /// It stayed as it was (listed only when it was in conflict).
    Unchanged,
}

impl Change {
    /// `added`, `updated`, `deleted` or `unchanged`.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Updated => "updated",
            Change::Deleted => "deleted",
            Change::Unchanged => "unchanged",
        }
    }
}

/// One row a merge changed or found in conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowChange {
    /// Account or group.
    pub kind: RowKind,
    /// The row's UUID.
    pub uuid: String,
    /// How it is named: an account's title (`GitHub (alice)`), a group's name.
    pub name: String,
    /// What happened to it here.
    pub change: Change,
    /// Both copies changed it and the earlier change was dropped (last writer wins).
    pub conflict: bool,
}

/// What a merge changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Rows added, updated, deleted or in conflict, groups first.
    pub rows: Vec<RowChange>,
    /// API tokens only the other copy had, added.
    pub tokens_added: usize,
    /// API tokens the other copy had revoked, revoked here too.
    pub tokens_revoked: usize,
    /// Icons the kept accounts name, copied from the other copy.
    pub icons_added: usize,
    /// Whether the vault was written (false on a dry run, or when there was nothing to do).
    pub written: bool,
}

impl MergeReport {
    /// How many rows of `kind` had `change`.
    pub fn count(&self, kind: RowKind, change: Change) -> usize {
        self.rows
            .iter()
            .filter(|r| r.kind == kind && r.change == change)
            .count()
    }

    /// How many rows of `kind` were in conflict.
    pub fn conflicts(&self, kind: RowKind) -> usize {
        self.rows
            .iter()
            .filter(|r| r.kind == kind && r.conflict)
            .count()
    }

    /// Whether the merge changes anything.
    pub fn changes_anything(&self) -> bool {
        self.rows.iter().any(|r| r.change != Change::Unchanged)
            || self.tokens_added + self.tokens_revoked + self.icons_added > 0
    }
}
