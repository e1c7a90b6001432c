"""``--export FILE``: write a result frame to an Excel workbook or a CSV file, chosen by the file's suffix."""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
SUFFIXES = (*EXCEL_SUFFIXES, ".csv")


def check_export_path(path: str) -> str:
    """``path`` when its suffix names a format this module writes; ValueError otherwise."""
    if os.path.splitext(path)[1].lower() not in SUFFIXES:
        raise ValueError(f"cannot export to {path!r}: the file name must end with one of {', '.join(SUFFIXES)}")
    return path


def export_frame(frame: pd.DataFrame, path: str) -> None:
    """Write ``frame`` (with its index) to ``path``; Excel gets timezone-aware times as naive local times,
    since workbooks cannot hold a zone."""
    path = os.path.expanduser(path)
    if os.path.splitext(check_export_path(path))[1].lower() in EXCEL_SUFFIXES:
        frame = frame.copy()
        frame.index = _naive(frame.index)
        for column in frame.columns:
            frame[column] = _naive(frame[column])
        frame.to_excel(path)
    else:
        frame.to_csv(path)


def _naive(values: Any) -> Any:
    """Timezone-aware datetimes as naive local wall times; anything else as it is."""
    if isinstance(getattr(values, "dtype", None), pd.DatetimeTZDtype):
        return values.tz_localize(None) if isinstance(values, pd.Index) else values.dt.tz_localize(None)
    return values
