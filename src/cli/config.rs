//! The settings file the command line shares with the TUI (`OTTY_CONFIG`, else `config.toml`
//! in the user's config directory), parsed by the TUI's one reader ([`crate::tui::Config`]).
//! The command line never creates it; a missing file gives the defaults, a value that does not
//! fit its setting leaves that one setting at its default, and a file that is not TOML gives
//! the defaults; each with one warning per process.

use std::sync::Once;

use super::output::warn;
use crate::tui::Config;

/// The settings, or the defaults.
pub fn load() -> Config {
    let Some(path) = crate::tui::config::default_path() else {
        return Config::default();
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Config::default();
    };
    static ONCE: Once = Once::new();
    match Config::parse_each(&text) {
        Ok((config, bad)) => {
            if !bad.is_empty() {
                ONCE.call_once(|| {
                    warn(format!(
                        "config file {}: {}; {} left at {} default",
                        path.display(),
                        bad.join("; "),
                        if bad.len() == 1 {
                            "that setting is"
                        } else {
                            "those settings are"
                        },
                        if bad.len() == 1 { "its" } else { "their" },
                    ))
                });
            }
            config
        }
        Err(reason) => {
            ONCE.call_once(|| {
                warn(format!(
                    "config file {}: {reason}; using the defaults",
                    path.display()
                ))
            });
            Config::default()
        }
    }
}
