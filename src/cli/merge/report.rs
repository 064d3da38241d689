//! What `otty merge` prints: per merged file, a summary line (accounts and groups added,
//! updated, deleted, conflicting; tokens and icons) and one line per row that changed or was in
//! conflict; or the same as JSON with `--json`. Names only: no secret is ever printed.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::cli::args::MergeArgs;
use crate::cli::error::Result;
use crate::cli::output::Out;
use crate::core::vault::merge::{Change, MergeReport, RowKind};

fn counts(r: &MergeReport, kind: RowKind) -> Value {
    json!({
        "added": r.count(kind, Change::Added),
        "updated": r.count(kind, Change::Updated),
        "deleted": r.count(kind, Change::Deleted),
        "conflicting": r.conflicts(kind),
    })
}

fn to_json(source: &Path, r: &MergeReport, dry_run: bool) -> Value {
    let rows: Vec<Value> = r
        .rows
        .iter()
        .map(|row| {
            json!({
                "kind": row.kind.as_str(),
                "uuid": row.uuid,
                "name": row.name,
                "change": row.change.as_str(),
                "conflict": row.conflict,
            })
        })
        .collect();
    json!({
        "source": source.display().to_string(),
        "dry_run": dry_run,
        "written": r.written,
        "accounts": counts(r, RowKind::Account),
        "groups": counts(r, RowKind::Group),
        "tokens_added": r.tokens_added,
        "tokens_revoked": r.tokens_revoked,
        "icons_added": r.icons_added,
        "rows": rows,
    })
}

fn summary(r: &MergeReport, kind: RowKind) -> String {
    format!(
        "{} added, {} updated, {} deleted, {} conflicting",
        r.count(kind, Change::Added),
        r.count(kind, Change::Updated),
        r.count(kind, Change::Deleted),
        r.conflicts(kind)
    )
}

/// Print the reports of the files merged.
pub fn print(out: &mut Out, reports: &[(PathBuf, MergeReport)], args: &MergeArgs) -> Result<()> {
    if args.json {
        let all: Vec<Value> = reports
            .iter()
            .map(|(s, r)| to_json(s, r, args.dry_run))
            .collect();
        return match (args.conflicts, all.as_slice()) {
            (false, [one]) => out.json(one),
            _ => out.json(&json!({ "copies": all })),
        };
    }
    for (source, r) in reports {
        let verb = if args.dry_run {
            "would merge"
        } else if args.conflicts {
            "merged and removed"
        } else {
            "merged"
        };
        out.line(format!("{verb} {}", source.display()))?;
        out.line(format!("  accounts: {}", summary(r, RowKind::Account)))?;
        out.line(format!("  groups: {}", summary(r, RowKind::Group)))?;
        if r.tokens_added + r.tokens_revoked + r.icons_added > 0 {
            out.line(format!(
                "  tokens: {} added, {} revoked; icons: {} added",
                r.tokens_added, r.tokens_revoked, r.icons_added
            ))?;
        }
        for row in &r.rows {
            let what = if row.conflict {
                format!(
                    "{} (conflict: both copies changed it; the later change kept)",
                    row.change.as_str()
                )
            } else {
                row.change.as_str().to_owned()
            };
            out.line(format!("  {} {}: {what}", row.kind.as_str(), row.name))?;
        }
        if !r.changes_anything() {
            out.line("  nothing to change")?;
        }
    }
    Ok(())
}
