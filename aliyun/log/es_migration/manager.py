"""MigrationManager: move Elasticsearch indices into Log Service logstores."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from ..errors import LogException
from .checkpoint import CheckpointStore, default_cache_path, parse_duration
from .config import MigrationConfig
from .mapping import (
    date_format_of,
    index_config_from_mapping,
    mapping_properties,
    merge_index_configs,
)
from .planning import (
    EsHosts,
    MigrationTask,
    logstore_for_index,
    parse_hosts,
    parse_logstore_index_mappings,
    parse_query,
)
from .progress import Progress, format_bytes
from .task import CollectionTaskStatus, SlsTarget, TaskResult, WorkerConfig, init_worker, run_task

__all__ = ["MigrationManager", "MigrationResponse"]

logger = logging.getLogger("aliyun.log.es_migration")

_sleep = time.sleep  # tests replace it to skip wait_time_in_secs

DEFAULT_BATCH_SIZE = 1000
DEFAULT_MAX_BATCH_BYTES = 5 * 1024 * 1024


class MigrationResponse:
    """The outcome of :meth:`MigrationManager.migrate`: one :class:`~.task.TaskResult` per task and the totals."""

    def __init__(self, tasks: Sequence[TaskResult], elapsed: float, hosts: str = "", project: str = "",
                 query: Any = None, interrupted: bool = False, resumed: bool = False,
                 created_logstores: Sequence[str] = (), created_indexes: Sequence[str] = ()) -> None:
        self.tasks: List[TaskResult] = sorted(tasks, key=lambda r: r.task.task_id)
        self.elapsed = elapsed
        self.hosts = hosts
        self.project = project
        self.query = query
        self.interrupted = interrupted
        self.resumed = resumed
        self.created_logstores = list(created_logstores)
        self.created_indexes = list(created_indexes)

    # -- totals ------------------------------------------------------------------------------------------------------
    @property
    def total_count(self) -> int:
        """Documents of all tasks now in Log Service (this run and earlier, resumed runs)."""
        return sum(r.count for r in self.tasks)

    @property
    def new_count(self) -> int:
        """Documents written by this run."""
        return sum(r.new_count for r in self.tasks)

    @property
    def new_bytes(self) -> int:
        """Raw bytes (keys + values, UTF-8) written by this run."""
        return sum(r.new_bytes for r in self.tasks)

    @property
    def success_count(self) -> int:
        return sum(1 for r in self.tasks if r.status is CollectionTaskStatus.SUCCESS)

    @property
    def fail_count(self) -> int:
        return sum(1 for r in self.tasks if r.status is CollectionTaskStatus.FAIL)

    @property
    def interrupted_count(self) -> int:
        return sum(1 for r in self.tasks if r.status is CollectionTaskStatus.INTERRUPTED)

    @property
    def succeeded(self) -> bool:
        return all(r.status is CollectionTaskStatus.SUCCESS for r in self.tasks)

    @property
    def docs_per_second(self) -> float:
        return self.new_count / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def bytes_per_second(self) -> float:
        return self.new_bytes / self.elapsed if self.elapsed > 0 else 0.0

    # the getters of the SDK's other responses
    def get_tasks(self) -> List[TaskResult]:
        return list(self.tasks)

    def get_total_count(self) -> int:
        return self.total_count

    def get_success_count(self) -> int:
        return self.success_count

    def get_fail_count(self) -> int:
        return self.fail_count

    # the LogResponse getters the original's es_migration() answer had (a migration has no HTTP response)
    def get_body(self) -> Dict[str, Any]:
        """The totals: ``{"total_count", "new_count", "success_count", "fail_count", "interrupted_count",
        "elapsed"}``."""
        return {"total_count": self.total_count, "new_count": self.new_count, "success_count": self.success_count,
                "fail_count": self.fail_count, "interrupted_count": self.interrupted_count, "elapsed": self.elapsed}

    def get_all_headers(self) -> Dict[str, str]:
        return {}

    def get_header(self, key: str) -> str:
        return ""

    def get_request_id(self) -> str:
        return ""

    # -- report ------------------------------------------------------------------------------------------------------
    def task_lines(self) -> List[str]:
        lines = []
        for r in self.tasks:
            t = r.task
            lines.append(
                f"task_id={t.task_id}, slice_id={t.shard * t.slice_max + t.slice_id}, "
                f"slice_max={t.slice_max * (t.shards or 1)}, hosts={self.hosts}, indexes={t.index}, "
                f"query={_compact(self.query)}, project={self.project}, logstore={t.logstore}, shard_id={t.shard}, "
                f"time_cost_in_seconds={r.time_cost_in_seconds:.8f}, status={r.status}, count={r.count}, "
                f"message={r.message}"
            )
        return lines

    def summary_lines(self) -> List[str]:
        lines = [
            f"Total started task count: {len(self.tasks)}",
            f"Successful task count: {self.success_count}",
            f"Failed task count: {self.fail_count}",
        ]
        if self.interrupted_count:
            lines.append(f"Interrupted task count: {self.interrupted_count}")
        lines.append(f"Total collected documentation count: {self.total_count}")
        lines.append(
            f"Written by this run: {self.new_count} documents, {format_bytes(self.new_bytes)} raw in "
            f"{self.elapsed:.1f}s ({self.docs_per_second:,.0f} docs/s, {self.bytes_per_second / 1e6:.2f} MB/s)"
        )
        return lines

    def report(self) -> str:
        return "\n".join(["========Tasks Info========", *self.task_lines(), "", "========Summary========",
                          *self.summary_lines()])

    def log_print(self) -> None:
        print(self.report())

    def __repr__(self) -> str:
        return (f"MigrationResponse(tasks={len(self.tasks)}, success={self.success_count}, fail={self.fail_count}, "
                f"total_count={self.total_count})")


def _compact(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class MigrationManager:
    """Migrate documents from Elasticsearch into Log Service.

    Each (index, shard[, slice]) becomes a task; tasks run in a process pool of ``pool_size``. Every task reads its
    shard with the scroll API in ``_seq_no`` order and writes the documents with PutLogs in batches, saving a
    checkpoint after each batch, so running the same migration again after an interruption continues where it
    stopped and never writes a document twice (see ``docs/es_migration.md`` for the exact guarantee).

    The parameters of the original tool:

    :param hosts: comma-separated Elasticsearch nodes, ``"localhost:9200,other:9200"``; ``user:secret@host:port``
        gives HTTP basic authentication, ``https://host`` TLS
    :param indexes: comma-separated index names or patterns (``"logs-*,app"``); None: every open, non-hidden index
    :param query: a search body or query clause (JSON string or dict) that selects the documents,
        e.g. ``'{"query": {"match": {"title": "python"}}}'``
    :param scroll: how long Elasticsearch keeps each scroll context between two pages, e.g. ``"5m"``
    :param endpoint: the Log Service endpoint, e.g. ``cn-hangzhou.log.aliyuncs.com``
    :param project_name: the (existing) project to write into
    :param access_key_id, access_key: the Log Service credentials
    :param logstore_index_mappings: ``'{"logstore1": "my_index*", "logstore2": "index1,index2"}'``: the logstore of
        each index (first matching entry wins; ``fnmatch`` wildcards); indices no entry matches go to the logstore
        named after them
    :param pool_size: number of worker processes
    :param time_reference: the document field whose date becomes the log time (default: the time of writing)
    :param source, topic: the ``__source__`` / ``__topic__`` of the written logs
    :param wait_time_in_secs: seconds to wait after creating logstores or indexes before writing (the service takes
        a moment to apply a new index)
    :param auto_creation: create missing logstores and their index configs from the Elasticsearch mappings

    Keyword-only options:

    :param cache_path: directory of the checkpoints (default ``~/.cache/aliyun-log/es-migration``)
    :param cache_duration: checkpoints not updated for this long are ignored (``"1d"``; None: kept forever)
    :param batch_size: documents per scroll page and at most per PutLogs request (default 1000, max 4096 per write)
    :param max_batch_bytes: raw bytes at most per PutLogs request (default 5 MiB)
    :param retries_failed: how many times failed tasks are run again (they resume from their checkpoints)
    :param slices_per_shard: split each shard into this many sliced scrolls (more parallelism for few shards)
    :param progress: None (a bar on a terminal, log lines otherwise), ``True``/``"bar"``, ``"log"``, ``False``
    :param logstore_ttl, logstore_shard_count: settings of the logstores ``auto_creation`` creates
    :param security_token, auth_version, region: STS token and signing of the Log Service requests
    :param config: a :class:`~aliyun.log.es_migration.MigrationConfig` holding all the settings instead (also
        accepted as the only positional argument, as the original SDK takes it)
    :param es_options: extra keyword arguments of the ``elasticsearch.Elasticsearch`` client (``verify_certs``,
        ``ca_certs``, ``api_key``...)
    """

    def __init__(
        self,
        hosts: Union[str, MigrationConfig, None] = None,
        indexes: Optional[str] = None,
        query: Optional[Union[str, Mapping[str, Any]]] = None,
        scroll: str = "5m",
        endpoint: Optional[str] = None,
        project_name: Optional[str] = None,
        access_key_id: Optional[str] = None,
        access_key: Optional[str] = None,
        logstore_index_mappings: Optional[Union[str, Mapping[str, Any]]] = None,
        pool_size: int = 10,
        time_reference: Optional[str] = None,
        source: Optional[str] = None,
        topic: Optional[str] = None,
        wait_time_in_secs: int = 60,
        auto_creation: bool = True,
        *,
        cache_path: Optional[str] = None,
        cache_duration: Union[str, int, float, None] = "1d",
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES,
        retries_failed: int = 0,
        slices_per_shard: int = 1,
        progress: Union[bool, str, None] = None,
        logstore_ttl: int = 30,
        logstore_shard_count: int = 2,
        security_token: Optional[str] = None,
        auth_version: str = "v1",
        region: str = "",
        es_options: Optional[Mapping[str, Any]] = None,
        es_timeout: float = 120.0,
        config: Optional[MigrationConfig] = None,
    ) -> None:
        if isinstance(hosts, MigrationConfig):  # MigrationManager(MigrationConfig(...)), the original's form
            hosts, config = None, hosts
        if config is not None:
            if hosts or endpoint or project_name:
                raise TypeError("give either config=MigrationConfig(...) or hosts / endpoint / project_name")
            (hosts, indexes, query, scroll, endpoint, project_name, access_key_id, access_key, logstore_index_mappings,
             pool_size, time_reference, source, topic, wait_time_in_secs, auto_creation, cache_path, batch_size,
             retries_failed) = config.manager_arguments()
        if not hosts:
            raise ValueError("hosts is required, e.g. hosts='localhost:9200'")
        if not endpoint or not project_name:
            raise ValueError("endpoint and project_name are required")
        self.hosts: EsHosts = parse_hosts(hosts)
        self.indexes = indexes or None
        self.query_text = query
        self.query, self.search_extra = parse_query(query)
        self.scroll = scroll or "5m"
        self.endpoint = endpoint
        self.project_name = project_name
        self.access_key_id = access_key_id
        self.access_key = access_key
        self.mappings = parse_logstore_index_mappings(logstore_index_mappings)
        self.pool_size = _positive_int("pool_size", pool_size)
        self.time_reference = time_reference or None
        self.source = source
        self.topic = topic
        self.wait_time_in_secs = 0 if wait_time_in_secs is None else max(0, float(wait_time_in_secs))
        self.auto_creation = bool(auto_creation)
        self.cache_path = cache_path or default_cache_path()
        self.cache_duration = parse_duration(cache_duration)
        self.batch_size = _positive_int("batch_size", batch_size)
        self.max_batch_bytes = _positive_int("max_batch_bytes", max_batch_bytes)
        self.retries_failed = max(0, int(retries_failed or 0))
        self.slices_per_shard = _positive_int("slices_per_shard", slices_per_shard)
        self.progress: Optional[str] = "bar" if progress is True else "off" if progress is False else progress
        self.logstore_ttl = logstore_ttl
        self.logstore_shard_count = logstore_shard_count
        self.security_token = security_token
        self.auth_version = auth_version
        self.region = region
        self.es_options = dict(es_options or {})
        self.es_timeout = es_timeout
        #: the checkpoint store of the last :meth:`migrate` (its ``path`` is where the checkpoints are)
        self.store: Optional[CheckpointStore] = None

    # -- public ------------------------------------------------------------------------------------------------------
    def migrate(self) -> MigrationResponse:
        """Run the migration (or continue an interrupted one) and return its report.

        Logs the "Tasks Info" and "Summary" report at INFO level on the ``aliyun.log.es_migration`` logger. On
        Ctrl-C the batches in flight are finished, checkpoints saved, the report logged and ``KeyboardInterrupt``
        raised again; run the same migration again to continue.
        """
        from .es_client import EsSource

        started = time.monotonic()
        es = EsSource(self.hosts, self.es_options, self.es_timeout)
        store: Optional[CheckpointStore] = None
        try:
            try:
                cluster = es.client.info()
                cluster_uuid = str(_get(cluster, "cluster_uuid") or "")
                indices = self._resolve_indices(es)
                store = self._open_store(cluster_uuid)
                tasks = self._plan(es, indices, store)
            finally:
                es.close()
            client = self._log_client()
            try:
                created_logstores, created_indexes = self._prepare_logstores(client, indices, tasks)
            finally:
                client.close()
            if (created_logstores or created_indexes) and self.wait_time_in_secs:
                logger.info("waiting %.0fs for the new logstores/indexes to take effect", self.wait_time_in_secs)
                _sleep(self.wait_time_in_secs)
            results, interrupted = self._run(tasks, store)
        finally:
            if store is not None:
                store.unlock()
        response = MigrationResponse(
            results, time.monotonic() - started, self.hosts.display(), self.project_name, self.query_text,
            interrupted, store.resumed, created_logstores, created_indexes,
        )
        for line in response.report().splitlines():
            logger.info("%s", line)
        if interrupted:
            logger.warning("migration interrupted; run it again to continue from the checkpoints in %s", store.path)
            raise KeyboardInterrupt
        return response

    # -- planning ----------------------------------------------------------------------------------------------------
    def _resolve_indices(self, es: Any) -> Dict[str, Dict[str, Any]]:
        expression = self.indexes or "*"
        try:
            found = es.indices(expression)
        except Exception as exc:
            _retriable, text = es.classify(exc)
            raise ValueError(f"cannot list the indices {expression!r} of {self.hosts.display()}: {text}") from exc
        if not self.indexes:
            found = {name: info for name, info in found.items() if not name.startswith(".")}
        if not found:
            logger.warning("no index matches %r", expression)
        return dict(sorted(found.items()))

    def _identity(self, cluster_uuid: str) -> Dict[str, Any]:
        return {
            "cluster": cluster_uuid or self.hosts.display(),
            "indexes": self.indexes,
            "query": self.query,
            "search_extra": self.search_extra,
            "mappings": self.mappings,
            "endpoint": self.endpoint,
            "project": self.project_name,
            "time_reference": self.time_reference,
            "topic": self.topic,
            "source": self.source,
            "slices_per_shard": self.slices_per_shard,
        }

    def _open_store(self, cluster_uuid: str) -> CheckpointStore:
        store = CheckpointStore(self.cache_path, self._identity(cluster_uuid), self.cache_duration)
        store.lock()
        store.open()
        self.store = store
        if store.resumed:
            logger.info("resuming the migration from the checkpoints in %s", store.path)
        return store

    def _plan(self, es: Any, indices: Dict[str, Dict[str, Any]], store: CheckpointStore) -> List[MigrationTask]:
        tasks: List[MigrationTask] = []
        for index, info in indices.items():
            settings = _get(info, "settings", "index") or {}
            shards = int(settings.get("number_of_shards", 1))
            uuid = str(settings.get("uuid", ""))
            properties = mapping_properties(_get(info, "mappings") or {})
            date_format = date_format_of(properties, self.time_reference) if self.time_reference else None
            logstore = logstore_for_index(index, self.mappings)
            for shard in range(shards):
                for slice_id in range(self.slices_per_shard):
                    task = MigrationTask(len(tasks) + 1, index, shard, logstore, slice_id, self.slices_per_shard,
                                         date_format=date_format, index_uuid=uuid, shards=shards)
                    checkpoint = store.task(task.file_name, task.key)
                    task.done_count = checkpoint.count
                    task.finished = checkpoint.done
                    if self.slices_per_shard == 1 and not checkpoint.done:
                        task.expected = es.count(index, shard, self.query)
                    elif self.slices_per_shard == 1:
                        task.expected = checkpoint.count
                    tasks.append(task)
        return tasks

    # -- logstores ---------------------------------------------------------------------------------------------------
    def _log_client(self) -> Any:
        return self._target().client()

    def _target(self) -> SlsTarget:
        return SlsTarget(self.endpoint, self.access_key_id, self.access_key, self.project_name,
                         self.security_token, self.auth_version, self.region, self.topic, self.source)

    def _prepare_logstores(self, client: Any, indices: Dict[str, Dict[str, Any]], tasks: Sequence[MigrationTask]
                           ) -> Tuple[List[str], List[str]]:
        by_logstore: Dict[str, List[str]] = {}
        for task in tasks:
            names = by_logstore.setdefault(task.logstore, [])
            if task.index not in names:
                names.append(task.index)
        created_logstores: List[str] = []
        created_indexes: List[str] = []
        for logstore, index_names in by_logstore.items():
            exists = _logstore_exists(client, self.project_name, logstore)
            if not exists:
                if not self.auto_creation:
                    raise ValueError(f"logstore {logstore!r} does not exist in project {self.project_name!r} "
                                     "(create it, or pass auto_creation=True)")
                logger.info("creating logstore %s", logstore)
                try:
                    client.create_logstore(self.project_name, logstore, ttl=self.logstore_ttl,
                                           shard_count=self.logstore_shard_count)
                    created_logstores.append(logstore)
                except LogException as exc:
                    if exc.error_code != "LogStoreAlreadyExist":
                        raise
            if not self.auto_creation:
                continue
            wanted = merge_index_configs(
                index_config_from_mapping(mapping_properties(_get(indices[name], "mappings") or {}))
                for name in index_names
            )
            if wanted is None:
                continue
            if self._ensure_index(client, logstore, wanted):
                created_indexes.append(logstore)
        return created_logstores, created_indexes

    def _ensure_index(self, client: Any, logstore: str, wanted: Any) -> bool:
        """Create the index config, or add the keys it lacks; True when something changed."""
        try:
            existing = client.get_index_config(self.project_name, logstore).get_index_config()
        except LogException as exc:
            if exc.error_code != "IndexConfigNotExist":
                raise
            logger.info("creating the index of logstore %s (%d field indexes)", logstore, len(wanted.key_config_list))
            client.create_index(self.project_name, logstore, wanted)
            return True
        missing = [key for key in wanted.key_config_list if key not in (existing.key_config_list or {})]
        if not missing:
            return False
        logger.info("adding field indexes %s to logstore %s", ", ".join(missing), logstore)
        for key in missing:
            existing.key_config_list[key] = wanted.key_config_list[key]
        if existing.line_config is None:
            existing.line_config = wanted.line_config
        client.update_index(self.project_name, logstore, existing)
        return True

    # -- running -----------------------------------------------------------------------------------------------------
    def _worker_config(self, store: CheckpointStore) -> WorkerConfig:
        return WorkerConfig(
            hosts=self.hosts, target=self._target(), store=store, query=self.query, search_extra=self.search_extra,
            scroll=self.scroll, batch_size=self.batch_size, max_batch_bytes=self.max_batch_bytes,
            time_reference=self.time_reference, es_options=self.es_options, es_timeout=self.es_timeout,
        )

    def _run(self, tasks: List[MigrationTask], store: CheckpointStore) -> Tuple[List[TaskResult], bool]:
        results: Dict[int, TaskResult] = {}
        todo: List[MigrationTask] = []
        for task in tasks:
            if task.finished:
                results[task.task_id] = TaskResult(task, CollectionTaskStatus.SUCCESS, count=task.done_count,
                                                   resumed=True, message="already migrated (checkpoint)")
            else:
                todo.append(task)
        expected = [t.expected for t in tasks]
        total = sum(e for e in expected if e is not None) if all(e is not None for e in expected) else None
        done = sum(t.done_count for t in tasks)
        progress = Progress(total, done, self.progress)
        config = self._worker_config(store)
        interrupted = False
        rounds = 0
        context = _mp_context()
        updates = context.Queue()
        progress.start(updates)
        try:
            while todo and not interrupted:
                round_results, interrupted = self._run_round(todo, config, context, updates)
                results.update({r.task.task_id: r for r in round_results})
                failed = [r.task for r in round_results if r.status is CollectionTaskStatus.FAIL]
                if not failed or interrupted or rounds >= self.retries_failed:
                    break
                rounds += 1
                logger.warning("running %d failed tasks again (retry %d of %d)", len(failed), rounds,
                               self.retries_failed)
                todo = failed
        finally:
            progress.close()
            updates.close()
        return [results[t.task_id] for t in tasks if t.task_id in results], interrupted

    def _run_round(self, todo: List[MigrationTask], config: WorkerConfig, context: Any, updates: Any
                   ) -> Tuple[List[TaskResult], bool]:
        stop = context.Event()
        results: List[TaskResult] = []
        interrupted = False
        workers = min(self.pool_size, len(todo))
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=init_worker,
                                       initargs=(updates, stop, os.getpid()))
        futures: Dict[Future[TaskResult], MigrationTask] = {}
        try:
            for task in todo:
                futures[executor.submit(run_task, task, config)] = task
            pending = set(futures)
            while pending:
                try:
                    finished, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                except KeyboardInterrupt:
                    if interrupted:
                        raise
                    interrupted = True
                    stop.set()
                    for future in pending:
                        future.cancel()
                    logger.warning("interrupted: finishing the batches in flight and saving checkpoints "
                                   "(Ctrl-C again to abort at once)")
                    continue
                for future in finished:
                    results.append(self._result_of(future, futures[future]))
        except KeyboardInterrupt:
            _terminate(executor)
            for task in futures.values():
                if not any(r.task.task_id == task.task_id for r in results):
                    results.append(TaskResult(task, CollectionTaskStatus.INTERRUPTED, count=task.done_count,
                                              message="aborted"))
            interrupted = True
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
        return results, interrupted

    @staticmethod
    def _result_of(future: Future[TaskResult], task: MigrationTask) -> TaskResult:
        if future.cancelled():
            return TaskResult(task, CollectionTaskStatus.INTERRUPTED, count=task.done_count,
                              message="not started (interrupted)")
        try:
            return future.result()
        except Exception as exc:  # BrokenProcessPool: a worker died (killed, crashed)
            return TaskResult(task, CollectionTaskStatus.FAIL, count=task.done_count,
                              message=f"{type(exc).__name__}: {exc}")


def _positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def _get(obj: Any, *path: str) -> Any:
    for key in path:
        if obj is None:
            return None
        try:
            obj = obj[key]
        except (KeyError, TypeError, IndexError):
            return None
    return obj


def _logstore_exists(client: Any, project: str, logstore: str) -> bool:
    try:
        client.get_logstore(project, logstore)
        return True
    except LogException as exc:
        if exc.error_code == "LogStoreNotExist":
            return False
        raise


def _mp_context() -> Any:
    """``fork`` where it is safe and available (scripts without a ``__main__`` guard keep working, as with the
    original tool), else ``spawn`` (macOS, Windows: the calling script needs ``if __name__ == "__main__":``)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _terminate(executor: ProcessPoolExecutor) -> None:
    processes = getattr(executor, "_processes", None) or {}
    for process in list(processes.values()):
        try:
            process.terminate()
        except Exception:
            pass
