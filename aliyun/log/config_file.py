"""``~/.aliyunlogcli``: the INI file where the ``aliyunlog`` command and the Jupyter magics keep accounts and options.

One reader and one writer for both. Writing changes only the keys of one section (appending the section when it is
missing) and leaves every other line of the file, comments included, as it was; the file stays private to its
owner (it holds access keys).
"""

from __future__ import annotations

import configparser
import os
import re
import tempfile
from typing import Dict, List, Mapping, Optional

__all__ = ["ConfigFileError", "config_path", "read_config", "write_section"]

_SECTION_HEADER = re.compile(r"\s*\[([^\]]+)\]\s*$")
_KEY_LINE = re.compile(r"\s*([^=:\s][^=:]*?)\s*[=:]")


class ConfigFileError(ValueError):
    """``~/.aliyunlogcli`` is not a readable INI file."""


def config_path() -> str:
    """``~/.aliyunlogcli`` of the current ``HOME``."""
    return os.path.join(os.path.expanduser("~"), ".aliyunlogcli")


def read_config(raw: bool = False, strict: bool = True) -> configparser.RawConfigParser:
    """The file (missing: empty). ``raw`` keeps ``%(x)s`` text as written; ``strict=False`` tolerates duplicate
    sections and keys (the last one wins)."""
    parser = (configparser.RawConfigParser if raw else configparser.ConfigParser)(strict=strict)
    try:
        parser.read(config_path(), encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as exc:
        raise ConfigFileError(f"cannot read {config_path()}: {exc}".replace("\n", " ")) from None
    return parser


def write_section(section: str, values: Mapping[str, str]) -> None:
    """Set ``values`` in ``[section]``, keeping the rest of the file; written atomically with mode 0600.

    A file that is not a readable INI file is left alone (:class:`ConfigFileError`)."""
    read_config(raw=True, strict=False)
    for key, value in values.items():
        if "\n" in value or "\r" in value:
            raise ValueError(f"{key} must be one line")
    path = config_path()
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except FileNotFoundError:
        lines = []
    text = "\n".join(_with_section(lines, section, dict(values))) + "\n"
    fd, temporary = tempfile.mkstemp(prefix=".aliyunlogcli.", dir=os.path.dirname(path))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _with_section(lines: List[str], section: str, values: Dict[str, str]) -> List[str]:
    """``lines`` of an INI file with ``values`` set in ``section`` (other lines untouched)."""
    start = next((i for i, line in enumerate(lines) if _section_name(line) == section), None)
    if start is None:
        separator = [""] if lines and lines[-1].strip() else []
        return [*lines, *separator, f"[{section}]", *(f"{key} = {value}" for key, value in values.items())]
    end = next((i for i in range(start + 1, len(lines)) if _section_name(lines[i]) is not None), len(lines))
    body = []
    pending = dict(values)
    for line in lines[start + 1:end]:
        match = _KEY_LINE.match(line)
        key = match.group(1).lower() if match else None
        if key in values:
            if key in pending:
                body.append(f"{key} = {pending.pop(key)}")
            continue  # a duplicate of a key already written
        body.append(line)
    while body and not body[-1].strip():
        body.pop()
    trailing = [""] if end < len(lines) else []
    return [*lines[:start + 1], *body, *(f"{key} = {value}" for key, value in pending.items()), *trailing,
            *lines[end:]]


def _section_name(line: str) -> Optional[str]:
    match = _SECTION_HEADER.match(line)
    return match.group(1).strip() if match else None
