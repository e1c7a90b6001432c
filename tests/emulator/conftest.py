"""Fixtures: an in-memory emulator on a free loopback port and a signing client for it."""

from __future__ import annotations

import itertools
from typing import Iterator

import pytest

from aliyun.log.emulator import Emulator

from .emulator_helpers import Client

_names = itertools.count(1)


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    """An in-memory emulator on a free loopback port, shared by the tests of a module."""
    with Emulator(allow_unsigned_control=True) as emulator:
        yield emulator


@pytest.fixture
def api(emu: Emulator) -> Iterator[Client]:
    """A signing client bound to a fresh project (with the default dev key)."""
    c = Client(emu.endpoint, *emu.credentials)
    name = f"test-project-{next(_names)}"
    c.create_project(name)
    c.project = name
    yield c
    c.close()
