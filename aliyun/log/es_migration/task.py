"""One migration task, run in a worker process: read a shard with the scroll API, write batches with PutLogs.

Reading
    ``search(index, preference=_shards:<shard>, scroll=..., sort=[_seq_no asc], query=<query> AND _seq_no >
    <checkpoint>)`` then ``scroll`` until a page is empty; the scroll is cleared in ``finally``. ``_seq_no`` is unique
    per live document inside a shard, so "documents of this shard (and slice) with ``_seq_no`` above N" is a stable,
    restartable position. A lost scroll, a connection failure, a shard failure or a 429/5xx answer starts a new scroll
    after the last document read (bounded retries, exponential backoff).

Writing
    Documents are grouped into batches of at most ``batch_size`` documents and ``max_batch_bytes`` raw bytes (well
    inside the service's 10 MiB / 4096 logs per request), each written by one PutLogs request: a batch lands whole or
    not at all. Every batch carries the log tag ``es_migration_batch`` = ``<migration>:<index>/<shard>/<slice>:<first
    _seq_no>-<last _seq_no>``.

Checkpoints (see :mod:`.checkpoint`)
    Before a batch is sent, the task records it as *pending* together with shard cursors of the logstore taken before
    the send; after the service accepted it, the checkpoint moves to the batch's last ``_seq_no``. When a run stops
    between the two (crash, kill, lost answer), the next run looks for the batch's tag in the logstore from those
    cursors on: found, the batch counts as written; not found, it is sent again. The same check runs before re-sending
    a batch whose PutLogs answer was lost (network error or 5xx), so retries do not duplicate either.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from ..errors import REQUEST_ERROR, LogException
from ..models.logitem import LogItem
from ..models.request import PutLogsRequest
from ..transport import NO_RETRY
from .checkpoint import CheckpointStore, TaskCheckpoint
from .mapping import DocumentConverter
from .planning import EsHosts, MigrationTask

__all__ = ["BATCH_TAG", "CollectionTaskStatus", "SlsTarget", "TaskResult", "WorkerConfig", "run_task"]

logger = logging.getLogger("aliyun.log.es_migration")

#: The log tag every migrated batch carries (shown as ``__tag__:es_migration_batch``).
BATCH_TAG = "es_migration_batch"
#: The service's limit on logs per PutLogs request.
MAX_LOGS_PER_REQUEST = 4096

# Test hooks: name -> callable(task, batch_number). Inherited by forked workers.
_TEST_HOOKS: Dict[str, Callable[..., None]] = {}


class CollectionTaskStatus(Enum):
    """Outcome of one task (printed as ``CollectionTaskStatus.SUCCESS`` in the report)."""

    SUCCESS = "success"
    FAIL = "fail"
    INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class SlsTarget:
    """Where and how to write (picklable: each worker process opens its own client)."""

    endpoint: str
    access_key_id: Optional[str]
    access_key: Optional[str] = field(repr=False)
    project: str
    security_token: Optional[str] = field(default=None, repr=False)
    auth_version: str = "v1"
    region: str = ""
    topic: Optional[str] = None
    source: Optional[str] = None

    def client(self) -> Any:
        from ..client import LogClient

        return LogClient(self.endpoint, self.access_key_id, self.access_key, self.security_token,
                         auth_version=self.auth_version, region=self.region)


@dataclass(frozen=True)
class WorkerConfig:
    """Everything a task needs besides its own description."""

    hosts: EsHosts
    target: SlsTarget
    store: CheckpointStore
    query: Optional[Dict[str, Any]] = None
    search_extra: Dict[str, Any] = field(default_factory=dict)
    scroll: str = "5m"
    batch_size: int = 1000
    max_batch_bytes: int = 5 * 1024 * 1024
    time_reference: Optional[str] = None
    es_options: Dict[str, Any] = field(default_factory=dict)
    es_timeout: float = 120.0
    max_retries: int = 8
    max_backoff: float = 30.0
    cursor_refresh_secs: float = 30.0


@dataclass
class TaskResult:
    """What a task did: ``count`` is every document of the task now in the logstore (this run and earlier ones),
    ``new_count`` those written by this run."""

    task: MigrationTask
    status: CollectionTaskStatus
    count: int = 0
    new_count: int = 0
    bytes: int = 0
    new_bytes: int = 0
    skipped: int = 0
    time_cost_in_seconds: float = 0.0
    message: Optional[str] = None
    resumed: bool = False
    #: pending batches settled by looking them up in the logstore (after a crash or a lost PutLogs answer)
    verified_batches: int = 0
    #: scrolls started again after a transient read error or a lost scroll context
    scroll_restarts: int = 0


# --------------------------------------------------------------------------------------------------------------------
# worker process state (set by the pool initializer)

_progress_queue: Any = None
_stop_event: Any = None
_parent_pid: Optional[int] = None
_clients: Dict[Any, Any] = {}


def init_worker(progress_queue: Any, stop_event: Any, parent_pid: int) -> None:
    """Pool initializer: Ctrl-C is handled by the parent (it sets ``stop_event``), not by the workers."""
    import signal

    global _progress_queue, _stop_event, _parent_pid
    _progress_queue, _stop_event, _parent_pid = progress_queue, stop_event, parent_pid
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _clients.clear()


def _should_stop() -> bool:
    if _stop_event is not None and _stop_event.is_set():
        return True
    return _parent_pid is not None and os.getppid() != _parent_pid  # the parent died: stop writing


def _report(task_id: int, docs: int, size: int) -> None:
    if _progress_queue is not None:
        try:
            _progress_queue.put_nowait((task_id, docs, size))
        except Exception:  # progress is best effort
            pass


def _log_client(target: SlsTarget) -> Any:
    client = _clients.get(("sls", target))
    if client is None:
        client = _clients[("sls", target)] = target.client()
    return client


def _es_source(config: WorkerConfig) -> Any:
    from .es_client import EsSource

    key = ("es", config.hosts.display(), config.hosts.password, repr(sorted(config.es_options.items())),
           config.es_timeout)
    source = _clients.get(key)
    if source is None:
        source = _clients[key] = EsSource(config.hosts, config.es_options, config.es_timeout)
    return source


def _hook(name: str, *args: Any) -> None:
    hook = _TEST_HOOKS.get(name)
    if hook is not None:
        hook(*args)


class _Stopped(Exception):
    pass


# --------------------------------------------------------------------------------------------------------------------


def run_task(task: MigrationTask, config: WorkerConfig) -> TaskResult:
    """Migrate one task; never raises (failures are in the result)."""
    started = time.monotonic()
    checkpoint = config.store.task(task.file_name, task.key)
    result = TaskResult(task, CollectionTaskStatus.SUCCESS, count=checkpoint.count, bytes=checkpoint.bytes,
                        skipped=checkpoint.skipped, resumed=checkpoint.status != "new")
    try:
        if _should_stop():
            raise _Stopped()
        if not checkpoint.done:
            _TaskRunner(task, config, checkpoint, result).run()
    except _Stopped:
        result.status = CollectionTaskStatus.INTERRUPTED
        result.message = "interrupted; run the migration again to resume"
    except Exception as exc:
        result.status = CollectionTaskStatus.FAIL
        result.message = f"{type(exc).__name__}: {exc}"
        logger.error("task %s (%s) failed: %s", task.task_id, task.key, result.message,
                     exc_info=logger.isEnabledFor(logging.DEBUG))
    result.count = checkpoint.count
    result.bytes = checkpoint.bytes
    result.skipped = checkpoint.skipped
    result.time_cost_in_seconds = time.monotonic() - started
    return result


class _TaskRunner:
    def __init__(self, task: MigrationTask, config: WorkerConfig, checkpoint: TaskCheckpoint,
                 result: TaskResult) -> None:
        self.task = task
        self.config = config
        self.checkpoint = checkpoint
        self.result = result
        self.client = _log_client(config.target)
        self.project = config.target.project
        self.batch_number = 0
        self._cursors: Dict[str, str] = {}
        self._cursors_time = 0.0

    # -- main loop ---------------------------------------------------------------------------------------------------
    def run(self) -> None:
        checkpoint = self.checkpoint
        if checkpoint.pending is not None:
            self._resolve_pending()
        converter = DocumentConverter(self.config.time_reference, self.task.date_format)
        limit_count = max(1, min(self.config.batch_size, MAX_LOGS_PER_REQUEST))
        limit_bytes = self.config.max_batch_bytes
        batch = _Batch()
        for hit, seq_no in self._hits(checkpoint.last_seq_no):
            log, log_size = converter.convert(hit)
            if log_size > limit_bytes:
                logger.warning("task %s: document %s of %s is %d bytes, over max_batch_bytes=%d; skipped",
                               self.task.task_id, hit.get("_id"), hit.get("_index"), log_size, limit_bytes)
                checkpoint.skipped += 1
                batch.skip(seq_no)
                continue
            if batch.logs and (len(batch.logs) >= limit_count or batch.size + log_size > limit_bytes):
                self._flush(batch)
                batch = _Batch()
                if _should_stop():
                    raise _Stopped()
            batch.add(log, log_size, seq_no)
        if batch.logs:
            self._flush(batch)
        elif batch.last_seq is not None:  # only skipped documents since the last batch
            checkpoint.last_seq_no = batch.last_seq
            checkpoint.save()
        if converter.time_fallbacks:
            logger.warning("task %s: %d documents had no usable %r; their log time is the migration time",
                           self.task.task_id, converter.time_fallbacks, self.config.time_reference)
        checkpoint.finish()

    # -- reading -----------------------------------------------------------------------------------------------------
    def _hits(self, after: Optional[int]) -> Iterator[Tuple[Dict[str, Any], int]]:
        """Hits of the task in ``_seq_no`` order after ``after``; restarts the scroll on transient errors."""
        config = self.config
        source = _es_source(config)
        failures = 0
        while True:
            scroll_id = None
            try:
                body = self._search_body(after)
                resp = source.search(self.task.index, body, config.scroll, f"_shards:{self.task.shard}")
                while True:
                    scroll_id = resp.get("_scroll_id") or scroll_id
                    shards = resp.get("_shards") or {}
                    if shards.get("failed"):
                        raise _ShardFailure(f"shard failures: {shards.get('failures')}")
                    hits = resp["hits"]["hits"]
                    if not hits:
                        return
                    for hit in hits:
                        seq_no = hit.get("_seq_no")
                        if seq_no is None:
                            seq_no = hit["sort"][0]
                        yield hit, int(seq_no)
                        after = int(seq_no)
                    failures = 0
                    if _should_stop():
                        raise _Stopped()
                    resp = source.scroll(scroll_id, config.scroll)
            except (_Stopped, GeneratorExit):
                raise
            except Exception as exc:
                retriable, text = (True, str(exc)) if isinstance(exc, _ShardFailure) else source.classify(exc)
                failures += 1
                if not retriable or failures > config.max_retries:
                    raise
                delay = min(config.max_backoff, 0.5 * 2 ** (failures - 1)) * (0.5 + random.random() / 2)
                self.result.scroll_restarts += 1
                logger.warning("task %s: reading %s failed (%s); new scroll after _seq_no %s in %.1fs",
                               self.task.task_id, self.task.key, text, after, delay)
                time.sleep(delay)
            finally:
                if scroll_id:
                    source.clear_scroll(scroll_id)

    def _search_body(self, after: Optional[int]) -> Dict[str, Any]:
        filters: List[Dict[str, Any]] = []
        if after is not None:
            filters.append({"range": {"_seq_no": {"gt": after}}})
        query = self.config.query
        if filters:
            clause: Dict[str, Any] = {"bool": {"filter": filters}}
            if query is not None:
                clause["bool"]["must"] = [query]
        else:
            clause = query if query is not None else {"match_all": {}}
        body: Dict[str, Any] = dict(self.config.search_extra)
        body.update({
            "query": clause,
            "sort": [{"_seq_no": "asc"}],
            "size": max(1, min(self.config.batch_size, 10000)),
            "seq_no_primary_term": True,
        })
        if self.task.slice_max > 1:  # by a hash of _id: a document's slice never changes, so resuming stays exact
            body["slice"] = {"field": "_id", "id": self.task.slice_id, "max": self.task.slice_max}
        return body

    # -- writing -----------------------------------------------------------------------------------------------------
    def _flush(self, batch: _Batch) -> None:
        assert batch.first_seq is not None and batch.last_seq is not None
        tag = f"{self.config.store.digest}:{self.task.key}:{batch.first_seq}-{batch.last_seq}"
        target = self.config.target
        request = PutLogsRequest(self.project, self.task.logstore, target.topic, target.source, batch.logs,
                                 logtags=[(BATCH_TAG, tag)])
        try:
            api_requests = self.client.build_put_requests(request)
        except LogException as exc:
            if exc.error_code != "InvalidArgument" or len(batch.logs) < 2 or "over" not in exc.message:
                raise
            api_requests = []
        if len(api_requests) != 1:  # too large for one request: halve it (each half is one atomic write)
            first, second = batch.split()
            self._flush(first)
            self._flush(second)
            return
        self.batch_number += 1
        count, size = len(batch.logs), batch.size
        pending = {"tag": tag, "first_seq_no": batch.first_seq, "last_seq_no": batch.last_seq, "count": count,
                   "bytes": size, "cursors": self._shard_cursors()}
        self.checkpoint.begin_batch(pending)
        _hook("before_put", self.task, self.batch_number)
        self._send(api_requests[0][0], pending)
        _hook("after_put", self.task, self.batch_number)
        self.checkpoint.commit_batch()
        self.result.new_count += count
        self.result.new_bytes += size
        _report(self.task.task_id, count, size)

    def _send(self, api_request: Any, pending: Dict[str, Any]) -> None:
        """One PutLogs; on an ambiguous failure, look for the batch before sending it again."""
        attempt = 0
        while True:
            attempt += 1
            try:
                self.client.transport.request(api_request, retry_policy=NO_RETRY)
                return
            except LogException as exc:
                ambiguous = exc.error_code == REQUEST_ERROR or exc.status >= 500
                if not exc.retriable or attempt > self.config.max_retries:
                    raise
                delay = min(self.config.max_backoff, 0.5 * 2 ** (attempt - 1)) * (0.5 + random.random() / 2)
                logger.warning("task %s: PutLogs failed (%s: %s); retrying in %.1fs", self.task.task_id,
                               exc.error_code, exc.message, delay)
                time.sleep(delay)
                if ambiguous and self._batch_written(pending):
                    self.result.verified_batches += 1
                    return

    def _shard_cursors(self) -> Dict[str, str]:
        """End cursors of the logstore's shards taken before the send (cached for ``cursor_refresh_secs``: an
        older cursor is still a valid lower bound)."""
        now = time.monotonic()
        if not self._cursors or now - self._cursors_time > self.config.cursor_refresh_secs:
            cursors = {}
            for shard_id in self.client.list_shards(self.project, self.task.logstore).get_shard_ids():
                cursors[str(shard_id)] = self.client.get_end_cursor(self.project, self.task.logstore,
                                                                    shard_id).get_cursor()
            self._cursors, self._cursors_time = cursors, now
        return dict(self._cursors)

    def _resolve_pending(self) -> None:
        pending = self.checkpoint.pending
        assert pending is not None
        if self._batch_written(pending):
            logger.info("task %s: batch %s was written before the interruption; continuing after it",
                        self.task.task_id, pending["tag"])
            self.result.verified_batches += 1
            self.checkpoint.commit_batch()
        else:
            logger.info("task %s: batch %s was not written; it will be written again", self.task.task_id,
                        pending["tag"])
            self.checkpoint.drop_batch()

    def _batch_written(self, pending: Dict[str, Any]) -> bool:
        """Whether a log group tagged with the batch's tag is in the logstore after the recorded cursors."""
        client, project, logstore = self.client, self.project, self.task.logstore
        wanted = pending["tag"].encode("utf-8")
        tag_key = BATCH_TAG.encode("utf-8")
        cursors = pending.get("cursors") or {}
        for shard_id in client.list_shards(project, logstore).get_shard_ids():
            cursor = cursors.get(str(shard_id)) or client.get_begin_cursor(project, logstore, shard_id).get_cursor()
            end = client.get_end_cursor(project, logstore, shard_id).get_cursor()
            while cursor != end:
                resp = client.pull_logs(project, logstore, shard_id, cursor, 1000, end)
                for group in resp.get_loggroup_list_raw().LogGroups:
                    for tag in group.LogTags:
                        key = tag.Key if isinstance(tag.Key, bytes) else tag.Key.encode("utf-8")
                        value = tag.Value if isinstance(tag.Value, bytes) else tag.Value.encode("utf-8")
                        if key == tag_key and value == wanted:
                            return True
                next_cursor = resp.get_next_cursor()
                if next_cursor == cursor:
                    break
                cursor = next_cursor
        return False


