"""The magics' account and target, kept in the ``[__jupyter_magic__]`` section of the CLI's ``~/.aliyunlogcli``
(read and written by :mod:`aliyun.log.config_file`: only that section's five keys change)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import List

from ...config_file import read_config, write_section

SECTION = "__jupyter_magic__"

#: Field of :class:`MagicSettings` -> key in the section.
_KEYS = {
    "endpoint": "region-endpoint",
    "access_id": "access-id",
    "access_key": "access-key",
    "project": "project",
    "logstore": "logstore",
}


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


def load_settings() -> MagicSettings:
    """The saved section (missing file, section or keys read as ``""``)."""
    parser = read_config(raw=True, strict=False)
    values = {name: parser.get(SECTION, key, fallback="") for name, key in _KEYS.items()}
    return MagicSettings(**values)


def save_settings(settings: MagicSettings) -> None:
    """Write ``settings`` into the section, keeping the rest of the file; the file is private to its owner."""
    write_section(SECTION, {key: getattr(settings, name) for name, key in _KEYS.items()})
