"""Fixtures of the fuzz suite: the hypothesis profiles, an emulator driven through ``Emulator.app`` (no socket) and
one served over a real socket, and the invariant every answer must meet."""

from __future__ import annotations

import json
import platform
from typing import Any, Dict, Iterator, Mapping, Optional, Tuple
from urllib.parse import quote, urlencode

import pytest

from aliyun.log.auth import Credentials, SignerV1, SignerV4
from aliyun.log.emulator import Emulator

from .profiles import register

register()

if platform.python_implementation() == "PyPy":
    # PyPy 7.3.11 (Debian's pypy3) aborts with an internal CheckError in str.format on some of the strings the
    # suite generates: the fuzz suite runs on CPython, the rest of the fast suite on PyPy too.
    collect_ignore_glob = ["test_*.py"]

PROJECT = "fuzz-project"
LOGSTORE = "fuzz-store"
#: A logstore with an index and a few logs, for the query APIs.
INDEXED = "fuzz-indexed"

Answer = Tuple[int, Mapping[str, str], bytes]


def assert_service_answer(answer: Answer, context: Any = None) -> None:
    """Never a 5xx; an error is the service's JSON body with the request id of the answer."""
    status, headers, body = answer
    assert status < 500, (status, body[:500], context)
    if status != 200:
        error = json.loads(body)
        assert isinstance(error, dict) and isinstance(error.get("errorCode"), str), (body[:500], context)
        assert isinstance(error.get("errorMessage"), str), (body[:500], context)
        assert error.get("requestId") == headers.get("x-log-requestid"), (body[:500], context)


class Target:
    """Signed requests to an emulator's ``app`` (in process)."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.credentials = Credentials(*emulator.credentials)

    def headers(self, project: Optional[str] = PROJECT, extra: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
        headers = {"Host": f"{project}.127.0.0.1" if project else "127.0.0.1", "x-log-apiversion": "0.6.0"}
        headers.update(extra or {})
        return headers

    def request(
        self,
        method: str,
        path: str,
        params: Optional[Mapping[str, str]] = None,
        body: bytes = b"",
        *,
        headers: Optional[Mapping[str, str]] = None,
        project: Optional[str] = PROJECT,
        sign: str = "v1",
    ) -> Answer:
        """Sign (``v1``, ``v4`` or ``none``) and call the app; ``path`` is sent percent-encoded."""
        hdrs = self.headers(project, headers)
        params = dict(params or {})
        raw_path = quote(path, safe="/")
        if sign == "v1":
            SignerV1().sign(method, raw_path, params, hdrs, body, self.credentials, None)
        elif sign == "v4":
            SignerV4("cn-hangzhou").sign(method, raw_path, params, hdrs, body, self.credentials, None)
        target = raw_path + ("?" + urlencode(params) if params else "")
        return self.emulator.app(method, target, hdrs, body)

    def json(self, method: str, path: str, obj: Any, **kwargs: Any) -> Answer:
        headers = {"Content-Type": "application/json", **kwargs.pop("headers", {})}
        return self.request(method, path, body=json.dumps(obj).encode(), headers=headers, **kwargs)

    def stored_groups(self) -> int:
        assert self.emulator.storage is not None
        return int(self.emulator.storage.stats()["logGroups"])


def _prepare(target: Target) -> None:
    assert target.json("POST", "/", {"projectName": PROJECT})[0] == 200
    for name in (LOGSTORE, INDEXED):
        answer = target.json("POST", "/logstores", {"logstoreName": name, "ttl": 1, "shardCount": 2})
        assert answer[0] == 200, answer
    index = {"line": {"token": list(" ,;=")}, "keys": {"n": {"type": "long", "doc_value": True},
                                                       "s": {"type": "text", "token": [" "], "doc_value": True}}}
    assert target.json("POST", f"/logstores/{INDEXED}/index", index)[0] == 200
    logs = {"__logs__": [{"__time__": 1700000000 + i, "n": str(i), "s": f"word{i % 3} x"} for i in range(20)]}
    answer = target.json("POST", f"/logstores/{INDEXED}/shards/lb", logs)
    assert answer[0] == 200, answer


@pytest.fixture(scope="session")
def target() -> Iterator[Target]:
    """An in-memory emulator without a socket, with :data:`PROJECT` / :data:`LOGSTORE` (2 shards)."""
    emulator = Emulator()
    try:
        fuzz_target = Target(emulator)
        _prepare(fuzz_target)
        yield fuzz_target
    finally:
        emulator.stop()


@pytest.fixture(scope="session")
def served() -> Iterator[Emulator]:
    """An emulator on a loopback socket, for the raw-socket tests."""
    with Emulator() as emulator:
        _prepare(Target(emulator))
        yield emulator
