//! The clap types of the command line: global options and every subcommand.
//!
//! Only parsing lives here; each subcommand's behaviour is in its own module.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::core::vault::tokens::Scope;
use crate::core::{Algorithm, KdfParams, OtpKind};

/// otty: two-factor codes in your terminal.
///
/// With no command, otty opens the full-screen interface. The commands below are for shells
/// and scripts; every listing takes `--json` and prints 2FAuth's API shapes.
///
/// The password comes from, first match wins: --password-file, --password-stdin, the
/// OTTY_PASSWORD environment variable, else a prompt on the terminal.
///
/// Exit codes: 0 ok, 1 other error, 2 usage or invalid input, 3 not found or ambiguous,
/// 4 wrong password, 5 vault corrupted or tampered with.
#[derive(Debug, Parser)]
#[command(name = "otty", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
    /// What to do; none opens the full-screen interface.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// Vault file. A bare name such as `v.otty` means the current directory.
    /// Default: `vault.otty` in the user's data directory.
    #[arg(long, global = true, env = "OTTY_VAULT", value_name = "PATH")]
    pub vault: Option<PathBuf>,
    /// Read the vault password from the first line of this file.
    #[arg(long, global = true, value_name = "PATH")]
    pub password_file: Option<PathBuf>,
    /// Read the vault password from the first line of standard input.
    #[arg(long, global = true)]
    pub password_stdin: bool,
    /// On errors, also print their causes; log more.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty vault (never overwrites a file).
    Init(InitArgs),
    /// Add an account from an otpauth:// URI or from its fields.
    Add(AddArgs),
    /// List accounts.
    List(ListArgs),
    /// Print the current code of one account (HOTP: hands out the next code).
    Code(CodeArgs),
    /// Change an account's fields.
    Edit(EditArgs),
    /// Remove accounts.
    Rm(RmArgs),
    /// Manage groups (folders of accounts).
    #[command(subcommand)]
    Group(GroupCommand),
    /// Change the vault password (and the vault key: every row is sealed again).
    Passwd(PasswdArgs),
    /// Verify every row of the vault and its commitment to them; exit 5 naming each problem.
    Check(CheckArgs),
    /// Import accounts from another authenticator's export, an otpauth list or a QR image.
    Import(ImportArgs),
    /// Export every account to a file or standard output, or as QR codes on the terminal.
    Export(ExportArgs),
    /// Write a consistent copy of the vault (0600; openable with the same password), also
    /// while otty uses it. No password needed.
    Backup(BackupArgs),
    /// Fold another copy of the vault, another otty vault or an otty export into this one
    /// (rows match by UUID; the later change wins), or, with --conflicts, every sync tool's
    /// conflict copy beside the vault.
    Merge(MergeArgs),
    /// A git merge driver: merge THEIRS into OURS using their common ANCESTOR, writing the
    /// result to OURS (`git config merge.otty.driver "otty merge-driver %O %A %B %P"`). It
    /// uses the unlock agent of the vault at PATH (`otty unlock`), or OTTY_PASSWORD or
    /// --password-file.
    #[command(name = "merge-driver")]
    MergeDriver(MergeDriverArgs),
    /// Print a shell completion script.
    Completions {
        /// Shell to complete for.
        shell: Shell,
    },
    /// Print a manual page (roff) to standard output: otty(1), or a command's.
    Man {
        /// The command whose page to print, e.g. `init` or `group assign` [default: otty(1)].
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
    /// Serve the 2FAuth-compatible REST API on 127.0.0.1:6889 until Ctrl-C or SIGTERM.
    Serve(ServeArgs),
    /// Manage the API's personal access tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Unlock the vault once: a background agent holds it, so every command (and the TUI)
    /// runs without a password until `otty lock` or the idle timeout.
    Unlock(UnlockArgs),
    /// Lock the vault: stop its unlock agent, which wipes its key.
    Lock,
    /// Open the full-screen interface on an in-memory sample vault.
    Demo,
    /// Internal (`otty code --copy`): read a code on stdin and serve it on the system
    /// clipboard until it is cleared, or delete a tmux buffer holding it then. Not for direct
    /// use.
    #[command(name = "__serve-clipboard", hide = true)]
    ServeClipboard {
        /// Seconds until the clipboard is cleared (0: serve until something else is copied).
        #[arg(long, default_value_t = 30)]
        clear_after: u32,
        /// The tmux paste buffer the caller loaded: delete it at the deadline if it still
        /// holds the code.
        #[arg(long)]
        tmux_buffer: Option<String>,
    },
    /// Internal (`otty unlock`): read the password on stdin, unlock, answer on the vault's
    /// agent socket until locked. Not for direct use.
    #[command(name = "__agent", hide = true)]
    Agent {
        /// Idle seconds before it locks (0: never).
        #[arg(long, default_value_t = 900)]
        timeout_secs: u64,
    },
    /// Internal (completion scripts): the account names an unlock agent holds, one per line;
    /// nothing when no agent runs. Never asks for a password.
    #[command(name = "__complete-accounts", hide = true)]
    CompleteAccounts,
}

