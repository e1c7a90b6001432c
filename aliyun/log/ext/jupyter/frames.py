"""Rows of the service as pandas DataFrames, shaped like the official extension's or with typed columns.

Default (the official shape): every value is the service's string; searches get ``__time__`` as a naive local-time
datetime index; analytic results drop ``__time__`` and ``__source__``. Typed: columns whose every value reads as a
number become numbers (``"null"`` and ``""`` count as missing there) and the ``__time__`` index is timezone-aware.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, Optional, Sequence

import pandas as pd
from dateutil import tz

TIME_KEY = "__time__"
_ANALYTIC_DROPPED = ("__time__", "__source__")
_MISSING_TEXT = ("", "null")
# Integers written with leading zeros ("007", "-0123") are identifiers, not numbers: converting would lose them.
_LEADING_ZERO = re.compile(r"[+-]?0\d")


def logs_frame(rows: Sequence[Dict[str, Any]], typed: bool, analytic: bool = False,
               keys: Optional[Sequence[str]] = None) -> pd.DataFrame:
    """The frame of ``rows`` (one dict per log or SQL row); ``keys`` orders the columns of an analytic result."""
    frame = pd.DataFrame(list(rows))
    if keys:
        ordered = [key for key in keys if key in frame.columns]
        frame = frame[ordered + [column for column in frame.columns if column not in ordered]]
    if analytic:
        frame = frame.drop(columns=[column for column in _ANALYTIC_DROPPED if column in frame.columns])
    elif TIME_KEY in frame.columns:
        frame.index = time_index(frame[TIME_KEY], typed)
        frame = frame.drop(columns=[TIME_KEY])
    if typed:
        frame = typed_columns(frame)
    return frame


def time_index(seconds: Iterable[Any], typed: bool) -> pd.DatetimeIndex:
    """Unix seconds as a ``__time__`` index: local time, timezone-aware when ``typed``, naive otherwise."""
    numbers = pd.to_numeric(pd.Series(list(seconds), dtype=object), errors="coerce")
    moments = pd.to_datetime(numbers, unit="s", utc=True).dt.tz_convert(tz.tzlocal())
    index = pd.DatetimeIndex(moments, name=TIME_KEY)
    return index if typed else index.tz_localize(None)


def typed_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each column that holds only numbers (and missing values) converted to numbers."""
    result = frame.copy()
    for column in frame.columns:
        numbers = _numbers(frame[column])
        if numbers is not None:
            result[column] = numbers
    return result


def _numbers(column: pd.Series) -> Optional[pd.Series]:
    """``column`` as numbers, or None when some value is not a number."""
    values = column.astype(object)
    present = values[values.notna() & ~values.isin(_MISSING_TEXT)]
    if present.empty or not all(isinstance(value, (str, int, float)) and not isinstance(value, bool)
                                for value in present):
        return None
    if any(isinstance(value, str) and _LEADING_ZERO.match(value.strip()) for value in present):
        return None
    try:
        numbers = pd.to_numeric(present)
    except (ValueError, TypeError):
        return None
    result = pd.Series(numbers, index=present.index).reindex(values.index)
    if pd.api.types.is_integer_dtype(numbers.dtype) and len(present) < len(values):
        return result.astype("Int64")
    return result.astype(numbers.dtype) if len(present) == len(values) else result
