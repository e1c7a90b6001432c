"""The IPython / Jupyter extension of the SDK: query and pull Log Service into pandas DataFrames.

Load it with ``%load_ext aliyun.log.ext.jupyter_magic`` (the official module path). It needs IPython and pandas
(``pip install 'aliyun-log-typed[jupyter]'``); importing this package without them raises an ``ImportError``
that says so. See ``docs/jupyter.md``.
"""

from __future__ import annotations

from typing import Any

from .deps import REQUIRED, require

require(*REQUIRED)

from .magics import DEFAULT_DF_NAME, DEFAULT_TMP_DF_NAME, LogMagics  # noqa: E402
from .settings import SECTION  # noqa: E402
from .widgets import rich_frame_html, rich_tables_available  # noqa: E402

__all__ = ["DEFAULT_DF_NAME", "DEFAULT_TMP_DF_NAME", "SECTION", "LogMagics", "load_ipython_extension"]


def load_ipython_extension(ipython: Any) -> None:
    """Register the magics; in a notebook with ipywidgets and PyODPS, show frames as PyODPS's rich tables."""
    ipython.register_magics(LogMagics(shell=ipython))
    if rich_tables_available(ipython):
        import pandas

        ipython.display_formatter.formatters["text/html"].for_type(pandas.DataFrame, rich_frame_html)
