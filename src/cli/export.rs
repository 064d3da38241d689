//! `otty export --format otty|aegis|2fauth|otpauth|2fas|bitwarden [--encrypt] [--output FILE]
//! [--force]` and `otty export --qr`.
//!
//! Accounts the chosen format cannot hold (HOTP in Bitwarden, HMAC-MD5 in 2FAS or Bitwarden)
//! are left out, each named in a warning.
//!
//! The export goes to standard output unless `--output` names a file, which is created 0600
//! and never replaces an existing one without `--force`. `--encrypt` (otty and Aegis formats)
//! takes a passphrase from `--passphrase-file`, else `OTTY_EXPORT_PASSWORD`, else asks twice on
//! the terminal; never the vault password.
//!
//! An unencrypted export would print every secret on the screen when standard output is a
//! terminal: otty asks for confirmation first, and refuses when it cannot ask (no terminal on
//! standard input). Pipes and files are written without asking; a plain file gets a warning.
//!
//! A row that failed its integrity check cannot be exported. Rather than hand a backup script
//! an incomplete backup with exit 0, otty names such rows, writes nothing and exits 5, unless
//! `--skip-corrupted` says to export the rest. The same goes for a vault whose head names rows
//! rolled back, deleted or inserted by editing the file (`otty check`): exit 5 unless
//! `--skip-corrupted`.

mod file;
mod halfblock;
mod qr;

use std::io::IsTerminal;

use super::args::{ExportArgs, Global};
use super::error::{Context, Error, Result};
use super::input;
use super::output::{Out, note, warn};
use super::passphrase::{self, ENV_EXPORT};
use super::password::Password;
use super::session;
use crate::agent::Backend;
use crate::core::Account;
use crate::core::export::plan::PlanError;
use crate::core::export::{ExportError, ExportFormat};

/// The passphrase to encrypt with.
fn export_passphrase(args: &ExportArgs) -> Result<Password> {
    if let Some(p) = passphrase::given(args.passphrase_file.as_deref(), ENV_EXPORT)? {
        return Ok(p);
    }
    passphrase::prompt(
        "Passphrase for the export: ",
        true,
        "--encrypt needs a passphrase",
        ENV_EXPORT,
    )
}

/// Name the rows that failed their integrity check; unless `skip`, refuse an export that would
/// silently leave them out ([`Error::Incomplete`], exit 5).
fn check_complete(vault: &dyn Backend, skip: bool) -> Result<()> {
    let bad = session::warn_corrupted(vault)?;
    if bad > 0 && !skip {
        return Err(Error::Incomplete { rows: bad });
    }
    // Rows rolled back or deleted by editing the file decrypt fine: the head names them (the
    // session warned about each when it opened the vault).
    let problems = vault
        .problems()
        .context(|| "cannot read the vault".to_owned())?
        .len();
    if problems > 0 && !skip {
        return Err(Error::Tampered { problems });
    }
    Ok(())
}

/// Every readable account, after [`check_complete`].
fn accounts(vault: &dyn Backend, skip: bool) -> Result<Vec<Account>> {
    check_complete(vault, skip)?;
    vault
        .accounts()
        .context(|| "cannot read the vault".to_owned())
}

/// Ask before printing unencrypted secrets on a terminal.
fn confirm_plain_on_terminal() -> Result<()> {
    if !std::io::stdout().is_terminal() {
        return Ok(());
    }
    if !input::is_interactive() {
        return Err(Error::usage(
            "refusing to print unencrypted secrets on the terminal; use --output FILE, \
             --encrypt or a pipe",
        ));
    }
    if input::confirm("This prints every secret unencrypted on the terminal. Continue?")? {
        Ok(())
    } else {
        Err(Error::Cancelled)
    }
}

/// Run `otty export`.
pub fn run(g: &Global, args: &ExportArgs) -> Result<()> {
    if args.qr {
        qr::check_terminal()?;
        let vault = session::backend(g)?;
        let list: Vec<_> = accounts(&*vault, args.skip_corrupted)?
            .into_iter()
            .map(|a| a.data)
            .collect();
        return qr::show(&list);
    }
    let id = args.format.as_deref().unwrap_or_default();
    let format = ExportFormat::from_id(id)
        .ok_or_else(|| Error::usage(format!("unknown export format {id:?}")))?;
    if args.encrypt && !format.supports_encryption() {
        return Err(Error::Export(ExportError::CannotEncrypt(format)));
    }
    match &args.output {
        Some(path) => file::check(path, args.force)?,
        None if !args.encrypt => confirm_plain_on_terminal()?,
        None => {}
    }
    let vault = session::backend(g)?;
    check_complete(&*vault, args.skip_corrupted)?;
    let pass = if args.encrypt {
        Some(export_passphrase(args)?)
    } else {
        None
    };
    let prepared = vault
        .export(format, pass.as_deref().map(|p| &p[..]))
        .map_err(|e| match e {
            PlanError::Vault(error) => Error::Core {
                context: "cannot read the vault".to_owned(),
                error,
            },
            PlanError::Export(e) => Error::Export(e),
        })?;
    for left in &prepared.skipped {
        warn(format!("skipped {}: {}", left.label, left.reason));
    }
    let Some(path) = &args.output else {
        let mut out = Out::new();
        out.bytes(&prepared.bytes)?;
        return out.finish();
    };
    file::write(path, &prepared.bytes, args.force)?;
    let n = prepared.accounts;
    note(format!(
        "exported {n} account{} to {} ({format}{})",
        if n == 1 { "" } else { "s" },
        path.display(),
        if args.encrypt { ", encrypted" } else { "" }
    ));
    if !args.encrypt && n > 0 {
        warn(format!(
            "{} holds your secrets unencrypted: keep it safe, or use --encrypt",
            path.display()
        ));
    }
    Ok(())
}
