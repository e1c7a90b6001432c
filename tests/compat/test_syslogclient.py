"""aliyun.log.ext.syslogclient against syslog receivers started by the test (UDP and TCP sockets on loopback)."""

from __future__ import annotations

import re
import socket
import threading
from datetime import datetime, timedelta, timezone
from typing import Iterator, List, Tuple

import pytest

from aliyun.log.ext.syslogclient import (
    FAC_LOCAL3,
    FAC_USER,
    SEV_ERROR,
    SEV_INFO,
    SyslogClientRFC3164,
    SyslogClientRFC5424,
    datetime2rfc3339,
)

WAIT = 30.0
RFC5424 = re.compile(
    r"^<(?P<pri>\d+)>(?P<version>\d) (?P<ts>\S+) (?P<host>\S+) (?P<app>\S+) (?P<pid>\S+) (?P<msgid>\S+) - "
    r"(?P<msg>.*)\n$", re.DOTALL
)
RFC3164 = re.compile(
    r"^<(?P<pri>\d+)>(?P<ts>\w{3} [ \d]\d \d\d:\d\d:\d\d) (?P<host>\S+) (?P<tag>[^:]+): (?P<msg>.*)\n$"
)


@pytest.fixture()
def udp_server() -> Iterator[Tuple[int, socket.socket]]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(WAIT)
    yield sock.getsockname()[1], sock
    sock.close()


class TcpReceiver:
    """Accepts connections and collects the newline-framed messages they carry."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.lines: List[str] = []
        self.connections = 0
        self.changed = threading.Condition()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with self.changed:
                self.connections += 1
            threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        buffer = b""
        with conn:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    with self.changed:
                        self.lines.append(line.decode("utf-8") + "\n")
                        self.changed.notify_all()

    def wait_for(self, count: int) -> List[str]:
        with self.changed:
            if not self.changed.wait_for(lambda: len(self.lines) >= count, timeout=WAIT):
                raise AssertionError(f"expected {count} messages within {WAIT}s, got {self.lines!r}")
            return list(self.lines)

    def close(self) -> None:
        self.server.close()


@pytest.fixture()
def tcp_server() -> Iterator[TcpReceiver]:
    receiver = TcpReceiver()
    yield receiver
    receiver.close()


def test_rfc5424_over_udp(udp_server: Tuple[int, socket.socket]) -> None:
    port, sock = udp_server
    client = SyslogClientRFC5424("127.0.0.1", port, proto="udp", clientname="web-1")
    assert client.log("disk 90% full — 中文", facility=FAC_LOCAL3, severity=SEV_ERROR, program="app", pid=42,
                      msgid="DISK")
    data, _ = sock.recvfrom(65536)
    match = RFC5424.match(data.decode("utf-8"))
    assert match, data
    assert int(match["pri"]) == FAC_LOCAL3 * 8 + SEV_ERROR and match["version"] == "1"
    assert (match["host"], match["app"], match["pid"], match["msgid"]) == ("web-1", "app", "42", "DISK")
    assert match["msg"] == "disk 90% full — 中文"
    sent_at = datetime.strptime(match["ts"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    assert abs((datetime.now(timezone.utc) - sent_at).total_seconds()) < 60
    client.close()


def test_rfc5424_defaults_and_explicit_timestamp(udp_server: Tuple[int, socket.socket]) -> None:
    port, sock = udp_server
    with SyslogClientRFC5424("127.0.0.1", port) as client:
        when = datetime(2024, 5, 1, 8, 0, 0, tzinfo=timezone(timedelta(hours=8)))
        client.log("plain", timestamp=when)
    match = RFC5424.match(sock.recvfrom(65536)[0].decode("utf-8"))
    assert match and int(match["pri"]) == FAC_USER * 8 + SEV_INFO
    assert match["ts"] == "2024-05-01T08:00:00.000000+08:00"
    assert (match["app"], match["pid"], match["msgid"]) == ("-", "-", "-")
    assert match["host"] == client.clientname


def test_rfc3164_over_tcp_keeps_one_connection(tcp_server: TcpReceiver) -> None:
    with SyslogClientRFC3164("127.0.0.1", tcp_server.port, proto="tcp", clientname="db-2") as client:
        for n in range(3):
            assert client.log(f"message {n} é", severity=SEV_ERROR, pid=7,
                              timestamp=datetime(2024, 1, 5, 3, 4, 5))
        lines = tcp_server.wait_for(3)
    assert tcp_server.connections == 1
    for n, line in enumerate(lines):
        match = RFC3164.match(line)
        assert match, line
        assert (match["ts"], match["host"], match["tag"]) == ("Jan 05 03:04:05", "db-2", "SyslogClient[7]")
        assert match["msg"] == f"message {n} "  # RFC 3164 is ASCII: other characters are dropped
        assert int(match["pri"]) == FAC_USER * 8 + SEV_ERROR


def test_rfc3164_cuts_long_messages(udp_server: Tuple[int, socket.socket]) -> None:
    port, sock = udp_server
    SyslogClientRFC3164("127.0.0.1", port).log("x" * 5000)
    assert len(sock.recvfrom(65536)[0]) == 1024


def test_unreachable_server_is_reported_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed again below: nothing listens there
    client = SyslogClientRFC5424("127.0.0.1", port, proto="tcp", timeout=5)
    assert client.connect() is False and client.log("lost") is False
    assert "cannot connect" in caplog.text
    with pytest.raises(ValueError, match="cannot connect"):
        with SyslogClientRFC5424("127.0.0.1", port, proto="tcp", timeout=5):
            pass


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="proto"):
        SyslogClientRFC5424("127.0.0.1", 514, proto="sctp")
    client = SyslogClientRFC5424("127.0.0.1", 514)
    with pytest.raises(ValueError, match="facility"):
        client.log("x", facility=24)
    with pytest.raises(ValueError, match="severity"):
        client.log("x", severity=8)


def test_datetime2rfc3339() -> None:
    assert datetime2rfc3339(datetime(2024, 1, 2, 3, 4, 5, 6), is_utc=True) == "2024-01-02T03:04:05.000006Z"
    assert datetime2rfc3339(datetime(2024, 1, 2, tzinfo=timezone.utc)) == "2024-01-02T00:00:00.000000Z"
    west = datetime(2024, 1, 2, tzinfo=timezone(timedelta(hours=-5, minutes=-30)))
    assert datetime2rfc3339(west) == "2024-01-02T00:00:00.000000-05:30"
    local = datetime2rfc3339(datetime(2024, 1, 2, 12, 0, 0))
    assert re.match(r"^2024-01-02T12:00:00\.000000(Z|[+-]\d\d:\d\d)$", local)
