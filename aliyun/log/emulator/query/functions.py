"""SLS / Presto functions for SQLite, and the value conventions of query results.

Conventions:

- A Presto ``timestamp`` is a string ``'YYYY-MM-DD HH:MM:SS.mmm'`` in the session time zone (UTC unless the engine
  is told otherwise), so timestamps sort and group as text. Functions taking a timestamp also take unix seconds.
- ``array`` values are JSON text (``'[0.5,0.9]'``), which is also how the service prints them in results.
- A function that cannot do its job (a bad cast, a bad regular expression) raises :class:`FunctionError`; the engine
  reports its message (SQLite itself only says "user-defined function raised exception").

:func:`register` installs everything on a connection; :data:`KNOWN_FUNCTIONS` lists what a SQL statement may call
(SQLite's own functions plus these), so an unknown name is reported before SQLite sees it.
"""

from __future__ import annotations

import calendar
import json
import math
import re
import sqlite3
import threading
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

__all__ = [
    "KNOWN_FUNCTIONS",
    "FunctionError",
    "SessionClock",
    "format_timestamp",
    "format_value",
    "last_error",
    "parse_timestamp_value",
    "parse_window",
    "register",
]


class FunctionError(ValueError):
    """A SQL function failed on its input (the message is what the user sees)."""


_errors = threading.local()


def _fail(message: str) -> None:
    _errors.message = message
    raise FunctionError(message)


def last_error(clear: bool = True) -> Optional[str]:
    """The message of the last function failure on this thread (SQLite drops it)."""
    message = getattr(_errors, "message", None)
    if clear:
        _errors.message = None
    return message


def _guard(func: Callable[..., Any], name: str) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        try:
            return func(*args)
        except FunctionError:
            raise
        except Exception as exc:  # a Python error inside a function: report it with the function's name
            _fail(f"function {name} failed: {exc}")

    return call


# ---------------------------------------------------------------------------------------------------------------------
# Time


class SessionClock:
    """The session time zone of timestamps (``tz``), UTC by default."""

    def __init__(self, tz: Optional[tzinfo] = None) -> None:
        self.tz: tzinfo = tz or timezone.utc


def _zone(name: Any) -> tzinfo:
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
        _fail(f"unknown time zone {text!r}")
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
            _fail(f"cannot parse {text!r} as a timestamp")
    year, month, day, hour, minute, second, frac, zone = match.groups()  # type: ignore[union-attr]
    zone_info = _zone(zone) if zone else tz
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
        _fail(f"invalid time window {text!r}: use e.g. '30s', '1m', '1h', '1d'")
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
        _fail(f"invalid unit {unit!r} for date_trunc: use one of {', '.join(_TRUNC_UNITS)}")
    return dt.timestamp()


def _add_months(dt: datetime, months: int) -> datetime:
    month_index = dt.month - 1 + months
    year = dt.year + month_index // 12
    month = month_index % 12 + 1
    day = min(dt.day, calendar.monthrange(year, month)[1])
    return dt.replace(year=year, month=month, day=day)


