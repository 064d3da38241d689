//! `cli::Error`: what a command can fail with, its exit code (docs/DESIGN.md, «Exit codes»)
//! and how `main` reports it.
//!
//! Messages are one sentence a user can act on; `--verbose` adds the causes. Like the core's
//! errors, none of them ever contains a password, secret or code.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::core;

/// Result alias for the CLI.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: any other error.
pub const EXIT_OTHER: u8 = 1;
/// Exit code: usage error or invalid input.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: not found or ambiguous.
pub const EXIT_NOT_FOUND: u8 = 3;
/// Exit code: wrong password or not authorised.
pub const EXIT_DENIED: u8 = 4;
/// Exit code: vault corrupted or tampered with.
pub const EXIT_CORRUPTED: u8 = 5;

/// An account named in an ambiguity report.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Account id.
    pub id: i64,
    /// Issuer, as the ambiguity report prints it.
    pub service: String,
    /// Account name.
    pub account: String,
}

/// Errors of the CLI layer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A core operation failed; `context` says what otty was doing.
    #[error("{context}: {error}")]
    Core {
        /// What otty was doing, e.g. "cannot unlock /home/a/vault.otty".
        context: String,
        /// The core error.
        error: core::Error,
    },
    /// Bad arguments or input that clap could not catch.
    #[error("{0}")]
    Usage(String),
    /// A password is needed and there is no way to get one.
    #[error(
        "no password: standard input is not a terminal, so give it with --password-file PATH, \
         the OTTY_PASSWORD environment variable or --password-stdin"
    )]
    NoPassword,
    /// `passwd` has no way to get the new password.
    #[error(
        "no new password: standard input is not a terminal, so give it with \
         --new-password-file PATH or the OTTY_NEW_PASSWORD environment variable"
    )]
    NoNewPassword,
    /// No account matches a query.
    #[error("no account matches {query:?}{}", corrupted_note(*corrupted))]
    NoMatch {
        /// What the user searched for.
        query: String,
        /// Corrupted rows that could not be searched.
        corrupted: usize,
    },
    /// Several accounts match a query.
    #[error("{}", ambiguous(query, matches))]
    Ambiguous {
        /// What the user searched for.
        query: String,
        /// The accounts it matches.
        matches: Vec<Candidate>,
    },
    /// `otty add` of an account the vault already holds.
    #[error(
        "the vault already holds this account ({id}  {service}  {account}: same codes, service \
         and account); give --allow-duplicate to add it anyway"
    )]
    Duplicate {
        /// The stored account's id.
        id: i64,
        /// Its service.
        service: String,
        /// Its account name.
        account: String,
    },
    /// An export would leave out rows that failed their integrity check (named above).
    #[error(
        "{rows} row(s) failed their integrity check and cannot be exported (named above); \
         nothing was exported: see `otty check`, or give --skip-corrupted to export the rest"
    )]
    Incomplete {
        /// Rows that would be left out.
        rows: usize,
    },
    /// An export of a vault whose file and head disagree (rows rolled back, deleted or
    /// inserted by editing the file; named above) would carry that state on.
    #[error(
        "the vault failed its integrity check ({problems} problem(s), named above); nothing was \
         exported: see `otty check`, or give --skip-corrupted to export it as it is"
    )]
    Tampered {
        /// How many disagreements.
        problems: usize,
    },
    /// The user answered no.
    #[error("cancelled; nothing was changed")]
    Cancelled,
    /// Reading or writing a file or stream failed.
    #[error("{context}: {error}")]
    Io {
        /// What otty was doing.
        context: String,
        /// The I/O error.
        error: std::io::Error,
    },
    /// Standard output was closed (`otty list | head -1`): stop quietly.
    #[error("standard output was closed")]
    BrokenPipe,
    /// `otty check` found problems (listed on standard output).
    #[error("the vault failed its integrity check: {count} problem(s), listed above{}", accept_hint(*.accepted))]
    CheckFailed {
        /// Problems found.
        count: usize,
        /// Whether `--accept` was given (what is left cannot be accepted, only removed).
        accepted: bool,
    },
    /// A file could not be imported; nothing was written.
    #[error("cannot import {path}: {error}; nothing was imported")]
    Import {
        /// The file, as given.
        path: String,
        /// Why.
        error: core::import::ImportError,
    },
    /// The export could not be made.
    #[error("cannot export: {0}")]
    Export(core::export::ExportError),
    /// An output file exists and `--force` was not given.
    #[error("{path} already exists; give --force to replace it")]
    Exists {
        /// The file.
        path: String,
    },
    /// `otty unlock` could not start the agent; `code` is the exit code the agent gave.
    #[error("{message}")]
    AgentFailed {
        /// What the agent said (one sentence, never a secret).
        message: String,
        /// Its exit code.
        code: u8,
    },
    /// `otty unlock --status` or `otty lock`: no agent holds the vault.
    #[error("no unlock agent holds {path}; `otty unlock` starts one")]
    NotUnlocked {
        /// The vault.
        path: String,
    },
    /// A foreign or export file's passphrase is needed and there is no way to get one.
    #[error(
        "{what}: standard input is not a terminal, so give it with --passphrase-file PATH or \
         the {env} environment variable"
    )]
    NoPassphrase {
        /// What needs it ("this Aegis file is encrypted").
        what: String,
        /// The environment variable that can hold it.
        env: &'static str,
    },
}

