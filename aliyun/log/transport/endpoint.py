"""Endpoint parsing and addressing: which URL a request goes to, and which ``Host`` it names."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Endpoint:
    """A parsed endpoint.

    Addressing follows the official SDK: for a service endpoint the project is part of the URL
    (``http://<project>.<endpoint>:80/...``), so proxies, TLS SNI and HTTP mocking libraries see the same URL; an IP
    address or ``localhost`` cannot carry a project, so requests connect to it and name the project in ``Host``
    only. ``Host`` is always ``<project>.<host>`` (no port), or the bare host for calls outside a project.
    """

    scheme: str
    host: str
    port: Optional[int]

    @classmethod
    def parse(cls, endpoint: str) -> Endpoint:
        """Accept ``host``, ``host:port``, ``http://host[:port]`` and ``https://host[:port]``."""
        if not isinstance(endpoint, str):
            raise TypeError(f"endpoint must be a str such as 'cn-hangzhou.log.aliyuncs.com', got "
                            f"{type(endpoint).__name__}")
        text = endpoint.strip()
        if not text:
            raise ValueError("endpoint must not be empty; give e.g. 'cn-hangzhou.log.aliyuncs.com'")
        if "://" not in text:
            text = "http://" + text
        parts = urlsplit(text)
        if parts.scheme.lower() not in _DEFAULT_PORTS:
            raise ValueError(f"endpoint scheme must be http or https, got {endpoint!r}")
        if not parts.hostname:
            raise ValueError(f"endpoint has no host: {endpoint!r}")
        try:
            port = parts.port
        except ValueError:
            raise ValueError(f"endpoint has an invalid port: {endpoint!r}") from None
        return cls(parts.scheme.lower(), parts.hostname, port)

    @property
    def is_literal(self) -> bool:
        """True for an IP address or ``localhost``: a host that cannot be prefixed with a project name."""
        if self.host == "localhost":
            return True
        try:
            ipaddress.ip_address(self.host)
        except ValueError:
            return False
        return True

    @property
    def base_url(self) -> str:
        """``scheme://host[:port]`` as given (the port only when the endpoint names one)."""
        return f"{self.scheme}://{_bracketed(self.host)}" + (f":{self.port}" if self.port else "")

    def url(self, project: Optional[str], target: str) -> str:
        """The absolute URL of ``target`` (path and query) for a call in ``project`` (or outside any project)."""
        host = self.host if self.is_literal or not project else f"{project}.{self.host}"
        port = self.port or _DEFAULT_PORTS[self.scheme]
        return f"{self.scheme}://{_bracketed(host)}:{port}{target}"

    def host_header(self, project: Optional[str]) -> str:
        """``<project>.<host>`` (no port, like the official clients) or the bare host."""
        return f"{project}.{self.host}" if project else self.host


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host
