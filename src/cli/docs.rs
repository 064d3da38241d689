//! `otty completions SHELL`: generated from the clap definition (`otty man` is
//! [`super::man`]), plus, for bash, zsh and fish, account names for the QUERY of `code`,
//! `edit` and `rm`, asked of the unlock agent through the hidden `otty __complete-accounts`
//! ([`super::complete`]; nothing when no agent runs, so Tab never prompts). The shell code is
//! in `docs/accounts.*` beside this file; the zsh hook replaces `_default` on those arguments.
//!
//! It is rendered into memory first (the generators panic on write errors), then written
//! through [`Out`], so a closed pipe ends quietly.

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;
use super::error::Result;
use super::output::Out;

const BASH: &str = include_str!("docs/accounts.sh.bash");
const ZSH: &str = include_str!("docs/accounts.zsh");
const FISH: &str = include_str!("docs/accounts.fish");

/// The command line as completions offer it: without hidden subcommands (`__agent` and the
/// like are internal; clap's generators list every subcommand). clap cannot remove one, so the
/// root is assembled again from its own arguments and its visible subcommands, which restates
/// nothing of the definition and so cannot drift from it.
fn offered() -> clap::Command {
    let cli = Cli::command();
    let mut root = clap::Command::new("otty")
        .version(env!("CARGO_PKG_VERSION"))
        .args(cli.get_arguments().cloned())
        .subcommands(cli.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    if let Some(about) = cli.get_about() {
        root = root.about(about.clone());
    }
    root
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut cmd = offered();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "otty", &mut buf);
    let generated = String::from_utf8_lossy(&buf).into_owned();
    match shell {
        Shell::Bash => {
            // clap's own `complete` lines come last; ours replace them.
            let cut = generated
                .find("\nif [[ \"${BASH_VERSINFO[0]}\"")
                .unwrap_or(generated.len());
            format!("{}\n{BASH}", &generated[..cut])
        }
        Shell::Zsh => {
            let queries: String = generated
                .lines()
                .map(|line| {
                    let is_query = line.contains("query -- ") || line.contains("queries -- ");
                    if is_query && line.ends_with(":_default' \\") {
                        line.replace(":_default' \\", ":_otty_accounts' \\")
                    } else {
                        line.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            // The function must exist before the script's last block runs `_otty`.
            match queries.find("if [ \"$funcstack[1]\" = \"_otty\" ]") {
                Some(at) => format!("{}{ZSH}{}\n", &queries[..at], &queries[at..]),
                None => format!("{queries}\n{ZSH}"),
            }
        }
        Shell::Fish => format!("{generated}{FISH}"),
        _ => generated,
    }
}

/// Print the completion script for `shell`.
pub fn completions(shell: Shell) -> Result<()> {
    let mut out = Out::new();
    out.bytes(script(shell).as_bytes())?;
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_zsh_and_fish_complete_account_names() {
        let bash = script(Shell::Bash);
        assert!(bash.contains("complete -F _otty_with_accounts"));
        assert!(
            !bash.contains("complete -F _otty -o"),
            "clap's registration is replaced"
        );
        let zsh = script(Shell::Zsh);
        assert_eq!(
            zsh.matches(":_otty_accounts' \\").count(),
            3,
            "code, edit and rm"
        );
        assert!(zsh.find("_otty_accounts() {") < zsh.find("if [ \"$funcstack[1]\""));
        let fish = script(Shell::Fish);
        assert!(fish.contains("-a \"(__otty_accounts)\""));
    }

    /// Internal subcommands are never offered; every visible one and the global options are.
    #[test]
    fn hidden_subcommands_are_not_offered_by_any_shell() {
        let cli = Cli::command();
        let hidden: Vec<&str> = cli
            .get_subcommands()
            .filter(|s| s.is_hide_set())
            .map(|s| s.get_name())
            .collect();
        assert!(hidden.contains(&"__agent"), "{hidden:?}");
        for (shell, hook) in [(Shell::Bash, BASH), (Shell::Zsh, ZSH), (Shell::Fish, FISH)] {
            let text = script(shell);
            for name in &hidden {
                // Only our own hook calls one (`__complete-accounts`), never as an offer.
                assert_eq!(
                    text.matches(name).count(),
                    hook.matches(name).count(),
                    "{shell}: {name}"
                );
            }
            for visible in ["code", "unlock", "merge-driver", "password-file", "version"] {
                assert!(text.contains(visible), "{shell}: {visible}");
            }
        }
    }
}
