//! `otty check [--accept]`: verify every row of the vault and the head that commits to them,
//! print one line per problem (table and id), and exit 0 when intact, 5 otherwise. With
//! `--accept`, after the report, the head is committed to the rows as they are now, which lifts
//! the refusal of HOTP and backup codes, `verify` and API tokens; rows that fail their own
//! check stay reported (and exit 5) until they are removed.

use super::args::{CheckArgs, Global};
use super::error::{Context, Error, Result};
use super::output::{Out, note};
use super::session;
use crate::core::vault::Report;

fn print(out: &mut Out, report: &Report) -> Result<()> {
    for p in &report.problems {
        out.line(p)?;
    }
    for (table, id) in &report.corrupted {
        out.line(format!(
            "{table} {id}: fails its own integrity check (corrupted or tampered with)"
        ))?;
    }
    Ok(())
}

/// Run `otty check`.
pub fn run(g: &Global, args: &CheckArgs) -> Result<()> {
    let vault = session::open_unlocked(g)?;
    let report = vault
        .check()
        .context(|| "cannot check the vault".to_owned())?;
    let mut out = Out::new();
    print(&mut out, &report)?;
    if report.is_intact() {
        out.line("the vault is intact: every row opens and matches what the vault committed to")?;
        return out.finish();
    }
    if !args.accept {
        out.finish()?;
        return Err(Error::CheckFailed {
            count: report.problems.len() + report.corrupted.len(),
            accepted: false,
        });
    }
    let after = vault
        .accept()
        .context(|| "cannot accept the vault's state".to_owned())?;
    note(format!(
        "accepted: the vault now commits to its rows as they are ({} problem(s) cleared)",
        report.problems.len()
    ));
    out.finish()?;
    if after.is_intact() {
        Ok(())
    } else {
        // Rows that fail their own check cannot be accepted, only removed.
        Err(Error::CheckFailed {
            count: after.corrupted.len(),
            accepted: true,
        })
    }
}