fn corrupted_note(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => "; 1 corrupted account row could not be searched".to_owned(),
        n => format!("; {n} corrupted account rows could not be searched"),
    }
}

fn ambiguous(query: &str, matches: &[Candidate]) -> String {
    let mut s = format!(
        "{query:?} matches {} accounts; give an id or a longer query:",
        matches.len()
    );
    for c in matches {
        let _ = write!(s, "\n  {:>5}  {}  {}", c.id, c.service, c.account);
    }
    s
}

impl Error {
    /// Shorthand for [`Error::Usage`].
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage(message.into())
    }

    /// An I/O error with context; a closed pipe becomes [`Error::BrokenPipe`].
    pub fn io(context: impl Into<String>, error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            return Error::BrokenPipe;
        }
        Error::Io {
            context: context.into(),
            error,
        }
    }

    /// The process exit code for this error: 0 to 5, as documented in `docs/DESIGN.md`.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Core { error, .. } => core_exit_code(error),
            Error::Usage(_) | Error::NoPassword | Error::NoNewPassword => EXIT_USAGE,
            Error::NoMatch { .. } | Error::Ambiguous { .. } => EXIT_NOT_FOUND,
            Error::Cancelled
            | Error::Io { .. }
            | Error::Exists { .. }
            | Error::Duplicate { .. } => EXIT_OTHER,
            Error::Import { error, .. } => import_exit_code(error),
            Error::NoPassphrase { .. } => EXIT_USAGE,
            Error::Export(e) => match e {
                core::export::ExportError::CannotEncrypt(_)
                | core::export::ExportError::EmptyPassphrase => EXIT_USAGE,
                _ => EXIT_OTHER,
            },
            Error::BrokenPipe => EXIT_OK,
            Error::AgentFailed { code, .. } => *code,
            Error::NotUnlocked { .. } => EXIT_NOT_FOUND,
            Error::CheckFailed { .. } | Error::Incomplete { .. } | Error::Tampered { .. } => {
                EXIT_CORRUPTED
            }
        }
    }

    /// The causes below this error's own message (which already quotes the first one).
    fn causes(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut next: Option<&dyn std::error::Error> = match self {
            Error::Core { error, .. } => std::error::Error::source(error),
            Error::Io { error, .. } => std::error::Error::source(error),
            _ => None,
        };
        while let Some(e) = next {
            out.push(e.to_string());
            next = e.source();
        }
        out
    }

    /// Print the error to stderr as `otty: …` (with `verbose`, its causes and details too) and
    /// return the exit code. A closed pipe prints nothing.
    pub fn report(&self, verbose: bool) -> u8 {
        if matches!(self, Error::BrokenPipe) {
            return self.exit_code();
        }
        let message = self.to_string();
        let mut text = format!("otty: {message}\n");
        if verbose {
            for cause in self.causes() {
                if !message.contains(&cause) {
                    let _ = writeln!(text, "  caused by: {cause}");
                }
            }
            if let Error::Core { error, .. } = self {
                // core::Error's Debug holds no secrets (see core::error).
                let _ = writeln!(text, "  details: {error:?}");
            }
            let _ = writeln!(text, "  exit code: {}", self.exit_code());
        }
        // Never panic on a closed stderr.
        let _ = std::io::stderr().write_all(text.as_bytes());
        self.exit_code()
    }
}

