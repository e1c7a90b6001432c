"""The error a bad ETL config raises (``aliyun.log.etl_core.exceptions`` of the original SDK)."""

from __future__ import annotations

from typing import Any

from ..errors import LogException

__all__ = ["SettingError"]


class SettingError(LogException):
    """A config value the ETL engine cannot use: error code ``InvalidConfig``.

    The message ends with ``Invalid Settings "<settings>"`` and ``Detail: <ex>`` (the cause, or None).
    """

    def __init__(self, ex: Any = None, settings: Any = "", msg: str = "") -> None:
        if msg and settings:
            text = f'{msg}\nInvalid Settings "{settings}"'
        else:
            text = msg or f'Invalid Settings "{settings or "unknown"}"'
        super().__init__("InvalidConfig", f"{text}\nDetail: {ex}")
        self.settings = settings
