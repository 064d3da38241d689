
# otty: account names for QUERY (code, edit, rm) from the unlock agent, when one holds the
# vault; nothing when none does. Never asks for a password.
function __otty_accounts
    set -l words (commandline -opc)
    set -l vault
    for i in (seq (count $words))
        if test "$words[$i]" = --vault; and test $i -lt (count $words)
            set vault --vault $words[(math $i + 1)]
        end
    end
    $words[1] $vault __complete-accounts 2>/dev/null
end
complete -c otty -n "__fish_otty_using_subcommand code; or __fish_otty_using_subcommand edit; or __fish_otty_using_subcommand rm" -f -a "(__otty_accounts)"
