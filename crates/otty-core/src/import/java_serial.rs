//! A bounded reader for the one Java-serialized object FreeOTP's v2 backups hold: a
//! `java.util.HashMap` whose keys and values are strings.
//!
//! Only the part of the Java Object Serialization Stream Protocol such a map uses is read: the
//! stream header, one object (`TC_OBJECT`) whose class descriptor (`TC_CLASSDESC`) names
//! `java.util.HashMap`, has primitive fields only, no class annotation and no serializable
//! superclass; its field values; and its `writeObject` data: a block (`TC_BLOCKDATA`) with the
//! capacity and the size, then `size` key/value pairs, each a string (`TC_STRING`,
//! `TC_LONGSTRING`), a back-reference to one (`TC_REFERENCE`) or `TC_NULL`, then
//! `TC_ENDBLOCKDATA`. Anything else is an error, never a guess. Every length is checked
//! against the bytes that remain before anything is allocated, so a hostile file costs at most
//! its own size; strings are Java's modified UTF-8.

use std::fmt;

const MAGIC: [u8; 4] = [0xAC, 0xED, 0x00, 0x05];
const TC_NULL: u8 = 0x70;
const TC_REFERENCE: u8 = 0x71;
const TC_CLASSDESC: u8 = 0x72;
const TC_OBJECT: u8 = 0x73;
const TC_STRING: u8 = 0x74;
const TC_BLOCKDATA: u8 = 0x77;
const TC_ENDBLOCKDATA: u8 = 0x78;
const TC_LONGSTRING: u8 = 0x7C;
/// The first handle a stream assigns.
const BASE_HANDLE: u32 = 0x7E_0000;
/// `SC_WRITE_METHOD`: the class writes extra data (HashMap does: its entries).
const SC_WRITE_METHOD: u8 = 0x01;
/// `SC_SERIALIZABLE`.
const SC_SERIALIZABLE: u8 = 0x02;
/// Most map entries read (a backup has two per token).
const MAX_ENTRIES: usize = 100_000;

/// Why a stream could not be read as a map of strings (never quoting its content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JavaError(&'static str);

impl fmt::Display for JavaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for JavaError {}

