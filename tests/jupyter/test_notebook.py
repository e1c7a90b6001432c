"""A real notebook executed by a real kernel (nbclient + ipykernel) against the emulator: what a user sees.

One kernel start for everything (starting one costs seconds): load, configure, query in a line and in a cell, pull,
plot, an error, and the Excel export workflow read back. The kernel gets a HOME of its own and a local time zone
east of UTC; the endpoint and keys come through environment variables.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List
from zoneinfo import ZoneInfo

import pytest

pytest.importorskip("IPython", reason="the Jupyter extension needs IPython (the [jupyter] extra)")
pytest.importorskip("pandas", reason="the Jupyter extension needs pandas (the [jupyter] extra)")
pytest.importorskip("nbformat", reason="running notebooks needs nbformat (the [test] extra)")
pytest.importorskip("nbclient", reason="running notebooks needs nbclient (the [test] extra)")
pytest.importorskip("ipykernel", reason="running notebooks needs ipykernel (the [test] extra)")

import nbformat
from nbclient import NotebookClient

from .conftest import LOCAL_ZONE, N_LOGS, Store

WORKTREE = Path(__file__).resolve().parents[2]

CELLS = [
    "%load_ext aliyun.log.ext.jupyter_magic",
    "import os\n"
    "endpoint, key_id, key_secret, project, logstore = (os.environ['SLS_TEST_' + name] for name in\n"
    "    ('ENDPOINT', 'ACCESS_ID', 'ACCESS_KEY', 'PROJECT', 'LOGSTORE'))",
    "%manage_log {endpoint} {key_id} {key_secret} {project} {logstore}",
    "%manage_log",
    "%log level: ERROR",
    "errors = log_df.copy()",
    "%%log -1h ~ now\nlevel: ERROR |\nselect host, count(1) as n\ngroup by host order by host",
    "by_host = log_df",
    "%fetch --typed begin ~ end",
    "pulled = log_df",
    "%log --plot level: ERROR",
    "before_error = log_df",
    "%log * | select nosuch from nowhere",
    "import json\n"
    "import pandas as pd\n"
    "errors.to_excel('errors.xlsx')\n"
    "with pd.ExcelWriter('report.xlsx') as writer:\n"
    "    errors.to_excel(writer, sheet_name='errors')\n"
    "    by_host.to_excel(writer, sheet_name='by_host')\n"
    "back = pd.read_excel('errors.xlsx', index_col=0)\n"
    "sheets = pd.read_excel('report.xlsx', sheet_name=None, index_col=0)\n"
    "print(json.dumps({\n"
    "    'errors_shape': errors.shape, 'errors_columns': list(errors.columns),\n"
    "    'errors_index': [str(t) for t in errors.index], 'errors_n': list(errors['n']),\n"
    "    'errors_dtypes': sorted({str(d) for d in errors.dtypes}), 'errors_index_tz': str(errors.index.tz),\n"
    "    'by_host': by_host.to_dict('split'),\n"
    "    'pulled_shape': pulled.shape, 'pulled_n_dtype': str(pulled['n'].dtype),\n"
    "    'pulled_index_tz': str(pulled.index.tz), 'log_df_kept': log_df is before_error,\n"
    "    'back_shape': back.shape, 'back_index_equal': list(back.index) == list(errors.index),\n"
    "    'back_n': sorted(str(n) for n in back['n']), 'sheets': sorted(sheets),\n"
    "    'sheet_by_host': sheets['by_host'].to_dict('split')['columns'],\n"
    "}))",
]


def outputs(cell: Any) -> List[Dict[str, Any]]:
    return list(cell.get("outputs", []))


def text_of(cell: Any, stream: str) -> str:
    return "".join(output["text"] for output in outputs(cell) if output.get("name") == stream)


def test_a_notebook_runs_the_magics_in_a_real_kernel(store: Store, tmp_path: Path) -> None:
    v4: Any = nbformat.v4
    notebook = v4.new_notebook(cells=[v4.new_code_cell(source) for source in CELLS])
    env = {
        **os.environ, "HOME": str(tmp_path), "TZ": LOCAL_ZONE,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(WORKTREE), os.environ.get("PYTHONPATH")])),
        "SLS_TEST_ENDPOINT": store.endpoint, "SLS_TEST_ACCESS_ID": store.access_id,
        "SLS_TEST_ACCESS_KEY": store.access_key, "SLS_TEST_PROJECT": store.project,
        "SLS_TEST_LOGSTORE": store.logstore,
    }
    client = NotebookClient(notebook, kernel_name="python3", timeout=300, startup_timeout=300,
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute(env=env)
    cells = notebook.cells
    everything = json.dumps([outputs(cell) for cell in cells])

    assert text_of(cells[2], "stdout").startswith(f"connected: project '{store.project}'")
    assert store.access_key not in everything
    assert (tmp_path / ".aliyunlogcli").read_text().count(store.access_key) == 1

    form = [output for output in outputs(cells[3]) if output["output_type"] == "execute_result"]
    assert form and "application/vnd.jupyter.widget-view+json" in form[0]["data"]  # the settings form

    shown = [output for output in outputs(cells[4]) if output["output_type"] == "execute_result"]
    assert shown and "text/html" in shown[0]["data"]  # the frame is displayed as a table
    assert "log_df: 125 rows x 7 columns" in text_of(cells[4], "stdout")
    assert any("image/png" in output.get("data", {}) for output in outputs(cells[10]))

    error = [output for output in outputs(cells[12])]
    assert [output["output_type"] for output in error] == ["stream"]
    assert error[0]["name"] == "stderr" and error[0]["text"].count("\n") == 1
    assert error[0]["text"].startswith("error: ParameterInvalid") and "request id" in error[0]["text"]

    facts = json.loads(text_of(cells[13], "stdout"))
    expected = {log["n"]: log for log in store.logs if log["level"] == "ERROR"}
    assert facts["errors_shape"] == [len(expected), 7]
    assert facts["errors_columns"] == ["__topic__", "__source__", "n", "host", "level", "latency", "code"]
    assert sorted(facts["errors_n"]) == sorted(expected)
    local = ZoneInfo(LOCAL_ZONE)
    assert facts["errors_index"] == [
        str(datetime.fromtimestamp(expected[n]["__time__"], local).replace(tzinfo=None)) for n in facts["errors_n"]]
    assert facts["errors_index_tz"] == "None" and all(d in ("str", "object") for d in facts["errors_dtypes"])
    counts = {host: sum(1 for log in expected.values() if log["host"] == host) for host in ("h0", "h1", "h2")}
    assert facts["by_host"]["columns"] == ["host", "n"]
    assert facts["by_host"]["data"] == [[host, str(count)] for host, count in counts.items()]
    assert facts["pulled_shape"] == [N_LOGS, 7] and facts["pulled_n_dtype"] == "int64"
    assert facts["pulled_index_tz"] == "tzlocal()" and facts["log_df_kept"] is True
    assert facts["back_shape"] == [len(expected), 7] and facts["back_index_equal"] is True
    assert facts["back_n"] == sorted(expected)
    assert facts["sheets"] == ["by_host", "errors"] and facts["sheet_by_host"] == ["host", "n"]
