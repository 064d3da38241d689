//! The `otty` binary: harden the process, parse arguments, set up logging, dispatch, and turn
//! an error into one sentence on stderr and its exit code (docs/DESIGN.md, «Exit codes»).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use otty::cli::{self, Cli};

fn main() -> ExitCode {
    // Before anything could hold a secret: no core dumps, no debugger attach.
    let hardened = otty::hardening::disable_core_dumps_and_ptrace();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout (exit 0); usage errors to stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let verbose = cli.global.verbose;
    let full_screen = matches!(cli.command, None | Some(cli::Command::Demo));
    init_logging(verbose, full_screen);
    match hardened {
        Ok(()) => tracing::trace!("core dumps off, debugger attach denied"),
        Err(e) => tracing::warn!("{e}"),
    }
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => ExitCode::from(e.report(verbose)),
    }
}

/// Log to stderr: warnings by default, debug for otty with `--verbose`; a filter in `OTTY_LOG`
/// (or, when `OTTY_LOG` is unset, in `RUST_LOG`, e.g. `RUST_LOG=trace`) overrides both. The
/// full-screen interface logs nothing unless `OTTY_LOG` asks: stderr is its screen, and a log
/// line would be drawn over it (it shows what matters in its status line instead).
fn init_logging(verbose: bool, full_screen: bool) {
    use tracing_subscriber::EnvFilter;
    let default = default_filter(verbose, full_screen);
    let var = if std::env::var_os("OTTY_LOG").is_some() || full_screen {
        "OTTY_LOG"
    } else {
        "RUST_LOG"
    };
    let filter = EnvFilter::try_from_env(var).unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
        .with_target(false)
        .without_time()
        .try_init();
}

/// The log filter when neither `OTTY_LOG` nor (for commands) `RUST_LOG` names one.
fn default_filter(verbose: bool, full_screen: bool) -> &'static str {
    match (full_screen, verbose) {
        (true, _) => "off",
        (false, true) => "otty=debug",
        (false, false) => "warn",
    }
}

#[cfg(test)]
mod tests {
    use super::default_filter;

    #[test]
    fn the_full_screen_interface_logs_nothing_by_default() {
        for (verbose, full_screen, want) in [
            (false, false, "warn"),
            (true, false, "otty=debug"),
            (false, true, "off"),
            (true, true, "off"),
        ] {
            assert_eq!(
                default_filter(verbose, full_screen),
                want,
                "{verbose} {full_screen}"
            );
        }
    }
}
