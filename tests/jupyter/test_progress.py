"""The progress bar of long fetches: tqdm when asked for and installed, nothing otherwise."""

from __future__ import annotations

import pytest

pytest.importorskip("IPython", reason="the Jupyter extension needs IPython (the [jupyter] extra)")
pytest.importorskip("pandas", reason="the Jupyter extension needs pandas (the [jupyter] extra)")

from aliyun.log.ext.jupyter.progress import DELAY_SECONDS, progress


def test_an_enabled_bar_counts_rows_and_waits_before_showing() -> None:
    pytest.importorskip("tqdm", reason="the bar needs tqdm")
    with progress(True, "%log", total=300) as advance:
        advance(100)
        advance(150)
        bar = getattr(advance, "__self__", None)
        assert bar is not None and (bar.n, bar.total, bar.desc) == (250, 300, "%log")
        assert bar.delay == DELAY_SECONDS and bar.leave is False  # short fetches never show it; it goes away
        assert type(bar).__module__ == "tqdm.std"


def test_in_a_kernel_with_ipywidgets_the_bar_is_a_widget() -> None:
    pytest.importorskip("tqdm", reason="the bar needs tqdm")
    pytest.importorskip("ipywidgets", reason="a widget bar needs ipywidgets")
    with progress(True, "%fetch", in_kernel=True) as advance:
        assert type(getattr(advance, "__self__", None)).__module__ == "tqdm.notebook"


def test_a_disabled_bar_is_a_no_op() -> None:
    with progress(False, "%log") as advance:
        advance(10)
        assert not hasattr(advance, "__self__")
