"""Helpers of the ETL tests: legacy ``aliyun.log.etl_core`` paths, and configs written to temporary files."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Callable

import pytest

from aliyun.log.etl import Runner

from .legacy_alias import register

register()


@pytest.fixture()
def make_config(tmp_path: Path) -> Callable[[str], Path]:
    """Write a config source to a uniquely named module file; returns its path."""

    def make(source: str) -> Path:
        path = tmp_path / f"etl_cfg_{uuid.uuid4().hex[:10]}.py"
        path.write_text(source)
        return path

    return make


@pytest.fixture()
def runner_of(make_config: Callable[[str], Path]) -> Callable[[str], Runner]:
    """A Runner of a config given as source (``from aliyun.log.etl_core import *`` is prepended)."""

    def make(body: str) -> Runner:
        return Runner(str(make_config("from aliyun.log.etl_core import *\n" + body)))

    return make
