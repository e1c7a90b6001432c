"""The emulator runs ETL jobs whose script is a config of the SDK's ETL engine (:mod:`aliyun.log.etl`).

A job's ``configuration.script`` is untrusted text: it is accepted only when the restricted parser finds nothing
beyond the DSL (``from aliyun.log.etl_core import *`` and rule assignments); it is then loaded as a module and
parsed into a :class:`~aliyun.log.etl.runner.Runner`. A script the engine does not accept (e.g. the service's
newer SPL-like language) leaves the job stored only, its ``statusMessage`` saying why (:func:`unrunnable_reason`).

While such a job is ``RUNNING``, a background worker reads its source logstore (``configuration.logstore``) shard
by shard, as a consumer group member would: from ``fromTime`` (a receive time; 0: the oldest data), through the
engine's :class:`~aliyun.log.etl.pipeline.EventPipeline` (the transform loop of ``transform_data``), into the
first sink's logstore (``sinks[0].project``, default the job's project; the service's default output is also its
first sink, and the engine's DSL chooses no other destination). Per-shard positions are saved in storage after
each batch is written, so a stop, a restart or a new emulator process resumes without loss or duplication; they
go away with the job. Once every shard is read up to ``toTime`` (when set and past), the job is ``SUCCEEDED``; a
missing source or sink logstore makes it ``FAILED`` with the reason. ``stop_etl`` returns once the batch in
flight, if any, is written.
"""

from __future__ import annotations

import ast
import hashlib
import linecache
import threading
import types
from typing import Any, Dict, Mapping, Optional, Tuple

from aliyun.log.codec import flatten_log_groups
from aliyun.log.etl.errors import SettingError
from aliyun.log.etl.pipeline import EventPipeline
from aliyun.log.etl.restrict_config_parser import InvalidETLConfig, RestrictConfigParser
from aliyun.log.etl.runner import Runner
from aliyun.log.etl.sink import LogWriter

from .backends.jobs import ETL_CHECKPOINT_KIND
from .background import PollingWorker
from .context import Context
from .errors import DomainError
from .job_rules import RUNNING
from .storage import Shard

__all__ = ["EtlRunner", "load_script", "unrunnable_reason"]

FAILED, SUCCEEDED = "FAILED", "SUCCEEDED"
#: Log groups (and bytes) one shard hands to the pipeline per batch.
MAX_GROUPS_PER_BATCH = 256
MAX_BYTES_PER_BATCH = 4 << 20


def load_script(script: str) -> Runner:
    """The runner of an ETL config given as source text, checked by the restricted parser first.

    Raises :class:`InvalidETLConfig` (not the DSL) or :class:`SettingError` (a rule the engine rejects)."""
    RestrictConfigParser().parse(script)
    if any(isinstance(node, ast.Call) and getattr(node.func, "id", None) == "LOOKUP" for node in ast.walk(
            ast.parse(script))):
        raise InvalidETLConfig("LOOKUP reads files of the emulator's host: a job's script may not use it")
    digest = hashlib.sha1(script.encode("utf-8")).hexdigest()[:16]
    where = f"<etl job script {digest}>"
    # The engine reads the config's source (rules run in line order): it is served from the line cache.
    linecache.cache[where] = (len(script), None, script.splitlines(True), where)
    module = types.ModuleType(f"aliyun_log_emulator_etl_{digest}")
    module.__file__ = where
    try:
        exec(compile(script, where, "exec"), module.__dict__)  # only the DSL passed the restricted parser
    except Exception as exc:  # e.g. a DSL call with bad arguments
        raise SettingError(exc, f"the config raised {type(exc).__name__}: {exc}") from exc
    return Runner(module)


def _sink(config: Mapping[str, Any]) -> Optional[Mapping[str, Any]]:
    sinks = config.get("sinks")
    if isinstance(sinks, list) and sinks and isinstance(sinks[0], dict) and sinks[0].get("logstore"):
        return sinks[0]
    return None


def unrunnable_reason(config: Mapping[str, Any]) -> Optional[str]:
    """Why the emulator cannot run an ETL job of this ``configuration`` (None when it can)."""
    if _sink(config) is None:
        return "the configuration has no sink with a logstore to write to"
    try:
        load_script(str(config.get("script") or ""))
    except (InvalidETLConfig, SettingError) as exc:
        why = " ".join(str(exc).split())
        return f"the script is not an ETL config of the emulator's engine (the Python DSL): {why}"
    return None


