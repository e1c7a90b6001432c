"""The emulator's query engine: search syntax, SQL analytics on SQLite, histograms, topics, project-level SQL.

``search`` parses the part before ``|``; ``index`` reads a logstore's index config; ``sql`` rewrites the analytic
statement for SQLite; ``functions`` registers the SLS / Presto functions (by family: values, clock, aggregates,
scalars); ``tables`` keeps a searchable copy of each queried logstore; ``compiler`` turns a search into a WHERE
clause; ``engine`` runs queries and ``results`` shapes their answers. The HTTP side is ``emulator/handlers/query.py``.
"""

from __future__ import annotations

from .engine import Histogram, LogsResult, QueryEngine, StoreHandle, choose_interval
from .index import IndexSpec
from .search import SearchSyntaxError, parse_search, split_query

__all__ = [
    "Histogram",
    "IndexSpec",
    "LogsResult",
    "QueryEngine",
    "SearchSyntaxError",
    "StoreHandle",
    "choose_interval",
    "parse_search",
    "split_query",
]
