//! `otty merge-driver ANCESTOR OURS THEIRS [PATH]`: git's merge driver for vault files
//! (`.gitattributes`: `*.otty merge=otty`; `git config merge.otty.driver "otty merge-driver %O
//! %A %B %P"`). It merges THEIRS into OURS with their common ancestor, so a deletion on either
//! side is exact without tombstones, writes the result to OURS and exits 0; any failure exits
//! non-zero and git reports a conflict, OURS left as it was.
//!
//! git gives no terminal to ask on, and only temporary files. PATH (git's `%P`, the merged
//! file's path in the work tree) says which vault they are copies of: when an unlock agent
//! holds it, its key opens all three (no password; each must be a copy of that vault).
//! Otherwise the password comes from `--password-file` or `OTTY_PASSWORD` ([`opener`]); all
//! three files are copies of the same vault and share it. An empty ANCESTOR (the file was added
//! on both sides) means a two-way merge.

mod opener;

use std::path::Path;

use self::opener::{Opener, Side};
use super::args::{Global, MergeDriverArgs};
use super::error::{Context, Result};
use super::output::note;
use crate::core::Vault;
use crate::core::vault::merge::{Change, OtherCopy, RowKind};

/// Open a private copy of `side`'s file and unlock it.
fn other(side: Side<'_>, opener: &Opener) -> Result<OtherCopy> {
    let copy = OtherCopy::open(side.file).context(|| format!("cannot open {side}"))?;
    opener.unlock(&copy.vault, side)?;
    Ok(copy)
}

/// Run `otty merge-driver`.
pub fn run(g: &Global, args: &MergeDriverArgs) -> Result<()> {
    let ours_side = Side::ours(&args.ours);
    let ours = Vault::open(&args.ours).context(|| format!("cannot open {ours_side}"))?;
    let opener = Opener::find(g, args.path.as_deref(), &args.ours)?;
    opener.unlock(&ours, ours_side)?;
    let theirs_side = Side::theirs(&args.theirs);
    let theirs = other(theirs_side, &opener)?;
    let base = if is_empty(&args.ancestor) {
        None
    } else {
        Some(other(Side::ancestor(&args.ancestor), &opener)?)
    };
    drop(opener);
    let report = ours
        .merge(&theirs.vault, base.as_ref().map(|b| &b.vault), false)
        .context(|| format!("cannot merge {theirs_side}"))?;
    let n = |change| report.count(RowKind::Account, change);
    note(format!(
        "merged the vault: accounts {} added, {} updated, {} deleted, {} conflicting",
        n(Change::Added),
        n(Change::Updated),
        n(Change::Deleted),
        report.conflicts(RowKind::Account)
    ));
    Ok(())
}

/// Whether git gave no ancestor (an empty file: the vault was added on both sides).
fn is_empty(ancestor: &Path) -> bool {
    std::fs::metadata(ancestor).map_or(true, |m| m.len() == 0)
}