class _StorageClient:
    """What :class:`LogWriter` needs of a client, writing straight into the emulator's storage."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def put_log_raw(self, project: str, logstore: str, raw: bytes, compress: Any = None) -> None:
        from .handlers.query import schedule_indexing

        ls = self.ctx.logstores.get(project, logstore)
        self.ctx.shards.append(ls, raw, self.ctx.now(), None)
        schedule_indexing(self.ctx, ls)


class _LoadedJob:
    """A running job's pipeline, rebuilt when its configuration changes."""

    def __init__(self, ctx: Context, project: str, config: Mapping[str, Any]) -> None:
        sink = _sink(config) or {}
        self.key = _config_key(config)
        self.target = (str(sink.get("project") or project), str(sink.get("logstore")))
        writer = LogWriter(_StorageClient(ctx), self.target[0], self.target[1])
        self.pipeline = EventPipeline(load_script(str(config.get("script"))), writer)


def _config_key(config: Mapping[str, Any]) -> Tuple[str, str]:
    sink = _sink(config) or {}
    return str(config.get("script")), f"{sink.get('project')}/{sink.get('logstore')}"


class EtlRunner(PollingWorker):
    """Runs the ``RUNNING`` ETL jobs of one emulator whose script the engine accepts."""

    NAME = "etl-jobs"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._loaded: Dict[Tuple[str, str], _LoadedJob] = {}
        self._rejected: Dict[Tuple[str, str], Tuple[str, str]] = {}  # configurations the engine does not accept
        self._busy = threading.Lock()

    def settle(self) -> None:
        """Wait for the batch in flight, if any (after a stop, no batch of the job is written any more)."""
        with self._busy:
            pass

    def tick(self) -> None:
        running, stored = set(), set()
        for project, name, body in self.ctx.jobs.of_type("ETL"):
            stored.add((project, name))
            if body.get("status") != RUNNING:
                continue
            running.add((project, name))
            with self._busy:
                job = self._job(project, name, body.get("configuration") or {})
                if job is not None and self._still_running(project, name):  # not stopped since the list was read
                    self._run(project, name, body.get("configuration") or {}, job)
        for key in set(self._loaded) - running:
            del self._loaded[key]
        for key in set(self._rejected) - stored:
            del self._rejected[key]

    def _job(self, project: str, name: str, config: Mapping[str, Any]) -> Optional[_LoadedJob]:
        """The job's pipeline; None when the engine does not accept its configuration (the job is stored only)."""
        key = _config_key(config)
        loaded = self._loaded.get((project, name))
        if loaded is not None and loaded.key == key:
            return loaded
        if self._rejected.get((project, name)) == key:
            return None
        try:
            if _sink(config) is None:
                raise ValueError("no sink")
            loaded = self._loaded[(project, name)] = _LoadedJob(self.ctx, project, config)
        except (InvalidETLConfig, SettingError, ValueError):
            self._rejected[(project, name)] = key
            return None
        return loaded

    def _run(self, project: str, name: str, config: Mapping[str, Any], job: _LoadedJob) -> None:
        try:
            source = self.ctx.logstores.get(project, str(config.get("logstore")))
            self.ctx.logstores.get(*job.target)
        except DomainError as exc:
            self._end(project, name, FAILED, f"the emulator cannot run this ETL job: {exc}")
            return
        to_time = int(config.get("toTime") or 0)
        positions = self.ctx.jobs.worker_state(project, ETL_CHECKPOINT_KIND, name)
        finished = True
        for shard in source.sorted_shards():
            finished &= self._run_shard(project, name, config, job, shard, positions, to_time)
        if to_time and finished and self.ctx.now() >= to_time:
            self._end(project, name, SUCCEEDED, f"every shard was transformed up to toTime {to_time}")

    def _run_shard(self, project: str, name: str, config: Mapping[str, Any], job: _LoadedJob, shard: Shard,
                   positions: Dict[str, Any], to_time: int) -> bool:
        """Transform one batch of a shard; whether the shard is read up to ``to_time``."""
        key = str(shard.shard_id)
        start = int(positions[key]) if key in positions else self.ctx.storage.seq_at_time(
            shard, int(config.get("fromTime") or 0))
        end = self.ctx.storage.seq_at_time(shard, to_time) if to_time else shard.next_seq
        groups = self.ctx.shards.read(shard, start, end, MAX_GROUPS_PER_BATCH, MAX_BYTES_PER_BATCH)
        if groups:
            events = flatten_log_groups([group.data for group in groups], time_as_str=False, decode_bytes=True)
            job.pipeline.process(events, self.ctx.now())
            positions[key] = groups[-1].seq + 1
            self.ctx.jobs.save_worker_state(project, ETL_CHECKPOINT_KIND, name, positions, self.ctx.now())
            start = positions[key]
        return start >= end

    def _still_running(self, project: str, name: str) -> bool:
        try:
            return self.ctx.jobs.get(project, name)[0].get("status") == RUNNING
        except DomainError:
            return False

    def _end(self, project: str, name: str, status: str, message: str) -> None:
        if self.ctx.jobs.set_status(project, name, RUNNING, status, message, self.ctx.now()):
            self.logger.info("ETL job %s/%s %s: %s", project, name, status, message)
        self._loaded.pop((project, name), None)
