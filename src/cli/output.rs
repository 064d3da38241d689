//! Writing to stdout and stderr without ever panicking.
//!
//! [`Out`] buffers standard output and turns a closed pipe (`otty list | head -1`) into
//! [`Error::BrokenPipe`], which `main` ends quietly with exit 0. Bulk output goes through it,
//! never through `println!`. [`warn`] writes a warning to stderr and ignores failures.

use std::io::{self, BufWriter, Stdout, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::error::{Error, Result};

const CONTEXT: &str = "cannot write to standard output";

/// Buffered standard output.
pub struct Out {
    w: BufWriter<Stdout>,
}

impl Default for Out {
    fn default() -> Self {
        Self::new()
    }
}

impl Out {
    /// Standard output, buffered.
    pub fn new() -> Self {
        Out {
            w: BufWriter::new(io::stdout()),
        }
    }

    /// Write `text` and a newline.
    pub fn line(&mut self, text: impl std::fmt::Display) -> Result<()> {
        writeln!(self.w, "{text}").map_err(|e| Error::io(CONTEXT, e))
    }

    /// Write bytes as they are.
    pub fn bytes(&mut self, bytes: &[u8]) -> Result<()> {
        self.w.write_all(bytes).map_err(|e| Error::io(CONTEXT, e))
    }

    /// Write `value` as compact JSON and a newline.
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        serde_json::to_writer(&mut self.w, value).map_err(|e| match e.io_error_kind() {
            Some(kind) => Error::io(CONTEXT, kind.into()),
            None => Error::Io {
                context: "cannot encode JSON".to_owned(),
                error: io::Error::other(e),
            },
        })?;
        self.line("")
    }

    /// Write rows as a table: columns padded to their widest cell, two spaces apart, the
    /// last column unpadded. Widths are terminal columns (`unicode-width`), so CJK and emoji,
    /// two columns each, line up.
    pub fn table<const N: usize>(&mut self, header: [&str; N], rows: &[[String; N]]) -> Result<()> {
        let mut widths = header.map(UnicodeWidthStr::width);
        for row in rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        let header = header.map(str::to_owned);
        for row in std::iter::once(&header).chain(rows) {
            let mut line = String::new();
            for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
                if i + 1 == N {
                    line.push_str(cell);
                } else {
                    let pad = w - cell.width();
                    line.push_str(cell);
                    line.extend(std::iter::repeat_n(' ', pad + 2));
                }
            }
            self.line(line.trim_end())?;
        }
        Ok(())
    }

    /// Flush everything written.
    pub fn finish(mut self) -> Result<()> {
        self.w.flush().map_err(|e| Error::io(CONTEXT, e))
    }
}

/// Print `otty: warning: …` on stderr; a closed stderr is ignored.
pub fn warn(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "otty: warning: {message}");
}

/// Print `otty: …` on stderr (status messages); a closed stderr is ignored.
pub fn note(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "otty: {message}");
}
