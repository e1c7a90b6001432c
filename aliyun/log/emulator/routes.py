"""Dispatch table: (method, path pattern, ``type``/``action`` query parameter) → handler function.

Each ``handlers/<area>.py`` has a ``register(router)`` that adds its routes with the handler function objects;
``handlers.build_router`` calls the ``register`` functions listed in ``handlers.AREAS`` (imported, not named by
strings, so readers and tools can follow every route to its code).

Patterns are ``/``-separated segments where ``{name}`` captures one segment (passed to the handler as a keyword
argument). Literal segments win over captures (``/logstores/{ls}/shards/lb`` before ``.../shards/{shard}``).
Several handlers may share (method, pattern) when told apart by one query parameter (``when={"type": "log"}``);
a handler registered without ``when`` serves requests whose parameter is absent or empty.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Tuple

from .core import ApiError

__all__ = ["AUTH_CONTROL", "AUTH_NONE", "AUTH_REQUIRED", "Handler", "Route", "Router"]

Handler = Callable[..., Any]

#: Route authentication modes: a signed request; none; the emulator's control plane (``/_emulator/``: see
#: ``server.Application`` for when it may be unsigned).
AUTH_REQUIRED = "required"
AUTH_NONE = "none"
AUTH_CONTROL = "control"


class Route:
    """A resolved endpoint: handler plus its flags."""

    __slots__ = ("auth", "handler", "name", "project")

    def __init__(self, name: str, handler: Handler, project: bool, auth: str) -> None:
        self.name = name
        self.handler = handler
        self.project = project  # True: the Host must name a project
        self.auth = auth

    def __repr__(self) -> str:
        return f"Route({self.name})"


class _Endpoint:
    """All routes of one (method, pattern): an optional selector parameter and its values."""

    __slots__ = ("by_value", "default", "selector")

    def __init__(self) -> None:
        self.selector: Optional[str] = None
        self.by_value: Dict[str, Route] = {}
        self.default: Optional[Route] = None


class _Pattern:
    __slots__ = ("captures", "literal_count", "methods", "segments")

    def __init__(self, pattern: str) -> None:
        self.segments: List[Optional[str]] = []  # None = capture
        self.captures: List[str] = []
        for part in _split(pattern):
            if part.startswith("{") and part.endswith("}"):
                self.segments.append(None)
                self.captures.append(part[1:-1])
            else:
                self.segments.append(part)
        self.literal_count = sum(1 for s in self.segments if s is not None)
        self.methods: Dict[str, _Endpoint] = {}

    def match(self, parts: List[str]) -> Optional[Dict[str, str]]:
        values: Dict[str, str] = {}
        names = iter(self.captures)
        for want, got in zip(self.segments, parts):
            if want is None:
                if not got:
                    return None
                values[next(names)] = got
            elif want != got:
                return None
        return values


def _split(path: str) -> List[str]:
    stripped = path.strip("/")
    return stripped.split("/") if stripped else []


class Router:
    def __init__(self) -> None:
        # (segment count) -> patterns, most literal segments first
        self._by_length: Dict[int, List[_Pattern]] = {}
        self._patterns: Dict[str, _Pattern] = {}

    def add(
        self,
        method: str,
        pattern: str,
        handler: Handler,
        *,
        when: Optional[Dict[str, str]] = None,
        project: bool = True,
        auth: str = AUTH_REQUIRED,
        name: Optional[str] = None,
    ) -> None:
        key = "/" + "/".join(_split(pattern))
        compiled = self._patterns.get(key)
        if compiled is None:
            compiled = self._patterns[key] = _Pattern(key)
            bucket = self._by_length.setdefault(len(compiled.segments), [])
            bucket.append(compiled)
            bucket.sort(key=lambda p: -p.literal_count)
        endpoint = compiled.methods.setdefault(method.upper(), _Endpoint())
        route = Route(name or str(getattr(handler, "__name__", "handler")), handler, project, auth)
        if not when:
            if endpoint.default is not None:
                raise ValueError(f"duplicate route {method} {pattern}")
            endpoint.default = route
            return
        if len(when) != 1:
            raise ValueError("when= selects on exactly one query parameter")
        ((param, value),) = when.items()
        if endpoint.selector not in (None, param):
            raise ValueError(f"{method} {pattern} already selects on {endpoint.selector!r}, not {param!r}")
        endpoint.selector = param
        if value in endpoint.by_value:
            raise ValueError(f"duplicate route {method} {pattern} {param}={value}")
        endpoint.by_value[value] = route

    def resolve(self, method: str, path: str, params: Dict[str, str]) -> Tuple[Route, Dict[str, str]]:
        """The route for a request and its path captures; ``ApiError`` when nothing serves it."""
        parts = _split(path)
        allowed: List[str] = []
        for compiled in self._by_length.get(len(parts), ()):
            captures = compiled.match(parts)
            if captures is None:
                continue
            endpoint = compiled.methods.get(method)
            if endpoint is None:
                allowed.extend(compiled.methods)
                continue
            if endpoint.selector is not None:
                value = params.get(endpoint.selector, "")
                route = endpoint.by_value.get(value) if value else endpoint.default
                if route is None:
                    route = endpoint.by_value.get(value.lower()) if value else None
                if route is None:
                    choices = ", ".join(sorted(endpoint.by_value))
                    raise ApiError(
                        400,
                        "ParameterInvalid",
                        f"invalid {endpoint.selector} {value!r} for {method} {path} (supported: {choices})",
                    )
                return route, captures
            if endpoint.default is None:  # pragma: no cover - only possible with when= routes
                continue
            return endpoint.default, captures
        if allowed:
            raise ApiError(405, "MethodNotAllowed", f"{method} is not supported on {path}")
        raise ApiError(404, "ApiNotFound", f"no API serves {method} {path} in this emulator")

    def lookup(self, method: str, path: str, params: Dict[str, str]) -> Optional[Tuple[Route, Dict[str, str]]]:
        """Like :meth:`resolve` but None instead of an error (used to decide authentication before erroring)."""
        try:
            return self.resolve(method, path, params)
        except ApiError:
            return None

