//! The tampering matrix of the format-2 vault: for each table and clear column of the file
//! (sealed blobs and per-row versions of every committed table, ids, lookup columns, the head,
//! token use, the OTP log, header rows, `PRAGMA user_version`, the change counter, the schema),
//! damage a closed vault the way someone with write access but no password could (bit flips,
//! truncation, swapped rows, NULL, values of the wrong type, deleted and inserted rows, older
//! copies of rows put back, rows moved in from another copy of the same vault, replaced header
//! fields, other format versions, dropped or added schema objects), then open and unlock it
//! inside `catch_unwind` and check: no panic, the expected `core::Error` class or the expected
//! `problems()` and corrupted rows, every untouched row still readable with the same codes,
//! tokens and HOTP codes refused exactly while there are problems, `check()` agreeing, and not
//! one byte of the file rewritten (no -wal left either; the `Drop` checkpoint of an empty WAL
//! writes nothing).
//!
//! Also here: the real binary on damaged vaults (`tamper/binary.rs`), tampering while a vault
//! is open, and the one documented rewrite (turning WAL back on; `tamper/live.rs`).
//! Run `cargo test --test tamper -- --nocapture` to see the matrix and its counts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "tamper/binary.rs"]
mod binary;
#[path = "tamper/cases.rs"]
mod cases;
#[path = "tamper/fixture.rs"]
mod fixture;
#[path = "tamper/live.rs"]
mod live;
#[path = "tamper/mutate.rs"]
mod mutate;
#[path = "tamper/snapshot.rs"]
mod snapshot;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use fixture::Fixture;
use snapshot::Snap;

/// What a case's expectation changes compared with the untouched vault, for the report.
fn describe(baseline: &Snap, want: &Snap) -> String {
    if let Some(v) = want.get("open").or(want.get("unlock")) {
        let step = if want.contains_key("open") {
            "open"
        } else {
            "unlock"
        };
        return format!("{step}: {}", v.trim_start_matches("err:"));
    }
    let derived = [
        "accounts.list",
        "groups.list",
        "settings.list",
        "corrupted",
        "hotp",
    ];
    let changed: Vec<String> = want
        .iter()
        .filter(|(k, v)| !derived.contains(&k.as_str()) && baseline.get(*k) != Some(v))
        // Tokens refused while unverified are implied by the problems.
        .filter(|(k, v)| !(k.ends_with("/auth") && v.as_str() == "err:Unverified"))
        .map(|(k, v)| {
            let v = v.trim_start_matches("err:");
            let v = match v.strip_prefix("ok:") {
                // Account values hold codes and icon values image bytes: not for the report.
                Some(_) if k.starts_with("accounts/") || k.starts_with("icons/") => {
                    "readable, different content"
                }
                Some(rest) => rest,
                None => v,
            };
            format!("{k} → {v}")
        })
        .collect();
    if changed.is_empty() {
        "undetected: everything reads as before".to_owned()
    } else {
        changed.join("; ")
    }
}

#[test]
fn tampering_matrix() {
    let fx = Fixture::new();
    let base_dir = tempfile::tempdir().unwrap();
    let baseline = snapshot::take(&fx.copy_to(base_dir.path()), &fx);
    assert_eq!(baseline["corrupted"], "ok:");
    assert_eq!(baseline["problems"], "ok:");
    assert_eq!(baseline["check.corrupted"], "ok:");
    assert_eq!(baseline["hotp"], "verified");
    assert_eq!(baseline["accounts.list"], "ok:[1, 2, 3, 4, 5]");
    assert_eq!(baseline["groups.list"], "ok:[1, 2, 3]");
    assert_eq!(
        baseline["settings.list"],
        "ok:api.useDarkMode,pref.fork,pref.theme,verify.window"
    );
    assert_eq!(
        fx.settings.values().copied().collect::<Vec<_>>(),
        [2, 4, 1, 3],
        "setting ids by name"
    );
    assert_eq!(baseline["tokens/1/auth"], "ok:1");
    assert_eq!(baseline["tokens/3/auth"], "none");
    assert!(
        baseline.values().all(|v| !v.starts_with("err:")),
        "{baseline:#?}"
    );

    let cases = cases::all(&fx);
    let mut failures = Vec::new();
    let mut per_category: BTreeMap<&str, usize> = BTreeMap::new();
    println!("| target | mutation | expected and found |\n|---|---|---|");
    for case in &cases {
        let label = format!("{} / {}", case.target.label(), case.mutation.name());
        let dir = tempfile::tempdir().unwrap();
        let path = fx.copy_to(dir.path());
        mutate::apply(&path, &case.target, &case.mutation);
        let before = std::fs::read(&path).unwrap();
        let got = catch_unwind(AssertUnwindSafe(|| snapshot::take(&path, &fx)));
        let mut want = case.expect.apply(&baseline);
        snapshot::derive_lists(&mut want);
        match got {
            Err(_) => failures.push(format!("{label}: panicked")),
            Ok(got) => {
                for d in snapshot::diff(&want, &got) {
                    failures.push(format!("{label}: {d}"));
                }
            }
        }
        if std::fs::read(&path).unwrap() != before {
            failures.push(format!("{label}: the file was rewritten"));
        }
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            failures.push(format!("{label}: a -wal file was left with data"));
        }
        *per_category.entry(case.category).or_default() += 1;
        println!(
            "| {} | {} | {} |",
            case.target.label(),
            case.mutation.name(),
            describe(&baseline, &want)
        );
    }
    println!();
    for (category, n) in &per_category {
        println!("{category}: {n} cases");
    }
    println!("total: {} cases, {} failures", cases.len(), failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A wrong-typed `sealed` column of an account or group row (its version untouched) is named
/// `RolledBack` ("an older copy of the row was put back"), because `vault::load` fingerprints
/// such a row with version -1; the same damage in tokens, icons or settings is `Replaced`.
#[test]

fn a_wrong_typed_blob_is_not_called_rolled_back() {
    let fx = Fixture::new();
    for table in ["accounts", "groups", "tokens"] {
        let dir = tempfile::tempdir().unwrap();
        let path = fx.copy_to(dir.path());
        let target = mutate::Target {
            table,
            column: "sealed",
            key_column: "id",
            key: rusqlite::types::Value::Integer(1),
        };
        mutate::apply(
            &path,
            &target,
            &mutate::Mutation::Set(rusqlite::types::Value::Integer(7)),
        );
        let v = otty::core::Vault::open(&path).unwrap();
        v.unlock(fixture::PW.as_bytes()).unwrap();
        assert_eq!(
            v.problems().unwrap(),
            [otty::core::vault::head::Problem::Replaced { table, id: 1 }],
            "{table}"
        );
    }
}
