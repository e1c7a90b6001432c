"""Time: the session clock, timestamp parsing and formatting (Presto / MySQL specifiers), casts, and the SQL time
functions bound to a clock (:class:`TimeFunctions`)."""

from __future__ import annotations

import calendar
import math
import re
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any, Callable, Dict, List, Optional, Tuple

from .values import FunctionError, fail, format_value, to_double, to_long

__all__ = [
    "SessionClock",
    "TimeFunctions",
    "cast_value",
    "format_timestamp",
    "mysql_format",
    "parse_timestamp_value",
    "parse_window",
    "time_zone",
]


class SessionClock:
    """The session time zone of timestamps (``tz``), UTC by default."""

    def __init__(self, tz: Optional[tzinfo] = None) -> None:
        self.tz: tzinfo = tz or timezone.utc


def time_zone(name: Any) -> tzinfo:
    """The time zone named by ``name`` (``+08:00``, ``UTC``, ``Asia/Shanghai``...)."""
    text = str(name).strip()
    match = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?", text, re.IGNORECASE)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0)))
    if text.upper() in ("UTC", "GMT", "Z"):
        return timezone.utc
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(text)
    except Exception:
        fail(f"unknown time zone {text!r}")
    raise AssertionError  # pragma: no cover


def format_timestamp(seconds: float, tz: tzinfo) -> str:
    """``'YYYY-MM-DD HH:MM:SS.mmm'`` of unix ``seconds`` in ``tz``."""
    dt = datetime.fromtimestamp(math.floor(seconds), tz)
    millis = round((seconds - math.floor(seconds)) * 1000)
    if millis >= 1000:
        millis = 999
    return dt.strftime("%Y-%m-%d %H:%M:%S") + f".{millis:03d}"


_TS = re.compile(
    r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{1,2}(?::?\d{2})?|[A-Za-z_]+(?:/[A-Za-z_+-]+)*)?\s*"
)


