//! The TUI's settings: a TOML file in the user's config directory, written with comments on
//! first run so it explains itself.
//!
//! The path is `OTTY_CONFIG` if set, else `config.toml` in the `directories` config dir.
//! Unknown keys are refused (a typo should not silently do nothing); a missing key takes its
//! default. A file that cannot be read or parsed is reported as [`ConfigError`] before the
//! terminal is taken over.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Order of accounts in the list (favourites always come first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// The user's own order (`J`/`K` move rows).
    #[default]
    Manual,
    /// By account name, then service.
    Account,
    /// By service, then account name.
    Service,
    /// Most recently used first.
    Recent,
}

/// The vault setting that keeps the order chosen in the TUI (it wins over the config file's
/// `sort`, which is the default until one is chosen).
pub const SORT_SETTING: &str = "tui.sort";

impl SortOrder {
    /// Every order, in the order the sort key cycles through them.
    pub const ALL: [SortOrder; 4] = [
        SortOrder::Manual,
        SortOrder::Account,
        SortOrder::Service,
        SortOrder::Recent,
    ];

    /// The name in the config file and the vault setting.
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Manual => "manual",
            SortOrder::Account => "account",
            SortOrder::Service => "service",
            SortOrder::Recent => "recent",
        }
    }

    /// The order named `name` (as [`SortOrder::as_str`] writes it).
    pub fn parse(name: &str) -> Option<SortOrder> {
        SortOrder::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The next order of the cycle.
    pub fn next(self) -> SortOrder {
        let i = SortOrder::ALL.iter().position(|s| *s == self).unwrap_or(0);
        SortOrder::ALL[(i + 1) % SortOrder::ALL.len()]
    }

    /// For a toast: "your own order", "account name", …
    pub fn describe(self) -> &'static str {
        match self {
            SortOrder::Manual => "your own order (J/K move rows)",
            SortOrder::Account => "account name",
            SortOrder::Service => "service",
            SortOrder::Recent => "last used",
        }
    }
}

/// Colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    /// Colours, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// No colours: bold, dim and reverse only.
    Mono,
}

/// Every setting, with its default.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Seconds before a copied code is cleared from the clipboard; 0 never clears.
    pub clipboard_clear_seconds: u32,
    /// Idle minutes before the vault locks itself; 0 never locks.
    pub auto_lock_minutes: u32,
    /// Show the next code during the last 10 seconds of a period.
    pub show_next_code: bool,
    /// Show codes only on the selected row.
    pub hide_codes: bool,
    /// Colour scheme.
    pub theme: ThemeName,
    /// Group shown at start: `All` or a group name.
    pub default_group: String,
    /// Order of accounts.
    pub sort: SortOrder,
    /// Where the API server started with `S` listens (loopback only).
    pub api_bind: SocketAddr,
    /// Directory of automatic backups (empty: none). A relative path is taken from the vault's
    /// directory. Read by the CLI and the server too.
    pub backup_dir: PathBuf,
    /// How many automatic backups are kept, newest first (0: all).
    pub backup_keep: usize,
    /// How long `otty unlock`'s agent holds the vault without a command (`15m`, `2h`, `0`
    /// for never); read by the command line, not by the TUI.
    pub agent_timeout: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            clipboard_clear_seconds: 30,
            auto_lock_minutes: 5,
            show_next_code: true,
            hide_codes: false,
            theme: ThemeName::Auto,
            default_group: "All".to_owned(),
            sort: SortOrder::Manual,
            api_bind: SocketAddr::from(([127, 0, 0, 1], 6889)),
            backup_dir: PathBuf::new(),
            backup_keep: 10,
            agent_timeout: "15m".to_owned(),
        }
    }
}

/// The file written on first run.
pub const TEMPLATE: &str = r#"# otty configuration (TOML). Delete a line to get its default back.

# Seconds before a copied code is cleared from the clipboard (0 = never). The clipboard is
# cleared only if it still holds what otty put there.
clipboard_clear_seconds = 30

# Minutes without a key press before the vault locks itself (0 = never).
auto_lock_minutes = 5

# Show the next code during the last 10 seconds of its period.
show_next_code = true

# Show codes only on the selected row (others show dots).
hide_codes = false

# Colours: "auto" (colour unless NO_COLOR is set) or "mono".
theme = "auto"

# Group selected at start: "All" or the name of a group.
default_group = "All"

# Order of accounts, favourites always first: "manual" (your order; J/K move a row),
# "account" (by account name), "service" (by service) or "recent" (last used first). The O key
# cycles through them in the TUI and keeps the choice in the vault, which then wins over this.
sort = "manual"

# Where the local API server started with S listens. Loopback only: to serve other machines,
# run `otty serve --allow-remote` instead.
api_bind = "127.0.0.1:6889"

# Automatic backups: after each change (at most one a minute) whichever otty process wrote it
# copies the vault into this directory, keeping the `backup_keep` newest (0 = all). A relative
# path is taken from the vault's directory. "" = no automatic backups.
backup_dir = ""
backup_keep = 10
# How long the agent started by `otty unlock` keeps the vault unlocked without a command:
# "90s", "15m", "2h", "1d", or "0" for until `otty lock`.
agent_timeout = "15m"
"#;