/// `otty unlock`.
#[derive(Debug, Args)]
pub struct UnlockArgs {
    /// Lock after this long without a command: 90s, 15m, 2h, 1d; 0 never [default: the config
    /// file's agent_timeout, else 15m]. Given to a running agent, it replaces its timeout.
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub timeout: Option<Timeout>,
    /// Say whether an agent holds this vault and until when (exit 3 when none does).
    #[arg(long, conflicts_with = "timeout")]
    pub status: bool,
}

/// An idle timeout as typed (`None` inside: never).
#[derive(Debug, Clone, Copy)]
pub struct Timeout(pub Option<std::time::Duration>);

fn duration(text: &str) -> Result<Timeout, String> {
    otty_agent::duration::parse(text).map(Timeout)
}

/// `otty init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Argon2id memory in MiB (at least 8; below the default only for tests).
    #[arg(long, value_name = "MiB", default_value_t = KdfParams::DEFAULT.memory_kib / 1024)]
    pub kdf_memory: u32,
    /// Argon2id passes over memory (memory × passes at most 4096 MiB).
    #[arg(long, value_name = "N", default_value_t = KdfParams::DEFAULT.iterations)]
    pub kdf_iterations: u32,
    /// Argon2id lanes.
    #[arg(long, value_name = "N", default_value_t = KdfParams::DEFAULT.parallelism)]
    pub kdf_parallelism: u32,
    /// Accept a password the strength estimate calls too easy to guess.
    #[arg(long)]
    pub weak_password: bool,
}

/// OTP kinds as typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Time-based (RFC 6238).
    Totp,
    /// Counter-based (RFC 4226).
    Hotp,
    /// Steam Guard (5 symbols).
    #[value(alias = "steamtotp")]
    Steam,
}

impl From<KindArg> for OtpKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Totp => OtpKind::Totp,
            KindArg::Hotp => OtpKind::Hotp,
            KindArg::Steam => OtpKind::Steam,
        }
    }
}

/// HMAC algorithms as typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlgorithmArg {
    /// HMAC-SHA1 (the usual one).
    Sha1,
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
    /// HMAC-MD5.
    Md5,
}

impl From<AlgorithmArg> for Algorithm {
    fn from(a: AlgorithmArg) -> Self {
        match a {
            AlgorithmArg::Sha1 => Algorithm::Sha1,
            AlgorithmArg::Sha256 => Algorithm::Sha256,
            AlgorithmArg::Sha512 => Algorithm::Sha512,
            AlgorithmArg::Md5 => Algorithm::Md5,
        }
    }
}

/// `otty add`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["uri", "secret"])))]
pub struct AddArgs {
    /// An otpauth:// URI; `-` reads it from standard input.
    #[arg(long, value_name = "URI", conflicts_with_all = [
        "service", "account", "secret", "kind", "algorithm", "digits", "period", "counter",
    ])]
    pub uri: Option<String>,
    /// Service (issuer), e.g. GitHub.
    #[arg(long)]
    pub service: Option<String>,
    /// Account name, e.g. alice@example.com.
    #[arg(long)]
    pub account: Option<String>,
    /// The base32 secret; `-` reads it from standard input (keeps it out of shell history).
    #[arg(long, value_name = "BASE32")]
    pub secret: Option<String>,
    /// Kind of code [default: totp].
    #[arg(long = "type", value_name = "TYPE", value_enum)]
    pub kind: Option<KindArg>,
    /// HMAC algorithm [default: sha1].
    #[arg(long, value_enum)]
    pub algorithm: Option<AlgorithmArg>,
    /// Code length, 5–10 [default: 6; Steam: 5].
    #[arg(long)]
    pub digits: Option<u8>,
    /// Seconds per code (TOTP, Steam) [default: 30].
    #[arg(long)]
    pub period: Option<u32>,
    /// Next counter (HOTP) [default: 0].
    #[arg(long)]
    pub counter: Option<u64>,
    /// Put the account in this group (it must exist: `otty group add NAME`).
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,
    /// Free-form notes.
    #[arg(long)]
    pub notes: Option<String>,
    /// Pin the account to the top.
    #[arg(long)]
    pub favorite: bool,
    /// Add it even if the vault holds the same account (same codes, service and account).
    #[arg(long)]
    pub allow_duplicate: bool,
    /// Print only the new id, nothing on standard error (what scripts get anyway when
    /// standard output is not a terminal).
    #[arg(short, long)]
    pub quiet: bool,
}

