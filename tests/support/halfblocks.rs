//! Reading a QR code back from half-block text (`█`, `▀`, `▄`: two modules per character cell,
//! as otty draws codes on a terminal), for tests that scan what was drawn.
#![allow(dead_code, clippy::unwrap_used)]

/// Which halves of a cell are inked: (top, bottom).
pub fn halves(symbol: &str) -> (bool, bool) {
    match symbol {
        "█" => (true, true),
        "▀" => (true, false),
        "▄" => (false, true),
        _ => (false, false),
    }
}

/// Lines of half-block text (colour codes stripped) as rows of modules (`true` = dark).
pub fn modules(lines: &[&str]) -> Vec<Vec<bool>> {
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut rows = Vec::new();
    for line in lines {
        let (mut top, mut bottom) = (vec![false; width], vec![false; width]);
        for (x, c) in line.chars().enumerate() {
            (top[x], bottom[x]) = halves(c.encode_utf8(&mut [0; 4]));
        }
        rows.push(top);
        rows.push(bottom);
    }
    rows
}

/// A greyscale PNG of `ink[y][x]` modules (`true` = dark), 4 pixels each.
pub fn modules_png(ink: &[Vec<bool>]) -> Vec<u8> {
    const S: usize = 4;
    let (w, h) = (ink[0].len() * S, ink.len() * S);
    let mut px = vec![255u8; w * h];
    for (my, row) in ink.iter().enumerate() {
        for (mx, dark) in row.iter().enumerate() {
            if *dark {
                for y in my * S..my * S + S {
                    px[y * w + mx * S..y * w + mx * S + S].fill(0);
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
