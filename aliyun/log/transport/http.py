"""The HTTP seam: what a sender is given, what it answers, and the senders that need no network.

A :class:`Sender` moves one :class:`HttpRequest` and returns one :class:`HttpResponse`; it knows nothing about Log
Service. Everything SLS-specific (addressing, signing, retries, error mapping) happens above it, in
:class:`~aliyun.log.transport.Transport`, so any sender -- :class:`RequestsSender` (the default),
:class:`MockTransport` for unit tests, :class:`InProcessTransport` for a socket-free application -- gets exactly the
same signed requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Mapping, Protocol, Tuple, Union, runtime_checkable
from urllib.parse import urlsplit

__all__ = [
    "App",
    "Handler",
    "HttpHeaders",
    "HttpRequest",
    "HttpResponse",
    "InProcessTransport",
    "MockTransport",
    "SendError",
    "Sender",
]


class SendError(Exception):
    """No HTTP answer was obtained: connection refused or reset, DNS failure, TLS failure, timeout.

    The only exception a :class:`Sender` raises for a failed exchange; the SLS layer turns it into a retriable
    :class:`~aliyun.log.LogException` with code ``LogRequestError``.
    """


class HttpHeaders(Mapping[str, str]):
    """Read-only header mapping whose look-ups ignore case; iteration gives the names as received."""

    __slots__ = ("_items",)

    def __init__(self, headers: Union[Mapping[str, str], Iterable[Tuple[str, str]]] = ()) -> None:
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        self._items = {str(name).lower(): (str(name), str(value)) for name, value in pairs}

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"HttpHeaders({dict(self.items())!r})"


@dataclass(frozen=True)
class HttpRequest:
    """One signed request as it goes on the wire: absolute URL (with the query), headers and body bytes."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes = b""

    @property
    def target(self) -> str:
        """The request target: path plus ``?query``, exactly as in the request line."""
        parts = urlsplit(self.url)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


@dataclass(frozen=True)
class HttpResponse:
    """One HTTP answer, whatever its status; ``headers`` (any mapping given) look-ups ignore case."""

    status: int
    headers: Mapping[str, str]
    body: bytes = b""

    def __post_init__(self) -> None:
        if not isinstance(self.headers, HttpHeaders):
            object.__setattr__(self, "headers", HttpHeaders(self.headers))

    @classmethod
    def of(cls, status: int, headers: Union[Mapping[str, str], Iterable[Tuple[str, str]]] = (),
           body: bytes = b"") -> HttpResponse:
        """Build a response from any header mapping or pairs (checks the types, for hand-written handlers)."""
        if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
            raise ValueError(f"status must be an int HTTP status, got {status!r}")
        if not isinstance(body, (bytes, bytearray)):
            raise TypeError(f"body must be bytes, got {type(body).__name__}")
        return cls(status, headers if isinstance(headers, HttpHeaders) else HttpHeaders(headers), bytes(body))


@runtime_checkable
class Sender(Protocol):
    """Sends HTTP requests. Implementations must be safe to call from several threads."""

    def send(self, request: HttpRequest, timeout: Tuple[float, float]) -> HttpResponse:
        """Send ``request`` with ``(connect, read)`` timeouts; raise :class:`SendError` when there is no answer."""
        ...

    def close(self) -> None:
        """Release connections; called by ``LogClient.close()``."""
        ...


Handler = Callable[[HttpRequest], HttpResponse]


class MockTransport:
    """A sender that answers with ``handler(request)``: no sockets, for unit tests of code that uses LogClient.

    The handler may raise :class:`SendError` to simulate a network failure. ``requests`` keeps every request sent.
    """

    def __init__(self, handler: Handler) -> None:
        if not callable(handler):
            raise TypeError("handler must be a callable taking an HttpRequest and returning an HttpResponse")
        self._handler = handler
        self.requests: list[HttpRequest] = []
        self.closed = False

    def send(self, request: HttpRequest, timeout: Tuple[float, float]) -> HttpResponse:
        self.requests.append(request)
        response = self._handler(request)
        if not isinstance(response, HttpResponse):
            raise TypeError(f"the MockTransport handler returned {type(response).__name__}, expected HttpResponse")
        return response

    def close(self) -> None:
        self.closed = True

    def __repr__(self) -> str:
        return f"MockTransport({self._handler!r})"


#: ``app(method, target, headers, body) -> (status, headers, body)``; ``target`` is path plus ``?query`` as sent.
App = Callable[[str, str, Mapping[str, str], bytes], Tuple[int, Mapping[str, str], bytes]]


class InProcessTransport:
    """A sender that calls a socket-free application in this process (for example a local emulator's ``app``).

    The application gets the method, the request target (path and query exactly as they would go on the wire),
    the headers (``Host`` included) and the body, and returns ``(status, headers, body)``. Exceptions raised by the
    application propagate unchanged: they are bugs of the application, not network failures.
    """

    def __init__(self, app: App) -> None:
        if not callable(app):
            raise TypeError("app must be a callable app(method, target, headers, body) -> (status, headers, body)")
        self._app = app

    def send(self, request: HttpRequest, timeout: Tuple[float, float]) -> HttpResponse:
        status, headers, body = self._app(request.method, request.target, dict(request.headers), request.body)
        return HttpResponse.of(status, headers, body)

    def close(self) -> None:
        """Nothing to release."""

    def __repr__(self) -> str:
        return f"InProcessTransport({self._app!r})"
