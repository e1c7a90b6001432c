"""Composite operations: each one is a sequence of ordinary API calls made through a client.

They take the :class:`~aliyun.log.LogClient` to work with as their first argument; ``LogClient`` exposes each of
them as a method of the same name (``client.copy_logstore(...)`` is ``copying.copy_logstore(client, ...)``).

- :mod:`.copying`: ``copy_project``, ``copy_logstore``, ``copy_dashboard``, ``copy_alert``.
- :mod:`.shards`: ``arrange_shard``.
- :mod:`.usage`: ``get_resource_usage``.
- :mod:`.transfer`: ``pull_log_dump``, ``copy_data``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from .copying import copy_alert, copy_dashboard, copy_logstore, copy_project
from .shards import arrange_shard
from .transfer import copy_data, parse_shard_list, pull_log_dump
from .usage import DEFAULT_QUOTAS, get_resource_usage

if TYPE_CHECKING:  # pragma: no cover
    from ..client import LogClient

__all__ = [
    "DEFAULT_QUOTAS",
    "arrange_shard",
    "as_log_client",
    "copy_alert",
    "copy_dashboard",
    "copy_data",
    "copy_logstore",
    "copy_project",
    "get_resource_usage",
    "parse_shard_list",
    "pull_log_dump",
]


def as_log_client(api: object) -> LogClient:
    """The LogClient a resource mixin of :mod:`aliyun.log.api` is part of (those mixins exist only inside
    LogClient): how the client's thin methods hand themselves to the operations here."""
    return cast("LogClient", api)
