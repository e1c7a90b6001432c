"""Turn the time values users pass to query / cursor APIs into unix seconds.

Accepted by :func:`parse_timestamp`:

- unix seconds: ``int``, ``float`` (truncated) or a string of digits (``"1700000000"``, ``"1700000000.5"``);
- ``"YYYY-MM-DD HH:MM[:SS[.ffffff]]"`` (a ``T`` may replace the space) or ``"YYYY-MM-DD"``, optionally followed by a
  zone: ``Z``, ``UTC``, ``GMT``, ``+8``, ``+08``, ``+8:00``, ``+08:00``, ``+0800``;
- anything else ISO 8601 or free-form that ``dateutil`` understands (``"2024-01-02T03:04:05.123+08:00"``,
  ``"Tue, 02 Jan 2024 03:04:05 GMT"``, ``"Jan 2 2024 3:04 PM"``);
- ``now``, ``today``, ``yesterday``, ``tomorrow`` (local midnight), optionally with a time: ``"yesterday 0:0:0"``,
  ``"today 12:00"``;
- ``the day before yesterday`` and ``the day after tomorrow`` (``the`` optional), with or without a time;
- relative times: ``"1 hour ago"``, ``"3 days ago"``, ``"an hour ago"``, ``"2 weeks ago"``, ``"1 month ago"``, and
  the signed forms ``"-30s"``, ``"-15m"``, ``"-15min"``, ``"-1h"``, ``"-2d"``, ``"-1day"``, ``"-1w"``, ``"-1week"``
  (``+`` for the future);
- a relative time followed by a time of day takes that time on the day it lands on: ``"-1d 23:59:59"``,
  ``"2 day ago 23:59:59"`` (the day before yesterday at 23:59:59).

Times without a zone are **local time** (the process's ``TZ``). ``N days ago`` subtracts ``N * 86400`` seconds;
months and years are calendar steps in local time. ``datetime`` objects are accepted too (naive = local time).

``begin`` / ``end`` are cursor positions, not times: the cursor APIs handle them before calling this module.
"""

from __future__ import annotations

import math
import re
import time
from datetime import date, datetime, timedelta, timezone
from datetime import time as dtime
from typing import List, Optional, Union

__all__ = ["parse_timestamp"]

TimeValue = Union[int, float, str, bytes, datetime, date]

_NUMBER = re.compile(r"\d+(?:\.\d*)?")
_DATETIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(?:(Z|UTC|GMT)|(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?)?",
    re.IGNORECASE,
)
_TIME_OF_DAY = r"(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?"
_DAY_WORD = re.compile(
    r"(today|yesterday|tomorrow|(?:the\s+)?day\s+before\s+yesterday|(?:the\s+)?day\s+after\s+tomorrow)"
    + _TIME_OF_DAY,
    re.IGNORECASE,
)
_DAY_OFFSETS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_AGO = re.compile(r"(\d+(?:\.\d+)?|an?)\s*([a-z]+)\s+ago" + _TIME_OF_DAY, re.IGNORECASE)
_SIGNED = re.compile(r"([+-])\s*(\d+(?:\.\d+)?)\s*([a-z]+)" + _TIME_OF_DAY, re.IGNORECASE)
_SIGNED_NUMBER = re.compile(r"[+-]\s*\d+(?:\.\d*)?")
_NUMBERS_ONLY = re.compile(r"[\d\s.+-]+")
_DIGITS = re.compile(r"\d+")

_UNIT_SECONDS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "w": 604800,
    "wk": 604800,
    "wks": 604800,
    "week": 604800,
    "weeks": 604800,
}
_UNIT_MONTHS = {"month": 1, "months": 1, "year": 12, "years": 12}

_HELP = (
    "expected unix seconds, 'YYYY-MM-DD HH:MM:SS[+08:00]', ISO 8601, 'now', 'today', 'yesterday [HH:MM:SS]', "
    "'the day before yesterday', '<N> <seconds|minutes|hours|days|weeks> ago' or '-<N><s|min|h|d|w|day|week...>', "
    "optionally followed by a time of day ('-1d 23:59:59')"
)


def parse_timestamp(value: TimeValue, now: Optional[float] = None) -> int:
    """Unix seconds of ``value`` (see the module docstring for the accepted forms).

    ``now`` (unix seconds, default ``time.time()``) anchors the relative forms. Raises ``ValueError`` naming
    the value when it is not understood.
    """
    if isinstance(value, bool):
        raise ValueError(f"not a time: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a time: {value!r}")
        return int(value)
    if isinstance(value, datetime):
        return int(value.timestamp())
    if isinstance(value, date):
        return int(datetime.combine(value, dtime()).timestamp())
    if isinstance(value, bytes):
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"not a time: {value!r}") from None
    elif isinstance(value, str):
        text = value
    else:
        raise ValueError(f"not a time: {value!r} (type {type(value).__name__})")
    try:
        result = _parse_text(text.strip(), time.time() if now is None else now)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"cannot parse time {value!r}: {exc}") from None
    if result is None:
        raise ValueError(f"cannot parse time {value!r}: {_HELP}")
    return result


