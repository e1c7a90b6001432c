"""When a failed request is repeated, and how the server's hints (``Retry-After``, its clock) are read."""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Callable, FrozenSet, Mapping, Optional

from ..errors import RETRIABLE_ERROR_CODES

if TYPE_CHECKING:  # pragma: no cover
    from ..errors import LogException

# Server times outside these bounds (2000-01-01 .. 2100-01-01 UTC) are not plausible clock hints.
_MIN_SERVER_TIME = 946_684_800.0
_MAX_SERVER_TIME = 4_102_444_800.0


@dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before repeating a failed request.

    Delays follow exponential backoff with full jitter: attempt ``n`` (1-based) waits a uniform random time in
    ``[0, min(max_delay, base_delay * 2 ** (n - 1))]``, unless the server sent ``Retry-After``, which is honoured
    (capped at ``max_delay``). Client errors (4xx) are never retried, except the throttling codes listed in
    ``retry_codes``.
    """

    max_attempts: int = 5
    base_delay: float = 0.2
    max_delay: float = 10.0
    retry_codes: FrozenSet[str] = RETRIABLE_ERROR_CODES
    retry_server_errors: bool = True

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be >= 1, got {self.max_attempts!r}")
        if self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("base_delay and max_delay must be >= 0")

    def should_retry(self, error: LogException) -> bool:
        """Whether ``error`` is worth another attempt (the one place this rule is written)."""
        if error.error_code in self.retry_codes:
            return True
        return self.retry_server_errors and error.status >= 500

    def backoff(self, attempt: int, rng: Callable[[], float] = random.random) -> float:
        """Seconds to wait after the ``attempt``-th failure (full jitter)."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return float(ceiling * rng())


#: The policy LogClient uses unless told otherwise; ``LogException.retriable`` asks it.
DEFAULT_RETRY_POLICY = RetryPolicy()
NO_RETRY = RetryPolicy(max_attempts=1)

_DATE_ERRORS = (TypeError, ValueError, IndexError, OverflowError)


def server_time(headers: Mapping[str, str]) -> Optional[float]:
    """The server's clock from ``x-log-time`` (else ``Date``), or ``None`` when absent or not plausible."""
    value = headers.get("x-log-time")
    if value:
        try:
            seconds: Optional[float] = float(value)
        except ValueError:
            seconds = None
        if seconds is not None and _plausible(seconds):
            return seconds
    date = headers.get("date")
    if date:
        try:
            seconds = parsedate_to_datetime(date).timestamp()
        except _DATE_ERRORS:
            return None
        return seconds if _plausible(seconds) else None
    return None


def _plausible(seconds: float) -> bool:
    return math.isfinite(seconds) and _MIN_SERVER_TIME <= seconds <= _MAX_SERVER_TIME


def _retry_after(headers: Mapping[str, str], cap: float) -> Optional[float]:
    """Seconds asked for by ``Retry-After`` (delta seconds or an HTTP date), within ``[0, cap]``."""
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except _DATE_ERRORS:
            return None
    if math.isnan(seconds):
        return None
    return min(cap, max(0.0, seconds))