/// `otty list`: pinned accounts first, marked with a star.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only the accounts of this group.
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,
    /// Print 2FAuth Read objects (without secrets).
    #[arg(long)]
    pub json: bool,
}

/// `otty code`.
#[derive(Debug, Args)]
pub struct CodeArgs {
    /// An account id, or part of "service account" (case-insensitive; an exact name wins).
    /// Without it, on a terminal, a one-line fuzzy picker opens.
    pub query: Option<String>,
    /// Print 2FAuth's OTP object.
    #[arg(long)]
    pub json: bool,
    /// Compute the code at this unix time instead of now (TOTP and Steam only: HOTP exits 2).
    #[arg(long, value_name = "UNIX", allow_negative_numbers = true, value_parser = unix_time)]
    pub at: Option<i64>,
    /// Copy the code to the clipboard instead of printing it (cleared after the configured
    /// seconds if unchanged; OSC 52 to the terminal where there is no display).
    #[arg(long, conflicts_with = "json")]
    pub copy: bool,
}

/// A moment for `code --at`: whole seconds since 1970, not before it. Negative numbers reach
/// this parser (`allow_negative_numbers`), so `--at -5` is refused here, not read as a flag.
fn unix_time(text: &str) -> Result<i64, String> {
    match text.trim().parse::<i64>() {
        Ok(unix) if unix >= 0 => Ok(unix),
        Ok(_) => Err("a unix time cannot be negative (seconds since 1970-01-01 UTC)".into()),
        Err(_) => Err("expected a unix time: whole seconds since 1970-01-01 UTC".into()),
    }
}

/// `otty edit`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// An account id, or part of "service account" (case-insensitive; an exact name wins).
    pub query: String,
    /// New service (issuer).
    #[arg(long)]
    pub service: Option<String>,
    /// New account name.
    #[arg(long)]
    pub account: Option<String>,
    /// New base32 secret; `-` reads it from standard input.
    #[arg(long, value_name = "BASE32")]
    pub secret: Option<String>,
    /// New kind of code.
    #[arg(long = "type", value_name = "TYPE", value_enum)]
    pub kind: Option<KindArg>,
    /// New code length.
    #[arg(long)]
    pub digits: Option<u8>,
    /// New period in seconds.
    #[arg(long)]
    pub period: Option<u32>,
    /// New HOTP counter.
    #[arg(long)]
    pub counter: Option<u64>,
    /// New HMAC algorithm.
    #[arg(long, value_enum)]
    pub algorithm: Option<AlgorithmArg>,
    /// Move the account to this group.
    #[arg(long, value_name = "NAME", conflicts_with = "no_group")]
    pub group: Option<String>,
    /// Take the account out of its group.
    #[arg(long)]
    pub no_group: bool,
    /// New notes (an empty string clears them).
    #[arg(long)]
    pub notes: Option<String>,
    /// Pin (true) or unpin (false) the account.
    #[arg(long, value_name = "BOOL")]
    pub favorite: Option<bool>,
}

/// `otty rm`.
#[derive(Debug, Args)]
pub struct RmArgs {
    /// Accounts: ids, or parts of "service account" (each must name exactly one account).
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub queries: Vec<String>,
    /// Do not ask for confirmation (needed when standard input is not a terminal).
    #[arg(short, long)]
    pub yes: bool,
}

