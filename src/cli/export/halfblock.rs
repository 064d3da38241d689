//! Colours for a QR code drawn by `core::qr::halfblock`: every line in black ink on white, so
//! the code reads the same on light and dark terminals (drawn with `Ink::Dark`).

/// One line in black ink on a bright white background, colours reset at its end.
pub fn paint(line: &str) -> String {
    format!("\x1b[30;107m{line}\x1b[0m")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn painted_lines_reset_their_colours() {
        let p = paint("▀▄");
        assert!(p.starts_with("\x1b[30;107m") && p.ends_with("\x1b[0m"));
    }
}
