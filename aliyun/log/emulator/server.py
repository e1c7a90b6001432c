"""HTTP front end: a stdlib ``ThreadingHTTPServer`` (one daemon thread per connection, HTTP/1.1 keep-alive).

:class:`Application` turns (method, target, headers, body, client address) into (status, headers, body) and knows
nothing about sockets: Host → project, authentication, routing, error bodies, common response headers.
:class:`_RequestHandler` does the socket side with a lean parser (request line and header lines read directly,
header names lower-cased) and writes each response with a single ``sendall`` on a ``TCP_NODELAY`` socket, so no
request waits on Nagle / delayed ACK.

Host → project: the port is ignored; ``localhost``, IP literals and the endpoint hosts (the bound host,
``127.0.0.1``, ``localhost``, ``::1``, any ``<region>.log.aliyuncs.com`` and hosts given with ``endpoint_hosts``)
are project-less; ``<project>.<endpoint host>`` names ``<project>``; any other dotted host names its first label.
"""

from __future__ import annotations

import ipaddress
import itertools
import json
import logging
import os
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, Iterable, List, Optional, Set, Tuple
from urllib.parse import parse_qsl, unquote

from aliyun.log.auth import format_v1_date

from .auth import Verifier
from .context import Context
from .core import MAX_BODY_SIZE, ApiError, Request, Response, body_too_large
from .routes import AUTH_LOOPBACK, AUTH_NONE, Router
from .storage import AlreadyExists, InvalidState, NotFound

__all__ = ["Application", "EmulatorHTTPServer", "serve"]

logger = logging.getLogger("aliyun.log.emulator")

_ALIYUN_HOST = re.compile(r"^(?:([^.]+)\.)?[^.]+\.log\.aliyuncs\.com$")
_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    411: "Length Required",
    413: "Request Entity Too Large",
    414: "Request-URI Too Long",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
#: Largest request body read at all; bigger bodies get 413 and the connection is closed unread.
MAX_REQUEST_BODY = 6 * MAX_BODY_SIZE
_MAX_LINE = 65536
_MAX_HEADERS = 200


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


