"""The SDK on the in-process transport: LogClient calls the emulator's socket-free app, and no socket is opened.

The same calls as the socket-based integration tests, end to end through signing, the emulator's verification,
routing, storage and the SDK's response parsing: only the HTTP hop is gone, so these run in milliseconds.
"""

from __future__ import annotations

import socket
from typing import Any, Iterator

import pytest

from aliyun.log import (
    GetLogsRequest,
    IndexConfig,
    InProcessTransport,
    LogClient,
    LogException,
    LogItem,
    PutLogsRequest,
)
from aliyun.log.emulator import Emulator
from tests.conftest import unique_name


@pytest.fixture()
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to connect a socket fails the test."""

    def refuse(self: socket.socket, address: Any) -> None:
        raise AssertionError(f"a socket was connected to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    emu = Emulator()  # never started: no server, no port
    yield emu
    emu.stop()


@pytest.fixture()
def client(emulator: Emulator, no_sockets: None) -> Iterator[LogClient]:
    with LogClient("http://sls.emulator.invalid", *emulator.credentials,
                   transport=InProcessTransport(emulator.app)) as c:
        yield c


def test_projects_logstores_put_pull(client: LogClient, emulator: Emulator) -> None:
    assert not emulator.running
    project = unique_name("inproc")
    client.create_project(project, "in-process")
    client.create_logstore(project, "web", shard_count=2)
    assert client.get_logstore(project, "web").get_shard_count() == 2
    items = [LogItem(contents=[("status", str(200 + i % 3)), ("path", f"/p/{i}")]) for i in range(50)]
    client.put_logs(PutLogsRequest(project, "web", topic="t", source="s", logitems=items, hashKey="0" * 32))
    pulled = [log for batch in client.pull_log(project, "web", 0, "begin", "end")
              for log in batch.get_flatten_logs_json()]
    assert [log["path"] for log in pulled] == [f"/p/{i}" for i in range(50)]
    assert {log["__topic__"] for log in pulled} == {"t"}
    client.delete_project(project)


def test_query_after_indexing(client: LogClient) -> None:
    project = unique_name("inproc")
    client.create_project(project, "in-process")
    client.create_logstore(project, "web", shard_count=1)
    client.create_index(project, "web", IndexConfig().from_json(
        {"keys": {"status": {"type": "text", "token": [" "], "doc_value": True}}}))
    client.put_logs(PutLogsRequest(project, "web", logitems=[
        LogItem(contents=[("status", "200")]), LogItem(contents=[("status", "500")]),
        LogItem(contents=[("status", "500")])]))
    res = client.get_logs(GetLogsRequest(project, "web", 0, 2**31 - 1, query="* | select status, count(*) as n "
                                                                            "group by status order by status"))
    assert [(log.get_contents()["status"], log.get_contents()["n"]) for log in res.get_logs()] == [
        ("200", "1"), ("500", "2")]


def test_service_errors_are_log_exceptions(client: LogClient) -> None:
    with pytest.raises(LogException) as info:
        client.get_project(unique_name("missing"))
    assert info.value.get_error_code() == "ProjectNotExist"
    assert info.value.get_resp_status() == 404
    assert info.value.get_request_id()


def test_wrong_key_is_refused_in_process(emulator: Emulator, no_sockets: None) -> None:
    with LogClient("http://sls.emulator.invalid", emulator.credentials[0], "not-the-secret",
                   transport=InProcessTransport(emulator.app)) as wrong:
        with pytest.raises(LogException) as info:
            wrong.list_project()
    assert info.value.get_error_code() == "SignatureNotMatch"
