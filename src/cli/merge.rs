//! `otty merge OTHER [--dry-run] [--json] [--passphrase-file F]` and `otty merge --conflicts`:
//! fold another copy of the vault, another otty vault or an otty export into this one
//! ([`crate::core::Vault::merge`]; the rules are the core's).
//!
//! The other file is never modified: it is read from a private copy. Its password comes from
//! `--passphrase-file`, else `OTTY_IMPORT_PASSWORD`, else this vault's own password (a copy of
//! the same vault has it), else a prompt. An otty export carries no UUIDs or change stamps: it
//! is folded in as `otty import` does (new accounts added, the same accounts recognised), and
//! its report is the import's. `--conflicts` merges each sync tool's conflict copy beside the
//! vault and removes it once merged.

mod other;
mod report;

use std::path::{Path, PathBuf};

use super::args::{Global, ImportArgs, MergeArgs};
use super::error::{Context, Error, Result};
use super::output::Out;
use super::password::{self, Purpose};
use super::{devices, import, session};
use crate::core::vault::conflicts;
use crate::core::vault::merge::looks_like_vault;

/// Whether the file at `path` starts like a vault (an SQLite database).
fn is_vault_file(path: &Path) -> Result<bool> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let mut f = std::fs::File::open(path)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    let n = f
        .read(&mut head)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    Ok(looks_like_vault(&head[..n]))
}

/// Run `otty merge`.
pub fn run(g: &Global, args: &MergeArgs) -> Result<()> {
    if args.conflicts {
        devices::quiet_conflicts();
    }
    let vault = session::open(g)?;
    let sources: Vec<PathBuf> = match &args.other {
        Some(other) => {
            let other =
                std::path::absolute(other).map_err(|e| Error::io("cannot resolve the path", e))?;
            if !is_vault_file(&other)? {
                // An export: the import's reader, classification and report.
                drop(vault);
                return import::run(g, &export_import_args(&other, args));
            }
            if same_file(&other, vault.path()) {
                return Err(Error::usage(format!(
                    "{} is this vault; give another copy to merge",
                    other.display()
                )));
            }
            vec![other]
        }
        None => conflicts::beside(vault.path()),
    };
    let mut out = Out::new();
    if sources.is_empty() {
        out.line("no conflict copies beside the vault")?;
        return out.finish();
    }
    // With an unlock agent: its key, no password.
    let (vault, own) = match session::unlocked_by_agent(vault.path())? {
        Some(v) if v.is_unlocked() => {
            let key = v.key().context(|| "cannot read the vault key".to_owned())?;
            (v, other::Own::Key(key))
        }
        _ => {
            let pw = password::vault_password(g, vault.path(), Purpose::Unlock)?;
            session::unlock(&vault, &pw)?;
            (vault, other::Own::Password(pw))
        }
    };
    let mut reports = Vec::new();
    for source in &sources {
        let other = other::open(source, &own, args.passphrase_file.as_deref())?;
        let merged = vault
            .merge(&other.vault, None, args.dry_run)
            .context(|| format!("cannot merge {}; nothing was written", source.display()))?;
        drop(other);
        if args.conflicts && !args.dry_run {
            remove_copy(source)?;
        }
        reports.push((source.clone(), merged));
    }
    report::print(&mut out, &reports, args)?;
    out.finish()
}

/// `otty import OTHER --format otty` with this command's options.
fn export_import_args(other: &Path, args: &MergeArgs) -> ImportArgs {
    ImportArgs {
        file: Some(other.to_owned()),
        qr: None,
        format: Some("otty".to_owned()),
        dry_run: args.dry_run,
        passphrase_file: args.passphrase_file.clone(),
        json: args.json,
    }
}

/// Whether two paths name the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Remove a merged conflict copy, and the `-wal` and `-shm` a sync tool may have left with it.
fn remove_copy(path: &Path) -> Result<()> {
    std::fs::remove_file(path)
        .map_err(|e| Error::io(format!("merged, but cannot remove {}", path.display()), e))?;
    for suffix in ["-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    Ok(())
}
