//! `otty import FILE` / `otty import --qr IMAGE`: read another authenticator's export (format
//! detected by content, or `--format`), report each entry as new, duplicate or invalid, and
//! add the new ones in ONE transaction ([`crate::core::Vault::import`]); `--dry-run` writes
//! nothing.
//!
//! The file's passphrase comes from `--passphrase-file`, else `OTTY_IMPORT_PASSWORD`, else a
//! prompt, asked only when the file turns out to be encrypted; never the vault password. A
//! wrong passphrase exits 4, a damaged or unknown file 2, and in both cases nothing is written.

mod progress;
mod report;

use std::path::Path;

use zeroize::Zeroizing;

use self::progress::Progress;
use self::report::Report;
use super::args::{Global, ImportArgs};
use super::error::{Context, Error, Result};
use super::output::warn;
use super::passphrase::{self, ENV_IMPORT};
use super::session;
use crate::core::import::plan::{self, classify, parse_file};
use crate::core::import::{Format, ImportBatch, ImportError};
use crate::core::qr;

/// The file's bytes, refusing anything larger than an export can be without reading it all.
fn read_file(path: &Path) -> Result<Zeroizing<Vec<u8>>> {
    plan::read_file(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))
}

/// Parse the file, asking for its passphrase on the terminal when it needs one.
fn read_batch(args: &ImportArgs, path: &Path, bytes: &[u8]) -> Result<ImportBatch> {
    let format = match &args.format {
        Some(id) => Some(
            Format::from_id(id)
                .ok_or_else(|| Error::usage(format!("unknown import format {id:?}")))?,
        ),
        None => None,
    };
    let given = passphrase::given(args.passphrase_file.as_deref(), ENV_IMPORT)?;
    let result = match parse_file(path, bytes, format, given.as_deref().map(|p| &p[..])) {
        Err(ImportError::NeedPassphrase { format: found }) if given.is_none() => {
            let pw = passphrase::prompt(
                &format!("Passphrase for {} ({found}): ", path.display()),
                false,
                &format!("this {found} file is encrypted and needs its passphrase"),
                ENV_IMPORT,
            )?;
            parse_file(path, bytes, format, Some(&pw))
        }
        other => other,
    };
    result.map_err(|error| Error::Import {
        path: path.display().to_string(),
        error,
    })
}

/// Run `otty import` (also `otty merge` of an otty export).
pub fn run(g: &Global, args: &ImportArgs) -> Result<()> {
    let (path, is_qr) = match (&args.file, &args.qr) {
        (_, Some(image)) => (image, true),
        (Some(file), None) => (file, false),
        (None, None) => return Err(Error::usage("give a FILE to import, or --qr IMAGE")),
    };
    // A missing vault or an unreadable file fails before any password is asked.
    let found = session::find(g)?;
    let bytes = read_file(path)?;
    // Another otty vault, known by its own header (any other SQLite file is imported, or
    // refused as unknown or damaged), is not imported: `merge` folds it in.
    if args.format.is_none() && crate::core::import::is_otty_vault(&bytes) {
        return Err(Error::usage(format!(
            "{} is in no format otty can import: it looks like an otty vault; fold it into this one with `otty merge {}`",
            path.display(),
            path.display()
        )));
    }
    if is_qr && !qr::is_image(&bytes) {
        return Err(Error::Import {
            path: path.display().to_string(),
            error: ImportError::Image(qr::QrError::NotAnImage),
        });
    }
    let vault = found.password(g)?.unlock()?;
    session::warn_corrupted(&*vault)?;
    let batch = read_batch(args, path, &bytes)?;
    drop(bytes);
    let existing = vault
        .accounts()
        .context(|| "cannot read the vault".to_owned())?;
    let statuses = classify(&batch, &existing);
    let mut report = Report::new(&batch, &statuses, args.dry_run);
    if !args.dry_run && report.new > 0 {
        let (rows, new) = plan::new_entries(&batch, &statuses, &mut |i, reason| {
            warn(format!("entry {i}: its group is left out ({reason})"));
        });
        let mut bar = Progress::new(new.len());
        let summary = vault
            .import_with_icons(new, &mut |n| bar.set(n))
            .context(|| "cannot import; nothing was written".to_owned());
        bar.finish();
        let summary = summary?;
        for (row, added) in rows.into_iter().zip(&summary.added) {
            if let Some(r) = report.entries.get_mut(row) {
                r.id = Some(added.id);
            }
        }
        report.added = summary.added.len();
        report.groups_created = summary.groups_created.into_iter().map(|g| g.name).collect();
        report.icons_stored = summary.icons_stored;
    }
    report.print(args.json)
}
