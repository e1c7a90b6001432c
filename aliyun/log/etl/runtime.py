"""``LogClient.transform_data``: run an ETL config over a logstore, in batch or consumer-group mode."""

from __future__ import annotations

import logging
import sys
import time
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, Optional

from ..errors import LogException
from ..models.response import LogResponse
from .batch import BatchJob, default_pool_size, run_batch
from .clients import ClientSpec
from .consumer_mode import ConsumerSettings, run_consumer_group
from .pipeline import EventPipeline
from .runner import ConfigRef, Runner
from .sink import LogWriter

__all__ = ["transform_data"]

logger = logging.getLogger("aliyun.log.etl")


def _fixed_time(value: Any) -> Any:
    """Relative times (``"1 hour ago"``) resolved once, so every shard reads the same range."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("begin", "end")):
        return value
    from ..timeparse import parse_timestamp

    try:
        return parse_timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"invalid time {value!r}: {exc}") from None


@contextmanager
def _progress(enabled: Optional[bool]) -> Iterator[Optional[Callable[[int], None]]]:
    """A progress bar of events read (tqdm, on a terminal, unless ``enabled`` says otherwise)."""
    if enabled is False or (enabled is None and not sys.stderr.isatty()):
        yield None
        return
    try:
        from tqdm import tqdm
    except ImportError:
        yield None
        return
    bar = tqdm(unit=" events", desc="transform_data", dynamic_ncols=True)

    def update(total: int) -> None:
        bar.update(total - bar.n)

    try:
        yield update
    finally:
        bar.close()


def transform_data(client: Any, project: str, logstore: str, config: Any, from_time: Any, to_time: Any = None,
                   to_client: Any = None, to_project: Optional[str] = None, to_logstore: Optional[str] = None,
                   shard_list: Any = None, batch_size: Optional[int] = None, compress: Optional[bool] = None,
                   cg_name: Optional[str] = None, c_name: Optional[str] = None,
                   cg_heartbeat_interval: Optional[float] = None, cg_data_fetch_interval: Optional[float] = None,
                   cg_in_order: Optional[bool] = None, cg_worker_pool_size: Optional[int] = None, *,
                   dead_letter_logstore: Optional[str] = None, pool_size: Optional[int] = None,
                   restricted: bool = False, progress: Optional[bool] = None) -> LogResponse:
    """See :meth:`aliyun.log.api.transform.TransformApi.transform_data`."""
    from ..api.base import require_name

    require_name(project, "project")
    require_name(logstore, "logstore")
    if not config:
        return client.copy_data(project, logstore, from_time, to_time, to_client, to_project, to_logstore,  # type: ignore[no-any-return]
                                shard_list, batch_size, compress)
    runner = Runner(config, restricted=restricted)  # a bad config fails here, before anything is read
    target = to_client or client
    target_project = to_project or project
    target_logstore = to_logstore or logstore
    if dead_letter_logstore is not None:
        require_name(dead_letter_logstore, "dead_letter_logstore")
    started = time.monotonic()
    with _progress(progress) as on_progress:
        if cg_name:
            outcome = _consume(client, runner, project, logstore, from_time, to_time, target, target_project,
                               target_logstore, compress, dead_letter_logstore,
                               ConsumerSettings(cg_name, c_name, cg_heartbeat_interval, cg_data_fetch_interval,
                                                cg_in_order, cg_worker_pool_size, batch_size), on_progress)
        else:
            outcome = _batch(client, config, restricted, project, logstore, from_time, to_time, target,
                             target_project, target_logstore, shard_list, batch_size, compress,
                             dead_letter_logstore, pool_size, on_progress)
    body = _body(outcome, string_keys=not cg_name)
    shards = body["shards"]
    logger.info(
        "transform_data %s/%s -> %s/%s: %d events from %d shards, %d logs written, %d removed, %d failed in %.1fs%s",
        project, logstore, target_project, target_logstore, body["total_count"], len(shards),
        sum(s["transformed"] for s in shards.values()), sum(s["removed"] for s in shards.values()),
        sum(s["failed"] for s in shards.values()), time.monotonic() - started,
        " (interrupted)" if body.get("interrupted") else "")
    return LogResponse({}, body)


def _batch(client: Any, config: Any, restricted: bool, project: str, logstore: str, from_time: Any, to_time: Any,
           target: Any, target_project: str, target_logstore: str, shard_list: Any, batch_size: Optional[int],
           compress: Optional[bool], dead_letter_logstore: Optional[str], pool_size: Optional[int],
           on_progress: Optional[Callable[[int], None]]) -> Dict[str, Any]:
    from ..api.transfer import parse_shard_list

    existing = client.list_shards(project, logstore).get_shard_ids()
    shards = parse_shard_list(shard_list, existing)
    if not shards:
        raise LogException("InvalidParameter", f"shard_list {shard_list!r} names none of the shards {existing}")
    job = BatchJob(ConfigRef.of(config, restricted), ClientSpec.of(client),
                   None if target is client else ClientSpec.of(target), project, logstore, _fixed_time(from_time),
                   _fixed_time("end" if to_time is None else to_time), target_project, target_logstore, batch_size,
                   compress, dead_letter_logstore)
    size = default_pool_size(len(shards)) if pool_size is None else min(pool_size, len(shards))
    return run_batch(job, shards, size, on_progress)


def _consume(client: Any, runner: Runner, project: str, logstore: str, from_time: Any, to_time: Any, target: Any,
             target_project: str, target_logstore: str, compress: Optional[bool],
             dead_letter_logstore: Optional[str], settings: ConsumerSettings,
             on_progress: Optional[Callable[[int], None]]) -> Dict[str, Any]:
    target_client = ClientSpec.of(target).build()
    try:
        writer = LogWriter(target_client, target_project, target_logstore, compress)
        dead = (LogWriter(target_client, target_project, dead_letter_logstore, compress)
                if dead_letter_logstore else None)
        outcome = run_consumer_group(client, project, logstore, EventPipeline(runner, writer, dead), from_time,
                                     to_time, settings, on_progress)
    finally:
        target_client.close()
    outcome["shards"] = {shard: {"stats": stats.as_dict()} for shard, stats in outcome["shards"].items()}
    return outcome


def _body(outcome: Dict[str, Any], string_keys: bool) -> Dict[str, Any]:
    """``{"total_count", "shards": {id: counts}}`` without empty shards (plus ``errors`` / ``interrupted``)."""
    shards = {}
    for shard_id in sorted(outcome["shards"]):
        counts = outcome["shards"][shard_id]["stats"]
        if counts["total_count"]:
            shards[str(shard_id) if string_keys else shard_id] = counts
    body: Dict[str, Any] = {"total_count": sum(c["total_count"] for c in shards.values()), "shards": shards}
    if outcome.get("errors"):
        body["errors"] = {str(k) if string_keys else k: v for k, v in outcome["errors"].items()}
    if outcome.get("interrupted"):
        body["interrupted"] = True
    return body
