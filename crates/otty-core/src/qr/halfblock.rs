//! A QR code as text: half blocks (`▀`, `▄`, `█`, space), each character one module column and
//! two module rows, with a quiet zone of [`QUIET`] light modules all round. The one drawing
//! used by the TUI's `Q` window and `otty export --qr`.
//!
//! A character cell shows ink in the foreground colour, so which modules are ink depends on
//! the colours the text will be shown in: [`Ink::Dark`] for dark text on a light background
//! (the CLI and the TUI paint black on white), [`Ink::Light`] for light text on a dark one.
//! Choosing the wrong one gives a negative image, which many scanners do not read.

use super::QrMatrix;

/// Light modules around the code (the QR specification asks for 4).
pub const QUIET: usize = 4;

/// Which modules the characters draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    /// Characters are dark modules: for dark text on a light background.
    Dark,
    /// Characters are light modules (the quiet zone included): for light text on a dark
    /// background.
    Light,
}

/// The code as lines of half blocks, quiet zone included, without colours.
pub fn lines(m: &QrMatrix, ink: Ink) -> Vec<String> {
    let size = m.width() + 2 * QUIET;
    let dark = |x: usize, y: usize| match (x.checked_sub(QUIET), y.checked_sub(QUIET)) {
        (Some(x), Some(y)) => m.is_dark(x, y),
        _ => false,
    };
    // Below the last module row (an odd count) the half block shows the background.
    let inked = |x: usize, y: usize| y < size && (dark(x, y) == (ink == Ink::Dark));
    (0..size)
        .step_by(2)
        .map(|y| {
            (0..size)
                .map(|x| match (inked(x, y), inked(x, y + 1)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                })
                .collect()
        })
        .collect()
}

/// Columns and rows of characters the drawing needs.
pub fn size(m: &QrMatrix) -> (usize, usize) {
    let size = m.width() + 2 * QUIET;
    (size, size.div_ceil(2))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::qr;

    /// What a screen shows: each character's halves in ink or background colour, 4 pixels per
    /// module, as a greyscale PNG.
    fn to_png(lines: &[String], ink: Ink) -> Vec<u8> {
        const S: usize = 4;
        let (ink_px, paper_px) = match ink {
            Ink::Dark => (0u8, 255u8),
            Ink::Light => (255u8, 0u8),
        };
        let w = lines[0].chars().count() * S;
        let h = lines.len() * 2 * S;
        let mut px = vec![paper_px; w * h];
        for (row, line) in lines.iter().enumerate() {
            for (col, c) in line.chars().enumerate() {
                let (top, bottom) = match c {
                    '█' => (true, true),
                    '▀' => (true, false),
                    '▄' => (false, true),
                    _ => (false, false),
                };
                for (half, inked) in [(0, top), (1, bottom)] {
                    if !inked {
                        continue;
                    }
                    for dy in 0..S {
                        let y = (row * 2 + half) * S + dy;
                        px[y * w + col * S..y * w + col * S + S].fill(ink_px);
                    }
                }
            }
        }
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w as u32, h as u32);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().unwrap();
        writer.write_image_data(&px).unwrap();
        writer.finish().unwrap();
        out
    }

    const TEXT: &str =
        "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";

    #[test]
    fn both_inks_read_back_as_the_same_text_in_their_colours() {
        let m = qr::encode(TEXT).unwrap();
        let (cols, rows) = size(&m);
        for ink in [Ink::Dark, Ink::Light] {
            let lines = lines(&m, ink);
            assert_eq!(lines.len(), rows, "{ink:?}");
            assert!(lines.iter().all(|l| l.chars().count() == cols), "{ink:?}");
            assert_eq!(qr::decode(&to_png(&lines, ink)).unwrap(), TEXT, "{ink:?}");
        }
    }

    #[test]
    fn the_quiet_zone_is_light_in_both_inks() {
        let m = qr::encode(TEXT).unwrap();
        let dark = lines(&m, Ink::Dark);
        let light = lines(&m, Ink::Light);
        let edge = QUIET / 2;
        for l in &dark[..edge] {
            assert!(l.chars().all(|c| c == ' '), "no ink on light modules");
        }
        for l in &light[..edge] {
            assert!(l.chars().all(|c| c == '█'), "light modules are ink");
        }
        // The two inks are each other's negative inside the code.
        let negative = |c: char| match c {
            '█' => ' ',
            ' ' => '█',
            '▀' => '▄',
            _ => '▀',
        };
        let row = edge + 1;
        assert_eq!(
            light[row].chars().collect::<String>(),
            dark[row].chars().map(negative).collect::<String>()
        );
    }
}
