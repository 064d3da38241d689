//! The ranges of an account's numeric code parameters (digits, period, counter) and the one
//! sentence that refuses a value outside them (docs/DESIGN.md, «Accounts»).
//!
//! Validation ([`super::OtpParams::validate`]) and readers of text (the otpauth URI parser)
//! share it, so a period of `0`, of `99999999999999` or of `abc` is refused with the same
//! words, and a number too large for its type is never clamped or wrapped into range.

use std::ops::RangeInclusive;

use super::{DIGITS, MAX_COUNTER, MAX_PERIOD};
use crate::error::{Error, Result};

/// A numeric code parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpNumber {
    /// The code's length ([`DIGITS`]).
    Digits,
    /// Seconds per code, 1 to [`MAX_PERIOD`].
    Period,
    /// The HOTP counter, 0 to [`MAX_COUNTER`].
    Counter,
}

impl OtpNumber {
    /// The field's name, as in errors and 2FAuth's JSON.
    pub fn field(self) -> &'static str {
        match self {
            OtpNumber::Digits => "digits",
            OtpNumber::Period => "period",
            OtpNumber::Counter => "counter",
        }
    }

    /// The values accepted.
    pub fn range(self) -> RangeInclusive<u64> {
        match self {
            OtpNumber::Digits => u64::from(*DIGITS.start())..=u64::from(*DIGITS.end()),
            OtpNumber::Period => 1..=u64::from(MAX_PERIOD),
            OtpNumber::Counter => 0..=MAX_COUNTER,
        }
    }

    /// The refusal of a value outside [`OtpNumber::range`]: `must be between A and B`.
    pub fn out_of_range(self) -> Error {
        let range = self.range();
        let unit = if self == OtpNumber::Period {
            " seconds"
        } else {
            ""
        };
        Error::invalid(
            self.field(),
            format!(
                "must be between {} and {}{unit}",
                range.start(),
                range.end()
            ),
        )
    }

    /// A whole number in range, from text (surrounding white space allowed); anything else,
    /// a negative, a fraction, a word or a number too large for any integer type, is
    /// [`OtpNumber::out_of_range`].
    pub fn parse(self, text: &str) -> Result<u64> {
        text.trim()
            .parse::<u64>()
            .ok()
            .filter(|n| self.range().contains(n))
            .ok_or_else(|| self.out_of_range())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_in_range_and_refuses_the_rest_in_one_sentence() {
        let cases: &[(OtpNumber, &str, Option<u64>)] = &[
            (OtpNumber::Digits, "5", Some(5)),
            (OtpNumber::Digits, " 10 ", Some(10)),
            (OtpNumber::Digits, "4", None),
            (OtpNumber::Digits, "300", None),
            (OtpNumber::Digits, "99999999999999999999", None),
            (OtpNumber::Digits, "six", None),
            (OtpNumber::Period, "1", Some(1)),
            (OtpNumber::Period, "86400", Some(86_400)),
            (OtpNumber::Period, "0", None),
            (OtpNumber::Period, "86401", None),
            (OtpNumber::Period, "4294967296", None),
            (OtpNumber::Period, "99999999999999", None),
            (OtpNumber::Period, "-30", None),
            (OtpNumber::Period, "30.5", None),
            (OtpNumber::Counter, "0", Some(0)),
            (OtpNumber::Counter, "9223372036854775807", Some(MAX_COUNTER)),
            (OtpNumber::Counter, "9223372036854775808", None),
            (OtpNumber::Counter, "18446744073709551615", None),
            (OtpNumber::Counter, "18446744073709551616", None),
            (OtpNumber::Counter, "-1", None),
        ];
        for &(number, text, want) in cases {
            match (number.parse(text), want) {
                (Ok(got), Some(want)) => assert_eq!(got, want, "{number:?} {text:?}"),
                (Err(Error::Invalid { field, reason }), None) => {
                    assert_eq!(field, number.field(), "{text:?}");
                    assert!(reason.starts_with("must be between "), "{text:?}: {reason}");
                }
                (got, want) => panic!("{number:?} {text:?}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn sentences_name_the_range() {
        let reason = |n: OtpNumber| n.out_of_range().to_string();
        assert!(reason(OtpNumber::Digits).ends_with("digits: must be between 5 and 10"));
        assert!(reason(OtpNumber::Period).ends_with("period: must be between 1 and 86400 seconds"));
        assert!(
            reason(OtpNumber::Counter)
                .ends_with("counter: must be between 0 and 9223372036854775807")
        );
    }
}
