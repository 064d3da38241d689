//! How strong a new vault password is: one rule for every face (`otty init`, `otty passwd`,
//! the TUI's create and change-password forms).
//!
//! The estimate is zxcvbn's (dictionaries, keyboard patterns, dates, repeats, l33t), not a
//! length count: `123456789012` is long and weak, four random words are strong. A password is
//! weak below [`MIN_SCORE`], zxcvbn's 3 ("safely unguessable": about 10^10 guesses), the level
//! its authors recommend where an attacker who steals the file can guess offline, which is the
//! vault's case; Argon2id makes each guess slow, not the password unguessable.
//! A face refuses a weak password unless the user insists, and shows [`Strength::reason`].

use zeroize::Zeroizing;

/// The lowest acceptable zxcvbn score (0 to 4).
pub const MIN_SCORE: u8 = 3;

/// zxcvbn's estimate for one password. Holds no part of the password.
#[derive(Debug, Clone, PartialEq)]
pub struct Strength {
    /// zxcvbn's score, 0 (guessed at once) to 4 (very unlikely to be guessed).
    pub score: u8,
    /// log10 of the estimated number of guesses.
    pub guesses_log10: f64,
    /// What makes it weak, if zxcvbn says ("This is a top-10 common password").
    pub warning: Option<String>,
    /// What to do about it.
    pub suggestions: Vec<String>,
}

impl Strength {
    /// Whether the password is below [`MIN_SCORE`].
    pub fn is_weak(&self) -> bool {
        self.score < MIN_SCORE
    }

    /// Why a weak password is weak and what to do, as one sentence without the password;
    /// `None` when it is strong enough.
    pub fn reason(&self) -> Option<String> {
        if !self.is_weak() {
            return None;
        }
        let mut s = format!(
            "the password is too easy to guess (strength {}/4, about 10^{:.0} guesses; at least {}/4 is needed)",
            self.score, self.guesses_log10, MIN_SCORE
        );
        if let Some(w) = &self.warning {
            s.push_str(": ");
            s.push_str(w.trim_end_matches('.'));
        }
        let mut advice = self.suggestions.clone();
        advice.push(
            "A few random words or a longer phrase is easier to remember and to keep.".into(),
        );
        s.push_str(". ");
        s.push_str(&advice.join(" "));
        Some(s)
    }
}

/// Estimate how hard `password` is to guess. Bytes that are not UTF-8 are read lossily.
pub fn assess(password: &[u8]) -> Strength {
    let text = Zeroizing::new(String::from_utf8_lossy(password).into_owned());
    let estimate = zxcvbn::zxcvbn(&text, &[]);
    let feedback = estimate.feedback();
    Strength {
        score: u8::from(estimate.score()),
        guesses_log10: estimate.guesses_log10(),
        warning: feedback.and_then(|f| f.warning()).map(|w| w.to_string()),
        suggestions: feedback
            .map(|f| f.suggestions().iter().map(ToString::to_string).collect())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn short_and_common_passwords_are_weak_and_say_why() {
        for pw in [
            "abc",
            "password",
            "P@ssw0rd2024",
            "123456789012",
            "aaaaaaaaaaaaaaaa",
        ] {
            let s = assess(pw.as_bytes());
            assert!(s.is_weak(), "{pw}: {s:?}");
            let reason = s.reason().unwrap();
            assert!(reason.contains("too easy to guess"), "{reason}");
            // Words like "abc" and "password" are in zxcvbn's own messages.
            if !pw.chars().all(|c| c.is_ascii_lowercase()) {
                assert!(
                    !reason.contains(pw),
                    "the reason quotes the password: {reason}"
                );
            }
        }
    }

    #[test]
    fn long_random_phrases_are_strong() {
        for pw in [
            "correct horse battery",
            "vivid-kettle-orbit-plume",
            "q8#Lz!r2Wm9x",
        ] {
            let s = assess(pw.as_bytes());
            assert!(!s.is_weak(), "{pw}: {s:?}");
            assert_eq!(s.reason(), None);
        }
    }

    #[test]
    fn non_utf8_bytes_are_assessed() {
        assert!(assess(&[0xff, 0xfe]).is_weak());
    }
}
