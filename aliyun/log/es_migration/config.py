"""``MigrationConfig``: the settings object of the original SDK's ``MigrationManager(config)``."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Tuple, Union

__all__ = ["MigrationConfig"]

JsonOption = Optional[Union[str, Mapping[str, Any]]]


class MigrationConfig:
    """Everything a migration needs, given once: ``MigrationManager(config=MigrationConfig(...))``.

    The parameters mean what they mean for :class:`~aliyun.log.es_migration.MigrationManager`; the defaults are the
    original tool's (``pool_size`` 10, ``batch_size`` 1000, ``wait_time_in_secs`` 60, ``retries_failed`` 10,
    ``scroll`` ``"1d"``). ``cache_path`` is the checkpoint directory that makes a rerun resume.
    """

    default_pool_size = 10
    default_wait_time = 60
    default_batch_size = 1000
    default_retries_failed = 10

    def __init__(
        self,
        cache_path: Optional[str],
        endpoint: Optional[str] = None,
        access_key_id: Optional[str] = None,
        access_key: Optional[str] = None,
        project_name: Optional[str] = None,
        hosts: Optional[str] = None,
        indexes: Optional[str] = None,
        query: JsonOption = None,
        scroll: str = "1d",
        time_reference: Optional[str] = None,
        logstore_index_mappings: JsonOption = None,
        source: Optional[str] = None,
        topic: Optional[str] = None,
        pool_size: Optional[int] = None,
        batch_size: Optional[int] = None,
        wait_time_in_secs: Optional[int] = None,
        auto_creation: bool = True,
        retries_failed: Optional[int] = None,
    ) -> None:
        self.cache_path = cache_path
        self.endpoint = endpoint
        self.access_key_id = access_key_id
        self.access_key = access_key
        self.project_name = project_name
        self.hosts = hosts
        self.indexes = indexes
        self.query = query
        self.scroll = scroll
        self.time_reference = time_reference
        self.logstore_index_mappings = logstore_index_mappings
        self.source = source
        self.topic = topic
        self.pool_size = self.default_pool_size if pool_size is None else pool_size
        self.batch_size = self.default_batch_size if batch_size is None else batch_size
        self.wait_time_in_secs = self.default_wait_time if wait_time_in_secs is None else wait_time_in_secs
        self.auto_creation = auto_creation
        self.retries_failed = self.default_retries_failed if retries_failed is None else retries_failed

    def get(self, key: str, default: Any = None) -> Any:
        """A setting by name (``config.get("endpoint")``), or ``default`` when it is unset."""
        value = getattr(self, key, None) if not key.startswith("_") else None
        return default if value is None else value

    def manager_arguments(self) -> Tuple[Any, ...]:
        """The settings in the order ``MigrationManager`` unpacks them."""
        return (
            self.hosts, self.indexes, self.query, self.scroll, self.endpoint, self.project_name, self.access_key_id,
            self.access_key, self.logstore_index_mappings, self.pool_size, self.time_reference, self.source,
            self.topic, self.wait_time_in_secs, self.auto_creation, self.cache_path, self.batch_size,
            self.retries_failed,
        )

    def __repr__(self) -> str:
        return (
            f"MigrationConfig(hosts={self.hosts!r}, endpoint={self.endpoint!r}, project_name={self.project_name!r}, "
            f"indexes={self.indexes!r}, cache_path={self.cache_path!r})"
        )
