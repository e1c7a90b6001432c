"""Parsing the migration's arguments and planning its tasks (pure: no network, no ``elasticsearch`` import)."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple
from urllib.parse import unquote, urlsplit

from .mapping import logstore_name_for_index

__all__ = [
    "EsHosts",
    "MigrationTask",
    "logstore_for_index",
    "parse_hosts",
    "parse_logstore_index_mappings",
    "parse_query",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EsHosts:
    """The source cluster: its nodes (for the elasticsearch client) and the basic-auth pair found in them."""

    nodes: Tuple[Dict[str, Any], ...]
    username: Optional[str] = None
    password: Optional[str] = field(default=None, repr=False)

    def display(self) -> str:
        """``host:port`` list, with the user name but never the password."""
        parts = []
        for node in self.nodes:
            host = f"[{node['host']}]" if ":" in node["host"] else node["host"]
            text = f"{host}:{node['port']}"
            if node["scheme"] != "http":
                text = f"{node['scheme']}://{text}"
            parts.append(text)
        shown = ",".join(parts)
        return f"{self.username}:***@{shown}" if self.username else shown


def parse_hosts(hosts: Any) -> EsHosts:
    """Read ``hosts``: ``"host:port,host2:port"``, ``"user:secret@host:port"``, ``"https://user:secret@host"``...

    A list of such strings is accepted too. The port defaults to 9200 and the scheme to ``http``; user and password
    are percent-decoded (write ``@`` in a password as ``%40``). When several hosts carry credentials they must be
    the same (the client has one identity).
    """
    if isinstance(hosts, str):
        items = [h.strip() for h in hosts.split(",")]
    elif isinstance(hosts, (list, tuple)):
        items = [str(h).strip() for h in hosts]
    else:
        raise ValueError(f"hosts must be a comma-separated string such as 'localhost:9200', got {hosts!r}")
    items = [h for h in items if h]
    if not items:
        raise ValueError("hosts is empty: give at least one Elasticsearch node, e.g. 'localhost:9200'")
    nodes: List[Dict[str, Any]] = []
    credentials: Optional[Tuple[str, str]] = None
    for item in items:
        text = item if "://" in item else f"http://{item}"
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise ValueError(f"host {item!r}: the scheme must be http or https")
        try:
            port = parts.port
        except ValueError:
            raise ValueError(f"host {item!r}: the port is not a number") from None
        if not parts.hostname:
            raise ValueError(f"host {item!r} has no host name")
        node: Dict[str, Any] = {"scheme": scheme, "host": parts.hostname, "port": port or 9200}
        if parts.path and parts.path != "/":
            node["path_prefix"] = parts.path.rstrip("/")
        nodes.append(node)
        if parts.username is not None:
            pair = (unquote(parts.username), unquote(parts.password or ""))
            if credentials is not None and credentials != pair:
                raise ValueError("hosts carry different credentials; use one user:secret for the cluster")
            credentials = pair
    if credentials is None:
        return EsHosts(tuple(nodes))
    return EsHosts(tuple(nodes), credentials[0], credentials[1])


def _lenient_json_object(text: str, what: str) -> Dict[str, Any]:
    """``json.loads`` for an object, forgiving stray closing braces (as in the user guide's own examples:
    ``'{"a": "x", "b": "y"}}'`` and ``'{"a": "x"}, "b": "y"}'``). Anything else must be valid JSON."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as first_error:
        repaired = _drop_stray_braces(text)
        try:
            value = json.loads(repaired)
        except json.JSONDecodeError:
            raise ValueError(f"{what} is not valid JSON: {first_error}") from None
        logger.warning("%s had unbalanced braces; read it as %s", what, repaired)
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be a JSON object, got {text!r}")
    return value


def _drop_stray_braces(text: str) -> str:
    """Remove ``}`` that close the top-level object before its end, and any ``}`` after it."""
    out: List[str] = []
    depth = 0
    in_string = escape = False
    chars = list(text)
    for i, ch in enumerate(chars):
        if in_string:
            out.append(ch)
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            rest = "".join(chars[i + 1:]).strip()
            if depth == 0 or (depth == 1 and rest and rest.strip("}") != ""):
                continue  # a brace that closes nothing, or closes the object too early
            depth -= 1
        out.append(ch)
    return "".join(out)


