//! otty's comments and documents stand alone: no file cites a document that is not in the
//! repository (an outside design note, an API contract, a fixtures collection), and every
//! `docs/DESIGN.md` section a comment names by its «title» exists.
//!
//! Scanned: the text files git knows (tracked or new, not ignored) with a source or document
//! extension, outside `tests/data/` fixtures' own bytes. This file is skipped, since it has to
//! spell out what it looks for.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Extensions of the files that carry comments or prose.
const TEXT: &[&str] = &["rs", "md", "sh", "py", "toml", "yml", "yaml"];

/// Citations of documents that live outside the repository. The section sign is joined on
/// with `concat!`, so this file does not itself hold the citations it refuses.
const OUTSIDE: &[&str] = &[
    concat!("DESIGN", " §"),
    concat!("contract", " §"),
    "../shared",
    "shared/api/",
    "shared/fixtures",
    "2fauth-contract",
    "FORMATS.md",
    "STYLE.md",
];

/// This file: it names the patterns above.
const SELF: &str = "tests/docs.rs";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's text files, relative to the root, from git (tracked and new files; ignored
/// ones such as `target/` are left out).
fn files() -> Vec<String> {
    let out = Command::new("git")
        .args([
            "ls-files",
            "--cached",
            "--others",
            "--exclude-standard",
            "-z",
        ])
        .current_dir(root())
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git ls-files failed");
    let list: BTreeSet<String> = String::from_utf8(out.stdout)
        .expect("paths are UTF-8")
        .split('\0')
        .filter(|p| !p.is_empty() && *p != SELF)
        .filter(|p| root().join(p).is_file())
        .filter(|p| {
            Path::new(p)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| TEXT.contains(&e))
        })
        .map(str::to_owned)
        .collect();
    assert!(
        list.iter().any(|p| p == "src/lib.rs") && list.iter().any(|p| p == "README.md"),
        "the scan must see the sources and the README"
    );
    list.into_iter().collect()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_default()
}

/// Why `line` cites an outside document, if it does. A `§` is allowed after an RFC number
/// ("RFC 4226 §7.2"): RFCs are public and permanent.
fn outside_citation(line: &str) -> Option<String> {
    // otty's own `docs/FORMATS.md` (the import formats) is in the repository.
    let line = &line.replace("docs/FORMATS.md", "docs/(formats)");
    if let Some(p) = OUTSIDE.iter().find(|p| line.contains(**p)) {
        return Some(format!("cites `{p}`"));
    }
    for (i, _) in line.match_indices('§') {
        let before: Vec<&str> = line[..i].split_whitespace().rev().take(2).collect();
        let rfc = before.len() == 2
            && before[0].bytes().all(|b| b.is_ascii_digit())
            && before[1]
                .trim_start_matches('(')
                .eq_ignore_ascii_case("RFC");
        if !rfc {
            return Some("cites a numbered section (§) of a document other than an RFC".into());
        }
    }
    None
}

