"""Fixtures of the Jupyter extension's tests: a private HOME, a local time zone, a logstore with known logs, and an
IPython shell with the extension loaded."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List

import pytest

from aliyun.log.client import LogClient
from aliyun.log.emulator import Emulator
from aliyun.log.models.logitem import LogItem
from aliyun.log.models.request import PutLogsRequest
from tests.conftest import unique_name

#: A zone east of UTC, so naive local times differ from UTC ones in every test.
LOCAL_ZONE = "Asia/Shanghai"
N_LOGS = 250
GROUP_SIZE = 50
#: Hash keys that route a group to shard 0 and to shard 1 of a two-shard logstore.
SHARD_HASH_KEYS = ("00000000000000000000000000000000", "80000000000000000000000000000000")

INDEX: Dict[str, Any] = {
    "line": {"token": [" ", ",", ":"], "caseSensitive": False},
    "keys": {
        "n": {"type": "long", "doc_value": True},
        "host": {"type": "text", "token": [" "], "doc_value": True},
        "level": {"type": "text", "token": [" "], "doc_value": True},
        "latency": {"type": "double", "doc_value": True},
    },
}


@dataclass
class Store:
    """A logstore holding :data:`N_LOGS` logs written in the last minutes (``logs``: what was written)."""

    endpoint: str
    access_id: str
    access_key: str
    project: str
    logstore: str
    logs: List[Dict[str, Any]]

    @property
    def manage_line(self) -> str:
        return f"{self.endpoint} {self.access_id} {self.access_key} {self.project} {self.logstore}"


def make_logs(now: int) -> List[Dict[str, Any]]:
    """Logs 1 s apart ending 5 s before ``now``; odd ``n`` are errors; ``code`` has leading zeros."""
    return [
        {"__time__": now - 5 - i, "n": str(i), "host": f"h{i % 3}", "level": "ERROR" if i % 2 else "INFO",
         "latency": f"{i / 4:.2f}", "code": f"{i % 7:03d}"}
        for i in range(N_LOGS)
    ]


@pytest.fixture(scope="module")
def store(emulator: Emulator) -> Iterator[Store]:
    with LogClient(emulator.endpoint, *emulator.credentials) as client:
        project = unique_name("jupyter")
        client.create_project(project, "jupyter extension tests")
        client.create_logstore(project, "web", shard_count=2)
        client._send_json("POST", "/logstores/web/index", project, INDEX)
        logs = make_logs(int(time.time()))
        items = [LogItem(log["__time__"], [(k, v) for k, v in log.items() if k != "__time__"]) for log in logs]
        for group, start in enumerate(range(0, N_LOGS, GROUP_SIZE)):  # groups alternate between the two shards
            client.put_logs(PutLogsRequest(project, "web", "topic-a", "10.0.0.1", items[start:start + GROUP_SIZE],
                                           hashKey=SHARD_HASH_KEYS[group % 2]))
        yield Store(emulator.endpoint, *emulator.credentials, project, "web", logs)
        client.delete_project(project)


@pytest.fixture()
def home(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A HOME of the test's own, so ``~/.aliyunlogcli`` is private to it."""
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


@pytest.fixture()
def local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The process's local time zone set to :data:`LOCAL_ZONE` for the test."""
    monkeypatch.setenv("TZ", LOCAL_ZONE)
    time.tzset()
    yield LOCAL_ZONE
    monkeypatch.undo()
    time.tzset()


@pytest.fixture()
def shell(home: Any, local_zone: str) -> Iterator[Any]:
    """The test IPython shell with the extension freshly loaded (its settings read from the test's HOME)."""
    from IPython.testing import globalipapp

    from aliyun.log.ext.jupyter_magic import load_ipython_extension

    get_ipython: Any = globalipapp.get_ipython
    ipython = get_ipython()
    load_ipython_extension(ipython)
    yield ipython
    for name in ("log_df", "log_df_part", "daily"):
        ipython.user_ns.pop(name, None)


@pytest.fixture()
def configured(shell: Any, store: Store, capsys: pytest.CaptureFixture[str]) -> Any:
    """:func:`shell`, with ``%manage_log`` pointed at :func:`store`."""
    shell.run_line_magic("manage_log", store.manage_line)
    assert "connected" in capsys.readouterr().out
    return shell
