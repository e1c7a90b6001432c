"""``transform_data``: run an ETL config over a logstore (the engine lives in :mod:`aliyun.log.etl`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ..models.response import LogResponse
from .base import ApiBase
from .cursors import TimeValue

if TYPE_CHECKING:  # pragma: no cover
    from ..client import LogClient


class TransformApi(ApiBase):
    def transform_data(
        self,
        project: str,
        logstore: str,
        config: Any,
        from_time: TimeValue,
        to_time: Optional[TimeValue] = None,
        to_client: Optional[LogClient] = None,
        to_project: Optional[str] = None,
        to_logstore: Optional[str] = None,
        shard_list: Any = None,
        batch_size: Optional[int] = None,
        compress: Optional[bool] = None,
        cg_name: Optional[str] = None,
        c_name: Optional[str] = None,
        cg_heartbeat_interval: Optional[float] = None,
        cg_data_fetch_interval: Optional[float] = None,
        cg_in_order: Optional[bool] = None,
        cg_worker_pool_size: Optional[int] = None,
        *,
        dead_letter_logstore: Optional[str] = None,
        pool_size: Optional[int] = None,
        restricted: bool = False,
        progress: Optional[bool] = None,
    ) -> LogResponse:
        """Transform the logs received between ``from_time`` and ``to_time`` with an ETL ``config`` and write the
        results to ``to_logstore`` (default: the source logstore) of ``to_project`` / ``to_client``.

        ``config`` is a ``.py`` path, a module name or a module written in the ETL DSL (``docs/etl.md``); an
        empty config copies the data (``copy_data``). Times are receive times: ``"begin"``, ``"end"``, unix
        seconds, ``"2024-03-01 10:00:00+8:00"``, ``"1 hour ago"``...

        Batch mode (no ``cg_name``): reads up to ``to_time`` (default ``"end"``) the shards of ``shard_list``
        (``"0,2-4"``, default all) on ``pool_size`` worker processes (default two per CPU, at most one per shard;
        0 runs in this process). ``batch_size`` log groups per pull (default 1000).

        Consumer-group mode (``cg_name``): joins the consumer group as ``c_name`` (default
        ``transform_data_<pid>``) from ``from_time``; several processes, on several machines, share the shards;
        checkpoints are saved after the writes they cover. Runs until ``to_time`` (None: until interrupted).
        ``cg_heartbeat_interval`` (20 s), ``cg_data_fetch_interval`` (2 s), ``cg_in_order`` (False) and
        ``cg_worker_pool_size`` (3) tune the consumer.

        An event a rule raises on is counted as ``failed`` (each distinct error logged once, with the rule) and,
        with ``dead_letter_logstore``, written there with ``etl_rule`` / ``etl_error`` fields. ``restricted=True``
        first validates the config with the restricted parser. ``progress`` shows a tqdm bar (default: on a
        terminal when tqdm is installed). Ctrl-C stops cleanly and returns the partial counts with
        ``"interrupted": true``.

        Returns ``{"total_count": n, "shards": {id: {"count", "total_count", "transformed", "removed",
        "failed"}}}`` (shard ids as strings in batch mode, ints in consumer-group mode; shards without events are
        left out; ``errors`` lists shards whose task failed).
        """
        from ..etl.runtime import transform_data

        return transform_data(self, project, logstore, config, from_time, to_time, to_client, to_project,
                              to_logstore, shard_list, batch_size, compress, cg_name, c_name, cg_heartbeat_interval,
                              cg_data_fetch_interval, cg_in_order, cg_worker_pool_size,
                              dead_letter_logstore=dead_letter_logstore, pool_size=pool_size, restricted=restricted,
                              progress=progress)
