//! The `otty` binary: parse arguments, set up logging, dispatch.
//!
//! Until the CLI lands, this only opens the TUI: `otty [--vault PATH]` and `otty demo`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let mut vault: Option<PathBuf> = std::env::var_os("OTTY_VAULT").map(PathBuf::from);
    let mut demo = false;
    while let Some(a) = args.next() {
        match a.to_str() {
            Some("demo") => demo = true,
            Some("--vault") => vault = args.next().map(PathBuf::from),
            _ => {
                eprintln!("usage: otty [--vault PATH] | otty demo");
                return ExitCode::from(2);
            }
        }
    }
    let result = if demo {
        otty::tui::demo()
    } else {
        let path = vault.or_else(|| {
            directories::ProjectDirs::from("", "", "otty").map(|d| d.data_dir().join("vault.otty"))
        });
        match path.map(std::path::absolute) {
            Some(Ok(p)) => otty::tui::run(&p),
            _ => {
                eprintln!("otty: cannot find a data directory; give --vault PATH");
                return ExitCode::from(2);
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("otty: {e}");
            ExitCode::FAILURE
        }
    }
}
