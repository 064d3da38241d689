//! State of the groups screen (`g`: create, rename, delete) and of the "move to group" picker.

use tui_input::Input;

/// What the name field of the groups screen is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameEdit {
    /// A new group.
    New,
    /// Renaming this group.
    Rename(i64),
}

/// The groups screen.
#[derive(Debug, Default)]
pub struct GroupsPane {
    /// Selected group (index into the list's groups).
    pub selected: usize,
    /// The name being typed, and what for.
    pub editing: Option<(NameEdit, Input)>,
    /// Waiting for `y` to delete the selected group.
    pub confirm_delete: bool,
    /// The last failure.
    pub error: Option<String>,
}

/// The "move to group" picker: entry 0 is "no group", `i` is group `i - 1`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Picker {
    /// Selected entry.
    pub selected: usize,
}
