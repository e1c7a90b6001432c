"""A small syslog sender (RFC 5424 and RFC 3164 formats over UDP, TCP or TLS).

``SyslogClientRFC5424("logs.example.com", 514, proto="tcp").log("disk full", severity=SEV_ERROR)`` sends one
message; use the client as a context manager to keep one connection for many messages. TCP and TLS messages end
with a newline (the non-transparent framing rsyslog and syslog-ng accept); UDP sends one datagram per message.
"""

from __future__ import annotations

import logging
import socket
import ssl
from datetime import datetime, timezone
from types import TracebackType
from typing import Optional, Type

__all__ = [
    "SyslogClientBase",
    "SyslogClientRFC3164",
    "SyslogClientRFC5424",
    "datetime2rfc3339",
]

logger = logging.getLogger(__name__)

# facilities (RFC 5424 section 6.2.1)
FAC_KERNEL = 0
FAC_USER = 1
FAC_MAIL = 2
FAC_SYSTEM = 3
FAC_SECURITY = 4
FAC_SYSLOG = 5
FAC_PRINTER = 6
FAC_NETWORK = 7
FAC_UUCP = 8
FAC_CLOCK = 9
FAC_AUTH = 10
FAC_FTP = 11
FAC_NTP = 12
FAC_LOG_AUDIT = 13
FAC_LOG_ALERT = 14
FAC_CLOCK2 = 15
FAC_LOCAL0 = 16
FAC_LOCAL1 = 17
FAC_LOCAL2 = 18
FAC_LOCAL3 = 19
FAC_LOCAL4 = 20
FAC_LOCAL5 = 21
FAC_LOCAL6 = 22
FAC_LOCAL7 = 23

# severities
SEV_EMERGENCY = 0
SEV_ALERT = 1
SEV_CRITICAL = 2
SEV_ERROR = 3
SEV_WARNING = 4
SEV_NOTICE = 5
SEV_INFO = 6
SEV_DEBUG = 7

_PROTOCOLS = {"udp": socket.SOCK_DGRAM, "tcp": socket.SOCK_STREAM, "tls": socket.SOCK_STREAM}


def datetime2rfc3339(dt: datetime, is_utc: bool = False) -> str:
    """``dt`` as an RFC 3339 timestamp with microseconds, e.g. ``2024-05-01T08:00:00.000000+08:00``.

    A naive ``dt`` is local time, or UTC with ``is_utc=True`` (then the suffix is ``Z``).
    """
    if dt.tzinfo is None:
        if is_utc:
            return dt.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"
        dt = dt.astimezone()  # attach the local offset
    offset = dt.utcoffset()
    if not offset:
        return dt.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"
    return dt.isoformat(timespec="microseconds")


def _priority(facility: Optional[int], severity: Optional[int]) -> int:
    facility = FAC_USER if facility is None else facility
    severity = SEV_INFO if severity is None else severity
    if not 0 <= facility <= FAC_LOCAL7:
        raise ValueError(f"facility must be 0..23, got {facility!r}")
    if not 0 <= severity <= SEV_DEBUG:
        raise ValueError(f"severity must be 0..7, got {severity!r}")
    return facility * 8 + severity


