//! `otty merge-driver ANCESTOR OURS THEIRS`: git's merge driver for vault files
//! (`.gitattributes`: `*.otty merge=otty`; `git config merge.otty.driver "otty merge-driver %O
//! %A %B"`). It merges THEIRS into OURS with their common ancestor, so a deletion on either
//! side is exact without tombstones, writes the result to OURS and exits 0; any failure exits
//! non-zero and git reports a conflict, OURS left as it was.
//!
//! git gives no terminal to ask on, so the vault password comes from `--password-file` or
//! `OTTY_PASSWORD` (or an agent, once there is one); all three files are copies of the same
//! vault and share it. An empty ANCESTOR (the file was added on both sides) means a two-way
//! merge.

use std::path::Path;

use super::args::{Global, MergeDriverArgs};
use super::error::{Context, Result};
use super::output::note;
use super::password::{self, Purpose};
use crate::core::Vault;
use crate::core::vault::merge::{Change, OtherCopy, RowKind};

/// Open and unlock a private copy of `path` with `pw`.
fn other(path: &Path, pw: &[u8]) -> Result<OtherCopy> {
    let copy = OtherCopy::open(path).context(|| format!("cannot open {}", path.display()))?;
    copy.vault
        .unlock(pw)
        .context(|| format!("cannot unlock {}", path.display()))?;
    Ok(copy)
}

/// Run `otty merge-driver`.
pub fn run(g: &Global, args: &MergeDriverArgs) -> Result<()> {
    let ours =
        Vault::open(&args.ours).context(|| format!("cannot open {}", args.ours.display()))?;
    let pw = password::vault_password(g, &args.ours, Purpose::Unlock)?;
    ours.unlock(&pw)
        .context(|| format!("cannot unlock {}", args.ours.display()))?;
    let theirs = other(&args.theirs, &pw)?;
    let empty = std::fs::metadata(&args.ancestor).map_or(true, |m| m.len() == 0);
    let base = if empty {
        None
    } else {
        Some(other(&args.ancestor, &pw)?)
    };
    let report = ours
        .merge(&theirs.vault, base.as_ref().map(|b| &b.vault), false)
        .context(|| format!("cannot merge {}", args.theirs.display()))?;
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