/// A config file that could not be read, written or parsed.
#[derive(Debug, thiserror::Error)]
#[error("config file {path}: {reason}")]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong.
    pub reason: String,
}

/// Where the config file lives: `OTTY_CONFIG`, else the user's config directory.
pub fn default_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("OTTY_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "otty").map(|d| d.config_dir().join("config.toml"))
}

impl Config {
    /// The automatic backups of the vault at `vault` this config asks for, if any.
    pub fn auto_backup(&self, vault: &Path) -> Option<otty_core::vault::backup::AutoBackup> {
        if self.backup_dir.as_os_str().is_empty() {
            return None;
        }
        let base = vault.parent().unwrap_or(Path::new(""));
        Some(otty_core::vault::backup::AutoBackup {
            dir: base.join(&self.backup_dir),
            keep: self.backup_keep,
        })
    }

    /// Parse a config file's text.
    pub fn parse(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| e.message().to_owned())
    }

    /// Parse a config file's text setting by setting: a value that does not fit its setting
    /// (or an unknown setting) is left out with its reason, and the others still apply. Only
    /// text that is not TOML at all fails as a whole. For the command line, which must go on
    /// with what it can use (one bad value must not switch off `backup_dir` or `api_bind`).
    pub fn parse_each(text: &str) -> Result<(Config, Vec<String>), String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        let mut good = toml::Table::new();
        let mut bad = Vec::new();
        for (key, value) in table {
            let one = toml::Table::from_iter([(key.clone(), value.clone())]);
            match toml::Value::Table(one).try_into::<Config>() {
                Ok(_) => {
                    good.insert(key, value);
                }
                Err(e) => bad.push(format!("{key}: {}", e.message())),
            }
        }
        let config = toml::Value::Table(good)
            .try_into::<Config>()
            .map_err(|e| e.message().to_owned())?;
        Ok((config, bad))
    }

    /// Read `path`, creating it from [`TEMPLATE`] when it does not exist.
    pub fn load_or_create(path: &Path) -> Result<Config, ConfigError> {
        let fail = |reason: String| ConfigError {
            path: path.to_owned(),
            reason,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text).map_err(fail),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| fail(e.to_string()))?;
                }
                std::fs::write(path, TEMPLATE).map_err(|e| fail(e.to_string()))?;
                Ok(Config::default())
            }
            Err(e) => Err(fail(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_value_costs_only_its_own_setting() {
        let text = "clipboard_clear_seconds = -5\nbackup_keep = 3\napi_bind = \"127.0.0.1:9999\"\nnope = 1\n";
        let (config, bad) = Config::parse_each(text).unwrap();
        assert_eq!(config.backup_keep, 3);
        assert_eq!(config.api_bind.port(), 9999);
        assert_eq!(
            config.clipboard_clear_seconds,
            Config::default().clipboard_clear_seconds
        );
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert!(
            bad[0].starts_with("clipboard_clear_seconds: ")
                || bad[1].starts_with("clipboard_clear_seconds: ")
        );
        assert!(bad.iter().any(|b| b.starts_with("nope: ")), "{bad:?}");
        assert!(Config::parse_each("not toml [").is_err());
    }

    #[test]
    fn template_is_the_defaults() {
        assert_eq!(Config::parse(TEMPLATE).unwrap(), Config::default());
    }

    #[test]
    fn partial_and_bad_files() {
        let c = Config::parse("sort = \"recent\"\nhide_codes = true").unwrap();
        assert_eq!(c.sort, SortOrder::Recent);
        assert!(c.hide_codes);
        assert_eq!(c.auto_lock_minutes, 5);
        assert!(Config::parse("sort = \"random\"").is_err());
        assert!(Config::parse("auto_lock = 3").is_err(), "typos are refused");
        let vault = Path::new("/home/a/otty/vault.otty");
        assert_eq!(c.auto_backup(vault), None, "off by default");
        let c = Config::parse("backup_dir = \"backups\"\nbackup_keep = 3").unwrap();
        let auto = c.auto_backup(vault).unwrap();
        assert_eq!(auto.dir, Path::new("/home/a/otty/backups"));
        assert_eq!(auto.keep, 3);
        let c = Config::parse("backup_dir = \"/b\"").unwrap();
        assert_eq!(c.auto_backup(vault).unwrap().dir, Path::new("/b"));
        let c = Config::parse("api_bind = \"127.0.0.1:7000\"").unwrap();
        assert_eq!(c.api_bind.port(), 7000);
        assert!(Config::parse("api_bind = \"localhost\"").is_err());
    }

    #[test]
    fn first_run_writes_the_template() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/config.toml");
        assert_eq!(Config::load_or_create(&path).unwrap(), Config::default());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), TEMPLATE);
        std::fs::write(&path, "theme = \"mono\"").unwrap();
        assert_eq!(
            Config::load_or_create(&path).unwrap().theme,
            ThemeName::Mono
        );
    }
}
