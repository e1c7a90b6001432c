"""Fuzzing the socket side with raw requests (``socket``), so malformed request lines, header lines and
Content-Length values reach the server: every request gets an answer (never a dropped connection) and every error
answer is the service's JSON error body."""

from __future__ import annotations

import http.client
import json
import socket
from typing import Dict, List, Tuple
from urllib.parse import urlsplit

from hypothesis import given
from hypothesis import strategies as st

from aliyun.log.emulator import Emulator

from .conftest import LOGSTORE, PROJECT

line_text = st.text(st.characters(min_codepoint=1, max_codepoint=0x2FF, exclude_characters="\r\n"), max_size=60)
length_text = st.one_of(
    st.integers(min_value=-5, max_value=1 << 40).map(str),
    st.text(st.sampled_from("0123456789-+ .e²³٣x"), min_size=1, max_size=12),
    st.just("9" * 5000),
)


def _address(emulator: Emulator) -> Tuple[str, int]:
    parts = urlsplit(emulator.endpoint)
    return parts.hostname or "127.0.0.1", int(parts.port or 80)


def exchange(emulator: Emulator, request: bytes) -> Tuple[int, Dict[str, str], bytes]:
    """Send one raw request (connection closed by the client afterwards) and read one answer."""
    with socket.create_connection(_address(emulator), timeout=20) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        chunks: List[bytes] = []
        while True:
            data = sock.recv(65536)
            if not data:
                break
            chunks.append(data)
    answer = b"".join(chunks)
    assert answer.startswith(b"HTTP/1.1 "), (request[:200], answer[:200])
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split(" ", 2)[1]), headers, body[: int(headers["Content-Length"])]


def check(answer: Tuple[int, Dict[str, str], bytes], context: object) -> None:
    status, headers, body = answer
    assert status < 500, (status, body[:300], context)
    if status != 200:
        error = json.loads(body)
        assert isinstance(error.get("errorCode"), str) and isinstance(error.get("errorMessage"), str), context
        assert error.get("requestId") == headers.get("x-log-requestid"), context


@given(length=length_text, body=st.binary(max_size=64))
def test_content_length(served: Emulator, length: str, body: bytes) -> None:
    head = (f"POST /logstores/{LOGSTORE}/shards/lb HTTP/1.1\r\nHost: {PROJECT}.127.0.0.1\r\n"
            f"Content-Length: {length}\r\n\r\n")
    answer = exchange(served, head.encode("utf-8") + body)
    check(answer, (length, body))
    assert answer[0] != 200


@given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "G\x00T"]), target=line_text,
       version=st.sampled_from(["HTTP/1.1", "HTTP/1.0", "HTTP/2", "", "http/1.1"]))
def test_request_lines(served: Emulator, method: str, target: str, version: str) -> None:
    line = f"{method} {target} {version}".strip()
    if not line:
        return  # a blank line between requests is skipped, as HTTP/1.1 allows
    answer = exchange(served, line.encode("utf-8") + b"\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
    check(answer, line)


@given(lines=st.lists(line_text, max_size=8))
def test_header_lines(served: Emulator, lines: List[str]) -> None:
    head = "GET /logstores HTTP/1.1\r\nHost: " + PROJECT + ".127.0.0.1\r\n"
    head += "".join(f"{line}\r\n" for line in lines if line.strip()) + "\r\n"
    check(exchange(served, head.encode("utf-8")), lines)


#: Framing headers: a false ``Content-Length`` makes the server wait for a body that never comes (as HTTP wants);
#: ``test_content_length`` covers them on connections the client half-closes.
_FRAMING = ("content-length", "transfer-encoding", "expect", "connection", "host")
header_names = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz-"), min_size=1, max_size=20).filter(
    lambda name: name not in _FRAMING)


@given(headers=st.dictionaries(header_names, st.text(st.characters(min_codepoint=32, max_codepoint=126),
                                                     max_size=40), max_size=6))
def test_http_client_requests(served: Emulator, headers: Dict[str, str]) -> None:
    """The same through ``http.client`` on a keep-alive connection: the connection stays usable after an error."""
    host, port = _address(served)
    connection = http.client.HTTPConnection(host, port, timeout=20)
    try:
        for _ in range(2):
            connection.request("GET", "/logstores", headers={"Host": f"{PROJECT}.127.0.0.1", **headers})
            response = connection.getresponse()
            body = response.read()
            check((response.status, dict(response.getheaders()), body), headers)
    finally:
        connection.close()
