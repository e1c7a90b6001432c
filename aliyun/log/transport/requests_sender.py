"""The default sender: a pooled ``requests.Session``."""

from __future__ import annotations

import logging
from typing import Mapping, Optional, Tuple, Union

import requests
from requests.adapters import HTTPAdapter

from .http import HttpHeaders, HttpRequest, HttpResponse, SendError

logger = logging.getLogger("aliyun.log.transport")


class RequestsSender:
    """Sends requests through one pooled ``requests.Session`` (thread-safe, keep-alive, no redirects).

    Args:
        verify: ``True``, ``False`` or the path of a CA bundle (https only).
        proxies: a requests-style mapping such as ``{"https": "http://proxy:3128"}``; ``None`` uses the environment
            (``HTTP(S)_PROXY`` / ``NO_PROXY``).
        pool_maxsize: connections kept per host.
    """

    def __init__(
        self,
        *,
        verify: Union[bool, str] = True,
        proxies: Optional[Mapping[str, str]] = None,
        pool_maxsize: int = 16,
    ) -> None:
        if not isinstance(pool_maxsize, int) or pool_maxsize < 1:
            raise ValueError(f"pool_maxsize must be a positive int, got {pool_maxsize!r}")
        self.verify = verify
        self.proxies = dict(proxies) if proxies else None
        # Made now, not on first use: a first request sent while the interpreter shuts down (a logging handler
        # delivering its queue at exit) must not import anything.
        self._session = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=pool_maxsize, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        if self.proxies is not None:
            self._session.trust_env = False
            self._session.proxies.update(self.proxies)

    def send(self, request: HttpRequest, timeout: Tuple[float, float]) -> HttpResponse:
        try:
            resp = self._session.request(
                request.method,
                request.url,
                data=request.body or None,
                headers=dict(request.headers),
                timeout=timeout,
                verify=self.verify,
                allow_redirects=False,
            )
            body = resp.content
        except requests.RequestException as exc:
            logger.debug("%s %s failed: %s", request.method, request.url, type(exc).__name__)
            raise SendError(f"{request.method} {request.url} failed: {exc}") from exc
        return HttpResponse(resp.status_code, HttpHeaders(resp.headers.items()), body)

    def close(self) -> None:
        self._session.close()

    def __repr__(self) -> str:
        return f"RequestsSender(verify={self.verify!r}, proxies={self.proxies!r})"
