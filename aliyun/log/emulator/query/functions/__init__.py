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

import sqlite3
from typing import Any, Callable, Dict, Tuple

from .aggregates import AGGREGATES, percentile_of
from .clock import (
    SessionClock,
    TimeFunctions,
    cast_value,
    format_timestamp,
    mysql_format,
    parse_timestamp_value,
    parse_window,
)
from .ip import IP_FUNCTIONS
from .scalars import SCALARS
from .values import FunctionError, format_value, guard, last_error

__all__ = [
    "KNOWN_FUNCTIONS",
    "FunctionError",
    "SessionClock",
    "format_timestamp",
    "format_value",
    "last_error",
    "mysql_format",
    "parse_timestamp_value",
    "parse_window",
    "percentile_of",
    "register",
]

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
    set(SQLITE_FUNCTIONS) | set(SCALARS) | set(IP_FUNCTIONS) | set(AGGREGATES) | set(_TIME_FUNCTIONS) | set(_PARTS)
    | {"sls_cast", "sls_try_cast", "sls_m", "current_timestamp"}
)


def register(conn: sqlite3.Connection, clock: SessionClock, matcher: Callable[[Any, int], int]) -> TimeFunctions:
    """Install the SLS functions on ``conn``. ``matcher(value, index)`` serves the search predicates (``sls_m``).

    Returns the time functions object (the engine uses it to pad ``time_series`` results).
    """
    for name, (func, arities) in {**SCALARS, **IP_FUNCTIONS}.items():
        for arity in arities:
            conn.create_function(name, arity, guard(func, name), deterministic=True)
    for name, (cls, arity) in AGGREGATES.items():
        conn.create_aggregate(name, arity, cls)
    times = TimeFunctions(clock)
    for name, (method, arities) in _TIME_FUNCTIONS.items():
        for arity in arities:
            conn.create_function(name, arity, guard(getattr(times, method), name))
    for part in _PARTS:
        conn.create_function(part, 1, guard(times.part(part), part), deterministic=True)
    conn.create_function("sls_cast", 2, guard(lambda v, t: cast_value(v, t, True, clock.tz), "cast"))
    conn.create_function("sls_try_cast", 2, guard(lambda v, t: cast_value(v, t, False, clock.tz), "try_cast"))
    conn.create_function("sls_m", 2, matcher, deterministic=True)
    return times
