//! Drawing a QR code in a terminal with half blocks (`▀`, `▄`, `█`): each character row holds
//! two module rows, each character one module column, with a quiet zone of light modules all
//! round. Ink is a dark module; [`paint`] puts every line in black on white so the code reads
//! the same on light and dark terminals.

use crate::core::qr::QrMatrix;

/// Light modules around the code (the QR specification asks for 4).
pub const QUIET: usize = 4;

/// The code as lines of half blocks, quiet zone included, without colours.
pub fn lines(m: &QrMatrix) -> Vec<String> {
    let size = m.width() + 2 * QUIET;
    let dark = |x: usize, y: usize| match (x.checked_sub(QUIET), y.checked_sub(QUIET)) {
        (Some(x), Some(y)) => m.is_dark(x, y),
        _ => false,
    };
    (0..size)
        .step_by(2)
        .map(|y| {
            (0..size)
                .map(|x| match (dark(x, y), dark(x, y + 1)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                })
                .collect()
        })
        .collect()
}

/// One line in black ink on a bright white background, colours reset at its end.
pub fn paint(line: &str) -> String {
    format!("\x1b[30;107m{line}\x1b[0m")
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
    use crate::core::qr;

    /// Turn the half blocks back into pixels (4 per module) and encode a greyscale PNG.
    fn to_png(lines: &[String]) -> Vec<u8> {
        const S: usize = 4;
        let w = lines[0].chars().count() * S;
        let h = lines.len() * 2 * S;
        let mut px = vec![255u8; w * h];
        for (row, line) in lines.iter().enumerate() {
            for (col, c) in line.chars().enumerate() {
                let (top, bottom) = match c {
                    '█' => (true, true),
                    '▀' => (true, false),
                    '▄' => (false, true),
                    _ => (false, false),
                };
                for (half, ink) in [(0, top), (1, bottom)] {
                    if !ink {
                        continue;
                    }
                    for dy in 0..S {
                        let y = (row * 2 + half) * S + dy;
                        px[y * w + col * S..y * w + col * S + S].fill(0);
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

    #[test]
    fn drawing_reads_back_as_the_same_text() {
        let text = "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGUlM0FhbGljZUBleGFtcGxlLmNvbRoHRXhhbXBsZSABKAEwAhABGAEgAA%3D%3D";
        let m = qr::encode(text).unwrap();
        let lines = lines(&m);
        let (cols, rows) = size(&m);
        assert_eq!(lines.len(), rows);
        assert!(lines.iter().all(|l| l.chars().count() == cols));
        // Quiet zone: the first two lines are blank.
        assert!(lines[0].trim().is_empty() && lines[1].trim().is_empty());
        assert_eq!(qr::decode(&to_png(&lines)).unwrap(), text);
    }

    #[test]
    fn painted_lines_reset_their_colours() {
        let p = paint("▀▄");
        assert!(p.starts_with("\x1b[30;107m") && p.ends_with("\x1b[0m"));
    }
}