/// `otty group …`.
#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// List groups with their number of accounts.
    List {
        /// Print 2FAuth Group objects.
        #[arg(long)]
        json: bool,
    },
    /// Create a group; prints its id.
    Add {
        /// Group name (unique, case-insensitive).
        name: String,
    },
    /// Rename a group.
    Rename {
        /// Current name.
        old: String,
        /// New name.
        new: String,
    },
    /// Delete a group; its accounts stay, in no group.
    Rm {
        /// Group name.
        name: String,
    },
    /// Move accounts into a group.
    Assign {
        /// Group name.
        name: String,
        /// Account ids.
        #[arg(required = true, num_args = 1..)]
        ids: Vec<i64>,
    },
}

/// `otty check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// After printing the report, make the vault trust its rows as they are now (rows deleted
    /// stay deleted, rows added or put back are kept), so HOTP and backup codes, `verify` and
    /// API tokens work again.
    #[arg(long)]
    pub accept: bool,
}

/// `otty passwd`.
#[derive(Debug, Args)]
pub struct PasswdArgs {
    /// Read the new password from the first line of this file
    /// (else OTTY_NEW_PASSWORD, else a prompt on the terminal).
    #[arg(long, value_name = "PATH")]
    pub new_password_file: Option<PathBuf>,
    /// New Argon2id memory in MiB [default: unchanged].
    #[arg(long, value_name = "MiB")]
    pub kdf_memory: Option<u32>,
    /// New Argon2id passes [default: unchanged].
    #[arg(long, value_name = "N")]
    pub kdf_iterations: Option<u32>,
    /// New Argon2id lanes [default: unchanged].
    #[arg(long, value_name = "N")]
    pub kdf_parallelism: Option<u32>,
    /// Accept a new password the strength estimate calls too easy to guess.
    #[arg(long)]
    pub weak_password: bool,
}

/// `otty serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = crate::api::config::DEFAULT_BIND)]
    pub bind: std::net::SocketAddr,
    /// Allow a non-loopback --bind (tokens then travel in clear text on the network).
    #[arg(long)]
    pub allow_remote: bool,
    /// Accept this name in the Host header besides loopback names (repeatable).
    #[arg(long = "host", value_name = "NAME")]
    pub hosts: Vec<String>,
    /// Allow cross-origin requests from this web origin: `scheme://host[:port]`, or `*` for any
    /// (repeatable). Browser extensions (such as 2FAuth's) are allowed without it.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,
    /// Refuse browser extensions' cross-origin requests too (allowed by default: the token
    /// they send is the credential).
    #[arg(long)]
    pub no_extension_origins: bool,
    /// Failed authentications allowed per minute, all clients together, before requests without a
    /// valid token get 429 (0: no limit). A valid token is never throttled.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub auth_failures_per_minute: u32,
    /// Also serve the trivial `GET /api/v1/_ping` (benchmark ceiling).
    #[arg(long, hide = true)]
    pub bench_ceiling: bool,
}

/// `otty token …`.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token; prints it alone on the first line of standard output, once.
    Create {
        /// A name to recognise it by (shown in OTP logs); unique among tokens not revoked.
        name: String,
        /// What it may do: read (codes and lists, never a secret), write (read, plus changing
        /// accounts and groups) or admin (everything, secrets and exports included).
        #[arg(long, value_name = "SCOPE", default_value = "admin", value_parser = scopes())]
        scope: Scope,
        /// Expire after this many days [default: never].
        #[arg(long, value_name = "DAYS")]
        expires: Option<u32>,
        /// Print a JSON object (with the token) instead.
        #[arg(long)]
        json: bool,
    },
    /// List tokens with their last use.
    List {
        /// Print JSON objects.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a token; a running server refuses it within a second.
    Revoke {
        /// Token id or name (see `otty token list`); a number is an id when such a token exists.
        #[arg(value_name = "ID|NAME")]
        token: String,
    },
}

/// `otty import`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["file", "qr"])))]
pub struct ImportArgs {
    /// The file to import; its format is detected from its content (PNG and JPEG images are
    /// read as QR codes).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Read the QR code(s) in this PNG or JPEG image (e.g. a Google Authenticator export).
    #[arg(long, value_name = "IMAGE", conflicts_with = "file")]
    pub qr: Option<PathBuf>,
    /// Read the file as this format instead of detecting it.
    #[arg(long, value_name = "FORMAT", value_parser = import_formats())]
    pub format: Option<String>,
    /// Report what would be imported, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Read the file's passphrase from the first line of this file (else
    /// OTTY_IMPORT_PASSWORD, else a prompt if the file is encrypted; never the vault password).
    #[arg(long, value_name = "PATH")]
    pub passphrase_file: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

fn scopes() -> impl clap::builder::TypedValueParser<Value = Scope> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(Scope::ALL.map(Scope::as_str))
        .try_map(|s| s.parse::<Scope>())
}

