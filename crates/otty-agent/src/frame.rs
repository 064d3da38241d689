//! The frame every request and reply travels in: a 2-byte magic `ot`, one version byte, a
//! big-endian `u32` body length, then the body (JSON). A frame of another version or with a
//! body over [`MAX_BODY`] is refused before its body is read, and bodies live in buffers that
//! are wiped on drop (they carry secrets and codes).

use std::io::{self, Read, Write};

use zeroize::Zeroizing;

/// The first two bytes of every frame.
pub const MAGIC: [u8; 2] = *b"ot";
/// The protocol version this build speaks.
pub const VERSION: u8 = 1;
/// Bytes before the body.
pub const HEADER_LEN: usize = 7;
/// The largest body accepted: an import of the largest file `otty import` reads (64 MiB),
/// base64-encoded, with room for the JSON around it.
pub const MAX_BODY: usize = 96 * 1024 * 1024;

/// Why a frame was refused.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The stream ended or failed.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The first bytes are not a frame.
    #[error("not an otty agent frame")]
    Magic,
    /// The other side speaks another protocol version.
    #[error("protocol version {0} (this otty speaks version {VERSION})")]
    Version(u8),
    /// The body is larger than [`MAX_BODY`].
    #[error("a frame of {0} bytes is larger than the limit")]
    TooLarge(usize),
    /// The buffer holds less than the header announces.
    #[error("the frame is cut short")]
    Short,
}

/// Check a frame header; the body length it announces.
pub fn parse_header(header: &[u8; HEADER_LEN]) -> Result<usize, FrameError> {
    if header[..2] != MAGIC {
        return Err(FrameError::Magic);
    }
    if header[2] != VERSION {
        return Err(FrameError::Version(header[2]));
    }
    let len = u32::from_be_bytes([header[3], header[4], header[5], header[6]]) as usize;
    if len > MAX_BODY {
        return Err(FrameError::TooLarge(len));
    }
    Ok(len)
}

/// The body of the frame at the start of `bytes`, and what follows it. Never allocates by the
/// announced length.
pub fn split(bytes: &[u8]) -> Result<(&[u8], &[u8]), FrameError> {
    let header: &[u8; HEADER_LEN] = bytes
        .get(..HEADER_LEN)
        .and_then(|h| h.try_into().ok())
        .ok_or(FrameError::Short)?;
    let len = parse_header(header)?;
    let rest = &bytes[HEADER_LEN..];
    if rest.len() < len {
        return Err(FrameError::Short);
    }
    Ok(rest.split_at(len))
}

/// Read one frame's body. A stream that ends before the header is `UnexpectedEof`.
pub fn read(r: &mut impl Read) -> Result<Zeroizing<Vec<u8>>, FrameError> {
    let mut header = [0u8; HEADER_LEN];
    r.read_exact(&mut header)?;
    let len = parse_header(&header)?;
    let mut body = Zeroizing::new(vec![0u8; len]);
    r.read_exact(&mut body)?;
    Ok(body)
}

/// Header and body in one buffer, wiped on drop.
pub fn encode(body: &[u8]) -> Result<Zeroizing<Vec<u8>>, FrameError> {
    if body.len() > MAX_BODY {
        return Err(FrameError::TooLarge(body.len()));
    }
    let mut out = Zeroizing::new(Vec::with_capacity(HEADER_LEN + body.len()));
    out.extend_from_slice(&MAGIC);
    out.push(VERSION);
    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
    out.extend_from_slice(body);
    Ok(out)
}

/// Write one frame.
pub fn write(w: &mut impl Write, body: &[u8]) -> Result<(), FrameError> {
    w.write_all(&encode(body)?)?;
    w.flush()?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bad_frames_are_refused_before_the_body() {
        let mut f = encode(b"{}").unwrap().to_vec();
        assert_eq!(split(&f).unwrap(), (&b"{}"[..], &[][..]));
        f[2] = 9;
        assert!(matches!(split(&f), Err(FrameError::Version(9))));
        assert!(matches!(split(b"xx\x01\0\0\0\0"), Err(FrameError::Magic)));
        let huge = [b'o', b't', VERSION, 0xff, 0xff, 0xff, 0xff];
        assert!(matches!(split(&huge), Err(FrameError::TooLarge(_))));
        let mut r: &[u8] = &huge;
        assert!(matches!(read(&mut r), Err(FrameError::TooLarge(_))));
        assert!(matches!(
            split(b"ot\x01\0\0\0\x05ab"),
            Err(FrameError::Short)
        ));
    }

    proptest! {
        #[test]
        fn frames_round_trip(body in proptest::collection::vec(any::<u8>(), 0..2048),
                             tail in proptest::collection::vec(any::<u8>(), 0..16)) {
            let mut bytes = encode(&body).unwrap().to_vec();
            bytes.extend_from_slice(&tail);
            let (got, rest) = split(&bytes).unwrap();
            prop_assert_eq!(got, &body[..]);
            prop_assert_eq!(rest, &tail[..]);
            let mut r: &[u8] = &bytes;
            prop_assert_eq!(&read(&mut r).unwrap()[..], &body[..]);
        }

        #[test]
        fn any_bytes_split_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = split(&bytes);
        }
    }
}
