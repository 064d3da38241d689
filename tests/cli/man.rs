//! `otty man`: every `OTTY_` variable the code reads is documented, every page it names is
//! shipped, and the TUI's keys come from the TUI's key table.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::bare;

/// A page as text: roff's escaped hyphens and quotes read back.
fn man(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = bare(dir.path()).arg("man").args(args).output().unwrap();
    assert!(out.status.success(), "otty man {args:?}: {out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .replace("\\-", "-")
        .replace("\\(aq", "'")
}

/// Every `"OTTY_…"` string literal in the sources of the binary and the crates.
fn variables_read() -> BTreeSet<String> {
    fn walk(dir: &Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (at, _) in text.match_indices("\"OTTY_") {
                    let name: String = text[at + 1..]
                        .chars()
                        .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                        .collect();
                    found.insert(name);
                }
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = BTreeSet::new();
    walk(&root.join("src"), &mut found);
    for krate in std::fs::read_dir(root.join("crates")).unwrap() {
        walk(&krate.unwrap().path().join("src"), &mut found);
    }
    found
}

#[test]
fn the_man_page_documents_every_variable_otty_reads() {
    let page = man(&[]);
    let vars = variables_read();
    assert!(
        vars.contains("OTTY_PASSWORD") && vars.contains("OTTY_CONFIG"),
        "{vars:?}"
    );
    for var in &vars {
        assert!(
            page.contains(var.as_str()),
            "otty(1) does not mention {var}"
        );
    }
    for section in [".SH ENVIRONMENT", ".SH FILES", ".SH KEYS"] {
        assert!(page.contains(section), "no {section}");
    }
    assert!(page.contains("format1.bak") && page.contains("config.toml"));
}

#[test]
fn the_man_page_lists_the_tui_keys_from_its_table() {
    let page = man(&[]);
    let keys = otty::tui::keys::KeyMap::default();
    for (binding, _) in keys.main() {
        assert!(page.contains(binding.help), "KEYS lacks {:?}", binding.help);
    }
}

#[test]
fn every_page_named_is_shipped() {
    let mut todo = vec![Vec::<String>::new()];
    let mut done = BTreeSet::new();
    while let Some(path) = todo.pop() {
        if !done.insert(path.clone()) {
            continue;
        }
        // Rendering asserts `otty man WORDS…` succeeds: the page is shipped.
        let args: Vec<&str> = path.iter().map(String::as_str).collect();
        let page = man(&args);
        // Pages are named like `otty-group-assign(1)`.
        for (at, _) in page.match_indices("otty-") {
            let rest = &page[at..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(rest.len());
            if rest[end..].starts_with("(1)") {
                todo.push(rest[..end].split('-').skip(1).map(str::to_owned).collect());
            }
        }
    }
    let seen = done.len();
    assert!(seen > 10, "only {seen} pages reached");
    let dir = tempfile::tempdir().unwrap();
    let out = bare(dir.path()).args(["man", "no-such"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
