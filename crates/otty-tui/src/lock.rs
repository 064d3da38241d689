//! The unlock screen and the first-run screen that creates a vault: masked password fields,
//! a strength hint, and the state shown while Argon2 runs on a background thread.

use tui_input::Input;
use zeroize::{Zeroize, Zeroizing};

/// The unlock screen.
#[derive(Default)]
pub struct UnlockForm {
    /// The password being typed (shown masked).
    pub input: Input,
    /// The last failure, e.g. "Wrong password".
    pub error: Option<String>,
    /// Argon2 is running.
    pub busy: bool,
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
    /// The vault is being created.
    pub busy: bool,
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

/// A rough strength estimate: 0 (very weak) to 4 (strong), and a hint to show.
///
/// Length dominates: every vault is guarded by one Argon2id per guess, so a long passphrase
/// of plain words beats a short one full of symbols.
pub fn strength(password: &str) -> (u8, &'static str) {
    let len = password.chars().count();
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    let distinct = {
        let mut v: Vec<char> = password.chars().collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    match len {
        0 => (0, "type a password"),
        _ if distinct <= 2 => (0, "very weak: too repetitive"),
        1..=7 => (0, "very weak: use at least 12 characters"),
        8..=11 if classes < 3 => (1, "weak: longer is better (a few random words)"),
        8..=11 => (2, "fair: 16+ characters or a few random words is better"),
        12..=15 => (3, "good"),
        _ => (4, "strong"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strength_grows_with_length() {
        assert_eq!(strength("").0, 0);
        assert_eq!(strength("aaaaaaaaaaaaaaaa").0, 0);
        assert_eq!(strength("abc123").0, 0);
        assert_eq!(strength("password").0, 1);
        assert_eq!(strength("Passw0rd!").0, 2);
        assert_eq!(strength("correct horse").0, 3);
        assert_eq!(strength("correct horse battery staple").0, 4);
    }
}
