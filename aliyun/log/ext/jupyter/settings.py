"""The magics' account and target, kept in the ``[__jupyter_magic__]`` section of the CLI's ``~/.aliyunlogcli``.

Only that section is read and written: saving rewrites the section's five keys in place (appending the section when
it is missing) and leaves every other line of the file, comments included, as it was.
"""

from __future__ import annotations

import configparser
import os
import re
import tempfile
from dataclasses import dataclass, fields
from typing import Dict, List, Optional

SECTION = "__jupyter_magic__"

#: Field of :class:`MagicSettings` -> key in the section.
_KEYS = {
    "endpoint": "region-endpoint",
    "access_id": "access-id",
    "access_key": "access-key",
    "project": "project",
    "logstore": "logstore",
}
_SECTION_HEADER = re.compile(r"\s*\[([^\]]+)\]\s*$")
_KEY_LINE = re.compile(r"\s*([^=:\s][^=:]*?)\s*[=:]")


class SettingsFileError(ValueError):
    """``~/.aliyunlogcli`` is not a readable INI file."""


@dataclass(frozen=True)
class MagicSettings:
    """Where the magics send their queries. ``repr`` hides the key secret."""

    endpoint: str = ""
    access_id: str = ""
    access_key: str = ""
    project: str = ""
    logstore: str = ""

    def missing(self) -> List[str]:
        """The keys of the section that are still empty."""
        return [_KEYS[f.name] for f in fields(self) if not getattr(self, f.name)]

    def __repr__(self) -> str:
        return (f"MagicSettings(endpoint={self.endpoint!r}, access_id={self.access_id!r}, project={self.project!r}, "
                f"logstore={self.logstore!r}, access_key hidden)")


def settings_path() -> str:
    """``~/.aliyunlogcli`` of the current ``HOME``."""
    return os.path.join(os.path.expanduser("~"), ".aliyunlogcli")


def load_settings() -> MagicSettings:
    """The saved section (missing file, section or keys read as ``""``)."""
    parser = configparser.RawConfigParser(strict=False)
    try:
        parser.read(settings_path(), encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as exc:
        raise SettingsFileError(f"cannot read {settings_path()}: {exc}".replace("\n", " ")) from None
    values = {name: parser.get(SECTION, key, fallback="") for name, key in _KEYS.items()}
    return MagicSettings(**values)


def save_settings(settings: MagicSettings) -> None:
    """Write ``settings`` into the section, keeping the rest of the file; the file is private to its owner."""
    values = {key: getattr(settings, name) for name, key in _KEYS.items()}
    for key, value in values.items():
        if "\n" in value or "\r" in value:
            raise ValueError(f"{key} must be one line")
    path = settings_path()
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except FileNotFoundError:
        lines = []
    text = "\n".join(_with_section(lines, values)) + "\n"
    folder = os.path.dirname(path)
    fd, temporary = tempfile.mkstemp(prefix=".aliyunlogcli.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _with_section(lines: List[str], values: Dict[str, str]) -> List[str]:
    """``lines`` of an INI file with ``values`` set in :data:`SECTION` (other lines untouched)."""
    start = next((i for i, line in enumerate(lines) if _section_name(line) == SECTION), None)
    if start is None:
        separator = [""] if lines and lines[-1].strip() else []
        return [*lines, *separator, f"[{SECTION}]", *(f"{key} = {value}" for key, value in values.items())]
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
