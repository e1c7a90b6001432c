"""RequestsSender reads the proxy environment once per host instead of per request: still honoured, NO_PROXY per host.

Two real local HTTP servers: one plays the proxy (it sees absolute-form request targets), the other the service.
"""

from __future__ import annotations

import http.server
import threading
from typing import Any, Iterator, List, Tuple

import pytest

from aliyun.log.transport.http import HttpRequest
from aliyun.log.transport.requests_sender import RequestsSender

TIMEOUT = (5.0, 5.0)


class Recorder(http.server.ThreadingHTTPServer):
    def __init__(self) -> None:
        self.targets: List[str] = []
        super().__init__(("127.0.0.1", 0), RecordingHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    server: Recorder

    def do_GET(self) -> None:
        self.server.targets.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture()
def servers() -> Iterator[Tuple[Recorder, Recorder]]:
    proxy, service = Recorder(), Recorder()
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (proxy, service)]
    for thread in threads:
        thread.start()
    yield proxy, service
    for server in (proxy, service):
        server.shutdown()
        server.server_close()


def get(sender: RequestsSender, url: str) -> int:
    return sender.send(HttpRequest("GET", url, {}), TIMEOUT).status


def clear_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def test_environment_proxy_and_no_proxy_per_host(servers: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    proxy, service = servers
    clear_proxy_environment(monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    sender = RequestsSender()
    try:
        # "localhost" is not in NO_PROXY: through the proxy (which answers itself); 127.0.0.1 is: direct
        for _ in range(2):
            assert get(sender, f"http://localhost:{service.server_address[1]}/a?x=1") == 200
            assert get(sender, f"{service.url}/b") == 200
    finally:
        sender.close()
    assert proxy.targets == [f"http://localhost:{service.server_address[1]}/a?x=1"] * 2
    assert service.targets == ["/b", "/b"]


def test_explicit_proxies_ignore_the_environment(servers: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    proxy, service = servers
    clear_proxy_environment(monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    sender = RequestsSender(proxies={"http": proxy.url})
    try:
        assert get(sender, f"{service.url}/c") == 200
    finally:
        sender.close()
    assert proxy.targets == [f"{service.url}/c"] and service.targets == []


def test_without_proxy_environment_requests_go_direct(servers: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _proxy, service = servers
    clear_proxy_environment(monkeypatch)
    sender = RequestsSender()
    try:
        assert get(sender, f"{service.url}/d") == 200
    finally:
        sender.close()
    assert service.targets == ["/d"]


def test_ca_bundle_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/path/to/bundle.pem")
    assert RequestsSender()._verify == "/path/to/bundle.pem"
    assert RequestsSender(verify=False)._verify is False
    assert RequestsSender(proxies={"https": "http://proxy:1"})._verify is True
