//! The unlock screen and the first-run screen that creates a vault: masked password fields,
//! a strength hint from the core's password rule, and the state shown while Argon2 runs on a background thread.
//! On a terminal too short for all their text they scroll (`PgUp`/`PgDn`), following the
//! password field and its message until the user scrolls.

use tui_input::Input;
use zeroize::{Zeroize, Zeroizing};

use super::scroll::Scroll;

/// The unlock screen.
#[derive(Default)]
pub struct UnlockForm {
    /// The password being typed (shown masked).
    pub input: Input,
    /// The last failure, e.g. "Wrong password".
    pub error: Option<String>,
    /// Argon2 is running.
    pub busy: bool,
    /// Where the text is scrolled on a short terminal.
    pub scroll: Scroll,
}

/// The first-run screen: a password typed twice.
#[derive(Default)]
pub struct CreateForm {
    /// The new password's first field.
    pub password: Input,
    /// The password again.
    pub confirm: Input,
    /// `false`: the first field has the focus; `true`: the second.
    pub on_confirm: bool,
    /// The last failure.
    pub error: Option<String>,
    /// The password was refused as weak and not edited since: Enter again keeps it, and the
    /// next character typed into it starts a new one instead of extending it.
    pub warned: bool,
    /// The user insisted on this weak password.
    pub weak_ok: bool,
    /// The vault is being created.
    pub busy: bool,
    /// Where the text is scrolled on a short terminal.
    pub scroll: Scroll,
}

/// Take a password out of a field, leaving it empty.
pub fn take(input: &mut Input) -> Zeroizing<String> {
    Zeroizing::new(std::mem::take(input).value_and_reset())
}

/// Overwrite and empty a field.
pub fn wipe(input: &mut Input) {
    let mut s = std::mem::take(input).value_and_reset();
    s.zeroize();
}

impl Drop for UnlockForm {
    fn drop(&mut self) {
        wipe(&mut self.input);
    }
}

impl Drop for CreateForm {
    fn drop(&mut self) {
        wipe(&mut self.password);
        wipe(&mut self.confirm);
    }
}

/// The strength bar's score (0 to 4) and a word for it, from the core's one password rule.
pub fn strength(password: &str) -> (u8, &'static str) {
    if password.is_empty() {
        return (0, "type a password");
    }
    let score = otty_core::password::assess(password.as_bytes())
        .score
        .min(4);
    let word = ["very weak", "weak", "fair", "good", "strong"][usize::from(score)];
    (score, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_follows_the_core_rule() {
        assert_eq!(strength(""), (0, "type a password"));
        for pw in ["abc123", "password", "aaaaaaaaaaaaaaaa"] {
            assert!(strength(pw).0 < otty_core::password::MIN_SCORE, "{pw}");
        }
        assert!(strength("correct horse battery").0 >= otty_core::password::MIN_SCORE);
    }
}
