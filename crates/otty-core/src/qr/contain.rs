//! Running the QR decoder so that a panic inside it becomes an error, quietly.
//!
//! rqrr asserts on some degenerate grids (a perspective mapping outside `i32`, found by the
//! `import` fuzz target), so a hostile image could take down the CLI, answer 500 from the API
//! or kill the TUI's import thread. [`contained`] catches the unwind; a panic hook installed
//! once, wrapping whatever hook was current, stays silent for panics raised inside it, so the
//! TUI's hook (which restores the terminal) and libFuzzer's (which aborts) never see them.
//! Panics anywhere else still reach the previous hook unchanged.

use std::cell::Cell;
use std::panic::{self, UnwindSafe};
use std::sync::Once;

thread_local! {
    static INSIDE: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Run `f`; `None` if it panicked.
pub(super) fn contained<T>(f: impl FnOnce() -> T + UnwindSafe) -> Option<T> {
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !INSIDE.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let outer = INSIDE.with(|i| i.replace(true));
    let result = panic::catch_unwind(f);
    INSIDE.with(|i| i.set(outer));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_none_and_a_value_is_kept() {
        assert_eq!(contained(|| 7), Some(7));
        let none: Option<()> = contained(|| panic!("inside the decoder"));
        assert_eq!(none, None);
        assert!(!INSIDE.with(Cell::get));
    }
}