/// Whether the bytes start a Java serialization stream.
pub fn is_serialized(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// One entry of a map: key and value (`None` for Java's `null`).
pub type Entry = (Option<String>, Option<String>);

/// Read a serialized `HashMap<String, String>`: its entries in stream order.
pub fn read_string_map(bytes: &[u8]) -> Result<Vec<Entry>, JavaError> {
    let mut r = Reader {
        rest: bytes,
        handles: Vec::new(),
    };
    if r.take(4)? != MAGIC {
        return Err(JavaError("not a Java serialization stream"));
    }
    if r.u8()? != TC_OBJECT {
        return Err(JavaError("the stream does not start with an object"));
    }
    let fields = r.hashmap_class()?;
    r.new_handle(Handle::Object);
    // Field values, in descriptor order: primitives only.
    for size in fields {
        r.take(size)?;
    }
    if r.u8()? != TC_BLOCKDATA {
        return Err(JavaError("no block data after the map's fields"));
    }
    let block = usize::from(r.u8()?);
    if block < 8 {
        return Err(JavaError("the map's block data is too short"));
    }
    let head = r.take(block)?;
    let size = i32::from_be_bytes([head[4], head[5], head[6], head[7]]);
    let size = usize::try_from(size).map_err(|_| JavaError("negative map size"))?;
    // Each entry takes at least two bytes.
    if size > MAX_ENTRIES || size > r.rest.len() / 2 {
        return Err(JavaError("the map's size exceeds the stream"));
    }
    let mut entries = Vec::with_capacity(size);
    for _ in 0..size {
        let key = r.string_or_null()?;
        let value = r.string_or_null()?;
        entries.push((key, value));
    }
    if r.u8()? != TC_ENDBLOCKDATA {
        return Err(JavaError("the map does not end where its size says"));
    }
    Ok(entries)
}

/// What a handle refers to.
enum Handle {
    String(String),
    Object,
}

struct Reader<'a> {
    rest: &'a [u8],
    handles: Vec<Handle>,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], JavaError> {
        if n > self.rest.len() {
            return Err(JavaError("the stream ends early"));
        }
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, JavaError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, JavaError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, JavaError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn new_handle(&mut self, h: Handle) {
        self.handles.push(h);
    }

    /// A short UTF string (u16 length) as in class and field names.
    fn utf(&mut self) -> Result<String, JavaError> {
        let n = usize::from(self.u16()?);
        modified_utf8(self.take(n)?)
    }

    /// The class descriptor of `java.util.HashMap`; returns the byte size of each field value.
    fn hashmap_class(&mut self) -> Result<Vec<usize>, JavaError> {
        if self.u8()? != TC_CLASSDESC {
            return Err(JavaError("the object has no class descriptor"));
        }
        if self.utf()? != "java.util.HashMap" {
            return Err(JavaError("the object is not a java.util.HashMap"));
        }
        self.take(8)?; // serialVersionUID
        self.new_handle(Handle::Object);
        let flags = self.u8()?;
        if flags & (SC_SERIALIZABLE | SC_WRITE_METHOD) != SC_SERIALIZABLE | SC_WRITE_METHOD {
            return Err(JavaError("unexpected class flags"));
        }
        let count = usize::from(self.u16()?);
        let mut sizes = Vec::with_capacity(count.min(self.rest.len()));
        for _ in 0..count {
            let size = match self.u8()? {
                b'B' | b'Z' => 1,
                b'C' | b'S' => 2,
                b'F' | b'I' => 4,
                b'D' | b'J' => 8,
                _ => return Err(JavaError("the map has a non-primitive field")),
            };
            self.utf()?; // field name
            sizes.push(size);
        }
        if self.u8()? != TC_ENDBLOCKDATA {
            return Err(JavaError("class annotations are not supported"));
        }
        if self.u8()? != TC_NULL {
            return Err(JavaError("a serializable superclass is not supported"));
        }
        Ok(sizes)
    }

    /// A string, a reference to an earlier one, or null.
    fn string_or_null(&mut self) -> Result<Option<String>, JavaError> {
        match self.u8()? {
            TC_NULL => Ok(None),
            TC_STRING => {
                let n = usize::from(self.u16()?);
                self.new_string(n).map(Some)
            }
            TC_LONGSTRING => {
                let b = self.take(8)?;
                let n = u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
                let n = usize::try_from(n).map_err(|_| JavaError("string too long"))?;
                self.new_string(n).map(Some)
            }
            TC_REFERENCE => {
                let h = self.u32()?;
                let i = h
                    .checked_sub(BASE_HANDLE)
                    .and_then(|i| usize::try_from(i).ok())
                    .ok_or(JavaError("bad handle"))?;
                match self.handles.get(i) {
                    Some(Handle::String(s)) => Ok(Some(s.clone())),
                    Some(Handle::Object) => Err(JavaError("a map entry refers to a non-string")),
                    None => Err(JavaError("a reference to an unknown handle")),
                }
            }
            _ => Err(JavaError("a map entry is not a string")),
        }
    }

    fn new_string(&mut self, n: usize) -> Result<String, JavaError> {
        let s = modified_utf8(self.take(n)?)?;
        self.new_handle(Handle::String(s.clone()));
        Ok(s)
    }
}

