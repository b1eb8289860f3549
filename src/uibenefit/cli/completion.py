"""`uibenefit completion bash|zsh`: a shell completion script, generated from the parser.

Subcommands, their options, the values of options with choices (`--format`, `--lang` …) and
the bundled policy names complete; other arguments complete as file names.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..law._resources import bundled_names
from . import _output
from ._commands import summary as command_summary

EXAMPLES = _output.examples(
    'eval "$(uibenefit completion bash)"          # in ~/.bashrc',
    "uibenefit completion zsh > ~/.zfunc/_uibenefit   # with fpath+=(~/.zfunc) in ~/.zshrc",
)


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser(
        "completion",
        help=command_summary("completion"),
        description="Print a completion script: subcommands, options and their values.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("shell", choices=["bash", "zsh"], help="the shell to complete in")
    _output.add_lang(p)
    p.set_defaults(run=run)


def _commands(root: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in root._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}  # pragma: no cover - the root always has subcommands


def _values(action: argparse.Action) -> list[str]:
    """What an option's or argument's value completes to, if not a file."""
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        return [str(c) for c in action.choices]
    if action.dest in ("policy", "policies"):
        return list(bundled_names())
    return []


_NOT_FILES = ("as_of", "patterns")
"""Options whose value is typed, not picked: a date, a pattern."""


def _options(p: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in p._actions if a.option_strings]


def bash(root: argparse.ArgumentParser) -> str:
    """The bash script: `complete -F _uibenefit uibenefit`."""
    commands = _commands(root)
    lines = [
        '# uibenefit completion for bash; load it with: eval "$(uibenefit completion bash)"',
        "_uibenefit() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
        '    local cmd="" opts="" values="" i',
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        case "${COMP_WORDS[i]}" in -*) ;; *) cmd="${COMP_WORDS[i]}"; break ;; esac',
        "    done",
        '    case "$cmd" in',
        '        "")',
        f'            COMPREPLY=($(compgen -W "{" ".join(commands)} --help --version" -- "$cur"))',
        "            return ;;",
    ]
    for name, p in commands.items():
        opts = [s for a in _options(p) for s in a.option_strings]
        lines.append(f"        {name})")
        lines.append(f'            opts="{" ".join(opts)}"')
        lines.append('            case "$prev" in')
        for a in _options(p):
            values = _values(a)
            if a.nargs == 0:
                continue
            pattern = "|".join(a.option_strings)
            if values and a.choices is not None:
                lines.append(
                    f'                {pattern}) COMPREPLY=($(compgen -W "{" ".join(values)}" -- "$cur")); return ;;'
                )
            elif values:
                lines.append(f'                {pattern}) values="{" ".join(values)}" ;;')
            elif a.dest in _NOT_FILES:
                lines.append(f"                {pattern}) COMPREPLY=(); return ;;")
            else:
                lines.append(
                    f'                {pattern}) COMPREPLY=($(compgen -f -- "$cur")); return ;;'
                )
        positional = [a for a in p._actions if not a.option_strings and _values(a)]
        if positional:
            words = " ".join(v for a in positional for v in _values(a))
            if all(a.choices is not None for a in positional):
                lines.append(
                    f'                *) [[ "$cur" != -* ]] && {{ COMPREPLY=($(compgen -W "{words}" -- "$cur")); return; }} ;;'
                )
            else:
                lines.append(f'                *) [[ "$cur" != -* ]] && values="{words}" ;;')
        lines.append("            esac ;;")
    lines += [
        "    esac",
        '    if [[ -n "$values" ]]; then',
        '        COMPREPLY=($(compgen -W "$values" -- "$cur") $(compgen -f -- "$cur"))',
        '    elif [[ "$cur" == -* ]]; then',
        '        COMPREPLY=($(compgen -W "$opts" -- "$cur"))',
        "    else",
        '        COMPREPLY=($(compgen -f -- "$cur"))',
        "    fi",
        "}",
        "complete -o filenames -F _uibenefit uibenefit",
    ]
    return "\n".join(lines) + "\n"


def _zsh_text(text: str | None) -> str:
    """Help text safe inside a zsh `_arguments` spec in single quotes."""
    clean = (text or "").replace("%(default)s", "").replace("'", "’")
    for ch in "[]":
        clean = clean.replace(ch, "(" if ch == "[" else ")")
    return clean.replace(":", "\\:")


def _zsh_action(a: argparse.Action) -> str:
    """How zsh completes a value: its choices, policy names or YAML files, files, or nothing."""
    values = _values(a)
    if values and a.choices is not None:
        return f"({' '.join(values)})"
    if values:
        return "{compadd " + " ".join(values) + '; _files -g "*.y(a|)ml"}'
    return " " if a.dest in _NOT_FILES else "_files"


def zsh(root: argparse.ArgumentParser) -> str:
    """The zsh script: `#compdef uibenefit`, one `_arguments` spec per subcommand."""
    commands = _commands(root)
    helps = {
        a.dest: a.help
        for action in root._actions
        if isinstance(action, argparse._SubParsersAction)
        for a in action._choices_actions
    }
    lines = [
        "#compdef uibenefit",
        "# uibenefit completion for zsh: save as _uibenefit in a folder of $fpath, or",
        "# source it after compinit: source <(uibenefit completion zsh)",
        "_uibenefit() {",
        "    local context state line",
        "    local -a commands",
        "    commands=(",
    ]
    for name in commands:
        lines.append(f"        '{name}:{_zsh_text(helps.get(name))}'")
    lines += [
        "    )",
        "    _arguments -C '(- *)--version[print the version]' '(- *)'{-h,--help}'[show help]' \\",
        "        '1: :->command' '*:: :->args'",
        "    case $state in",
        "        command) _describe 'command' commands ;;",
        "        args)",
        "            case $words[1] in",
    ]
    for name, p in commands.items():
        specs = []
        for a in _options(p):
            names = a.option_strings
            head = names[0] if len(names) == 1 else "{" + ",".join(names) + "}"
            excl = f"'({' '.join(names)})'" if len(names) > 1 else ""
            spec = f"{excl}{head}'[{_zsh_text(a.help)}]"
            if a.nargs != 0:
                metavar = (a.metavar if isinstance(a.metavar, str) else a.dest).lower()
                spec += f":{metavar}:" + _zsh_action(a)
            specs.append(spec + "'")
        for a in p._actions:
            if a.option_strings or a.dest == "help":
                continue
            many = a.nargs in ("*", "+")
            specs.append(f"'{'*' if many else ''}:{a.dest}:{_zsh_action(a)}'")
        lines.append(f"                {name}) _arguments \\")
        lines += [f"                    {s} \\" for s in specs[:-1]]
        lines.append(f"                    {specs[-1]} ;;")
    lines += [
        "            esac ;;",
        "    esac",
        "}",
        'if [[ "$funcstack[1]" == _uibenefit ]]; then _uibenefit "$@"; else compdef _uibenefit uibenefit; fi',
    ]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Print the script for the shell asked."""
    from . import parser

    root = parser()
    print(bash(root) if args.shell == "bash" else zsh(root), end="")
    return 0