def parse_timestamp_value(value: Any, tz: tzinfo) -> Optional[float]:
    """Unix seconds of a timestamp string (naive = ``tz``) or of a number (taken as unix seconds)."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value)
    match = _TS.fullmatch(text)
    if not match:
        try:
            return float(text)
        except ValueError:
            fail(f"cannot parse {text!r} as a timestamp")
    year, month, day, hour, minute, second, frac, zone_name = match.groups()  # type: ignore[union-attr]
    zone_info = time_zone(zone_name) if zone_name else tz
    dt = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                  tzinfo=zone_info)
    result = dt.timestamp()
    if frac:
        result += int(frac) / (10 ** len(frac))
    return result


_MYSQL_FORMAT = {
    "a": "%a", "b": "%b", "c": None, "d": "%d", "e": None, "f": None, "H": "%H", "h": "%I", "I": "%I", "i": "%M",
    "j": "%j", "k": None, "l": None, "M": "%B", "m": "%m", "p": "%p", "r": "%I:%M:%S %p", "S": "%S", "s": "%S",
    "T": "%H:%M:%S", "v": "%V", "W": "%A", "w": "%w", "Y": "%Y", "y": "%y", "x": "%G", "%": "%%",
}


def mysql_format(dt: datetime, fmt: str, frac: float = 0.0) -> str:
    """Format ``dt`` with MySQL / Presto ``date_format`` specifiers (``%Y-%m-%d %H:%i:%s``)."""
    out: List[str] = []
    i = 0
    n = len(fmt)
    while i < n:
        ch = fmt[i]
        if ch != "%" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        spec = fmt[i + 1]
        i += 2
        if spec == "c":
            out.append(str(dt.month))
        elif spec == "e":
            out.append(str(dt.day))
        elif spec == "k":
            out.append(str(dt.hour))
        elif spec == "l":
            out.append(str((dt.hour % 12) or 12))
        elif spec == "f":
            out.append(f"{round(frac * 1_000_000):06d}")
        elif spec == "D":
            day = dt.day
            suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
            out.append(f"{day}{suffix}")
        elif spec in _MYSQL_FORMAT:
            out.append(dt.strftime(_MYSQL_FORMAT[spec]))  # type: ignore[arg-type]
        else:
            out.append(spec)
    return "".join(out)


_STRPTIME = {
    "a": "%a", "b": "%b", "c": "%m", "d": "%d", "e": "%d", "f": "%f", "H": "%H", "h": "%I", "I": "%I", "i": "%M",
    "j": "%j", "k": "%H", "l": "%I", "M": "%B", "m": "%m", "p": "%p", "r": "%I:%M:%S %p", "S": "%S", "s": "%S",
    "T": "%H:%M:%S", "W": "%A", "Y": "%Y", "y": "%y", "%": "%%",
}


def _strptime_format(fmt: str) -> str:
    out: List[str] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == "%" and i + 1 < len(fmt):
            out.append(_STRPTIME.get(fmt[i + 1], fmt[i + 1]))
            i += 2
        else:
            out.append("%%" if ch == "%" else ch)
            i += 1
    return "".join(out)


_WINDOW = re.compile(r"\s*(\d+)\s*(s|sec|second|seconds|m|min|minute|minutes|h|hour|hours|d|day|days)\s*", re.I)
_WINDOW_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_window(text: Any) -> int:
    """``'1m'`` → 60; ``'5s'``, ``'1h'``, ``'1d'``..."""
    match = _WINDOW.fullmatch(str(text))
    if not match or int(match.group(1)) <= 0:
        fail(f"invalid time window {text!r}: use e.g. '30s', '1m', '1h', '1d'")
    return int(match.group(1)) * _WINDOW_UNITS[match.group(2)[0].lower()]  # type: ignore[union-attr]


_TRUNC_UNITS = ("second", "minute", "hour", "day", "week", "month", "quarter", "year")


def _truncate(seconds: float, unit: str, tz: tzinfo) -> float:
    unit = unit.lower().strip()
    dt = datetime.fromtimestamp(math.floor(seconds), tz)
    if unit == "second":
        dt = dt.replace(microsecond=0)
    elif unit == "minute":
        dt = dt.replace(second=0, microsecond=0)
    elif unit == "hour":
        dt = dt.replace(minute=0, second=0, microsecond=0)
    elif unit == "day":
        dt = dt.replace(hour=0, minute=0, second=0, microsecond=0)
    elif unit == "week":
        dt = (dt - timedelta(days=dt.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    elif unit == "month":
        dt = dt.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    elif unit == "quarter":
        dt = dt.replace(month=(dt.month - 1) // 3 * 3 + 1, day=1, hour=0, minute=0, second=0, microsecond=0)
    elif unit == "year":
        dt = dt.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    else:
        fail(f"invalid unit {unit!r} for date_trunc: use one of {', '.join(_TRUNC_UNITS)}")
    return dt.timestamp()


def _add_months(dt: datetime, months: int) -> datetime:
    month_index = dt.month - 1 + months
    year = dt.year + month_index // 12
    month = month_index % 12 + 1
    day = min(dt.day, calendar.monthrange(year, month)[1])
    return dt.replace(year=year, month=month, day=day)


_UNIT_SECONDS = {"millisecond": 0.001, "second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}



def cast_value(value: Any, type_name: Any, strict: bool, tz: tzinfo) -> Any:
    """``cast(value AS type_name)`` (``try_cast`` when not ``strict``: NULL instead of an error)."""
    if value is None:
        return None
    name = re.sub(r"\(.*\)", "", str(type_name)).strip().lower()
    result: Any
    if name in ("bigint", "integer", "int", "smallint", "tinyint"):
        result = to_long(value)
        if result is None and isinstance(value, str):
            double = to_double(value) if not strict else None
            result = None if double is None else int(double)
    elif name in ("double", "real", "decimal", "float"):
        result = to_double(value)
    elif name in ("varchar", "char", "string", "text", "json"):
        return format_value(value)
    elif name == "boolean":
        text = format_value(value).strip().lower()
        result = {"true": 1, "1": 1, "false": 0, "0": 0}.get(text)
    elif name == "timestamp":
        try:
            seconds = parse_timestamp_value(value, tz)
        except FunctionError:
            seconds = None
        result = None if seconds is None else format_timestamp(seconds, tz)
    elif name == "date":
        try:
            seconds = parse_timestamp_value(value, tz)
        except FunctionError:
            seconds = None
        result = None if seconds is None else format_timestamp(seconds, tz)[:10]
    else:
        fail(f"cast to {type_name} is not supported by the emulator")
        return None
    if result is None and strict:
        fail(f"Cannot cast '{format_value(value)}' to {str(type_name).upper()}")
    return result



class TimeFunctions:
    """Time functions bound to a session clock.

    Per-row calls over millions of logs are made cheap by caches keyed by the (integer) input: a group-by on
    ``date_trunc('minute', __time__)`` formats each distinct second once.
    """

    _CACHE_LIMIT = 200_000

    def __init__(self, clock: SessionClock) -> None:
        self.clock = clock
        self._formatted: Dict[int, str] = {}
        self._parsed: Dict[str, Optional[float]] = {}
        self._by_format: Dict[Tuple[Any, ...], str] = {}
        self._offset_of: Tuple[Any, Optional[int]] = (None, None)

    def _fixed_offset(self) -> Optional[int]:
        tz = self.clock.tz
        if tz is not self._offset_of[0]:
            offset = tz.utcoffset(None) if isinstance(tz, timezone) else None
            self._offset_of = (tz, None if offset is None else int(offset.total_seconds()))
        return self._offset_of[1]

    def _format(self, seconds: float) -> str:
        whole = int(seconds)
        if whole == seconds:
            text = self._formatted.get(whole)
            if text is None:
                if len(self._formatted) > self._CACHE_LIMIT:
                    self._formatted.clear()
                text = self._formatted[whole] = format_timestamp(whole, self.clock.tz)
            return text
        return format_timestamp(seconds, self.clock.tz)

    def _seconds(self, value: Any) -> Optional[float]:
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        text = str(value)
        if text in self._parsed:
            return self._parsed[text]
        result = parse_timestamp_value(text, self.clock.tz)
        if len(self._parsed) > self._CACHE_LIMIT:
            self._parsed.clear()
        self._parsed[text] = result
        return result

    def from_unixtime(self, value: Any, zone: Any = None) -> Optional[str]:
        if value is None:
            return None
        seconds = to_double(value)
        if seconds is None:
            fail(f"from_unixtime: {value!r} is not a number")
        if zone:
            return format_timestamp(seconds, time_zone(zone))  # type: ignore[arg-type]
        return self._format(seconds)  # type: ignore[arg-type]

    def to_unixtime(self, value: Any) -> Optional[float]:
        seconds = self._seconds(value)
        return None if seconds is None else float(seconds)

    def date_trunc(self, unit: Any, value: Any) -> Optional[str]:
        seconds = self._seconds(value)
        if seconds is None or unit is None:
            return None
        name = str(unit).lower().strip()
        width = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}.get(name)
        offset = self._fixed_offset()
        if width is not None and offset is not None:
            return self._format((int(seconds) + offset) // width * width - offset)
        return self._format(_truncate(seconds, name, self.clock.tz))

    def date_format(self, value: Any, fmt: Any) -> Optional[str]:
        seconds = self._seconds(value)
        if seconds is None or fmt is None:
            return None
        whole = math.floor(seconds)
        if whole == seconds:
            key = (whole, fmt)
            text = self._by_format.get(key)
            if text is None:
                if len(self._by_format) > self._CACHE_LIMIT:
                    self._by_format.clear()
                text = self._by_format[key] = mysql_format(datetime.fromtimestamp(whole, self.clock.tz), str(fmt))
            return text
        return mysql_format(datetime.fromtimestamp(whole, self.clock.tz), str(fmt), seconds - whole)

    def date_parse(self, text: Any, fmt: Any) -> Optional[str]:
        if text is None or fmt is None:
            return None
        try:
            dt = datetime.strptime(str(text), _strptime_format(str(fmt)))
        except ValueError as exc:
            fail(f"date_parse: {exc}")
        return format_timestamp(dt.replace(tzinfo=self.clock.tz).timestamp(), self.clock.tz)

    def bucket(self, seconds: float, width: int) -> int:
        """The start of the ``width``-second window holding ``seconds`` (windows aligned in the session zone)."""
        offset = self._fixed_offset()
        if offset is None:
            delta = self.clock.tz.utcoffset(datetime.fromtimestamp(seconds, self.clock.tz))
            offset = int(delta.total_seconds()) if delta else 0
        return (int(seconds) + offset) // width * width - offset

    def time_series(self, value: Any, window: Any, fmt: Any, padding: Any = None) -> Optional[str]:
        seconds = self._seconds(value)
        if seconds is None:
            return None
        return self.date_format(self.bucket(seconds, parse_window(window)), fmt)

    def date_add(self, unit: Any, amount: Any, value: Any) -> Optional[str]:
        seconds = parse_timestamp_value(value, self.clock.tz)
        if seconds is None or unit is None or amount is None:
            return None
        name = str(unit).lower()
        count = int(amount)
        if name in _UNIT_SECONDS:
            return format_timestamp(seconds + count * _UNIT_SECONDS[name], self.clock.tz)
        months = {"month": 1, "quarter": 3, "year": 12}.get(name)
        if months is None:
            fail(f"date_add: invalid unit {unit!r}")
        dt = _add_months(datetime.fromtimestamp(seconds, self.clock.tz), count * months)  # type: ignore[operator]
        return format_timestamp(dt.timestamp(), self.clock.tz)

    def date_diff(self, unit: Any, first: Any, second: Any) -> Optional[int]:
        a = parse_timestamp_value(first, self.clock.tz)
        b = parse_timestamp_value(second, self.clock.tz)
        if a is None or b is None or unit is None:
            return None
        name = str(unit).lower()
        if name in _UNIT_SECONDS:
            return int((b - a) / _UNIT_SECONDS[name])
        months = {"month": 1, "quarter": 3, "year": 12}.get(name)
        if months is None:
            fail(f"date_diff: invalid unit {unit!r}")
        da = datetime.fromtimestamp(a, self.clock.tz)
        db = datetime.fromtimestamp(b, self.clock.tz)
        total = (db.year - da.year) * 12 + db.month - da.month
        if total > 0 and (db.day, db.time()) < (da.day, da.time()):
            total -= 1
        elif total < 0 and (db.day, db.time()) > (da.day, da.time()):
            total += 1
        return int(total / months)  # type: ignore[operator]

    def from_iso8601_timestamp(self, text: Any) -> Optional[str]:
        seconds = parse_timestamp_value(text, self.clock.tz)
        return None if seconds is None else format_timestamp(seconds, self.clock.tz)

    def part(self, name: str) -> Callable[[Any], Any]:
        def extract(value: Any) -> Any:
            seconds = parse_timestamp_value(value, self.clock.tz)
            if seconds is None:
                return None
            dt = datetime.fromtimestamp(math.floor(seconds), self.clock.tz)
            return {
                "year": dt.year, "month": dt.month, "day": dt.day, "hour": dt.hour, "minute": dt.minute,
                "second": dt.second, "day_of_week": dt.isoweekday(), "dow": dt.isoweekday(),
                "day_of_year": dt.timetuple().tm_yday, "doy": dt.timetuple().tm_yday,
                "quarter": (dt.month - 1) // 3 + 1, "week": dt.isocalendar()[1],
            }[name]

        return extract

    def current_timestamp(self) -> str:
        import time

        return format_timestamp(time.time(), self.clock.tz)