/// Decode Java's modified UTF-8 (NUL as two bytes, characters beyond the BMP as surrogate
/// pairs of three bytes each).
fn modified_utf8(b: &[u8]) -> Result<String, JavaError> {
    let bad = JavaError("a string is not modified UTF-8");
    let cont = |x: Option<&u8>| match x {
        Some(c) if c & 0xC0 == 0x80 => Ok(u16::from(c & 0x3F)),
        _ => Err(bad.clone()),
    };
    let mut units = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c & 0x80 == 0 && c != 0 {
            units.push(u16::from(c));
            i += 1;
        } else if c & 0xE0 == 0xC0 {
            units.push((u16::from(c & 0x1F) << 6) | cont(b.get(i + 1))?);
            i += 2;
        } else if c & 0xF0 == 0xE0 {
            let (c2, c3) = (cont(b.get(i + 1))?, cont(b.get(i + 2))?);
            units.push((u16::from(c & 0x0F) << 12) | (c2 << 6) | c3);
            i += 3;
        } else {
            return Err(bad);
        }
    }
    String::from_utf16(&units).map_err(|_| bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A HashMap as Android API 27+ writes it: fields loadFactor (F) and threshold (I).
    fn map(entries: &[u8], size: u8) -> Vec<u8> {
        let mut v = MAGIC.to_vec();
        v.extend_from_slice(&[TC_OBJECT, TC_CLASSDESC, 0, 17]);
        v.extend_from_slice(b"java.util.HashMap");
        v.extend_from_slice(&[5, 7, 0xda, 0xc1, 0xc3, 0x16, 0x60, 0xd1, 3, 0, 2]);
        v.extend_from_slice(b"F\0\x0aloadFactorI\0\x09threshold");
        v.extend_from_slice(&[TC_ENDBLOCKDATA, TC_NULL]);
        v.extend_from_slice(&[0x3f, 0x40, 0, 0, 0, 0, 0, 12]);
        v.extend_from_slice(&[TC_BLOCKDATA, 8, 0, 0, 0, 16, 0, 0, 0, size]);
        v.extend_from_slice(entries);
        v.push(TC_ENDBLOCKDATA);
        v
    }

    #[test]
    fn strings_references_and_nulls() {
        // "a" -> "é", "b" -> (reference to "a"), "c" -> null; handles: class 0, object 1,
        // then "a" is 2.
        let entries = [
            &[TC_STRING, 0, 1, b'a'][..],
            &[TC_STRING, 0, 2, 0xC3, 0xA9],
            &[TC_STRING, 0, 1, b'b'],
            &[TC_REFERENCE, 0, 0x7E, 0, 2],
            &[TC_STRING, 0, 1, b'c'],
            &[TC_NULL],
        ]
        .concat();
        let got = read_string_map(&map(&entries, 3)).unwrap();
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(
            got,
            vec![(s("a"), s("é")), (s("b"), s("a")), (s("c"), None)]
        );
    }

    #[test]
    fn refuses_what_it_does_not_read() {
        let one = [TC_STRING, 0, 1, b'a', TC_STRING, 0, 1, b'b'];
        assert!(read_string_map(&map(&one, 1)).is_ok());
        // A size larger than the stream, a reference to the class, a truncated stream.
        assert!(read_string_map(&map(&one, 200)).is_err());
        let to_class = [TC_STRING, 0, 1, b'a', TC_REFERENCE, 0, 0x7E, 0, 0];
        assert!(read_string_map(&map(&to_class, 1)).is_err());
        let full = map(&one, 1);
        for cut in 0..full.len() {
            assert!(read_string_map(&full[..cut]).is_err(), "cut at {cut}");
        }
        let mut other = full.clone();
        other[10] = b'X'; // java.util.XashMap
        assert!(read_string_map(&other).is_err());
    }

    #[test]
    fn modified_utf8_surrogates_and_nul() {
        // U+1F600 as a surrogate pair, and NUL as C0 80.
        let s = modified_utf8(&[0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80, 0xC0, 0x80]).unwrap();
        assert_eq!(s, "\u{1F600}\0");
        assert!(modified_utf8(&[0]).is_err());
        assert!(modified_utf8(&[0xF0, 0x9F, 0x98, 0x80]).is_err());
        assert!(
            modified_utf8(&[0xED, 0xA0, 0xBD]).is_err(),
            "a lone surrogate"
        );
    }
}
