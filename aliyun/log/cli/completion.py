"""Shell completion scripts (bash, zsh, fish) completing the words, the commands and each command's option names.

The scripts are generated from the command table, so they list exactly the commands of this version:
``aliyunlog completion bash > /etc/bash_completion.d/aliyunlog``, or ``eval "$(aliyunlog completion bash)"``.
"""

from __future__ import annotations

from typing import Dict, Iterable, List

from .catalog import Command
from .usage import GLOBAL_OPTIONS

_TOP_WORDS = "log configure completion --help --version"
_CONFIGURE_OPTIONS = "--format-output= --default-client= --decode-output="


def _options(commands: Iterable[Command]) -> Dict[str, List[str]]:
    globals_ = [f"--{name}=" for name in GLOBAL_OPTIONS]
    return {c.name: [f"--{p.name}=" for p in c.params] + globals_ for c in sorted(commands, key=lambda c: c.name)}


def completion_script(shell: str, commands: Iterable[Command]) -> str:
    options = _options(commands)
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](options)


def _bash(options: Dict[str, List[str]]) -> str:
    cases = "".join(f"        {name}) opts=\"{' '.join(opts)}\" ;;\n" for name, opts in options.items())
    return f"""# bash completion for aliyunlog
_aliyunlog() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" opts=""
    compopt -o nospace 2>/dev/null
    if [ "$COMP_CWORD" -eq 1 ]; then
        opts="{_TOP_WORDS}"
    elif [ "${{COMP_WORDS[1]}}" = "configure" ]; then
        opts="{_CONFIGURE_OPTIONS}"
    elif [ "${{COMP_WORDS[1]}}" = "completion" ]; then
        opts="bash zsh fish"
    elif [ "${{COMP_WORDS[1]}}" = "log" ] && [ "$COMP_CWORD" -eq 2 ]; then
        opts="{' '.join(options)}"
    elif [ "${{COMP_WORDS[1]}}" = "log" ]; then
        case "${{COMP_WORDS[2]}}" in
{cases}        esac
    fi
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    if [ "${{#COMPREPLY[@]}}" -eq 1 ] && [ "${{COMPREPLY[0]: -1}}" != "=" ]; then
        COMPREPLY[0]="${{COMPREPLY[0]}} "
    fi
}}
complete -F _aliyunlog aliyunlog
"""


def _zsh(options: Dict[str, List[str]]) -> str:
    return "#compdef aliyunlog\nautoload -U +X bashcompinit && bashcompinit\n" + _bash(options)


def _fish(options: Dict[str, List[str]]) -> str:
    lines = ["# fish completion for aliyunlog", "complete -c aliyunlog -f"]
    lines.append(f"complete -c aliyunlog -n '__fish_use_subcommand' -a '{_TOP_WORDS}'")
    lines.append("complete -c aliyunlog -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'")
    for option in _CONFIGURE_OPTIONS.split():
        lines.append(f"complete -c aliyunlog -n '__fish_seen_subcommand_from configure' -l '{option[2:-1]}' -r")
    lines.append("complete -c aliyunlog -n '__fish_seen_subcommand_from log; and test (count (commandline -opc)) -eq 2'"
                 f" -a '{' '.join(options)}'")
    for name, opts in options.items():
        for option in opts:
            lines.append(f"complete -c aliyunlog -n '__fish_seen_subcommand_from {name}' -l '{option[2:-1]}' -r")
    return "\n".join(lines) + "\n"
