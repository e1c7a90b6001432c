"""Frames of rows: the official shape by default, typed columns on request, and the Excel / CSV export."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

pytest.importorskip("IPython", reason="the Jupyter extension needs IPython (the [jupyter] extra)")
pytest.importorskip("pandas", reason="the Jupyter extension needs pandas (the [jupyter] extra)")

import pandas as pd

from aliyun.log.ext.jupyter.export import export_frame
from aliyun.log.ext.jupyter.frames import logs_frame, typed_columns

ROWS = [
    {"__time__": "1714557600", "__source__": "10.0.0.1", "n": "1", "latency": "0.5", "host": "a", "code": "007"},
    {"__time__": "1714557660", "__source__": "10.0.0.2", "n": "2", "latency": "null", "host": "b", "code": "010",
     "extra": "x"},
]


def test_default_frames_have_the_official_shape(local_zone: str) -> None:
    frame = logs_frame(ROWS, typed=False)
    assert list(frame.columns) == ["__source__", "n", "latency", "host", "code", "extra"]
    assert frame.index.name == "__time__"
    assert frame.index.tz is None  # naive local time, as datetime.fromtimestamp gives
    assert list(frame.index) == [pd.Timestamp(datetime.fromtimestamp(1714557600)),
                                 pd.Timestamp(datetime.fromtimestamp(1714557660))]
    assert frame.index[0] == pd.Timestamp("2024-05-01 18:00:00")  # Asia/Shanghai
    # text columns: object (pandas 1.x, 2.x) or the string dtype (pandas 3)
    assert all(pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object for c in frame.columns)
    assert frame.loc[frame.index[0], "n"] == "1"
    assert pd.isna(frame["extra"].iloc[0])


def test_typed_frames_hold_numbers_and_an_aware_time_index(local_zone: str) -> None:
    frame = logs_frame(ROWS, typed=True)
    assert str(frame.index.tz) != "None"
    assert frame.index[0] == pd.Timestamp("2024-05-01 10:00:00", tz=timezone.utc)
    assert frame.index.tz_localize(None)[0] == pd.Timestamp("2024-05-01 18:00:00")
    assert frame["n"].dtype == "int64" and list(frame["n"]) == [1, 2]
    assert frame["latency"].dtype == "float64" and frame["latency"].iloc[0] == 0.5
    assert pd.isna(frame["latency"].iloc[1])  # "null" is missing in a column of numbers
    assert list(frame["code"]) == ["007", "010"]  # leading zeros: identifiers, kept as text
    assert pd.api.types.is_string_dtype(frame["host"])


def test_typed_integers_with_missing_values_stay_integers() -> None:
    frame = typed_columns(pd.DataFrame({"a": ["1", None, "3"], "b": ["", "2.5", "x"], "c": ["null", "", None]}))
    assert str(frame["a"].dtype) == "Int64" and frame["a"].iloc[2] == 3 and pd.isna(frame["a"].iloc[1])
    assert list(frame["b"]) == ["", "2.5", "x"]  # one value is not a number: the column stays text
    assert frame["c"].iloc[:2].tolist() == ["null", ""]  # nothing but missing values: left alone
    assert pd.isna(frame["c"].iloc[2])


def test_analytic_frames_keep_the_sql_column_order_and_drop_time_and_source() -> None:
    rows = [{"__time__": "1", "__source__": "", "n": "84", "host": "h0"},
            {"__time__": "1", "__source__": "", "n": "83", "host": "h1"}]
    frame = logs_frame(rows, typed=False, analytic=True, keys=["host", "n"])
    assert list(frame.columns) == ["host", "n"]
    assert list(frame.index) == [0, 1]
    assert list(logs_frame(rows, typed=True, analytic=True, keys=["host", "n"])["n"]) == [84, 83]


def test_no_rows_give_an_empty_frame() -> None:
    assert logs_frame([], typed=False).shape == (0, 0)
    assert logs_frame([], typed=True, analytic=True, keys=["a"]).shape == (0, 0)


def test_excel_export_of_a_typed_frame_writes_local_wall_times(tmp_path: Path, local_zone: str) -> None:
    frame = logs_frame(ROWS, typed=True)
    path = tmp_path / "report.xlsx"
    export_frame(frame, str(path))
    back = pd.read_excel(path, index_col=0)
    assert list(back.index) == [pd.Timestamp("2024-05-01 18:00:00"), pd.Timestamp("2024-05-01 18:01:00")]
    assert list(back["n"]) == [1, 2]
    assert back["host"].tolist() == ["a", "b"]
    assert frame.index.tz is not None  # the caller's frame is left as it was


def test_csv_export_keeps_the_zone(tmp_path: Path, local_zone: str) -> None:
    path = tmp_path / "report.csv"
    export_frame(logs_frame(ROWS, typed=True), str(path))
    assert path.read_text().splitlines()[1].startswith("2024-05-01 18:00:00+08:00,10.0.0.1,1,0.5,a,007")
    with pytest.raises(ValueError, match="must end with one of"):
        export_frame(logs_frame(ROWS, typed=True), str(tmp_path / "report.parquet"))