fn accept_hint(accepted: bool) -> &'static str {
    if accepted {
        "; rows that fail their own check cannot be accepted: remove them with `otty rm`"
    } else {
        "; once you have read them, `otty check --accept` makes the vault trust its rows as they are"
    }
}

/// Exit code of a core error.
pub fn core_exit_code(error: &core::Error) -> u8 {
    use core::Error as E;
    match error {
        E::WrongPassword | E::KeyChanged => EXIT_DENIED,
        E::Corrupted { .. } | E::BadHeader { .. } | E::Unverified => EXIT_CORRUPTED,
        E::AccountNotFound(_)
        | E::GroupNotFound(_)
        | E::GroupNameNotFound(_)
        | E::TokenNotFound(_)
        | E::TokenNameNotFound(_) => EXIT_NOT_FOUND,
        E::Invalid { .. } | E::TokenNameTaken { .. } => EXIT_USAGE,
        E::Database(rusqlite::Error::SqliteFailure(e, _))
            if matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) =>
        {
            EXIT_CORRUPTED
        }
        _ => EXIT_OTHER,
    }
}

/// Exit code of an import error: a wrong passphrase is 4, anything wrong with the file 2.
pub fn import_exit_code(error: &core::import::ImportError) -> u8 {
    match error {
        core::import::ImportError::WrongPassphrase { .. } => EXIT_DENIED,
        _ => EXIT_USAGE,
    }
}

/// Attach context to a core result.
pub trait Context<T> {
    /// Wrap the error in [`Error::Core`] with the context `f` builds.
    fn context(self, f: impl FnOnce() -> String) -> Result<T>;
}

impl<T> Context<T> for core::Result<T> {
    fn context(self, f: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|error| Error::Core {
            context: f(),
            error,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_contract() {
        let core = |error| Error::Core {
            context: "x".into(),
            error,
        };
        assert_eq!(core(core::Error::WrongPassword).exit_code(), 4);
        assert_eq!(
            core(core::Error::Corrupted {
                table: "accounts",
                id: 1
            })
            .exit_code(),
            5
        );
        assert_eq!(core(core::Error::AccountNotFound(1)).exit_code(), 3);
        assert_eq!(core(core::Error::TokenNotFound(1)).exit_code(), 3);
        assert_eq!(
            core(core::Error::TokenNameNotFound("ci".into())).exit_code(),
            3
        );
        let taken = core::Error::TokenNameTaken {
            name: "ci".into(),
            id: 1,
        };
        assert_eq!(core(taken).exit_code(), 2);
        assert_eq!(core(core::Error::invalid("digits", "no")).exit_code(), 2);
        assert_eq!(Error::NoPassword.exit_code(), 2);
        assert_eq!(Error::Incomplete { rows: 1 }.exit_code(), 5);
        let duplicate = Error::Duplicate {
            id: 1,
            service: "ACME".into(),
            account: "alice".into(),
        };
        assert_eq!(duplicate.exit_code(), 1);
        assert_eq!(
            Error::io("w", std::io::ErrorKind::BrokenPipe.into()).exit_code(),
            0
        );
    }

    #[test]
    fn ambiguity_lists_the_candidates() {
        let e = Error::Ambiguous {
            query: "acme".into(),
            matches: vec![
                Candidate {
                    id: 1,
                    service: "ACME".into(),
                    account: "alice".into(),
                },
                Candidate {
                    id: 2,
                    service: "ACME".into(),
                    account: "bob".into(),
                },
            ],
        };
        let s = e.to_string();
        assert!(s.contains("matches 2 accounts") && s.contains("alice") && s.contains("bob"));
    }
}
