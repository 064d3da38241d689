
# otty: account names for QUERY (code, edit, rm) from the unlock agent, when one holds the
# vault; nothing (clap's completion above) when none does. Never asks for a password.
_otty_accounts() {
    local i word sub="" vault=() cur="${COMP_WORDS[COMP_CWORD]}"
    local prev="${COMP_WORDS[COMP_CWORD-1]}"
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${COMP_WORDS[i]}"
        case "$word" in
            --vault) vault=(--vault "${COMP_WORDS[i+1]}"); ((i++)) ;;
            --vault=*) vault=("$word") ;;
            --password-file) ((i++)) ;;
            -*) ;;
            *) [[ -z "$sub" ]] && sub="$word" ;;
        esac
    done
    case "$sub" in code | edit | rm) ;; *) return 1 ;; esac
    [[ "$cur" == -* ]] && return 1
    case "$prev" in
        --json | --copy | --no-group | --yes | -y | --verbose | -v | --password-stdin | "$sub") ;;
        -*) return 1 ;;
    esac
    local names n
    names=$("${COMP_WORDS[0]}" "${vault[@]}" __complete-accounts 2>/dev/null) || return 1
    [[ -z "$names" ]] && return 1
    COMPREPLY=()
    while IFS= read -r n; do
        [[ "${n,,}" == "${cur,,}"* ]] && COMPREPLY+=("$(printf '%q' "$n")")
    done <<< "$names"
    return 0
}

_otty_with_accounts() {
    _otty_accounts || _otty "$@"
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _otty_with_accounts -o nosort -o bashdefault -o default otty
else
    complete -F _otty_with_accounts -o bashdefault -o default otty
fi
