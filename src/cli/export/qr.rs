//! `otty export --qr`: every account as Google Authenticator migration QR codes (at most 10
//! accounts each), drawn on the terminal one after another so a phone can take them in.
//!
//! It refuses to run when standard output is not a terminal: the codes hold every secret and
//! belong on a screen, not in a file or pipe (use `--format … --output FILE` for that). The
//! screen is cleared between codes and after the last one.

use std::io::{self, BufRead, IsTerminal, Write};

use super::halfblock;
use crate::cli::error::{Error, Result};
use crate::cli::output::{note, warn};
use crate::core::export::{ExportEntry, google_migration};
use crate::core::qr::halfblock::{self as blocks, Ink};
use crate::core::{NewAccount, qr};

const CLEAR: &str = "\x1b[2J\x1b[H";

fn out_err(e: io::Error) -> Error {
    Error::io("cannot write to the terminal", e)
}

/// Refuse early, before the vault password is asked, when stdout is not a terminal.
pub fn check_terminal() -> Result<()> {
    if io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(Error::usage(
            "`otty export --qr` draws QR codes on a terminal, but standard output is not one; \
             to write a file use `otty export --format FORMAT --output FILE`",
        ))
    }
}

/// Draw the codes for `accounts`, waiting for Enter between them.
pub fn show(accounts: &[NewAccount]) -> Result<()> {
    let entries: Vec<ExportEntry<'_>> = accounts.iter().map(ExportEntry::new).collect();
    let export = google_migration(&entries).map_err(Error::Export)?;
    for s in &export.skipped {
        if let Some(a) = accounts.get(s.index) {
            warn(format!("skipped {} {}: {}", a.service, a.account, s.reason));
        }
    }
    if export.uris.is_empty() {
        return Err(Error::usage(
            "no account can be shown as a Google Authenticator QR code",
        ));
    }
    let total = export.uris.len();
    let mut stdout = io::stdout();
    for (i, uri) in export.uris.iter().enumerate() {
        let matrix = qr::encode(uri).map_err(|e| Error::usage(e.to_string()))?;
        let mut screen = String::from(CLEAR);
        let (cols, rows) = blocks::size(&matrix);
        if let Ok((w, h)) = crossterm::terminal::size()
            && w > 0
            && h > 0
            && (usize::from(w) < cols || usize::from(h) < rows + 1)
        {
            screen.push_str(&format!(
                "(the terminal is {w}×{h}; this code needs {cols}×{}: enlarge it or use a smaller font)\n",
                rows + 1
            ));
        }
        for line in blocks::lines(&matrix, Ink::Dark) {
            screen.push_str(&halfblock::paint(&line));
            screen.push('\n');
        }
        let next = if i + 1 < total {
            "press Enter for the next"
        } else {
            "press Enter to clear the screen"
        };
        screen.push_str(&format!("QR {}/{total} — {next}", i + 1));
        stdout.write_all(screen.as_bytes()).map_err(out_err)?;
        stdout.flush().map_err(out_err)?;
        let mut answer = String::new();
        let read = io::stdin().lock().read_line(&mut answer);
        if !matches!(read, Ok(n) if n > 0) {
            break;
        }
    }
    stdout.write_all(CLEAR.as_bytes()).map_err(out_err)?;
    stdout.flush().map_err(out_err)?;
    note(format!(
        "showed {total} QR code{} for {} account{}",
        if total == 1 { "" } else { "s" },
        accounts.len() - export.skipped.len(),
        if accounts.len() - export.skipped.len() == 1 {
            ""
        } else {
            "s"
        }
    ));
    Ok(())
}
