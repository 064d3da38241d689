//! `otty man [COMMAND…]`: the manual pages, generated from the clap definition.
//!
//! `otty man` is otty(1): clap's sections, then ENVIRONMENT (every `OTTY_` variable otty
//! reads), FILES and KEYS (the TUI's main-screen bindings, read from the TUI's one key table,
//! so the page cannot drift from the keys). Every page it names, `otty-init(1)`,
//! `otty-group-assign(1)` and so on, is shipped: `otty man init`, `otty man group assign`.
//! Pages are rendered into memory first (the generator panics on write errors).

use clap::CommandFactory;
use roff::{Roff, bold, roman};

use super::args::Cli;
use super::error::{Error, Result};
use super::output::Out;
use crate::tui::keys::KeyMap;

/// Environment variables: name and what otty does with it.
const ENVIRONMENT: &[(&str, &str)] = &[
    ("OTTY_VAULT", "The vault file, when --vault is not given."),
    (
        "OTTY_PASSWORD",
        "The vault password (after --password-file and --password-stdin, before the prompt).",
    ),
    (
        "OTTY_NEW_PASSWORD",
        "The new password for otty passwd, when --new-password-file is not given.",
    ),
    (
        "OTTY_IMPORT_PASSWORD",
        "The passphrase of an encrypted file to import, or the password of another vault to merge, when --passphrase-file is not given.",
    ),
    (
        "OTTY_EXPORT_PASSWORD",
        "The passphrase of an encrypted export (--encrypt), when --passphrase-file is not given.",
    ),
    (
        "OTTY_CONFIG",
        "The TUI's configuration file, instead of config.toml in the user's config directory.",
    ),
    (
        "OTTY_LOG",
        "A log filter for stderr (e.g. debug, otty=trace); commands fall back to RUST_LOG when it is unset, and the full-screen interface logs nothing without it. No level logs a secret.",
    ),
    (
        "RUST_LOG",
        "The log filter of commands when OTTY_LOG is unset.",
    ),
    (
        "XDG_RUNTIME_DIR",
        "Where the unlock agent's socket lives (its otty/ directory); without it, otty-UID in the temporary directory.",
    ),
    (
        "NO_COLOR",
        "When set, the TUI uses no colours, only bold, reverse and underline.",
    ),
];

/// Files: where, and what.
const FILES: &[(&str, &str)] = &[
    (
        "~/.local/share/otty/vault.otty",
        "The default vault on Linux (the platform's data directory elsewhere): one SQLite file, every row sealed; its -wal and -shm side files belong to it. Created 0600 by otty init.",
    ),
    (
        "~/.config/otty/config.toml",
        "The TUI's settings (theme, key bindings, clipboard and lock timeouts, automatic backups), or OTTY_CONFIG.",
    ),
    (
        "VAULT.sync-conflict-*.otty, VAULT (conflicted copy …).otty, VAULT.otty.orig",
        "Conflict copies a sync tool (Syncthing, Nextcloud, Dropbox) left beside the vault; otty mentions them and otty merge --conflicts folds each in and removes it.",
    ),
    (
        "$XDG_RUNTIME_DIR/otty/HASH.sock",
        "The socket of the unlock agent holding a vault (otty unlock), one per vault, named by a hash of its path: 0600, in a directory that must be 0700 and yours (else otty-UID in the temporary directory).",
    ),
    (
        "VAULT.format1.bak",
        "A copy of a format-1 vault, written beside it (0600, never overwriting: .format1-2.bak, …) before the first unlock migrates it to format 2. Delete it once the new vault works: it opens with the old password.",
    ),
];

/// The page of `otty` (`path` empty) or of the subcommand `path` names.
pub fn page(path: &[String]) -> Result<Vec<u8>> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut target = &cmd;
    let mut rest = path;
    while let Some(name) = rest.first() {
        // The longest run of words naming a subcommand, joined by hyphens: `merge driver` is
        // `merge-driver`, as its page name `otty-merge-driver(1)` reads.
        let found = (1..=rest.len()).rev().find_map(|k| {
            let joined = rest[..k].join("-");
            target
                .get_subcommands()
                .find(|s| !s.is_hide_set() && s.get_name() == joined)
                .map(|s| (s, k))
        });
        let (sub, taken) = found.ok_or_else(|| {
            Error::usage(format!(
                "no manual page for `{} {name}`; `otty man` lists the commands",
                target
                    .get_display_name()
                    .unwrap_or("otty")
                    .replace('-', " ")
            ))
        })?;
        target = sub;
        rest = &rest[taken..];
    }
    let mut buf = Vec::new();
    clap_mangen::Man::new(target.clone())
        .render(&mut buf)
        .map_err(|e| Error::io("cannot render the manual page", e))?;
    if path.is_empty() {
        buf.extend_from_slice(extra_sections().as_bytes());
    }
    Ok(buf)
}

/// ENVIRONMENT, FILES and KEYS, in roff.
fn extra_sections() -> String {
    let mut r = Roff::new();
    r.control("SH", ["COMMAND PAGES"]);
    r.text([roman(
        "Each command named above has its own page: otty man COMMAND, e.g. otty man init or otty man group assign.",
    )]);
    r.control("SH", ["ENVIRONMENT"]);
    for (name, what) in ENVIRONMENT {
        r.control("TP", []).text([bold(*name)]).text([roman(*what)]);
    }
    r.control("SH", ["FILES"]);
    for (name, what) in FILES {
        r.control("TP", []).text([bold(*name)]).text([roman(*what)]);
    }
    r.control("SH", ["KEYS"]);
    r.text([roman(
        "The full-screen interface's main screen (defaults; config.toml can rebind them, and ? shows the bindings in force):",
    )]);
    let keys = KeyMap::default();
    for (binding, _) in keys.main() {
        r.control("TP", [])
            .text([bold(binding.label())])
            .text([roman(binding.help)]);
    }
    r.to_roff()
}

/// Print a manual page (roff).
pub fn man(path: &[String]) -> Result<()> {
    let buf = page(path)?;
    let mut out = Out::new();
    out.bytes(&buf)?;
    out.finish()
}