class Application:
    """The emulator behind the sockets."""

    def __init__(
        self,
        context: Context,
        verifier: Verifier,
        router: Router,
        endpoint_hosts: Iterable[str] = (),
    ) -> None:
        self.context = context
        self.verifier = verifier
        self.router = router
        self.clock: Callable[[], float] = context.clock
        hosts = {"127.0.0.1", "localhost", "::1"}
        hosts.update(h.strip().lower().strip("[]") for h in endpoint_hosts if h and h.strip())
        hosts.discard("")
        hosts.discard("0.0.0.0")
        hosts.discard("::")
        self.endpoint_hosts: Tuple[str, ...] = tuple(sorted(hosts, key=len, reverse=True))
        self._host_cache: Dict[str, Tuple[str, Optional[str]]] = {}
        self._request_prefix = os.urandom(4).hex().upper()
        self._request_counter = itertools.count(1)
        self._date_second = -1
        self._date_text = ""

    # ----------------------------------------------------------------------------------------------------------------

    def host_project(self, host_header: str) -> Tuple[str, Optional[str]]:
        """``(host without port, project or None)``."""
        cached = self._host_cache.get(host_header)
        if cached is not None:
            return cached
        host = host_header.strip().lower()
        if host.startswith("["):  # [v6]:port
            host = host[1 : host.find("]")] if "]" in host else host[1:]
        elif host.count(":") == 1:
            host = host.split(":", 1)[0]
        host = host.rstrip(".")
        result = (host, self._project_of(host))
        if len(self._host_cache) > 4096:
            self._host_cache.clear()
        self._host_cache[host_header] = result
        return result

    def _project_of(self, host: str) -> Optional[str]:
        if not host or host in self.endpoint_hosts or ":" in host or _is_ip(host):
            return None
        for endpoint in self.endpoint_hosts:
            if host.endswith("." + endpoint):
                return host[: -len(endpoint) - 1] or None
        match = _ALIYUN_HOST.match(host)
        if match:
            return match.group(1)
        if "." not in host:
            return None  # a single-label host (e.g. a container name) is an endpoint
        return host.split(".", 1)[0]

    def _request_id(self) -> str:
        return f"{self._request_prefix}{next(self._request_counter) & 0xFFFFFFFFFFFFFFFF:016X}"

    def _http_date(self, now: float) -> str:
        second = int(now)
        if second != self._date_second:
            self._date_text = format_v1_date(second)
            self._date_second = second
        return self._date_text

    # ----------------------------------------------------------------------------------------------------------------

    def handle(
        self, method: str, target: str, headers: Dict[str, str], body: bytes, client_ip: str
    ) -> Tuple[int, List[Tuple[str, str]], bytes]:
        """One request → ``(status, headers, body)``; never raises."""
        request_id = self._request_id()
        now = self.clock()
        route_name = "-"
        try:
            req = self._build(method, target, headers, body, client_ip, request_id, now)
            found = self.router.lookup(req.method, req.path, req.params)
            auth_mode = found[0].auth if found else None
            if auth_mode != AUTH_NONE and not (auth_mode == AUTH_LOOPBACK and _is_loopback(client_ip)):
                self.verifier.verify(req)
            if found is None:
                route, captures = self.router.resolve(req.method, req.path, req.params)  # raises the 4xx
            else:
                route, captures = found
            route_name = route.name
            response = route.handler(self.context, req, **captures)
        except ApiError as exc:
            response = self._error_response(exc, request_id)
        except NotFound as exc:
            response = self._error_response(_not_found(exc), request_id)
        except AlreadyExists as exc:
            response = self._error_response(ApiError(400, "ParameterInvalid", str(exc)), request_id)
        except InvalidState as exc:
            response = self._error_response(ApiError(400, "ParameterInvalid", str(exc)), request_id)
        except Exception:
            logger.exception("unexpected error in %s %s (request id %s)", method, target, request_id)
            response = self._error_response(
                ApiError(500, "InternalServerError", f"internal error in the emulator (request id {request_id})"),
                request_id,
            )
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s %s %s -> %s (%s)", client_ip, method, target, response.status, route_name)
        out = [
            ("Server", "AliyunSLS"),
            ("Content-Type", response.content_type),
            ("Date", self._http_date(now)),
            ("x-log-requestid", request_id),
            ("x-log-time", str(int(now))),
            ("Access-Control-Allow-Origin", "*"),
        ]
        out.extend(response.headers)
        return response.status, out, response.body

    def _build(
        self,
        method: str,
        target: str,
        headers: Dict[str, str],
        body: bytes,
        client_ip: str,
        request_id: str,
        now: float,
    ) -> Request:
        if target.startswith("http://") or target.startswith("https://"):  # absolute-form (proxies)
            after_scheme = target.split("://", 1)[1]
            slash = after_scheme.find("/")
            target = after_scheme[slash:] if slash >= 0 else "/"
        raw_path, _, query = target.partition("?")
        raw_path = raw_path or "/"
        path = unquote(raw_path) if "%" in raw_path else raw_path
        params = dict(parse_qsl(query, keep_blank_values=True)) if query else {}
        host, project = self.host_project(headers.get("host", ""))
        return Request(method, path, raw_path, params, headers, body, host, project, client_ip, request_id, now)

    @staticmethod
    def _error_response(exc: ApiError, request_id: str) -> Response:
        payload: Dict[str, Any] = {"errorCode": exc.code, "errorMessage": exc.message, "requestId": request_id}
        if exc.extra:
            payload.update(exc.extra)
        headers = list(exc.headers.items()) if exc.headers else []
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return Response(body, status=exc.status, headers=headers)

    def error(self, status: int, code: str, message: str) -> Tuple[int, List[Tuple[str, str]], bytes]:
        """A complete error answer for failures found before a request could be parsed."""
        request_id = self._request_id()
        now = self.clock()
        response = self._error_response(ApiError(status, code, message), request_id)
        return (
            status,
            [
                ("Server", "AliyunSLS"),
                ("Content-Type", response.content_type),
                ("Date", self._http_date(now)),
                ("x-log-requestid", request_id),
                ("x-log-time", str(int(now))),
            ],
            response.body,
        )


def _not_found(exc: NotFound) -> ApiError:
    from .core import logstore_not_exist, project_not_exist, shard_not_exist

    if exc.kind == "project":
        return project_not_exist(str(exc.name))
    if exc.kind == "logstore":
        return logstore_not_exist(str(exc.name))
    if exc.kind == "shard":
        return shard_not_exist(exc.name)
    return ApiError(404, f"{exc.kind[:1].upper()}{exc.kind[1:]}NotExist", str(exc))


