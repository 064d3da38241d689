//! otpauth URI lists: one canonical URI per line, as Aegis, Ente and 2FAuth read them.

use super::ExportEntry;
use crate::core::uri;

/// One URI per line, with a final newline. The text holds every secret in the clear.
pub(super) fn export(entries: &[ExportEntry<'_>]) -> Vec<u8> {
    let mut out = String::new();
    for e in entries {
        out.push_str(&uri::format(e.account));
        out.push('\n');
    }
    out.into_bytes()
}
