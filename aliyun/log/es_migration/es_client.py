"""The only place that imports ``elasticsearch``: client creation and the calls the migration makes, for the 7.17
and 8.x clients (the range of the ``es`` extra, both tested)."""

from __future__ import annotations

import logging
import warnings
from typing import Any, Dict, List, Optional, Tuple

from ..version import install_hint
from .planning import EsHosts

__all__ = ["EsSource", "import_elasticsearch"]

logger = logging.getLogger(__name__)

#: Client versions this module is tested with: [7.17, 9).
SUPPORTED = ((7, 17), (9, 0))
INSTALL_HINT = f"{install_hint('es')}  (or: pip install 'elasticsearch>=7.17,<9')"


def import_elasticsearch() -> Any:
    """The ``elasticsearch`` module, or ImportError with an install hint."""
    try:
        import elasticsearch
    except ImportError as exc:
        raise ImportError(f"Elasticsearch migration needs the elasticsearch client: {INSTALL_HINT}") from exc
    version = tuple(getattr(elasticsearch, "VERSION", (0, 0, 0))[:2])
    version_text = getattr(elasticsearch, "__versionstr__", "?")
    if version < SUPPORTED[0]:
        raise ImportError(f"elasticsearch client {version_text} is too old for the migration "
                          f"(7.17 or later is needed): {INSTALL_HINT}")
    if version >= SUPPORTED[1]:
        warnings.warn(f"elasticsearch client {version_text} is not tested with the migration; 9.x "
                      "clients only talk to Elasticsearch 9 servers. Tested: >=7.17,<9", RuntimeWarning, stacklevel=3)
    return elasticsearch


class EsSource:
    """A source cluster: the elasticsearch client plus version-neutral helpers."""

    def __init__(self, hosts: EsHosts, options: Optional[Dict[str, Any]] = None, timeout: float = 120.0) -> None:
        es = import_elasticsearch()
        self.module = es
        self.major = int(es.VERSION[0])
        kwargs: Dict[str, Any] = {"max_retries": 3, "retry_on_timeout": True}
        if self.major >= 8:
            nodes: List[Any] = [dict(node) for node in hosts.nodes]
            kwargs["request_timeout"] = timeout
            if hosts.username is not None:
                kwargs["basic_auth"] = (hosts.username, hosts.password or "")
        else:
            nodes = []
            for node in hosts.nodes:
                item = {"host": node["host"], "port": node["port"], "scheme": node["scheme"]}
                if node.get("path_prefix"):
                    item["url_prefix"] = node["path_prefix"]
                nodes.append(item)
            kwargs["timeout"] = timeout
            if hosts.username is not None:
                kwargs["http_auth"] = (hosts.username, hosts.password or "")
        kwargs.update(options or {})
        self.client = es.Elasticsearch(nodes, **kwargs)

    def close(self) -> None:
        try:
            self.client.close()
        except Exception:  # pragma: no cover - closing is best effort
            pass

    # -- metadata ----------------------------------------------------------------------------------------------------
    def server_version(self) -> str:
        return str(self.client.info()["version"]["number"])

    def indices(self, expression: str) -> Dict[str, Dict[str, Any]]:
        """``{index: {"mappings": ..., "settings": ...}}`` of the open indices an expression names."""
        result = self.client.indices.get(index=expression, expand_wildcards="open")
        return {name: dict(info) for name, info in _body(result).items()}

    def count(self, index: str, shard: int, query: Optional[Dict[str, Any]]) -> int:
        preference = f"_shards:{shard}"
        if self.major >= 8:
            if query is not None:
                result = self.client.count(index=index, preference=preference, query=query)
            else:
                result = self.client.count(index=index, preference=preference)
        else:
            body = {"query": query} if query is not None else None
            result = self.client.count(index=index, preference=preference, body=body)
        return int(_body(result)["count"])

    # -- reading -----------------------------------------------------------------------------------------------------
    def search(self, index: str, body: Dict[str, Any], scroll: str, preference: str) -> Dict[str, Any]:
        # 7.17 and 8.x both take the body fields as keyword arguments (7.17 deprecates body=)
        return _body(self.client.search(index=index, scroll=scroll, preference=preference, **body))

    def scroll(self, scroll_id: str, scroll: str) -> Dict[str, Any]:
        return _body(self.client.scroll(scroll_id=scroll_id, scroll=scroll))

    def clear_scroll(self, scroll_id: str) -> None:
        try:
            self.client.clear_scroll(scroll_id=scroll_id)
        except Exception as exc:  # an expired scroll is already gone
            logger.debug("clear_scroll failed: %s", exc)

    def classify(self, exc: BaseException) -> Tuple[bool, str]:
        """``(retriable, description)`` of an error raised by the client."""
        es = self.module
        transient = tuple(
            cls for cls in (getattr(es, "ConnectionError", None), getattr(es, "ConnectionTimeout", None))
            if isinstance(cls, type)
        )
        status: Any = None
        meta = getattr(exc, "meta", None)
        if meta is not None and isinstance(getattr(meta, "status", None), int):
            status = meta.status
        elif isinstance(getattr(exc, "status_code", None), int):
            status = exc.status_code  # type: ignore[attr-defined]
        text = f"{type(exc).__name__}: {exc}"
        if transient and isinstance(exc, transient):
            return True, text
        if status in (429, 500, 502, 503, 504):
            return True, text
        details = f"{exc} {getattr(exc, 'body', '')} {getattr(exc, 'info', '')}"
        if status == 404 and ("search_context_missing" in details or "No search context" in details):
            return True, text  # the scroll expired: start a new one after the last document read
        return False, text


def _body(result: Any) -> Dict[str, Any]:
    """The JSON body of an answer (8.x returns ObjectApiResponse, 7.x a dict)."""
    body = getattr(result, "body", result)
    return body  # type: ignore[no-any-return]