class SyslogClientBase:
    """Connection handling shared by the two formats.

    :param server, port: the syslog receiver
    :param proto: ``"udp"`` (default), ``"tcp"`` or ``"tls"`` (certificate checked against ``cert_path`` or the
        system's trusted CAs)
    :param clientname: the HOSTNAME field (default: this machine's fully qualified name)
    :param maxMessageLength: messages are cut to this many bytes (None: never)
    :param timeout: seconds for connecting and sending
    """

    def __init__(
        self,
        server: str,
        port: int,
        proto: str = "udp",
        clientname: Optional[str] = None,
        maxMessageLength: Optional[int] = 1024,
        timeout: float = 120,
        cert_path: Optional[str] = None,
    ) -> None:
        kind = (proto or "udp").lower()
        if kind not in _PROTOCOLS:
            raise ValueError(f"proto must be 'udp', 'tcp' or 'tls', got {proto!r}")
        self.server = server
        self.port = port
        self.proto = _PROTOCOLS[kind]
        self.use_tls = kind == "tls"
        self.cert_path = cert_path
        self.maxMessageLength = maxMessageLength
        self.timeout = timeout
        self.clientname = clientname or socket.getfqdn() or socket.gethostname()
        self.socket: Optional[socket.socket] = None

    def connect(self) -> bool:
        """Open the connection (UDP: bind the destination) unless it is open; False when no address answers."""
        if self.socket is not None:
            return True
        try:
            addresses = socket.getaddrinfo(self.server, self.port, socket.AF_UNSPEC, self.proto)
        except OSError as exc:
            logger.warning("cannot resolve syslog server %s:%s: %s", self.server, self.port, exc)
            return False
        for family, _, _, _, address in addresses:
            sock = socket.socket(family, self.proto)
            sock.settimeout(self.timeout)
            try:
                if self.use_tls:
                    context = ssl.create_default_context(cafile=self.cert_path)
                    sock = context.wrap_socket(sock, server_hostname=self.server)
                sock.connect(address)
            except OSError as exc:
                logger.warning("cannot connect to syslog server %s (%s): %s", address, self.server, exc)
                sock.close()
                continue
            self.socket = sock
            return True
        return False

    def close(self) -> None:
        if self.socket is not None:
            self.socket.close()
            self.socket = None

    def __enter__(self) -> SyslogClientBase:
        if not self.connect():
            raise ValueError(f"cannot connect to the syslog server {self.server}:{self.port}")
        return self

    def __exit__(
        self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()

    def send(self, messagedata: bytes) -> bool:
        """Send one encoded message (cut to ``maxMessageLength``); False (and a warning logged) when it failed."""
        if not self.connect() or self.socket is None:
            return False
        data = messagedata if self.maxMessageLength is None else messagedata[: self.maxMessageLength]
        try:
            self.socket.sendall(data)
        except OSError as exc:
            logger.warning("sending to syslog server %s:%s failed: %s", self.server, self.port, exc)
            self.close()
            return False
        return True

    def log(
        self,
        message: str,
        facility: Optional[int] = None,
        severity: Optional[int] = None,
        timestamp: Optional[datetime] = None,
        hostname: Optional[str] = None,
    ) -> bool:
        """Format and send one message (the subclasses define the format)."""
        raise NotImplementedError


class SyslogClientRFC5424(SyslogClientBase):
    """Messages in the RFC 5424 format: ``<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG``."""

    def __init__(
        self,
        server: str,
        port: int,
        proto: str = "udp",
        clientname: Optional[str] = None,
        timeout: float = 120,
        cert_path: Optional[str] = None,
    ) -> None:
        super().__init__(server, port, proto, clientname, None, timeout, cert_path)

    def log(
        self,
        message: str,
        facility: Optional[int] = None,
        severity: Optional[int] = None,
        timestamp: Optional[datetime] = None,
        hostname: Optional[str] = None,
        version: int = 1,
        program: Optional[str] = None,
        pid: Optional[int] = None,
        msgid: Optional[str] = None,
    ) -> bool:
        """Send ``message``; ``timestamp`` defaults to now (UTC), ``program`` / ``pid`` / ``msgid`` to ``-``."""
        when = datetime2rfc3339(datetime.now(timezone.utc) if timestamp is None else timestamp)
        fields = (hostname or self.clientname, program or "-", pid or "-", msgid or "-")
        line = f"<{_priority(facility, severity)}>{version} {when} {' '.join(map(str, fields))} - {message}\n"
        return self.send(line.encode("utf-8", errors="replace"))


class SyslogClientRFC3164(SyslogClientBase):
    """Messages in the BSD format (RFC 3164): ``<PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG``, ASCII, 1024 bytes."""

    def __init__(
        self,
        server: str,
        port: int,
        proto: str = "udp",
        clientname: Optional[str] = None,
        timeout: float = 120,
        cert_path: Optional[str] = None,
    ) -> None:
        super().__init__(server, port, proto, clientname, 1024, timeout, cert_path)

    def log(
        self,
        message: str,
        facility: Optional[int] = None,
        severity: Optional[int] = None,
        timestamp: Optional[datetime] = None,
        hostname: Optional[str] = None,
        program: Optional[str] = "SyslogClient",
        pid: Optional[int] = None,
    ) -> bool:
        """Send ``message``; ``timestamp`` defaults to the local time now; non-ASCII characters are dropped."""
        when = (timestamp or datetime.now()).strftime("%b %d %H:%M:%S")
        tag = (program or "SyslogClient") + (f"[{pid}]" if pid is not None else "")
        line = f"<{_priority(facility, severity)}>{when} {hostname or self.clientname} {tag}: {message}\n"
        return self.send(line.encode("ascii", errors="ignore"))
