"""The socket-free ``Emulator.app`` contract, the domain-error table and the backend layer."""

from __future__ import annotations

import json
from typing import Any, Dict, Mapping, Optional, Tuple
from urllib.parse import urlencode

import pytest

from aliyun.log.auth import Credentials, SignerV1
from aliyun.log.emulator import Emulator
from aliyun.log.emulator.errors import ERRORS, AlreadyExists, NotFound, Rejected, to_api_error

from .emulator_helpers import LogGroupList, decompress, group_contents, make_group

Answer = Tuple[int, Mapping[str, str], bytes]


def call(
    emulator: Emulator,
    method: str,
    path: str,
    params: Optional[Dict[str, str]] = None,
    body: bytes = b"",
    *,
    project: Optional[str] = None,
    headers: Optional[Dict[str, str]] = None,
) -> Answer:
    """A signed request straight to ``emulator.app`` (no socket)."""
    hdrs = {"Host": f"{project}.127.0.0.1" if project else "127.0.0.1", "x-log-apiversion": "0.6.0",
            "x-log-bodyrawsize": str(len(body))}
    hdrs.update(headers or {})
    params = params or {}
    SignerV1().sign(method, path, params, hdrs, body, Credentials(*emulator.credentials), None)
    target = path + ("?" + urlencode(params) if params else "")
    return emulator.app(method, target, hdrs, body)


def json_of(answer: Answer) -> Any:
    return json.loads(answer[2])


def test_app_serves_without_a_socket() -> None:
    emulator = Emulator()
    try:
        assert not emulator.running
        status, headers, _ = call(emulator, "POST", "/", body=b'{"projectName": "app-only"}', project="app-only",
                                  headers={"Content-Type": "application/json"})
        assert status == 200 and headers["x-log-requestid"] and headers["Server"] == "AliyunSLS"
        body = json.dumps({"logstoreName": "store", "ttl": 1, "shardCount": 1}).encode()
        assert call(emulator, "POST", "/logstores", body=body, project="app-only",
                    headers={"Content-Type": "application/json"})[0] == 200
        group = make_group([{"k": "v"}])
        assert call(emulator, "POST", "/logstores/store/shards/lb", body=group, project="app-only",
                    headers={"Content-Type": "application/x-protobuf"})[0] == 200
        cursor = json_of(call(emulator, "GET", "/logstores/store/shards/0", {"type": "cursor", "from": "begin"},
                              project="app-only"))["cursor"]
        status, headers, raw = call(emulator, "GET", "/logstores/store/shards/0",
                                    {"type": "log", "cursor": cursor, "count": "10"}, project="app-only")
        assert status == 200 and headers["x-log-count"] == "1"
        data = decompress(raw, headers.get("x-log-compresstype"), int(headers["x-log-bodyrawsize"]))
        assert [group_contents(g) for g in LogGroupList.FromString(data).LogGroups] == [[{"k": "v"}]]
        assert not emulator.running  # no server was started to answer any of it
    finally:
        emulator.stop()


def test_the_http_server_calls_the_same_app() -> None:
    with Emulator() as emulator:
        app = emulator.app
        assert emulator._server is not None and emulator._server.app is app
        call(emulator, "POST", "/", body=b"{}", project="shared-app", headers={"Content-Type": "application/json"})
        import requests

        answer = requests.get(emulator.endpoint + "/_emulator/health", timeout=10).json()
        assert answer["projects"] == 1


def test_app_answers_errors_as_the_service_does() -> None:
    emulator = Emulator()
    try:
        status, headers, body = emulator.app("GET", "/no/such/api", {"Host": "127.0.0.1"}, b"")
        payload = json.loads(body)
        assert (status, payload["errorCode"]) == (400, "MissingAPIVersion")
        assert payload["requestId"] == headers["x-log-requestid"]
        status, _, body = call(emulator, "GET", "/logstores/none", project="no-project")
        assert (status, json.loads(body)["errorCode"]) == (404, "ProjectNotExist")
    finally:
        emulator.stop()


@pytest.mark.parametrize(("exc", "status", "code"), [
    (NotFound("project", "p"), 404, "ProjectNotExist"),
    (NotFound("logstore", "l"), 404, "LogStoreNotExist"),
    (NotFound("shard", 3), 400, "ShardNotExist"),
    (AlreadyExists("consumergroup", "g"), 400, "ConsumerGroupAlreadyExist"),
    (Rejected("shard 0 is readonly"), 400, "ParameterInvalid"),
    (Rejected("bad", "invalid_cursor"), 400, "InvalidCursor"),
    (NotFound("unknown-kind", "x"), 400, "ParameterInvalid"),
])
def test_domain_errors_map_through_one_table(exc: Any, status: int, code: str) -> None:
    error = to_api_error(exc)
    assert (error.status, error.code) == (status, code)


def test_every_table_row_formats() -> None:
    for (cls, kind), (status, code, _template) in ERRORS.items():
        exc = Rejected("message", kind) if cls is Rejected else NotFound(kind, "n") if cls is NotFound else (
            AlreadyExists(kind, "n"))
        error = to_api_error(exc)
        assert (error.status, error.code) == (status, code) and error.message
