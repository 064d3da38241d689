# otty: account names for QUERY (code, edit, rm) from the unlock agent, when one holds the
# vault; files (zsh's default) when none does. Never asks for a password.
_otty_accounts() {
    local -a names vault
    [[ -n ${opt_args[--vault]} ]] && vault=(--vault ${opt_args[--vault]})
    names=(${(f)"$(${words[1]} $vault __complete-accounts 2>/dev/null)"})
    if (( ${#names} )); then
        compadd -a names
    else
        _default
    fi
}

