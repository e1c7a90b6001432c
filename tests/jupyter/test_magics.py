"""The magics in an IPython shell (``IPython.testing``) against the emulator: settings, queries, pulls, options,
errors, interruptions and the settings form."""

from __future__ import annotations

import _thread
import os
import subprocess
import sys
import threading
import time
import types
from collections import Counter
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

pytest.importorskip("IPython", reason="the Jupyter extension needs IPython (the [jupyter] extra)")
pytest.importorskip("pandas", reason="the Jupyter extension needs pandas (the [jupyter] extra)")

import pandas as pd

from aliyun.log.client import LogClient
from aliyun.log.errors import LogException
from aliyun.log.ext.jupyter.magics import LogMagics
from aliyun.log.ext.jupyter.settings import MagicSettings, load_settings

from .conftest import N_LOGS, Store

ERRORS = N_LOGS // 2  # odd n are errors
WORKTREE = Path(__file__).resolve().parents[2]


def magics_of(shell: Any) -> LogMagics:
    return shell.magics_manager.registry["LogMagics"]  # type: ignore[no-any-return]


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


# -- %manage_log ---------------------------------------------------------------------------------------------------
def test_manage_log_checks_saves_and_never_echoes_the_secret(shell: Any, store: Store, home: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    shell.run_line_magic("manage_log", "")
    out = capsys.readouterr().out
    assert "usage: %manage_log <endpoint> <access_id> <access_key> <project> <logstore>" in out

    shell.run_line_magic("manage_log", f"{store.endpoint} {store.access_id} {store.access_key} {store.project} nope")
    line = one_error_line(capsys)
    assert "LogStoreNotExist" in line and "request id" in line
    assert not (home / ".aliyunlogcli").exists()

    shell.run_line_magic("manage_log", store.manage_line)
    captured = capsys.readouterr()
    assert captured.out.startswith(f"connected: project '{store.project}', logstore 'web' at {store.endpoint}")
    assert load_settings() == MagicSettings(store.endpoint, store.access_id, store.access_key, store.project, "web")

    shell.run_line_magic("manage_log", "only two")
    out = capsys.readouterr().out
    assert "usage:" in out and f"current: project '{store.project}'" in out and store.access_id[:4] + "****" in out
    everything = captured.out + captured.err + out
    assert store.access_key not in everything and store.access_id not in everything


def test_a_wrong_key_is_reported_in_one_line(shell: Any, store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    shell.run_line_magic("manage_log", f"{store.endpoint} {store.access_id} wrong-secret {store.project} web")
    line = one_error_line(capsys)
    assert "SignatureNotMatch" in line or "Unauthorized" in line
    assert "wrong-secret" not in line


def test_magics_before_manage_log_say_how_to_configure(shell: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert shell.run_line_magic("log", "*") is None
    assert "not configured" in one_error_line(capsys)
    assert shell.run_line_magic("fetch", "begin ~ end") is None
    assert "run %manage_log <endpoint>" in one_error_line(capsys)


def test_the_settings_form_checks_and_saves(shell: Any, store: Store, home: Path) -> None:
    pytest.importorskip("ipywidgets", reason="the settings form needs ipywidgets")
    from aliyun.log.ext.jupyter.widgets import settings_form, widgets_usable

    assert not widgets_usable(shell)  # a shell without a kernel: the terminal prints the usage instead
    magics = magics_of(shell)
    form = settings_form(MagicSettings(store.endpoint, store.access_id, "", store.project, "web"), magics.connect)
    _, endpoint, key_id, key_secret, _, logstore, confirm, bar, result = form.children
    assert (endpoint.value, key_id.value, confirm.description) == (store.endpoint, store.access_id, "modify")
    assert type(key_id).__name__ == type(key_secret).__name__ == "Password"
    confirm.click()
    assert result.value == "missing access-key" and bar.bar_style == "danger"
    key_secret.value, logstore.value = store.access_key, "nope"
    confirm.click()
    assert "LogStoreNotExist" in result.value and bar.bar_style == "danger"
    logstore.value = "web"
    confirm.click()
    assert (result.value, bar.bar_style) == ("connected", "success")
    assert load_settings().access_key == store.access_key
    assert magics.settings.logstore == "web"


# -- %log / %%log --------------------------------------------------------------------------------------------------
def test_line_log_pages_through_a_search_of_the_last_15_minutes(configured: Any, store: Store,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    frame = configured.run_line_magic("log", "level: ERROR")
    assert configured.user_ns["log_df"] is frame
    assert list(frame.columns) == ["__topic__", "__source__", "n", "host", "level", "latency", "code"]
    assert frame.shape == (ERRORS, 7)  # more than 100 rows: three pages
    expected = {log["n"]: log for log in store.logs if log["level"] == "ERROR"}
    assert set(frame["n"]) == set(expected)
    assert frame.index.name == "__time__" and frame.index.tz is None
    first = frame.iloc[0]
    assert frame.index[0] == pd.Timestamp(pd.Timestamp.fromtimestamp(expected[first["n"]]["__time__"]))
    assert first["host"] == expected[first["n"]]["host"] and first["__source__"] == "10.0.0.1"
    assert all(pd.api.types.is_string_dtype(frame[column]) for column in frame.columns)
    assert capsys.readouterr().out.startswith(f"log_df: {ERRORS} rows x {frame.shape[1]} columns ({store.project}/web")


def test_cell_log_reads_the_range_and_keeps_the_sql_column_order(configured: Any, store: Store) -> None:
    frame = configured.run_cell_magic(
        "log", "-1h ~ now",
        "level: ERROR |\nselect host, count(1) as n, max(latency) as worst\ngroup by host order by host")
    assert configured.user_ns["log_df"] is frame
    assert list(frame.columns) == ["host", "n", "worst"]
    counts = Counter(log["host"] for log in store.logs if log["level"] == "ERROR")
    assert list(frame["host"]) == sorted(counts)
    assert list(frame["n"]) == [str(counts[host]) for host in sorted(counts)]  # the service's strings by default
    assert list(frame.index) == list(range(len(counts)))


def test_a_range_before_the_logs_gives_an_empty_frame(configured: Any) -> None:
    frame = configured.run_cell_magic("log", "-3 days ~ -2 days", "*")
    assert frame.shape == (0, 0) and configured.user_ns["log_df"] is frame


def test_typed_columns_by_option_and_by_configuration(configured: Any, store: Store, local_zone: str) -> None:
    frame = configured.run_line_magic("log", "--typed level: ERROR")
    assert frame["n"].dtype == "int64" and frame["latency"].dtype == "float64"
    assert pd.api.types.is_string_dtype(frame["code"])  # "003": leading zeros stay text
    assert str(frame.index.tz) == "tzlocal()"
    assert frame.index.tz_localize(None)[0] == configured.run_line_magic("log", "level: ERROR").index[0]

    configured.run_line_magic("config", "LogMagics.typed_columns = True")
    try:
        assert configured.run_cell_magic("log", "", "* | select count(1) as total")["total"].tolist() == [N_LOGS]
        assert configured.run_line_magic("log", "--strings *")["n"].dtype != "int64"
    finally:
        configured.run_line_magic("config", "LogMagics.typed_columns = False")


def test_limit_stops_paging_and_says_so(configured: Any, capsys: pytest.CaptureFixture[str]) -> None:
    frame = configured.run_line_magic("log", "--limit 120 *")
    assert frame.shape[0] == 120
    assert "stopped at the limit of 120 rows" in capsys.readouterr().out
    configured.run_line_magic("config", "LogMagics.row_limit = 30")
    try:
        assert configured.run_line_magic("log", "*").shape[0] == 30
        assert configured.run_line_magic("log", "--limit 40 *").shape[0] == 40
    finally:
        configured.run_line_magic("config", "LogMagics.row_limit = 0")
    capsys.readouterr()
    frame = configured.run_line_magic("log", f"--limit {N_LOGS} *")
    assert frame.shape[0] == N_LOGS
    assert "stopped at the limit" not in capsys.readouterr().out  # the last page was not full: nothing more


def test_service_errors_are_one_line_and_leave_log_df_alone(configured: Any,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    configured.user_ns["log_df"] = previous = pd.DataFrame({"kept": [1]})
    assert configured.run_cell_magic("log", "-1h", "* | select nosuch from nowhere") is None
    line = one_error_line(capsys)
    assert "ParameterInvalid" in line and "request id" in line and "Traceback" not in line
    assert configured.run_line_magic("log", "--limit x *") is None
    assert "--limit needs a positive number" in one_error_line(capsys)
    assert configured.run_cell_magic("log", "last tuesday-ish", "*") is None
    assert "from time: cannot parse time" in one_error_line(capsys)
    assert configured.user_ns["log_df"] is previous


def test_out_and_export_keep_a_copy_and_write_a_workbook(configured: Any, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "daily report.xlsx"
    frame = configured.run_line_magic("log", f"--typed --out daily --export '{path}' level: ERROR")
    assert configured.user_ns["daily"] is frame is configured.user_ns["log_df"]
    assert f"written to {path}" in capsys.readouterr().out
    back = pd.read_excel(path, index_col=0)
    assert back.shape == frame.shape
    assert sorted(back["n"]) == sorted(frame["n"])
    assert list(back.index) == list(frame.index.tz_localize(None))

    configured.run_line_magic("log", f"--export {tmp_path / 'nowhere' / 'x.csv'} *")
    assert "cannot export to" in one_error_line(capsys)


def test_ctrl_c_while_paging_keeps_the_rows_so_far_in_log_df_part(configured: Any,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    class InterruptedClient(LogClient):
        def get_log_all(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
            pages = super().get_log_all(*args, **kwargs)
            yield next(pages)
            raise KeyboardInterrupt

    configured.user_ns["log_df"] = previous = pd.DataFrame()
    settings = magics_of(configured).settings
    magics_of(configured)._client = InterruptedClient(settings.endpoint, settings.access_id, settings.access_key)
    frame = configured.run_line_magic("log", "*")
    assert frame.shape[0] == 100 and configured.user_ns["log_df_part"] is frame
    assert configured.user_ns["log_df"] is previous
    assert "interrupted: log_df is unchanged" in capsys.readouterr().out


def test_plot_draws_the_histogram_of_the_search(configured: Any, store: Store, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib", reason="--plot needs matplotlib")
    from aliyun.log.ext.jupyter.plot import histogram_counts, histogram_figure

    magics = magics_of(configured)
    now = int(time.time())
    histograms = histogram_counts(magics.client(), store.project, "web", now - 900, now + 1,
                                  "level: ERROR | select count(1)")
    assert sum(item.get_count() for item in histograms) == ERRORS
    figure = histogram_figure(histograms, "errors")
    bars = figure.axes[0].patches
    assert len(bars) == len(histograms) and sum(bar.get_height() for bar in bars) == ERRORS

    monkeypatch.setenv("MPLBACKEND", "Agg")
    frame = configured.run_line_magic("log", "--plot level: ERROR")
    assert frame.shape[0] == ERRORS and capsys.readouterr().err == ""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert configured.run_line_magic("log", "--plot level: ERROR").shape[0] == ERRORS
    assert "--plot needs matplotlib: pip install matplotlib" in capsys.readouterr().out


# -- %fetch --------------------------------------------------------------------------------------------------------
def test_fetch_pulls_every_shard(configured: Any, store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    frame = configured.run_line_magic("fetch", "begin ~ end")
    assert configured.user_ns["log_df"] is frame
    assert frame.shape[0] == N_LOGS
    assert {"__topic__", "__source__", "n", "host", "level", "latency", "code"} <= set(frame.columns)
    assert sorted(frame["n"], key=int) == [log["n"] for log in sorted(store.logs, key=lambda log: int(log["n"]))]
    by_n = {log["n"]: log for log in store.logs}
    row = frame.iloc[-1]
    assert frame.index[-1] == pd.Timestamp.fromtimestamp(by_n[row["n"]]["__time__"])
    assert capsys.readouterr().out.startswith(f"log_df: {N_LOGS} rows")
    typed = configured.run_line_magic("fetch", "--typed -1h ~ end")
    assert typed.shape[0] == N_LOGS and typed["n"].dtype == "int64" and typed.index.tz is not None
    assert configured.run_line_magic("fetch", "-1h ~ -30min").shape == (0, 0)  # received later


def test_fetch_is_a_line_magic_only(configured: Any) -> None:
    from IPython.core.error import UsageError

    with pytest.raises(UsageError):
        configured.run_cell_magic("fetch", "begin ~ end", "")


def test_a_failing_shard_is_reported_and_the_others_are_kept(configured: Any,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    class FailingShardClient(LogClient):
        def pull_log(self, project_name: str, logstore_name: str, shard_id: int, from_time: Any, to_time: Any,
                     batch_size: Optional[int] = None, compress: Optional[bool] = None) -> Iterator[Any]:
            if shard_id == 1:
                raise LogException("ShardNotExist", "shard 1 is gone", "REQ-1")
            return super().pull_log(project_name, logstore_name, shard_id, from_time, to_time, batch_size, compress)

    settings = magics_of(configured).settings
    magics_of(configured)._client = FailingShardClient(settings.endpoint, settings.access_id, settings.access_key)
    frame = configured.run_line_magic("fetch", "begin ~ end")
    line = one_error_line(capsys)
    assert "shard 1 failed (last cursor: none yet; 0 rows kept): ShardNotExist: shard 1 is gone" in line
    assert "request id REQ-1" in line
    assert 0 < frame.shape[0] < N_LOGS and configured.user_ns["log_df"] is frame


def test_ctrl_c_during_a_fetch_keeps_the_rows_so_far(configured: Any, capsys: pytest.CaptureFixture[str]) -> None:
    released = threading.Event()

    class SlowShardClient(LogClient):
        def pull_log(self, project_name: str, logstore_name: str, shard_id: int, from_time: Any, to_time: Any,
                     batch_size: Optional[int] = None, compress: Optional[bool] = None) -> Iterator[Any]:
            batches = super().pull_log(project_name, logstore_name, shard_id, from_time, to_time, 1, compress)
            if shard_id == 1:
                yield next(batches)
                _thread.interrupt_main()  # what Ctrl-C does while the notebook waits
                released.wait(60)
            yield from batches

    configured.user_ns["log_df"] = previous = pd.DataFrame()
    settings = magics_of(configured).settings
    magics_of(configured)._client = SlowShardClient(settings.endpoint, settings.access_id, settings.access_key)
    try:
        frame = configured.run_line_magic("fetch", "begin ~ end")
    finally:
        released.set()
    assert configured.user_ns["log_df_part"] is frame and configured.user_ns["log_df"] is previous
    assert 0 < frame.shape[0] < N_LOGS
    assert "interrupted: log_df is unchanged" in capsys.readouterr().out


# -- packaging -----------------------------------------------------------------------------------------------------
def test_without_pandas_loading_fails_with_the_install_hint_and_the_sdk_never_needs_it() -> None:
    script = (
        "import sys\n"
        "import aliyun.log, aliyun.log.ext\n"
        "assert not {'pandas', 'IPython'} & set(sys.modules), 'import aliyun.log loaded pandas or IPython'\n"
        "sys.modules['pandas'] = None\n"
        "try:\n"
        "    import aliyun.log.ext.jupyter_magic\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(WORKTREE)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    from aliyun.log.version import DISTRIBUTION

    assert done.stdout.strip() == (
        f"the Log Service Jupyter extension needs pandas: pip install '{DISTRIBUTION}[jupyter]'")


def test_frames_show_as_pyodps_tables_only_in_a_notebook_with_widgets_and_odps(
        shell: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ipywidgets", reason="rich tables need ipywidgets")
    from aliyun.log.ext.jupyter_magic import load_ipython_extension

    class OdpsFrame:
        def __init__(self, frame: Any) -> None:
            if "broken" in frame.columns:
                raise RuntimeError("cannot show this one")
            self.rows = len(frame)

        def _repr_html_(self) -> str:
            return f"<odps rows={self.rows}>"

    odps = types.ModuleType("odps")
    odps.DataFrame = OdpsFrame  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "odps", odps)
    formatter = shell.display_formatter.formatters["text/html"]
    load_ipython_extension(shell)
    assert pd.DataFrame not in formatter.type_printers  # a terminal: pandas' own table
    monkeypatch.setattr(shell, "kernel", object(), raising=False)
    try:
        load_ipython_extension(shell)
        html = formatter.type_printers[pd.DataFrame]
        assert html(pd.DataFrame({"a": [1, 2], "b": [3, 4]})) == "<odps rows=2>"
        single = pd.DataFrame({"a": [1]})
        assert html(single) == single._repr_html_()
        broken = pd.DataFrame({"a": [1], "broken": [2]})
        assert html(broken) == broken._repr_html_()
    finally:
        formatter.type_printers.pop(pd.DataFrame, None)
