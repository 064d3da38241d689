//! Text files with one URI per line: `otpauth://` lists (Aegis, WinAuth, 2FAuth), Ente Auth's
//! plain export (with its `codeDisplay` parameter) and Google's `otpauth-migration://` lines.
//!
//! Blank lines and `#` comments are skipped. A line that is not a URI becomes an invalid entry
//! whose reason names the line number only (the line could be a bare secret).

use serde_json::Value;

use super::draft::group_name;
use super::{Format, ImportBatch, ImportError, ImportedEntry, batch, google};
use crate::uri;

/// Whether the text is a URI list, and of which kind.
pub(crate) fn detect(text: &str) -> Option<Format> {
    let lines: Vec<&str> = content_lines(text).map(|(_, l)| l).collect();
    let migration = lines.iter().filter(|l| is_migration(l)).count();
    let uris = lines.iter().filter(|l| is_uri(l)).count();
    if migration > 0 && migration == lines.len() {
        Some(Format::GoogleMigration)
    } else if migration + uris == 0 {
        None
    } else if lines.iter().any(|l| l.contains("codeDisplay=")) {
        Some(Format::Ente)
    } else {
        Some(Format::OtpauthLines)
    }
}

/// Import every line.
pub(crate) fn import(text: &str) -> Result<ImportBatch, ImportError> {
    let format = detect(text).unwrap_or(Format::OtpauthLines);
    let mut entries = Vec::new();
    for (n, line) in content_lines(text) {
        if is_migration(line) {
            let found = google::import_uri(line).map_err(|e| {
                ImportError::damaged(Format::GoogleMigration, format!("line {n}: {e}"))
            })?;
            entries.extend(found);
        } else if is_uri(line) {
            entries.push(uri_line(line));
        } else {
            entries.push(ImportedEntry::new(Err(format!(
                "line {n} is not an otpauth URI"
            ))));
        }
    }
    if entries.is_empty() {
        return Err(ImportError::damaged(format, "no URI found"));
    }
    Ok(batch(format, false, entries))
}

/// One `otpauth://` or `steam://` line, with Ente's `codeDisplay` read for trash and tags.
fn uri_line(line: &str) -> ImportedEntry {
    let display = code_display(line);
    let mut entry = ImportedEntry::new(uri::parse(line).map_err(|e| e.to_string()));
    if let Some(d) = display {
        if d.get("trashed").and_then(Value::as_bool) == Some(true) {
            entry.account = Err("the code was in Ente's trash".into());
        }
        entry.group = d
            .get("tags")
            .and_then(Value::as_array)
            .and_then(|t| t.first())
            .and_then(Value::as_str)
            .and_then(group_name);
    }
    entry
}

/// Ente's `codeDisplay` JSON, if the URI carries one.
fn code_display(line: &str) -> Option<Value> {
    let (_, query) = line.split_once('?')?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "codeDisplay")
        .and_then(|(_, v)| serde_json::from_str(&v).ok())
}

fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

fn starts_with_ci(line: &str, prefix: &str) -> bool {
    line.get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

fn is_uri(line: &str) -> bool {
    starts_with_ci(line, "otpauth://") || starts_with_ci(line, "steam://")
}

fn is_migration(line: &str) -> bool {
    starts_with_ci(line, "otpauth-migration://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ente_trash_and_tags() {
        let line = |display: &str| {
            let enc: String = form_urlencoded::byte_serialize(display.as_bytes()).collect();
            format!("otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&codeDisplay={enc}")
        };
        let text = format!(
            "{}\n\n# comment\n{}\nnot a uri JBSWY3DPEHPK3PXP\n",
            line(r#"{"trashed":true,"tags":[]}"#),
            line(r#"{"trashed":false,"tags":["Work","Home"]}"#)
        );
        let b = import(&text).unwrap();
        assert_eq!(b.format, Format::Ente);
        assert_eq!(
            b.entries[0].account,
            Err("the code was in Ente's trash".into())
        );
        assert_eq!(b.entries[1].group.as_deref(), Some("Work"));
        let reason = b.entries[2].account.as_ref().unwrap_err();
        assert_eq!(reason, "line 5 is not an otpauth URI");
    }

    #[test]
    fn detection() {
        assert_eq!(
            detect("otpauth://totp/a?secret=AA"),
            Some(Format::OtpauthLines)
        );
        assert_eq!(detect("STEAM://AAAA"), Some(Format::OtpauthLines));
        assert_eq!(
            detect("otpauth-migration://offline?data=x"),
            Some(Format::GoogleMigration)
        );
        assert_eq!(detect("hello\nworld"), None);
        assert_eq!(detect("# only a comment\n"), None);
    }
}
