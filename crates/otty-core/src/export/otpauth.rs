//! otpauth URI lists: one canonical URI per line, as Aegis, Ente and 2FAuth read them.

use zeroize::Zeroizing;

use super::ExportEntry;
use crate::uri;

/// One URI per line, with a final newline. The text holds every secret in the clear.
pub(super) fn export(entries: &[ExportEntry<'_>]) -> Zeroizing<Vec<u8>> {
    // Every line first, then one buffer of the exact size: growing it would free unwiped
    // copies of the secrets.
    let lines: Vec<Zeroizing<String>> = entries
        .iter()
        .map(|e| Zeroizing::new(uri::format(e.account)))
        .collect();
    let mut out = Zeroizing::new(Vec::with_capacity(lines.iter().map(|l| l.len() + 1).sum()));
    for line in &lines {
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out
}
