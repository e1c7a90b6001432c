"""What every API mixin needs: sending an ApiRequest through the client's transport, and paging helpers."""

from __future__ import annotations

import functools
import json
import socket
from typing import Any, Callable, Dict, Iterator, Optional, TypeVar

from ..errors import invalid_argument
from ..models.response import ListResponse
from ..transport import ApiRequest, ApiResponse, Transport

L = TypeVar("L", bound=ListResponse)

#: ``raw_size`` of :meth:`ApiBase._send_json`: declare the body's own length.
LENGTH = "<length>"

#: The largest page the service hands out for list APIs.
MAX_PAGE_SIZE = 500


class ApiBase:
    """Mixin base: LogClient provides ``_transport``."""

    _transport: Transport
    _source: Optional[str] = None

    def _resolve_source(self, source: Optional[str]) -> str:
        """The source of a batch: the request's, else the client's, else this machine's address."""
        if source is not None:
            return source
        if self._source is None:
            self._source = local_address()
        return self._source

    def _send(
        self,
        method: str,
        path: str,
        project: Optional[str] = None,
        params: Optional[Dict[str, str]] = None,
        headers: Optional[Dict[str, str]] = None,
        body: bytes = b"",
    ) -> ApiResponse:
        return self._transport.request(ApiRequest(method, path, params or {}, headers or {}, body, project))

    def _send_json(
        self,
        method: str,
        path: str,
        project: Optional[str],
        payload: Any,
        params: Optional[Dict[str, str]] = None,
        *,
        raw_size: Optional[str] = LENGTH,
    ) -> ApiResponse:
        """Send ``payload`` as JSON (serialized as the official client does: ASCII, default separators).

        ``raw_size`` is the ``x-log-bodyrawsize`` header the official client sends for this API: the body length
        (:data:`LENGTH`, the default), a fixed value such as ``"0"``, or ``None`` for no header.
        """
        body = json.dumps(payload).encode("ascii")
        headers = {"Content-Type": "application/json"}
        if raw_size is not None:
            headers["x-log-bodyrawsize"] = str(len(body)) if raw_size is LENGTH else raw_size
        return self._send(method, path, project, params, headers, body)


@functools.lru_cache(maxsize=1)
def local_address() -> str:
    """This machine's IP address as the resolver sees it (``127.0.0.1`` when it cannot be found)."""
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"


def require_name(value: Any, what: str) -> str:
    """A non-empty resource name, or a LogException naming the argument."""
    if not isinstance(value, str) or not value:
        raise invalid_argument(f"{what} must be a non-empty string, got {value!r}")
    return value


def list_all(fetch: Callable[[int, int], L], offset: int, size: int) -> L:
    """Call a paged list API; ``size=-1`` (or anything above one page) walks every page and merges them."""
    if size is not None and 0 <= size <= MAX_PAGE_SIZE:
        return fetch(offset, size)
    wanted = None if size is None or size < 0 else size
    first = fetch(offset, MAX_PAGE_SIZE if wanted is None else min(wanted, MAX_PAGE_SIZE))
    fetched = first.count
    while first.count and (wanted is None or fetched < wanted) and offset + fetched < first.total:
        page_size = MAX_PAGE_SIZE if wanted is None else min(MAX_PAGE_SIZE, wanted - fetched)
        page = fetch(offset + fetched, page_size)
        if not page.count:
            break
        first.merge(page)
        fetched += page.count
    return first


def iterate_all(fetch: Callable[[int, int], L], page_size: int = MAX_PAGE_SIZE) -> Iterator[Any]:
    """Lazily yield every item of a paged list API, one page in memory at a time."""
    offset = 0
    while True:
        page = fetch(offset, page_size)
        yield from page.items
        offset += page.count
        if not page.count or offset >= page.total:
            return