def _parse_text(text: str, now: float) -> Optional[int]:
    if not text:
        return None
    if _NUMBER.fullmatch(text):
        return int(float(text))
    lowered = text.lower()
    if lowered in ("begin", "end"):
        raise ValueError("'begin' / 'end' are cursor positions, not times; the cursor APIs handle them")
    if lowered == "now":
        return int(now)

    if _SIGNED_NUMBER.fullmatch(text):
        raise ValueError("a relative time needs a unit, e.g. '-15m', '-1h', '-2d'")
    match = _SIGNED.fullmatch(text)
    if match:
        sign, amount, unit, *clock = match.groups()
        return _at_time_of_day(_shifted(now, float(amount) * (-1 if sign == "-" else 1), unit.lower()), clock)

    match = _AGO.fullmatch(text)
    if match:
        amount_text, unit, *clock = match.groups()
        amount = 1.0 if amount_text.lower() in ("a", "an") else float(amount_text)
        return _at_time_of_day(_shifted(now, -amount, unit.lower()), clock)

    match = _DAY_WORD.fullmatch(text)
    if match:
        word, *clock = match.groups()
        day = datetime.fromtimestamp(now).date() + timedelta(days=_day_offset(word))
        return int(datetime.combine(day, _clock_time(clock)).timestamp())

    match = _DATETIME.fullmatch(text)
    if match:
        return _from_match(match)

    return _parse_with_dateutil(text, now)


def _from_match(match: re.Match[str]) -> int:
    year, month, day, hour, minute, second, fraction, utc, sign, zone_hours, zone_minutes = match.groups()
    tz: Optional[timezone] = None
    if utc:
        tz = timezone.utc
    elif sign:
        offset = timedelta(hours=int(zone_hours), minutes=int(zone_minutes or 0))
        if offset >= timedelta(hours=24):
            raise ValueError(f"zone offset out of range: {sign}{zone_hours}:{zone_minutes or '00'}")
        tz = timezone(-offset if sign == "-" else offset)
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    moment = datetime(
        int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), micro, tzinfo=tz
    )
    return int(moment.timestamp())


def _shifted(now: float, amount: float, unit: str) -> float:
    """``now`` moved by ``amount`` (negative: into the past) ``unit``s; months and years are calendar steps."""
    if unit in _UNIT_SECONDS:
        return now + amount * _UNIT_SECONDS[unit]
    if unit in _UNIT_MONTHS:
        if not amount.is_integer():
            raise ValueError(f"{unit} need a whole number")
        return _months_ago(now, -int(amount) * _UNIT_MONTHS[unit])
    raise ValueError(f"unknown time unit {unit!r}")


def _day_offset(words: str) -> int:
    """Days from today of ``today`` / ``yesterday`` / ``tomorrow`` / ``the day before yesterday``..."""
    parts = words.lower().split()
    offset = _DAY_OFFSETS[parts[-1]]
    return offset - 1 if "before" in parts else offset + 1 if "after" in parts else offset


def _clock_time(clock: List[Optional[str]]) -> dtime:
    hour, minute, second = clock
    return dtime(int(hour or 0), int(minute or 0), int(second or 0))


def _at_time_of_day(moment: float, clock: List[Optional[str]]) -> int:
    """``moment``, or the given time of day on ``moment``'s local date when a time was written."""
    if clock[0] is None:
        return int(moment)
    return int(datetime.combine(datetime.fromtimestamp(moment).date(), _clock_time(clock)).timestamp())


def _months_ago(now: float, months: int) -> int:
    local = datetime.fromtimestamp(now)
    index = local.year * 12 + (local.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    # Clamp the day to the target month's length (Mar 31 - 1 month = Feb 28/29).
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return int(local.replace(year=year, month=month, day=min(local.day, last_day)).timestamp())


def _parse_with_dateutil(text: str, now: float) -> Optional[int]:
    # Imported here: dateutil costs several milliseconds and most callers pass plain numbers.
    from dateutil import parser as dateutil_parser

    try:
        moment = dateutil_parser.isoparse(text)
    except (ValueError, OverflowError):
        # The free-form parser reads almost anything ("1 hour" -> 01:00, "5 of" -> the 5th): only let it see
        # text with at least two groups of digits that is not made of digits alone.
        if len(_DIGITS.findall(text)) < 2 or _NUMBERS_ONLY.fullmatch(text) or text[0] in "+-":
            return None
        default = datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0, microsecond=0)
        try:
            moment = dateutil_parser.parse(text, default=default)
        except (ValueError, OverflowError):
            return None
    return int(moment.timestamp())