#[test]
fn no_file_cites_a_document_outside_the_repository() {
    let mut found = Vec::new();
    for path in files() {
        for (n, line) in read(&path).lines().enumerate() {
            if let Some(why) = outside_citation(line) {
                found.push(format!("{path}:{}: {why}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "outside documents cited (point into docs/DESIGN.md by section title, or give the \
         reason itself):\n{}",
        found.join("\n")
    );
}

/// A file's text with comment markers at line starts removed and lines joined by spaces, so a
/// «title» wrapped over two comment lines reads as one.
fn prose(text: &str) -> String {
    text.lines()
        .map(|l| {
            let l = l.trim_start();
            ["//!", "///", "//", "#"]
                .iter()
                .find_map(|m| l.strip_prefix(m))
                .unwrap_or(l)
                .trim()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The «titles» cited in `text`, each with the line it starts on.
fn cited_titles(text: &str) -> Vec<(usize, String)> {
    let joined = prose(text);
    let mut out = Vec::new();
    let mut rest = joined.as_str();
    let mut offset = 0;
    while let Some(open) = rest.find('«') {
        let after = &rest[open + '«'.len_utf8()..];
        let Some(close) = after.find('»') else { break };
        let title = after[..close]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.push((offset + open, title));
        let used = open + '«'.len_utf8() + close + '»'.len_utf8();
        offset += used;
        rest = &rest[used..];
    }
    // Map offsets in the joined text back to line numbers: each line became its `prose` and
    // one space.
    let mut line_starts = Vec::new();
    let mut pos = 0;
    for l in text.lines() {
        line_starts.push(pos);
        pos += prose(l).len() + 1;
    }
    out.into_iter()
        .map(|(at, title)| (line_starts.partition_point(|s| *s <= at), title))
        .collect()
}

fn design_headings() -> BTreeSet<String> {
    read("docs/DESIGN.md")
        .lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(|l| l.trim_start_matches('#').trim().to_owned())
        .collect()
}

#[test]
fn every_cited_design_section_exists() {
    let headings = design_headings();
    assert!(
        headings.contains("HOTP counters") && headings.contains("Exit codes"),
        "docs/DESIGN.md has its sections"
    );
    let mut cited = 0;
    let mut missing = Vec::new();
    for path in files() {
        let text = read(&path);
        if !text.contains("DESIGN.md") {
            continue;
        }
        for (line, title) in cited_titles(&text) {
            cited += 1;
            if !headings.contains(&title) {
                missing.push(format!(
                    "{path}:{line}: «{title}» is not a heading of docs/DESIGN.md"
                ));
            }
        }
    }
    assert!(
        cited > 10,
        "comments point into docs/DESIGN.md by title ({cited} found)"
    );
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_scanner_sees_what_it_must_refuse() {
    assert!(outside_citation(concat!("see DESIGN", " §4 for exit codes")).is_some());
    assert!(outside_citation(concat!("the shapes (contract", " §4.1)")).is_some());
    assert!(outside_citation("fixtures in ../shared/fixtures").is_some());
    assert!(outside_citation("as FORMATS.md says").is_some());
    assert!(outside_citation("see docs/FORMATS.md, «Detection»").is_none());
    assert!(outside_citation("as the notes say (§3)").is_some());
    assert!(outside_citation("look-ahead of RFC 4226 §7.2").is_none());
    assert!(outside_citation("(RFC 6238 §5.2)").is_none());
    assert!(outside_citation("docs/DESIGN.md, «HOTP counters»").is_none());
    assert_eq!(
        cited_titles("//! a (docs/DESIGN.md, «Tolerant\n//! parsing») b «Exit codes»"),
        vec![
            (1, "Tolerant parsing".to_owned()),
            (2, "Exit codes".to_owned())
        ]
    );
}

/// The README's key table names every key of the TUI's main screen (`KeyMap::main`) in its
/// first column, and no key that is not bound.
#[test]
fn the_readme_key_table_matches_the_key_map() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("| keys | |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert!(!table.is_empty(), "the README has a key table");
    let mut listed = BTreeSet::new();
    for row in table {
        let first = row.split('|').nth(1).unwrap_or_default();
        for code in first.split('`').skip(1).step_by(2) {
            for word in code.split(' ') {
                // `a/b` is two keys; `/` alone is the filter key.
                match word {
                    "/" => {
                        listed.insert(word.to_owned());
                    }
                    _ => {
                        listed.extend(word.split('/').filter(|k| !k.is_empty()).map(str::to_owned))
                    }
                }
            }
        }
    }
    let map = otty::tui::keys::KeyMap::default();
    let bound: BTreeSet<String> = map
        .main()
        .iter()
        .flat_map(|(b, _)| b.keys.iter().map(|k| k.label()).collect::<Vec<_>>())
        .collect();
    let missing: Vec<_> = bound.difference(&listed).collect();
    let unknown: Vec<_> = listed.difference(&bound).collect();
    assert!(
        missing.is_empty(),
        "keys missing from the README table: {missing:?}"
    );
    assert!(
        unknown.is_empty(),
        "keys in the README table that are not bound: {unknown:?}"
    );
}
