"""Shared fixtures: one emulator per test session on a free port, a client for it, and fresh projects."""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path
from typing import Callable, Iterator, List

import pytest

from aliyun.log import LogClient
from aliyun.log.emulator import Emulator

_counter = itertools.count()


def unique_name(prefix: str) -> str:
    """A project / logstore name no other test uses (lower case, digits and dashes)."""
    return f"{prefix}-{next(_counter)}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    with Emulator(port=0, allow_unsigned_control=True) as emu:  # tests seed machines / shipper tasks unsigned
        yield emu


@pytest.fixture()
def client(emulator: Emulator) -> Iterator[LogClient]:
    with LogClient(emulator.endpoint, *emulator.credentials) as c:
        yield c


@pytest.fixture()
def project(client: LogClient) -> Iterator[str]:
    name = unique_name("proj")
    client.create_project(name, "test project")
    yield name
    try:
        client.delete_project(name)
    except Exception:
        pass


@pytest.fixture()
def make_logstore(client: LogClient, project: str) -> Callable[..., str]:
    """Create a logstore in the test's project: ``make_logstore(shard_count=2, **options) -> name``."""

    def make(shard_count: int = 2, **options: object) -> str:
        name = unique_name("ls")
        client.create_logstore(project, name, shard_count=shard_count, **options)  # type: ignore[arg-type]
        return name

    return make


#: Test folders of real third-party servers: they run with ``bash scripts/server_tests.sh``, not in the fast default
#: run, as do the modules marked ``external`` elsewhere (they install protobuf versions or the official SDK).
EXTERNAL_FOLDERS = ("servers",)


def pytest_collection_modifyitems(config: pytest.Config, items: List[pytest.Item]) -> None:
    tests_root = Path(__file__).parent
    for item in items:
        relative = Path(str(item.fspath)).relative_to(tests_root) if str(item.fspath).startswith(str(tests_root)) \
            else None
        if relative is not None and relative.parts and relative.parts[0] in EXTERNAL_FOLDERS:
            item.add_marker(pytest.mark.external)