def parse_logstore_index_mappings(mappings: Any) -> List[Tuple[str, List[str]]]:
    """``[(logstore, [index pattern, ...]), ...]`` in the given order, from a JSON string or a dict.

    Each value is a comma-separated list of index names or ``fnmatch`` patterns (``*``, ``?``, ``[...]``).
    """
    if mappings is None or mappings == "":
        return []
    value = _lenient_json_object(mappings, "logstore_index_mappings") if isinstance(mappings, str) else mappings
    if not isinstance(value, Mapping):
        raise ValueError(f"logstore_index_mappings must be a JSON object, got {mappings!r}")
    result: List[Tuple[str, List[str]]] = []
    for logstore, patterns in value.items():
        if isinstance(patterns, str):
            items = [p.strip() for p in patterns.split(",") if p.strip()]
        elif isinstance(patterns, (list, tuple)):
            items = [str(p).strip() for p in patterns if str(p).strip()]
        else:
            raise ValueError(f"logstore_index_mappings[{logstore!r}] must be a string of index patterns")
        result.append((str(logstore), items))
    return result


def logstore_for_index(index: str, mappings: Sequence[Tuple[str, List[str]]]) -> str:
    """The logstore of an index: the first mapping (in order) with a matching pattern, else the index's own name
    made a valid logstore name (:func:`~aliyun.log.es_migration.mapping.logstore_name_for_index`)."""
    for logstore, patterns in mappings:
        for pattern in patterns:
            if fnmatch.fnmatchcase(index, pattern):
                return logstore
    return logstore_name_for_index(index)


_QUERY_CONTROLLED = ("sort", "size", "from", "slice", "search_after", "pit", "scroll", "track_total_hits")


def parse_query(query: Any) -> Tuple[Optional[Dict[str, Any]], Dict[str, Any]]:
    """``(query clause, other search body keys)`` from ``query``.

    ``query`` is a JSON string or dict, either a search body (``{"query": {...}, "_source": [...]}``) or a bare
    query clause (``{"match": {...}}``). Keys the migration controls (sort, size, from, slice...) are refused.
    """
    if query is None or query == "":
        return None, {}
    value = _lenient_json_object(query, "query") if isinstance(query, str) else dict(query)
    if "query" not in value and not (set(value) & {"_source", "runtime_mappings", "stored_fields"}):
        return value, {}  # a bare clause
    refused = [k for k in value if k in _QUERY_CONTROLLED]
    if refused:
        raise ValueError(f"query may not set {', '.join(refused)}: the migration decides paging and order")
    extra = {k: v for k, v in value.items() if k != "query"}
    return value.get("query"), extra


_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass
class MigrationTask:
    """One unit of work: the documents of one shard (or one slice of it) of one index, into one logstore."""

    task_id: int
    index: str
    shard: int
    logstore: str
    slice_id: int = 0
    slice_max: int = 1
    #: documents the shard holds for the query (for progress; None when unknown)
    expected: Optional[int] = None
    #: the time field's date format in this index's mapping
    date_format: Optional[str] = None
    #: the index's uuid (a re-created index of the same name is a different source)
    index_uuid: str = ""
    #: primary shards of the index
    shards: int = 1
    #: documents written by earlier runs (from the checkpoint)
    done_count: int = 0
    #: the checkpoint says the task is complete
    finished: bool = False

    @property
    def key(self) -> str:
        """Stable identity (checkpoint file name and batch tag): index (and uuid), shard and slice."""
        uuid = f"@{self.index_uuid[:8]}" if self.index_uuid else ""
        return f"{self.index}{uuid}/{self.shard}/{self.slice_id}of{self.slice_max}"

    @property
    def file_name(self) -> str:
        digest = hashlib.sha1(self.key.encode("utf-8")).hexdigest()[:8]
        return f"{_SAFE_NAME.sub('_', self.index)[:80]}.{self.shard}.{self.slice_id}of{self.slice_max}.{digest}.json"

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)