_UNIT_SECONDS = {"millisecond": 0.001, "second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}


# ---------------------------------------------------------------------------------------------------------------------
# Values


def format_value(value: Any) -> str:
    """A result cell as the service prints it: strings only, ``null`` for NULL."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


_LONG = re.compile(r"\s*[+-]?\d+\s*")


def to_long(value: Any) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value)
    text = str(value)
    if _LONG.fullmatch(text):
        return int(text)
    return None


def to_double(value: Any) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        number = float(str(value))
    except ValueError:
        return None
    return number


def _cast(value: Any, type_name: Any, strict: bool, tz: tzinfo) -> Any:
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
        _fail(f"cast to {type_name} is not supported by the emulator")
        return None
    if result is None and strict:
        _fail(f"Cannot cast '{format_value(value)}' to {str(type_name).upper()}")
    return result


# ---------------------------------------------------------------------------------------------------------------------
# Aggregates


class _CountIf:
    def __init__(self) -> None:
        self.count = 0

    def step(self, value: Any) -> None:
        if value:
            self.count += 1

    def finalize(self) -> int:
        return self.count


def percentile_of(values: List[float], fraction: float) -> Optional[float]:
    """The value at rank ``round(fraction * (n - 1))`` of the sorted values (what ``approx_percentile`` answers)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = round(min(1.0, max(0.0, fraction)) * (len(ordered) - 1))
    return ordered[rank]


class _ApproxPercentile:
    def __init__(self) -> None:
        self.values: List[float] = []
        self.fractions: Any = None

    def step(self, value: Any, fraction: Any) -> None:
        if self.fractions is None:
            self.fractions = fraction
        number = to_double(value)
        if number is not None and not math.isnan(number):
            self.values.append(number)

    def finalize(self) -> Any:
        try:
            if self.fractions is None:
                return None
            if isinstance(self.fractions, str) and self.fractions.strip().startswith("["):
                fractions = json.loads(self.fractions)
                return json.dumps([percentile_of(self.values, float(f)) for f in fractions], separators=(",", ":"))
            fraction = float(self.fractions)
            if not 0.0 <= fraction <= 1.0:
                _fail(f"approx_percentile: percentage must be between 0 and 1, got {self.fractions}")
            return percentile_of(self.values, fraction)
        except FunctionError:
            raise
        except Exception as exc:
            _fail(f"approx_percentile failed: {exc}")


class _Arbitrary:
    def __init__(self) -> None:
        self.value: Any = None

    def step(self, value: Any) -> None:
        if self.value is None and value is not None:
            self.value = value

    def finalize(self) -> Any:
        return self.value


class _ByAggregate:
    def __init__(self, take_max: bool) -> None:
        self.take_max = take_max
        self.best: Any = None
        self.value: Any = None

    def step(self, value: Any, key: Any) -> None:
        if key is None:
            return
        if self.best is None or (key > self.best if self.take_max else key < self.best):
            self.best = key
            self.value = value

    def finalize(self) -> Any:
        return self.value


class _MaxBy(_ByAggregate):
    def __init__(self) -> None:
        super().__init__(True)


class _MinBy(_ByAggregate):
    def __init__(self) -> None:
        super().__init__(False)


class _Variance:
    sample = True
    root = False

    def __init__(self) -> None:
        self.values: List[float] = []

    def step(self, value: Any) -> None:
        number = to_double(value)
        if number is not None:
            self.values.append(number)

    def finalize(self) -> Optional[float]:
        n = len(self.values)
        if n == 0 or (self.sample and n == 1):
            return None
        mean = sum(self.values) / n
        var = sum((v - mean) ** 2 for v in self.values) / (n - 1 if self.sample else n)
        return math.sqrt(var) if self.root else var


class _VarPop(_Variance):
    sample = False


class _Stddev(_Variance):
    root = True


class _StddevPop(_Variance):
    sample = False
    root = True


class _ArrayAgg:
    def __init__(self) -> None:
        self.values: List[Any] = []

    def step(self, value: Any) -> None:
        self.values.append(value)

    def finalize(self) -> str:
        return json.dumps(self.values, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------------------------------
# Scalars


def _if(condition: Any, then: Any, otherwise: Any = None) -> Any:
    return then if condition else otherwise


def _split_part(text: Any, delimiter: Any, index: Any) -> Optional[str]:
    if text is None or delimiter is None or index is None:
        return None
    position = int(index)
    if position < 1:
        _fail(f"split_part: index must be greater than zero, got {index}")
    parts = str(text).split(str(delimiter)) if delimiter != "" else list(str(text))
    return parts[position - 1] if position <= len(parts) else None


_REGEX_CACHE: Dict[str, re.Pattern[str]] = {}


def _regex(pattern: Any) -> re.Pattern[str]:
    text = str(pattern)
    compiled = _REGEX_CACHE.get(text)
    if compiled is None:
        try:
            compiled = re.compile(text)
        except re.error as exc:
            _fail(f"invalid regular expression {text!r}: {exc}")
        if len(_REGEX_CACHE) > 512:
            _REGEX_CACHE.clear()
        _REGEX_CACHE[text] = compiled  # type: ignore[assignment]
    return compiled  # type: ignore[return-value]


def _regexp_extract(text: Any, pattern: Any, group: Any = 0) -> Optional[str]:
    if text is None or pattern is None:
        return None
    match = _regex(pattern).search(str(text))
    if match is None:
        return None
    try:
        return match.group(int(group))
    except IndexError:
        _fail(f"regexp_extract: pattern has no group {group}")
    return None  # pragma: no cover


def _regexp_extract_all(text: Any, pattern: Any, group: Any = 0) -> Optional[str]:
    if text is None or pattern is None:
        return None
    found = [m.group(int(group)) for m in _regex(pattern).finditer(str(text))]
    return json.dumps(found, ensure_ascii=False, separators=(",", ":"))


def _regexp_like(text: Any, pattern: Any) -> Optional[int]:
    if text is None or pattern is None:
        return None
    return 1 if _regex(pattern).search(str(text)) else 0


def _regexp_replace(text: Any, pattern: Any, replacement: Any = "") -> Optional[str]:
    if text is None or pattern is None:
        return None
    python_replacement = re.sub(r"\$(\d+)", r"\\\1", str(replacement or ""))
    return _regex(pattern).sub(python_replacement, str(text))


def _url_part(part: str) -> Callable[[Any], Any]:
    def extract(url: Any) -> Any:
        if url is None:
            return None
        try:
            parts = urlsplit(str(url))
        except ValueError:
            return None
        if part == "host":
            return parts.hostname
        if part == "port":
            try:
                return parts.port
            except ValueError:
                return None
        if part == "protocol":
            return parts.scheme or None
        if part == "path":
            return parts.path
        if part == "query":
            return parts.query
        if part == "fragment":
            return parts.fragment
        raise AssertionError(part)  # pragma: no cover

    return extract


def _url_extract_parameter(url: Any, name: Any) -> Optional[str]:
    if url is None or name is None:
        return None
    try:
        query = urlsplit(str(url)).query
    except ValueError:
        return None
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key == name:
            return value
    return None


def _url_decode(text: Any) -> Optional[str]:
    from urllib.parse import unquote_plus

    return None if text is None else unquote_plus(str(text))


def _url_encode(text: Any) -> Optional[str]:
    from urllib.parse import quote_plus

    return None if text is None else quote_plus(str(text))


def _strpos(text: Any, sub: Any) -> Optional[int]:
    if text is None or sub is None:
        return None
    return str(text).find(str(sub)) + 1


def _concat(*args: Any) -> Optional[str]:
    if any(a is None for a in args):
        return None
    return "".join(format_value(a) for a in args)


def _json_get(value: Any, path: Any) -> Any:
    """The value at a dotted path of a JSON text (scalars as text, objects and arrays as JSON)."""
    if value is None or path is None:
        return None
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return None
    for part in _json_path_parts(str(path)):
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    if isinstance(data, (dict, list)):
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if isinstance(data, bool):
        return "true" if data else "false"
    if data is None:
        return None
    return format_value(data)


def _json_path_parts(path: str) -> List[str]:
    text = path.strip()
    if text.startswith("$"):
        text = text[1:]
    parts: List[str] = []
    for chunk in re.findall(r'\["([^"]*)"\]|\[(\d+)\]|\.?([^.\[\]]+)', text):
        parts.append(next(p for p in chunk if p != ""))
    return parts


def _array(*values: Any) -> str:
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


def _split(text: Any, delimiter: Any) -> Optional[str]:
    if text is None or delimiter is None:
        return None
    return json.dumps(str(text).split(str(delimiter)), ensure_ascii=False, separators=(",", ":"))


def _cardinality(value: Any) -> Optional[int]:
    if value is None:
        return None
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return None
    return len(data) if isinstance(data, (list, dict)) else None


def _element_at(value: Any, index: Any) -> Any:
    if value is None or index is None:
        return None
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return None
    if isinstance(data, list):
        position = int(index)
        position = position - 1 if position > 0 else len(data) + position
        return data[position] if 0 <= position < len(data) else None
    if isinstance(data, dict):
        return data.get(str(index))
    return None


def _greatest(*args: Any) -> Any:
    values = [a for a in args]
    if any(v is None for v in values):
        return None
    return max(values)


def _least(*args: Any) -> Any:
    values = [a for a in args]
    if any(v is None for v in values):
        return None
    return min(values)


def _reverse(text: Any) -> Optional[str]:
    return None if text is None else str(text)[::-1]


def _starts_with(text: Any, prefix: Any) -> Optional[int]:
    if text is None or prefix is None:
        return None
    return 1 if str(text).startswith(str(prefix)) else 0


def _lpad(text: Any, size: Any, pad: Any = " ") -> Optional[str]:
    if text is None or size is None:
        return None
    value, width = str(text), int(size)
    if len(value) >= width:
        return value[:width]
    filler = str(pad) or " "
    return (filler * width)[: width - len(value)] + value


def _rpad(text: Any, size: Any, pad: Any = " ") -> Optional[str]:
    if text is None or size is None:
        return None
    value, width = str(text), int(size)
    if len(value) >= width:
        return value[:width]
    filler = str(pad) or " "
    return value + (filler * width)[: width - len(value)]


def _sls_long(value: Any) -> Optional[int]:
    return to_long(value)


def _sls_double(value: Any) -> Optional[float]:
    number = to_double(value)
    return None if number is None or math.isnan(number) else number


# ---------------------------------------------------------------------------------------------------------------------
# Registration


class _Time:
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
            _fail(f"from_unixtime: {value!r} is not a number")
        if zone:
            return format_timestamp(seconds, _zone(zone))  # type: ignore[arg-type]
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
            _fail(f"date_parse: {exc}")
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
            _fail(f"date_add: invalid unit {unit!r}")
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
            _fail(f"date_diff: invalid unit {unit!r}")
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


_SCALARS: Dict[str, Tuple[Callable[..., Any], Tuple[int, ...]]] = {
    "if": (_if, (2, 3)),
    "split_part": (_split_part, (3,)),
    "regexp_extract": (_regexp_extract, (2, 3)),
    "regexp_extract_all": (_regexp_extract_all, (2, 3)),
    "regexp_like": (_regexp_like, (2,)),
    "regexp_replace": (_regexp_replace, (2, 3)),
    "url_extract_host": (_url_part("host"), (1,)),
    "url_extract_port": (_url_part("port"), (1,)),
    "url_extract_protocol": (_url_part("protocol"), (1,)),
    "url_extract_path": (_url_part("path"), (1,)),
    "url_extract_query": (_url_part("query"), (1,)),
    "url_extract_fragment": (_url_part("fragment"), (1,)),
    "url_extract_parameter": (_url_extract_parameter, (2,)),
    "url_decode": (_url_decode, (1,)),
    "url_encode": (_url_encode, (1,)),
    "strpos": (_strpos, (2,)),
    "concat": (_concat, (-1,)),
    "json_extract_scalar": (_json_get, (2,)),
    "json_get": (_json_get, (2,)),
    "sls_json": (_json_get, (2,)),
    "sls_array": (_array, (-1,)),
    "split": (_split, (2,)),
    "cardinality": (_cardinality, (1,)),
    "element_at": (_element_at, (2,)),
    "greatest": (_greatest, (-1,)),
    "least": (_least, (-1,)),
    "reverse": (_reverse, (1,)),
    "starts_with": (_starts_with, (2,)),
    "lpad": (_lpad, (2, 3)),
    "rpad": (_rpad, (2, 3)),
    "sls_long": (_sls_long, (1,)),
    "sls_double": (_sls_double, (1,)),
}

_AGGREGATES: Dict[str, Tuple[type, int]] = {
    "count_if": (_CountIf, 1),
    "approx_percentile": (_ApproxPercentile, 2),
    "arbitrary": (_Arbitrary, 1),
    "any_value": (_Arbitrary, 1),
    "max_by": (_MaxBy, 2),
    "min_by": (_MinBy, 2),
    "variance": (_Variance, 1),
    "var_samp": (_Variance, 1),
    "var_pop": (_VarPop, 1),
    "stddev": (_Stddev, 1),
    "stddev_samp": (_Stddev, 1),
    "stddev_pop": (_StddevPop, 1),
    "array_agg": (_ArrayAgg, 1),
}

_TIME_FUNCTIONS: Dict[str, Tuple[str, Tuple[int, ...]]] = {
    "from_unixtime": ("from_unixtime", (1, 2)),
    "to_unixtime": ("to_unixtime", (1,)),
    "date_trunc": ("date_trunc", (2,)),
    "date_format": ("date_format", (2,)),
    "date_parse": ("date_parse", (2,)),
    "time_series": ("time_series", (3, 4)),
    "date_add": ("date_add", (3,)),
    "date_diff": ("date_diff", (3,)),
    "from_iso8601_timestamp": ("from_iso8601_timestamp", (1,)),
    "now": ("current_timestamp", (0,)),
}

_PARTS = ("year", "month", "day", "hour", "minute", "second", "day_of_week", "dow", "day_of_year", "doy", "quarter",
          "week")

#: SQLite's own functions that a statement may call.
SQLITE_FUNCTIONS = frozenset(
    {
        "abs", "avg", "changes", "char", "coalesce", "count", "date", "datetime", "glob", "group_concat", "hex",
        "ifnull", "iif", "instr", "julianday", "length", "like", "likelihood", "likely", "lower", "ltrim", "max", "min",
        "nullif", "printf", "format", "quote", "random", "randomblob", "replace", "round", "rtrim", "sign", "strftime",
        "substr", "substring", "sum", "time", "total", "trim", "typeof", "unicode", "unlikely", "upper", "zeroblob",
        "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling", "cos", "cosh", "degrees", "exp",
        "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power", "radians", "sin", "sinh", "sqrt", "tan",
        "tanh", "trunc", "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
        "first_value", "last_value", "nth_value", "json", "json_extract", "json_array", "json_object",
        "json_array_length", "json_type", "json_valid"
    }
)

#: Every function name a SQL statement may use (lower case).
KNOWN_FUNCTIONS = frozenset(
    set(SQLITE_FUNCTIONS) | set(_SCALARS) | set(_AGGREGATES) | set(_TIME_FUNCTIONS) | set(_PARTS)
    | {"sls_cast", "sls_try_cast", "sls_m", "current_timestamp"}
)


def register(conn: sqlite3.Connection, clock: SessionClock, matcher: Callable[[Any, int], int]) -> _Time:
    """Install the SLS functions on ``conn``. ``matcher(value, index)`` serves the search predicates (``sls_m``).

    Returns the time functions object (the engine uses it to pad ``time_series`` results).
    """
    for name, (func, arities) in _SCALARS.items():
        for arity in arities:
            conn.create_function(name, arity, _guard(func, name), deterministic=True)
    for name, (cls, arity) in _AGGREGATES.items():
        conn.create_aggregate(name, arity, cls)  # type: ignore[arg-type]
    times = _Time(clock)
    for name, (method, arities) in _TIME_FUNCTIONS.items():
        for arity in arities:
            conn.create_function(name, arity, _guard(getattr(times, method), name))
    for part in _PARTS:
        conn.create_function(part, 1, _guard(times.part(part), part), deterministic=True)
    conn.create_function("sls_cast", 2, _guard(lambda v, t: _cast(v, t, True, clock.tz), "cast"))
    conn.create_function("sls_try_cast", 2, _guard(lambda v, t: _cast(v, t, False, clock.tz), "try_cast"))
    conn.create_function("sls_m", 2, matcher, deterministic=True)
    return times
