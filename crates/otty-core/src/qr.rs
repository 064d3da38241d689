//! QR codes: read the text of a QR code in a PNG or JPEG screenshot, and turn text into a
//! module matrix, and draw that as text (`halfblock`) for the TUI and the CLI alike.
//!
//! Decoding uses `rqrr` on a greyscale image from `png` or `zune-jpeg` (no `image` crate).
//! Images larger than [`MAX_PIXELS`] are refused before decoding, and a panic inside `rqrr` is
//! contained (`qr/contain.rs`) and read as "no code".

mod contain;
pub mod halfblock;

use std::io::Cursor;

use zune_jpeg::JpegDecoder;
use zune_jpeg::zune_core::bytestream::ZCursor;
use zune_jpeg::zune_core::colorspace::ColorSpace;
use zune_jpeg::zune_core::options::DecoderOptions;

/// Largest image accepted, in pixels (about 40 megapixels).
pub const MAX_PIXELS: usize = 40_000_000;
/// Largest side accepted, in pixels.
const MAX_SIDE: usize = 16_384;

/// Why no text could be read from an image or written to a QR code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QrError {
    /// The bytes are neither PNG nor JPEG.
    #[error("the image is neither PNG nor JPEG")]
    NotAnImage,
    /// The image could not be decoded.
    #[error("the image is damaged or uses an unsupported encoding")]
    BadImage,
    /// The image is too large.
    #[error("the image is too large (over {MAX_PIXELS} pixels)")]
    TooLarge,
    /// No QR code was found or none could be read.
    #[error("no readable QR code in the image")]
    NoCode,
    /// The text does not fit in a QR code.
    #[error("the text is too long for a QR code")]
    TooLong,
}

/// Whether the bytes start like a PNG or JPEG file.
pub fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
}

/// The text of the first readable QR code in a PNG or JPEG image.
pub fn decode(bytes: &[u8]) -> Result<String, QrError> {
    decode_all(bytes)?.into_iter().next().ok_or(QrError::NoCode)
}

/// The texts of every readable QR code in a PNG or JPEG image (a screenshot may hold several).
pub fn decode_all(bytes: &[u8]) -> Result<Vec<String>, QrError> {
    let (w, h, luma) = greyscale(bytes)?;
    // rqrr panics on some hostile images: that is "no code", not a crash (`contain`).
    let texts = contain::contained(|| {
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
            luma.get(y * w + x).copied().unwrap_or(255)
        });
        img.detect_grids()
            .iter()
            .filter_map(|g| g.decode().ok().map(|(_, text)| text))
            .collect::<Vec<String>>()
    })
    .ok_or(QrError::NoCode)?;
    if texts.is_empty() {
        Err(QrError::NoCode)
    } else {
        Ok(texts)
    }
}

/// Decode an image to 8-bit greyscale: `(width, height, pixels)`.
fn greyscale(bytes: &[u8]) -> Result<(usize, usize, Vec<u8>), QrError> {
    if bytes.starts_with(b"\x89PNG") {
        png_luma(bytes)
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg_luma(bytes)
    } else {
        Err(QrError::NotAnImage)
    }
}

fn check_size(w: usize, h: usize) -> Result<(), QrError> {
    if w == 0 || h == 0 {
        return Err(QrError::BadImage);
    }
    if w > MAX_SIDE || h > MAX_SIDE || w.saturating_mul(h) > MAX_PIXELS {
        return Err(QrError::TooLarge);
    }
    Ok(())
}

fn png_luma(bytes: &[u8]) -> Result<(usize, usize, Vec<u8>), QrError> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|_| QrError::BadImage)?;
    let (w, h) = {
        let info = reader.info();
        (info.width as usize, info.height as usize)
    };
    check_size(w, h)?;
    let size = reader.output_buffer_size().ok_or(QrError::TooLarge)?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(|_| QrError::BadImage)?;
    let channels = frame.color_type.samples();
    let stride = frame.line_size;
    let mut luma = Vec::with_capacity(w * h);
    for y in 0..h {
        let row = buf.get(y * stride..).ok_or(QrError::BadImage)?;
        for x in 0..w {
            let px = row
                .get(x * channels..x * channels + channels)
                .ok_or(QrError::BadImage)?;
            luma.push(to_luma(px));
        }
    }
    Ok((w, h, luma))
}

/// Greyscale of one 8-bit pixel of 1–4 samples, composited over white.
fn to_luma(px: &[u8]) -> u8 {
    let (v, a) = match *px {
        [g] => (u32::from(g), 255),
        [g, a] => (u32::from(g), u32::from(a)),
        [r, g, b] => (
            (u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000,
            255,
        ),
        [r, g, b, a, ..] => (
            (u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000,
            u32::from(a),
        ),
        [] => (255, 255),
    };
    ((v * a + 255 * (255 - a)) / 255) as u8
}

fn jpeg_luma(bytes: &[u8]) -> Result<(usize, usize, Vec<u8>), QrError> {
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(MAX_SIDE)
        .set_max_height(MAX_SIDE);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(|_| QrError::BadImage)?;
    let (w, h) = decoder.dimensions().ok_or(QrError::BadImage)?;
    check_size(w, h)?;
    let size = decoder.output_buffer_size().ok_or(QrError::BadImage)?;
    if size != w * h {
        return Err(QrError::BadImage);
    }
    let mut out = vec![0; size];
    decoder
        .decode_into(&mut out)
        .map_err(|_| QrError::BadImage)?;
    Ok((w, h, out))
}

/// A QR code as a square of modules, `true` = dark. No quiet zone is included.
#[derive(Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    modules: Vec<bool>,
}

impl std::fmt::Debug for QrMatrix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The modules encode a secret: show only the size.
        write!(f, "QrMatrix({0}x{0})", self.width)
    }
}

impl QrMatrix {
    /// Modules per side.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark (`false` outside the code).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width
            && self
                .modules
                .get(y * self.width + x)
                .copied()
                .unwrap_or(false)
    }

    /// Rows of modules, top to bottom.
    pub fn rows(&self) -> impl Iterator<Item = &[bool]> {
        self.modules.chunks(self.width.max(1))
    }
}

/// Encode text as a QR code (error correction M, smallest version that fits).
pub fn encode(text: &str) -> Result<QrMatrix, QrError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|_| QrError::TooLong)?;
    let width = code.width();
    let modules = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Ok(QrMatrix { width, modules })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grid_that_makes_rqrr_panic_is_no_code() {
        // A mutated JPEG screenshot from the `import` fuzz target; rqrr 0.11 panics on it.
        let jpeg = include_bytes!("../../../fuzz/regressions/rqrr_perspective_panic.jpg");
        assert_eq!(decode(jpeg), Err(QrError::NoCode));
    }
}
