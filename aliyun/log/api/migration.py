"""Elasticsearch migration from a LogClient (``es_migration``), writing with the client's own endpoint and keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional, Union

from .base import ApiBase

if TYPE_CHECKING:  # pragma: no cover
    from ..es_migration import MigrationResponse


class MigrationApi(ApiBase):
    _endpoint: str
    _auth_version: str
    _region: str

    def es_migration(
        self,
        cache_path: Optional[str],
        hosts: Optional[str] = None,
        project_name: Optional[str] = None,
        indexes: Optional[str] = None,
        query: Optional[Union[str, Mapping[str, Any]]] = None,
        logstore_index_mappings: Optional[Union[str, Mapping[str, Any]]] = None,
        pool_size: Optional[int] = None,
        time_reference: Optional[str] = None,
        source: Optional[str] = None,
        topic: Optional[str] = None,
        batch_size: Optional[int] = None,
        wait_time_in_secs: Optional[int] = None,
        auto_creation: bool = True,
        retries_failed: Optional[int] = None,
        cache_duration: Union[str, int, float, None] = "1d",
        **options: Any,
    ) -> MigrationResponse:
        """Migrate data from Elasticsearch into ``project_name`` of this client's endpoint.

        Same parameters as :class:`~aliyun.log.es_migration.MigrationManager` (``cache_path`` holds the checkpoints
        that make an interrupted migration resume; None: the default cache directory). ``pool_size`` defaults to 10,
        ``batch_size`` to 1000, ``wait_time_in_secs`` to 60, ``retries_failed`` to 0. Further keyword options
        (``scroll``, ``slices_per_shard``, ``progress``, ``es_options``...) go to ``MigrationManager``.

        Returns a :class:`~aliyun.log.es_migration.MigrationResponse`; raises ``ImportError`` without the
        ``elasticsearch`` client (``pip install 'aliyun-log-typed[es]'``).

        The earlier order ``es_migration(hosts, project_name, ...)`` is accepted when ``project_name`` is not given
        (two positional arguments); with a third positional argument the official order applies.
        """
        from ..es_migration import MigrationManager

        if project_name is None:
            if hosts is None:
                raise TypeError("es_migration() needs hosts and project_name")
            cache_path, hosts, project_name = None, cache_path, hosts

        credentials = self._transport.credentials_provider.get_credentials()
        manager = MigrationManager(
            hosts=hosts,
            indexes=indexes,
            query=query,
            endpoint=self._endpoint,
            project_name=project_name,
            access_key_id=credentials.access_key_id,
            access_key=credentials.access_key_secret,
            logstore_index_mappings=logstore_index_mappings,
            pool_size=10 if pool_size is None else pool_size,
            time_reference=time_reference,
            source=source,
            topic=topic,
            wait_time_in_secs=60 if wait_time_in_secs is None else wait_time_in_secs,
            auto_creation=auto_creation,
            cache_path=cache_path,
            cache_duration=cache_duration,
            batch_size=1000 if batch_size is None else batch_size,
            retries_failed=0 if retries_failed is None else retries_failed,
            security_token=credentials.security_token,
            auth_version=getattr(self, "_auth_version", "v1"),
            region=getattr(self, "_region", ""),
            **options,
        )
        return manager.migrate()