class _ShardFailure(Exception):
    pass


class _Batch:
    """Logs of one PutLogs request, with the ``_seq_no`` range they (and documents skipped among them) cover."""

    __slots__ = ("first_seq", "last_seq", "logs", "seqs", "size", "sizes")

    def __init__(self) -> None:
        self.logs: List[LogItem] = []
        self.seqs: List[int] = []
        self.sizes: List[int] = []
        self.size = 0
        self.first_seq: Optional[int] = None
        self.last_seq: Optional[int] = None

    def add(self, log: LogItem, size: int, seq_no: int) -> None:
        self.logs.append(log)
        self.seqs.append(seq_no)
        self.sizes.append(size)
        self.size += size
        self.skip(seq_no)

    def skip(self, seq_no: int) -> None:
        if self.first_seq is None:
            self.first_seq = seq_no
        self.last_seq = seq_no

    def split(self) -> Tuple[_Batch, _Batch]:
        half = len(self.logs) // 2
        first, second = _Batch(), _Batch()
        for part, start, stop in ((first, 0, half), (second, half, len(self.logs))):
            part.logs, part.seqs, part.sizes = self.logs[start:stop], self.seqs[start:stop], self.sizes[start:stop]
            part.size = sum(part.sizes)
        first.first_seq, first.last_seq = self.first_seq, first.seqs[-1]
        second.first_seq, second.last_seq = second.seqs[0], self.last_seq
        return first, second
