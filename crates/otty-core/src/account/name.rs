//! The rule every display name obeys (services, accounts, groups, API tokens): not too long,
//! and nothing that changes how the text around it is shown.
//!
//! Control characters (C0, DEL, C1) are refused, and so are Unicode's bidirectional formatting
//! characters: shown raw in a list, a picker or the TUI, `U+202E` would display
//! `\u{202E}lapyap` as "paypal", so one name could pass for another.

use super::MAX_NAME_CHARS;
use crate::error::{Error, Result};

/// Unicode's bidirectional formatting characters: the marks (LRM, RLM, ALM), the embeddings
/// and overrides (LRE, RLE, PDF, LRO, RLO) and the isolates (LRI, RLI, FSI, PDI).
const BIDI_CONTROLS: [char; 12] = [
    '\u{200E}', '\u{200F}', '\u{061C}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// Whether `c` is a bidirectional formatting character.
fn is_bidi_control(c: char) -> bool {
    BIDI_CONTROLS.contains(&c)
}

/// Check a display name's length and that it has no control or bidirectional formatting
/// characters.
pub fn check_name(field: &'static str, name: &str) -> Result<()> {
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid(
            field,
            format!("longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid(field, "contains control characters"));
    }
    if name.chars().any(is_bidi_control) {
        return Err(Error::invalid(
            field,
            "contains bidirectional control characters",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_refused() {
        let control = Some("contains control characters");
        let bidi = Some("contains bidirectional control characters");
        let cases: &[(&str, Option<&str>)] = &[
            ("ACME", None),
            ("שלום world", None),
            ("مرحبا", None),
            ("e\u{301}", None),
            ("a\u{200D}b", None),
            ("a\u{7}b", control),
            ("a\nb", control),
            ("a\u{85}b", control),
            ("\u{202E}evil", bidi),
            ("\u{202A}x", bidi),
            ("\u{202B}x", bidi),
            ("x\u{202C}", bidi),
            ("\u{202D}x", bidi),
            ("\u{2066}x", bidi),
            ("\u{2067}x", bidi),
            ("\u{2068}x", bidi),
            ("x\u{2069}", bidi),
            ("a\u{200E}b", bidi),
            ("a\u{200F}b", bidi),
            ("a\u{061C}b", bidi),
        ];
        for &(name, want) in cases {
            let got = check_name("service", name).err().map(|e| match e {
                Error::Invalid { field, reason } => {
                    assert_eq!(field, "service");
                    reason
                }
                other => panic!("{name:?}: {other:?}"),
            });
            assert_eq!(got.as_deref(), want, "{name:?}");
        }
    }
}
