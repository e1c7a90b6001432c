"""Elasticsearch -> Log Service migration (``MigrationManager``).

Importing this package does not import the ``elasticsearch`` client; :meth:`MigrationManager.migrate` does (install
it with ``pip install 'aliyun-log-typed[es]'``). See ``docs/es_migration.md``.
"""

from __future__ import annotations

from .config import MigrationConfig
from .manager import MigrationManager, MigrationResponse
from .mapping import ES_TYPE_TABLE, index_config_from_mapping, logstore_name_for_index, sls_key
from .task import CollectionTaskStatus, TaskResult

__all__ = [
    "ES_TYPE_TABLE",
    "CollectionTaskStatus",
    "MigrationConfig",
    "MigrationManager",
    "MigrationResponse",
    "TaskResult",
    "index_config_from_mapping",
    "logstore_name_for_index",
    "sls_key",
]
