//! Plaintext JSON (sealed rows and settings, export files and the content they seal) in
//! buffers that are wiped on drop and never reallocate.
//!
//! `serde_json::to_vec` grows its buffer as it writes, and each reallocation frees the old
//! copy of the plaintext without wiping it. [`json_plaintext`] serialises twice instead: once
//! into a sink that only counts bytes, then into a [`Zeroizing`] buffer of exactly that
//! capacity. Serialising happens on writes and exports only (unlock parses, it never
//! serialises), and the second pass costs less than any estimate that could fall short for an
//! unusual row (docs/BENCHMARKS.md).

use std::io::{self, Write};

use serde::Serialize;
use zeroize::Zeroizing;

/// How the JSON is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonLayout {
    /// No white space: sealed rows, settings and sealed export content.
    Compact,
    /// Pretty-printed with a final newline: files people may read.
    PrettyLine,
}

/// Serialise `value` into a wiped-on-drop buffer allocated once, at its exact final size.
pub fn json_plaintext<T: Serialize + ?Sized>(
    value: &T,
    layout: JsonLayout,
) -> serde_json::Result<Zeroizing<Vec<u8>>> {
    let mut count = Count(0);
    write(&mut count, value, layout)?;
    let newline = usize::from(layout == JsonLayout::PrettyLine);
    let mut out = Zeroizing::new(Vec::with_capacity(count.0 + newline));
    write(&mut *out, value, layout)?;
    if layout == JsonLayout::PrettyLine {
        out.push(b'\n');
    }
    Ok(out)
}

fn write<W: Write, T: Serialize + ?Sized>(
    w: W,
    value: &T,
    layout: JsonLayout,
) -> serde_json::Result<()> {
    match layout {
        JsonLayout::Compact => serde_json::to_writer(w, value),
        JsonLayout::PrettyLine => serde_json::to_writer_pretty(w, value),
    }
}

/// A writer that keeps nothing and counts the bytes it is given.
struct Count(usize);

impl Write for Count {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Far larger than `serde_json::to_vec`'s first buffer, which would grow several times.
    fn big() -> serde_json::Value {
        let rows: Vec<_> = (0..200)
            .map(|i| json!({"secret": format!("JBSWY3DPEHPK3PXP{i}"), "n": i, "f": 0.5}))
            .collect();
        json!({"accounts": rows, "note": "é ✓ \"quoted\"\n"})
    }

    #[test]
    fn compact_is_serde_json_in_a_buffer_of_exact_capacity() {
        let v = big();
        let out = json_plaintext(&v, JsonLayout::Compact).unwrap();
        assert_eq!(*out, serde_json::to_vec(&v).unwrap());
        assert_eq!(out.capacity(), out.len(), "allocated once, never grown");
    }

    #[test]
    fn pretty_ends_with_a_newline_in_a_buffer_of_exact_capacity() {
        let v = big();
        let out = json_plaintext(&v, JsonLayout::PrettyLine).unwrap();
        let mut want = serde_json::to_vec_pretty(&v).unwrap();
        want.push(b'\n');
        assert_eq!(*out, want);
        assert_eq!(out.capacity(), out.len(), "allocated once, never grown");
    }

    /// Every place in the core that turns plaintext into JSON bytes goes through
    /// [`json_plaintext`]: a new `serde_json::to_vec` elsewhere fails here.
    #[test]
    fn no_other_plaintext_serialisation_in_the_core() {
        fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("plaintext.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for needle in ["serde_json::to_vec", "serde_json::to_string"] {
                        if text.contains(needle) {
                            found.push(format!("{}: {needle}", path.display()));
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        assert!(
            found.is_empty(),
            "use core::plaintext::json_plaintext: {found:?}"
        );
    }
}
