"""Splitting a command's ``--name=value`` / ``--name value`` words into its parameters and the global options."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from .catalog import Command
from .usage import GLOBAL_OPTIONS

SECRET_OPTIONS = ("access-key", "sts-token")
MASK = "****"


class UsageError(Exception):
    """A command line that does not fit the command: ``kind`` is ``missing``, ``unknown`` or ``invalid``."""

    def __init__(self, kind: str, name: str = "", word: Optional[int] = None) -> None:
        super().__init__(kind, name)
        self.kind = kind
        self.name = name
        self.word = word  # index of the offending word, for the caret line


@dataclass
class Options:
    params: Dict[str, str] = field(default_factory=dict)
    globals: Dict[str, str] = field(default_factory=dict)


def parse_options(command: Command, words: Sequence[str]) -> Options:
    """The raw string value of each option; errors are checked in the reference order: missing, unknown, other.

    A name may be shortened as long as it stays unambiguous (``--project`` for ``--project_name``), as docopt does.
    """
    param_names = [param.name for param in command.params]
    known = param_names + list(GLOBAL_OPTIONS)
    options = Options()
    unknown: Optional[UsageError] = None
    invalid = False
    index = 0
    while index < len(words):
        word, start = words[index], index
        index += 1
        if not word.startswith("--") or word == "--":
            invalid = True
            continue
        name, sep, value = word[2:].partition("=")
        if not sep:
            if index < len(words) and not words[index].startswith("--"):
                value, index = words[index], index + 1
            else:
                invalid = True
                continue
        resolved = _resolve(name, known)
        if resolved is None:
            unknown = unknown or UsageError("unknown", name, start)
            continue
        target = options.globals if resolved in GLOBAL_OPTIONS else options.params
        if resolved in target:
            invalid = True
        target[resolved] = value
    for param in command.params:
        if param.required and param.name not in options.params:
            raise UsageError("missing", param.name)
    if unknown:
        raise unknown
    if invalid:
        raise UsageError("invalid")
    return options


def _resolve(name: str, known: List[str]) -> Optional[str]:
    if name in known:
        return name
    candidates = [option for option in known if option.startswith(name)] if name else []
    return candidates[0] if len(candidates) == 1 else None


def masked(words: Sequence[str]) -> List[str]:
    """``words`` with the values of the secret options replaced by ``****``, for echoing a command line."""
    shown = list(words)
    for index, word in enumerate(words):
        name, sep, _ = word[2:].partition("=")
        if not word.startswith("--") or _resolve(name, list(GLOBAL_OPTIONS)) not in SECRET_OPTIONS:
            continue
        if sep:
            shown[index] = f"--{name}={MASK}"
        elif index + 1 < len(words):
            shown[index + 1] = MASK
    return shown
