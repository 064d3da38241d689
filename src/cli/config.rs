//! The settings file the command line shares with the TUI (`OTTY_CONFIG`, else `config.toml`
//! in the user's config directory), parsed by the TUI's one reader ([`crate::tui::Config`]).
//! The command line never creates it; a missing file gives the defaults, and one that does
//! not parse gives them too, with one warning per process.

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
    Config::parse(&text).unwrap_or_else(|reason| {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            warn(format!(
                "config file {}: {reason}; using the defaults",
                path.display()
            ))
        });
        Config::default()
    })
}