fn import_formats() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(crate::core::import::Format::ALL.map(|f| f.id()))
}

fn export_formats() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(crate::core::export::ExportFormat::ALL.map(|f| f.id()))
}

/// `otty export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Format to write. 2fas and bitwarden leave out the accounts those apps cannot hold
    /// (HMAC-MD5; HOTP in Bitwarden), naming each.
    #[arg(long, value_name = "FORMAT", value_parser = export_formats(), required_unless_present = "qr")]
    pub format: Option<String>,
    /// Encrypt with a passphrase (otty and aegis formats), asked twice on a terminal, else
    /// from --passphrase-file or OTTY_EXPORT_PASSWORD.
    #[arg(long)]
    pub encrypt: bool,
    /// Write to this file (created with mode 0600) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Read the export passphrase from the first line of this file (with --encrypt).
    #[arg(long, value_name = "PATH", requires = "encrypt")]
    pub passphrase_file: Option<PathBuf>,
    /// Draw Google Authenticator migration QR codes (up to 10 accounts each) on the terminal.
    #[arg(long, conflicts_with_all = ["format", "encrypt", "output", "force", "passphrase_file"])]
    pub qr: bool,
    /// Export the readable accounts even if some rows failed their integrity check (they are
    /// named and left out). Without it such an export writes nothing and exits 5.
    #[arg(long)]
    pub skip_corrupted: bool,
}

/// `otty backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write (created with mode 0600).
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Replace PATH if it exists (the old file stays whole until the new copy is complete).
    #[arg(long)]
    pub force: bool,
}

/// `otty merge`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["other", "conflicts"])))]
pub struct MergeArgs {
    /// The other copy, vault or otty export to fold into this vault (left untouched).
    #[arg(value_name = "OTHER")]
    pub other: Option<PathBuf>,
    /// Merge every sync tool's conflict copy beside the vault (Syncthing, Nextcloud, Dropbox,
    /// `.orig`), removing each once merged.
    #[arg(long, conflicts_with = "other")]
    pub conflicts: bool,
    /// Report what would change, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Read the other vault's password (or the export's passphrase) from the first line of
    /// this file (else OTTY_IMPORT_PASSWORD, else this vault's password, else a prompt).
    #[arg(long, value_name = "PATH")]
    pub passphrase_file: Option<PathBuf>,
}

/// `otty merge-driver`.
#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor (git's %O; may be empty when there is none).
    #[arg(value_name = "ANCESTOR")]
    pub ancestor: PathBuf,
    /// Our version, where the result is written (git's %A).
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// Their version (git's %B).
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
    /// The vault's path in the work tree, relative to the repository's top level (git's %P):
    /// when an unlock agent holds it, its key opens the three versions, with no password.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn code_at_takes_a_unix_time_not_before_1970() {
        for (at, want) in [
            ("--at=0", Ok(0)),
            ("--at=1700000000", Ok(1_700_000_000)),
            ("--at=-5", Err("cannot be negative")),
            ("--at=-9223372036854775808", Err("cannot be negative")),
            ("--at=9223372036854775808", Err("whole seconds")),
            ("--at=1.5", Err("whole seconds")),
            ("--at=now", Err("whole seconds")),
        ] {
            let parsed = Cli::try_parse_from(["otty", "code", "1", at]);
            match (parsed, want) {
                (Ok(cli), Ok(unix)) => match cli.command {
                    Some(Command::Code(code)) => assert_eq!(code.at, Some(unix), "{at}"),
                    other => panic!("{at}: {other:?}"),
                },
                (Err(e), Err(reason)) => {
                    assert_eq!(e.exit_code(), 2, "{at}");
                    assert!(e.to_string().contains(reason), "{at}: {e}");
                }
                (got, want) => panic!("{at}: got {got:?}, want {want:?}"),
            }
        }
        // With a space too: `-5` is the value, not a flag.
        let e = Cli::try_parse_from(["otty", "code", "1", "--at", "-5"]).unwrap_err();
        assert!(e.to_string().contains("cannot be negative"), "{e}");
    }
}