# --------------------------------------------------------------------------------------------------------------------
# Sockets


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "AliyunSLS"
    timeout = 120  # idle keep-alive connections are closed after this many seconds
    server: EmulatorHTTPServer

    def setup(self) -> None:
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # pragma: no cover - not TCP
            pass
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:  # pragma: no cover - peer gone
            pass
        finally:
            self.server.track(self.connection, False)

    def handle(self) -> None:
        self.close_connection = True
        try:
            self.handle_one_request()
            while not self.close_connection:
                self.handle_one_request()
        except (ConnectionError, TimeoutError, OSError):
            self.close_connection = True

    def _send(self, status: int, headers: List[Tuple[str, str]], body: bytes, keep_alive: bool) -> None:
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\n"]
        lines.extend(f"{name}: {value}\r\n" for name, value in headers)
        lines.append(f"Content-Length: {len(body)}\r\n")
        lines.append("Connection: keep-alive\r\n\r\n" if keep_alive else "Connection: close\r\n\r\n")
        head = "".join(lines).encode("latin-1", "replace")
        self.connection.sendall(head + body if len(body) < 1 << 20 else head)
        if len(body) >= 1 << 20:
            self.connection.sendall(body)

    def _fail(self, status: int, code: str, message: str) -> None:
        self.close_connection = True
        status, headers, body = self.server.app.error(status, code, message)
        self._send(status, headers, body, keep_alive=False)

    def handle_one_request(self) -> None:
        rfile = self.rfile
        line = rfile.readline(_MAX_LINE + 1)
        if not line:
            self.close_connection = True
            return
        if line in (b"\r\n", b"\n"):
            return  # tolerate a stray CRLF between requests
        if len(line) > _MAX_LINE:
            return self._fail(414, "ParameterInvalid", "request line too long")
        parts = line.decode("latin-1").split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            return self._fail(400, "ParameterInvalid", "malformed request line")
        method, target, version = parts
        headers: Dict[str, str] = {}
        for _ in range(_MAX_HEADERS + 1):
            raw = rfile.readline(_MAX_LINE + 1)
            if raw in (b"\r\n", b"\n", b""):
                break
            if len(raw) > _MAX_LINE:
                return self._fail(431, "ParameterInvalid", "header line too long")
            name, sep, value = raw.partition(b":")
            if not sep:
                return self._fail(400, "ParameterInvalid", "malformed header line")
            try:
                text = value.strip().decode("utf-8")
            except UnicodeDecodeError:
                text = value.strip().decode("latin-1")
            headers[name.strip().decode("latin-1").lower()] = text
        else:
            return self._fail(431, "ParameterInvalid", "too many headers")
        connection = headers.get("connection", "").lower()
        keep_alive = "keep-alive" in connection if version == "HTTP/1.0" else "close" not in connection
        if "transfer-encoding" in headers:
            return self._fail(411, "MissingContentLength", "a request body needs a Content-Length header")
        length_text = headers.get("content-length")
        length = 0
        if length_text is not None:
            if not length_text.isdigit():
                return self._fail(400, "ParameterInvalid", f"invalid Content-Length {length_text!r}")
            length = int(length_text)
        if length > MAX_REQUEST_BODY:
            exc = body_too_large(length)
            return self._fail(exc.status, exc.code, exc.message)
        if length and headers.get("expect", "").lower() == "100-continue":
            self.connection.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        body = rfile.read(length) if length else b""
        if len(body) != length:
            self.close_connection = True
            return
        status, out_headers, out_body = self.server.app.handle(
            method.upper(), target, headers, body, self.client_address[0]
        )
        self.close_connection = not keep_alive
        self._send(status, out_headers, out_body, keep_alive)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)


class EmulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024

    def __init__(self, address: Tuple[str, int], app: Application) -> None:
        host = address[0]
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.app = app
        self._connections: Set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _RequestHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would call socket.getfqdn(), a reverse DNS lookup that can take seconds.
        import socketserver

        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = port

    def track(self, conn: socket.socket, alive: bool) -> None:
        with self._connections_lock:
            if alive:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def close_connections(self) -> None:
        """Shut down every open client connection (their threads then end)."""
        with self._connections_lock:
            conns = list(self._connections)
            self._connections.clear()
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("connection error from %s", client_address, exc_info=True)


def serve(app: Application, host: str, port: int) -> EmulatorHTTPServer:
    """Bind (port 0 = any free port); the caller runs ``serve_forever``."""
    return EmulatorHTTPServer((host, port), app)
