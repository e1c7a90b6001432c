"""The default sender: a pooled ``requests.Session``."""

from __future__ import annotations

import logging
import os
from typing import Dict, Mapping, Optional, Tuple, Union

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests.utils import get_environ_proxies

from .http import HttpHeaders, HttpRequest, HttpResponse, SendError

logger = logging.getLogger("aliyun.log.transport")

_MAX_ORIGINS = 256  # scheme://host entries whose environment proxies are kept


class RequestsSender:
    """Sends requests through one pooled ``requests.Session`` (thread-safe, keep-alive, no redirects).

    Args:
        verify: ``True``, ``False`` or the path of a CA bundle (https only); ``True`` with ``proxies=None`` takes
            ``REQUESTS_CA_BUNDLE`` / ``CURL_CA_BUNDLE`` from the environment, as requests does.
        proxies: a requests-style mapping such as ``{"https": "http://proxy:3128"}``; ``None`` uses the environment
            (``HTTP(S)_PROXY`` / ``ALL_PROXY`` / ``NO_PROXY``).
        pool_maxsize: connections kept per host.

    The environment is read when the sender is made (the CA bundle) and once per scheme and host (the proxy, with
    ``NO_PROXY`` applied to that host), not on every request as ``requests`` otherwise does; ``~/.netrc`` is not
    consulted (its basic auth would replace the request signature).
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
        self._session.trust_env = False  # the environment is resolved here, once (see _proxies_for)
        self._use_environment = self.proxies is None
        self._verify = verify
        if self.proxies is not None:
            self._session.proxies.update(self.proxies)
        elif verify is True:
            self._verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        self._environment_proxies: Dict[str, Dict[str, str]] = {}

    def _proxies_for(self, url: str) -> Optional[Dict[str, str]]:
        """The environment's proxies for the scheme and host of ``url`` (empty when NO_PROXY covers the host)."""
        if not self._use_environment:
            return None
        end = url.find("/", url.find("//") + 2)
        origin = url if end < 0 else url[:end]  # scheme://host[:port]
        found = self._environment_proxies.get(origin)
        if found is None:
            found = get_environ_proxies(origin)
            if len(self._environment_proxies) >= _MAX_ORIGINS:
                self._environment_proxies.clear()
            self._environment_proxies[origin] = found
        return found

    def send(self, request: HttpRequest, timeout: Tuple[float, float]) -> HttpResponse:
        try:
            resp = self._session.request(
                request.method,
                request.url,
                data=request.body or None,
                headers=dict(request.headers),
                timeout=timeout,
                verify=self._verify,
                proxies=self._proxies_for(request.url),
                allow_redirects=False,
                stream=True,
            )
            try:
                # One read of the whole body (its length is known), instead of requests' join of 10 KiB chunks:
                # a pull answer of megabytes is read without a second copy. The connection goes back to the pool
                # once the body is read.
                body = resp.raw.read(decode_content=True)
            finally:
                resp.close()
        except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:
            logger.debug("%s %s failed: %s", request.method, request.url, type(exc).__name__)
            raise SendError(f"{request.method} {request.url} failed: {exc}") from exc
        return HttpResponse(resp.status_code, HttpHeaders(resp.headers.items()), body)

    def close(self) -> None:
        self._session.close()

    def __repr__(self) -> str:
        return f"RequestsSender(verify={self.verify!r}, proxies={self.proxies!r})"
