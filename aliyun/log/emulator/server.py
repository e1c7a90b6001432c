"""HTTP front end: a stdlib ``ThreadingHTTPServer`` (one daemon thread per connection, HTTP/1.1 keep-alive).

:class:`Application` is the emulator without sockets: ``app(method, target, headers, body) -> (status, headers,
body)`` does Host → project, authentication, routing, error bodies (domain errors through ``errors.to_api_error``)
and the common response headers. The threaded server calls the same ``app`` for every request it reads.
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
from typing import Any, Callable, Dict, Iterable, Mapping, Optional, Set, Tuple
from urllib.parse import parse_qsl, unquote

from aliyun.log.auth import format_v1_date

from .auth import Verifier
from .bodies import MAX_REQUEST_BODY_BYTES, body_too_large
from .context import Context
from .core import ApiError, Request, Response
from .errors import DomainError, to_api_error
from .parsing import parse_decimal
from .routes import AUTH_CONTROL, AUTH_NONE, Router

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
_MAX_LINE = 65536
_MAX_HEADERS = 200
#: Largest request head (request line and header lines together), checked while reading it.
MAX_HEADER_BYTES = 65536


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class Application:
    """The emulator behind the sockets."""

    def __init__(
        self,
        context: Context,
        verifier: Verifier,
        router: Router,
        endpoint_hosts: Iterable[str] = (),
        allow_unsigned_control: bool = False,
    ) -> None:
        self.context = context
        self.allow_unsigned_control = allow_unsigned_control
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

    def __call__(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes, client_ip: str = "127.0.0.1"
    ) -> Tuple[int, Dict[str, str], bytes]:
        """One request → ``(status, headers, body)``; never raises. ``target`` is path + ``?query`` as on the wire,
        ``headers`` include ``Host``; ``client_ip`` is the peer address (an in-process caller is local)."""
        request_id = self._request_id()
        now = self.clock()
        route_name = "-"
        try:
            lowered = {name.lower(): value for name, value in headers.items()}
            req = self._build(method.upper(), target, lowered, body, client_ip, request_id, now)
            found = self.router.lookup(req.method, req.path, req.params)
            auth_mode = found[0].auth if found else None
            if auth_mode != AUTH_NONE and not (auth_mode == AUTH_CONTROL and self.allow_unsigned_control):
                self.verifier.verify(req)
            if found is None:
                route, captures = self.router.resolve(req.method, req.path, req.params)  # raises the 4xx
            else:
                route, captures = found
            route_name = route.name
            response = route.handler(self.context, req, **captures)
        except ApiError as exc:
            response = self._error_response(exc, request_id)
        except DomainError as exc:
            response = self._error_response(to_api_error(exc), request_id)
        except Exception:
            logger.exception("unexpected error in %s %s (request id %s)", method, target, request_id)
            response = self._error_response(
                ApiError(500, "InternalServerError", f"internal error in the emulator (request id {request_id})"),
                request_id,
            )
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s %s %s -> %s (%s)", client_ip, method, target, response.status, route_name)
        out = self._common_headers(now, request_id, response.content_type)
        out["Access-Control-Allow-Origin"] = "*"
        out.update(response.headers)
        return response.status, out, response.body

    def _common_headers(self, now: float, request_id: str, content_type: str) -> Dict[str, str]:
        return {
            "Server": "AliyunSLS",
            "Content-Type": content_type,
            "Date": self._http_date(now),
            "x-log-requestid": request_id,
            "x-log-time": str(int(now)),
        }

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

    def error(self, status: int, code: str, message: str) -> Tuple[int, Dict[str, str], bytes]:
        """A complete error answer for failures found before a request could be parsed."""
        request_id = self._request_id()
        response = self._error_response(ApiError(status, code, message), request_id)
        return status, self._common_headers(self.clock(), request_id, response.content_type), response.body


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

    def _send(self, status: int, headers: Mapping[str, str], body: bytes, keep_alive: bool) -> None:
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\n"]
        lines.extend(f"{name}: {value}\r\n" for name, value in headers.items())
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
        head_bytes = len(line)
        for _ in range(_MAX_HEADERS + 1):
            raw = rfile.readline(_MAX_LINE + 1)
            if raw in (b"\r\n", b"\n", b""):
                break
            head_bytes += len(raw)
            if len(raw) > _MAX_LINE or head_bytes > MAX_HEADER_BYTES:
                return self._fail(431, "ParameterInvalid", f"request headers larger than {MAX_HEADER_BYTES} bytes")
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
            try:
                length = parse_decimal(length_text, "Content-Length", 0)
            except ApiError as invalid:
                return self._fail(invalid.status, invalid.code, invalid.message)
        if length > MAX_REQUEST_BODY_BYTES:
            too_large = body_too_large(length, MAX_REQUEST_BODY_BYTES)
            return self._fail(too_large.status, too_large.code, too_large.message)
        if length and headers.get("expect", "").lower() == "100-continue":
            self.connection.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        body = rfile.read(length) if length else b""
        if len(body) != length:
            return self._fail(400, "ParameterInvalid", f"the body ended after {len(body)} of {length} bytes")
        status, out_headers, out_body = self.server.app(method, target, headers, body, self.client_address[0])
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
