"""ConsumerWorker: one consumer of a consumer group, as a thread."""

from __future__ import annotations

import logging
import math
import signal
import threading
import time
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any, Callable, Dict, Iterable, Optional, Set, Tuple

from ..errors import LogException
from .config import CursorPosition, LogHubConfig
from .heartbeat import ConsumerHeartBeat
from .shard_worker import ShardConsumer

__all__ = ["ConsumerWorker"]

logger = logging.getLogger("aliyun.log.consumer")

#: Errors at start-up that retrying does not cure.
_FATAL_SETUP_ERRORS = frozenset({
    "ProjectNotExist", "LogStoreNotExist", "Unauthorized", "InvalidAccessKeyId", "InvalidAccessKeyId.NotFound",
    "SignatureNotMatch", "InvalidArgument", "ParameterInvalid", "ConsumerGroupQuotaExceed", "ClientClosed",
})
#: Longest pause of the control loop when nothing is due (it is woken by every finished task).
_MAX_WAIT = 1.0
#: Threads a worker uses for pulls (one pull at a time per shard).
PULL_THREADS = 4


class ConsumerWorker(threading.Thread):
    """Consumes a logstore as one member of a consumer group.

    :param make_processor: a :class:`~aliyun.log.consumer.ConsumerProcessorBase` subclass (or any callable
        returning a processor); called as ``make_processor(*args, **kwargs)`` once per shard this consumer gets.
    :param consumer_option: a :class:`~aliyun.log.consumer.LogHubConfig`.

    ``start()`` runs it in the background; ``start(join=True)`` blocks until it stops and turns SIGINT / SIGTERM
    into a clean shutdown. ``shutdown()`` stops it: each shard finishes the batch it is processing, the processor's
    ``shutdown`` runs and the checkpoints are saved; it returns within ``shutdown_timeout`` (+5 s) even if a
    ``process()`` call hangs.

    The group is created when missing (timeout ``consumer_group_timeout``, ``in_order``), updated otherwise. A
    heartbeat thread tells the group which shards this consumer holds and receives its assignment; one
    :class:`~aliyun.log.consumer.shard_worker.ShardConsumer` per assigned shard pulls batches (on up to
    ``PULL_THREADS`` threads of the worker) and processes them on the worker's pool (``worker_pool_size`` threads,
    or ``shared_executor``, which is never shut down here).
    Delivery is at-least-once: after a crash, a consumer resumes from the last saved checkpoint, so the batches
    processed since then are delivered again.
    """

    def __init__(self, make_processor: Callable[..., Any], consumer_option: LogHubConfig,
                 args: Optional[Iterable[Any]] = None, kwargs: Optional[Dict[str, Any]] = None) -> None:
        if not isinstance(consumer_option, LogHubConfig):
            raise TypeError(f"consumer_option must be a LogHubConfig, got {type(consumer_option).__name__}")
        if not callable(make_processor):
            raise TypeError(f"make_processor must be a processor class or factory, got {make_processor!r}")
        super().__init__(name=f"ConsumerWorker-{consumer_option.consumer_group_name}-{consumer_option.consumer_name}")
        self.option = consumer_option
        self.make_processor = make_processor
        self.processor_args: Tuple[Any, ...] = tuple(args or ())
        self.processor_kwargs: Dict[str, Any] = dict(kwargs or {})
        self.shard_consumers: Dict[int, ShardConsumer] = {}
        # shard -> heartbeat count when it was found owned by another consumer: not restarted before the next beat
        self._lost: Dict[int, int] = {}
        self._task_threads: Set[int] = set()  # idents of threads running this worker's tasks right now
        self.client: Any = None
        self.heartbeat_client: Any = None
        self.heartbeat: Optional[ConsumerHeartBeat] = None
        self._executor: Optional[Executor] = None
        self._owns_executor = False
        self._pull_executor: Optional[ThreadPoolExecutor] = None
        self._stop_requested = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.RLock()
        self._clock = time.monotonic
        self._start_cursors: Dict[int, str] = {}
        self._end_cursors: Dict[int, str] = {}
        self._batch_checked = 0.0
        self._start_time_value: Any = None
        self._end_time_value: Any = None
        #: The error that stopped the worker, if any (e.g. the logstore does not exist).
        self.error: Optional[BaseException] = None

    # -- public control ----------------------------------------------------------------------------------------------
    def start(self, join: bool = False) -> None:
        """Start consuming; with ``join=True`` wait until the worker stops (SIGINT / SIGTERM stop it cleanly)."""
        super().start()
        if join:
            self._join_with_signals()

    def shutdown(self) -> None:
        """Stop consuming and wait (at most ``shutdown_timeout`` + 5 s) until shards are released."""
        self._request_stop()
        if self.is_alive() and not self._in_own_thread():
            self.join(self.option.shutdown_timeout + 5.0)

    def shutdown_and_wait(self) -> None:
        """Stop consuming and wait until the worker thread has ended."""
        self._request_stop()
        if not self._in_own_thread():
            while self.is_alive():
                self.join(0.5)

    def _in_own_thread(self) -> bool:
        """Called from the worker's thread or from one of its tasks (e.g. inside process()): must not wait."""
        return threading.current_thread() is self or threading.get_ident() in self._task_threads

    def _request_stop(self) -> None:
        self._stop_requested.set()
        self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stop_requested.is_set()

    def wake(self) -> None:
        self._wake.set()

    def clean_shard_consumer(self, owned_shards: Iterable[int]) -> None:
        """Release every shard not in ``owned_shards`` and forget shards already released."""
        owned = set(owned_shards)
        with self._lock:
            for shard_id, consumer in list(self.shard_consumers.items()):
                if consumer.done:
                    del self.shard_consumers[shard_id]
                    if self.heartbeat is not None:
                        if consumer.tracker.lost:
                            self._lost[shard_id] = self.heartbeat.successes
                        self.heartbeat.wake()  # tell the group soon, so the shard can move on
                elif shard_id not in owned:
                    consumer.request_shutdown()

    def running_shards(self) -> Set[int]:
        """Shards with a shard consumer that has not finished releasing them."""
        with self._lock:
            return {shard_id for shard_id, c in self.shard_consumers.items() if not c.done}

    @property
    def owned_shards(self) -> Set[int]:
        return self.running_shards()

    # -- what shard consumers use ------------------------------------------------------------------------------------
    def submit(self, task: Callable[..., None], *args: Any, pull: bool = False) -> bool:
        """Run a shard task: pulls on the worker's own pull threads, everything else on the (shared) executor."""
        executor = self._pull_executor if pull else self._executor
        if executor is None:
            return False
        try:
            executor.submit(self._run_task, task, args)
        except RuntimeError as exc:  # the (shared) executor was shut down under us
            if not self.stopping:
                logger.error("consumer %s: cannot run tasks (%s); stopping", self.option.consumer_name, exc)
            self.error = self.error or exc
            self._request_stop()
            return False
        return True

    def _run_task(self, task: Callable[..., None], args: Tuple[Any, ...]) -> None:
        ident = threading.get_ident()
        self._task_threads.add(ident)
        try:
            task(*args)
        except BaseException:
            logger.exception("consumer %s: unexpected error in %s", self.option.consumer_name,
                             getattr(task, "__name__", task))
            owner = getattr(task, "__self__", None)
            if isinstance(owner, ShardConsumer):
                owner.recover()
        finally:
            self._task_threads.discard(ident)
            self._wake.set()

    def shard_is_readonly(self, shard_id: int) -> bool:
        heartbeat = self.heartbeat
        return heartbeat is not None and heartbeat.shard_status.get(shard_id) == "readonly"

    def saved_checkpoint(self, shard_id: int) -> str:
        res = self.client.get_check_point(self.option.project, self.option.logstore, self.option.consumer_group_name,
                                          shard_id)
        return res.get_check_point(shard_id) or ""

    def start_cursor(self, shard_id: int) -> str:
        """The configured start position of a shard without checkpoint."""
        option = self.option
        if option.cursor_position is CursorPosition.BEGIN_CURSOR:
            where: Any = "begin"
        elif option.cursor_position is CursorPosition.END_CURSOR:
            where = "end"
        else:
            where = self._start_time_value
        return str(self.client.get_cursor(option.project, option.logstore, shard_id, where).get_cursor())

    def end_cursor(self, shard_id: int) -> Optional[str]:
        """Batch mode: the cursor at ``cursor_end_time`` (cached); None otherwise."""
        if self._end_time_value is None:
            return None
        cursor = self._end_cursors.get(shard_id)
        if cursor is None:
            cursor = self.client.get_cursor(self.option.project, self.option.logstore, shard_id,
                                            self._end_time_value).get_cursor()
            self._end_cursors[shard_id] = cursor
        return cursor

    def _save_checkpoint(self, shard_id: int, cursor: str) -> None:
        option = self.option
        self.client.update_check_point(option.project, option.logstore, option.consumer_group_name, shard_id, cursor,
                                       consumer=option.consumer_name, force_success=False)

    # -- the thread --------------------------------------------------------------------------------------------------
    def run(self) -> None:
        option = self.option
        try:
            if not self._setup():
                return
            logger.info("consumer %s of group %s started on %s/%s", option.consumer_name,
                        option.consumer_group_name, option.project, option.logstore)
            self._loop()
        except BaseException as exc:
            self.error = exc
            logger.exception("consumer %s stopped by an unexpected error", option.consumer_name)
        finally:
            self._teardown()

    def _setup(self) -> bool:
        from ..timeparse import parse_timestamp

        option = self.option
        self._start_time_value = _time_param(option.cursor_start_time, parse_timestamp)
        self._end_time_value = _time_param(option.cursor_end_time, parse_timestamp)
        self.client = _make_client(option, read_timeout=60.0)
        hb_timeout = max(1.0, min(10.0, float(option.consumer_group_timeout) / 2))
        self.heartbeat_client = _make_client(option, read_timeout=hb_timeout)
        if option.shared_executor is not None:
            self._executor = option.shared_executor
        else:
            self._executor = ThreadPoolExecutor(option.worker_pool_size,
                                                thread_name_prefix=f"consumer-{option.consumer_name}")
            self._owns_executor = True
        # Pulls are network waits and decompression (the GIL is released): they get their own few threads so that
        # long process() calls never keep the next batches from arriving.
        self._pull_executor = ThreadPoolExecutor(PULL_THREADS,
                                                 thread_name_prefix=f"consumer-{option.consumer_name}-pull")
        failures = 0
        while not self.stopping:
            try:
                self._ensure_group()
                break
            except LogException as exc:
                if exc.error_code in _FATAL_SETUP_ERRORS or (400 <= exc.status < 500 and not exc.retriable):
                    self.error = exc
                    logger.error("consumer %s cannot start: %s", option.consumer_name, exc)
                    return False
                failures += 1
                delay = min(10.0, 0.2 * 2 ** failures)
                logger.warning("consumer %s: cannot set up the consumer group (retrying in %.1fs): %s",
                               option.consumer_name, delay, exc)
                self._stop_requested.wait(delay)
        if self.stopping:
            return False
        self.heartbeat = ConsumerHeartBeat(self)
        self.heartbeat.start()
        return True

    def _ensure_group(self) -> None:
        option = self.option
        try:
            self.client.create_consumer_group(option.project, option.logstore, option.consumer_group_name,
                                              option.consumer_group_timeout, option.in_order)
        except LogException as exc:
            if exc.error_code != "ConsumerGroupAlreadyExist":
                raise
            self.client.update_consumer_group(option.project, option.logstore, option.consumer_group_name,
                                              option.consumer_group_timeout, option.in_order)

    def _loop(self) -> None:
        heartbeat = self.heartbeat
        assert heartbeat is not None
        while not self.stopping:
            now = self._clock()
            assigned = heartbeat.assignment(now)
            self.clean_shard_consumer(assigned)
            with self._lock:
                for shard_id, beats in list(self._lost.items()):
                    if heartbeat.successes > beats:
                        del self._lost[shard_id]
                for shard_id in sorted(assigned):
                    if shard_id not in self.shard_consumers and shard_id not in self._lost:
                        logger.info("consumer %s: starting shard %s", self.option.consumer_name, shard_id)
                        self.shard_consumers[shard_id] = ShardConsumer(self, shard_id, self._clock)
                consumers = list(self.shard_consumers.values())
            next_due = now + _MAX_WAIT
            for consumer in consumers:
                due = consumer.tick(now)
                if due is not None and due < next_due:
                    next_due = due
            if self._end_time_value is not None and self._batch_finished(now, consumers):
                logger.info("consumer %s: every shard is consumed up to cursor_end_time; stopping",
                            self.option.consumer_name)
                break
            timeout = next_due - self._clock()
            if timeout > 0:
                self._wake.wait(timeout)
            self._wake.clear()

    def _batch_finished(self, now: float, consumers: Iterable[ShardConsumer]) -> bool:
        """Batch mode: whether every shard of the logstore has its checkpoint at (or past) its end cursor."""
        if any(not c.drained or c.tracker.pending() for c in consumers if not c.done):
            return False
        if now - self._batch_checked < min(self.option.heartbeat_interval, 1.0):
            return False
        self._batch_checked = now
        from ..api.cursors import cursor_to_int

        option = self.option
        try:
            shards = self.client.list_shards(option.project, option.logstore).get_shard_ids()
            saved = self.client.get_check_point(option.project, option.logstore, option.consumer_group_name)
            for shard_id in shards:
                end = self.end_cursor(shard_id)
                assert end is not None
                position = saved.get_check_point(shard_id)
                if not position:
                    position = self._start_cursors.get(shard_id)
                    if position is None:
                        position = self._start_cursors[shard_id] = self.start_cursor(shard_id)
                if cursor_to_int(position) < cursor_to_int(end):
                    return False
        except LogException as exc:
            logger.debug("consumer %s: cannot check batch progress: %s", option.consumer_name, exc)
            return False
        return True

    def _teardown(self) -> None:
        option = self.option
        deadline = self._clock() + option.shutdown_timeout
        with self._lock:
            consumers = list(self.shard_consumers.values())
        for consumer in consumers:
            consumer.request_shutdown()
        while True:
            with self._lock:
                pending = [c for c in self.shard_consumers.values() if not c.done]
            if not pending:
                break
            now = self._clock()
            if now >= deadline:
                logger.warning("consumer %s: shards %s did not finish within shutdown_timeout=%.0fs; leaving them",
                               option.consumer_name, sorted(c.shard_id for c in pending), option.shutdown_timeout)
                break
            for consumer in pending:
                consumer.tick(now)
            self._wake.wait(min(0.2, deadline - now))
            self._wake.clear()
        released_all = not any(not c.done for c in self.shard_consumers.values())
        heartbeat = self.heartbeat
        if heartbeat is not None:
            # No farewell heartbeat: the protocol has no "leave"; the group hands the shards over once this
            # consumer's timeout expires (a restarted consumer with the same name gets them back at once).
            heartbeat.stop()
            heartbeat.join(timeout=5.0)
        if self._owns_executor and self._executor is not None:
            self._executor.shutdown(wait=released_all, cancel_futures=True)
        if self._pull_executor is not None:
            self._pull_executor.shutdown(wait=False, cancel_futures=True)
        for client in (self.client, self.heartbeat_client):
            if client is not None:
                client.close()
        logger.info("consumer %s stopped", option.consumer_name)

    def _join_with_signals(self) -> None:
        installed = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                try:
                    installed[sig] = signal.signal(sig, self._on_signal)
                except (ValueError, OSError):  # pragma: no cover - not allowed here
                    pass
        try:
            while self.is_alive():
                self.join(0.2)
        finally:
            for sig, previous in installed.items():
                signal.signal(sig, previous)

    def _on_signal(self, signum: int, frame: Any) -> None:
        logger.info("consumer %s: signal %s received, shutting down", self.option.consumer_name, signum)
        self._request_stop()

    def __repr__(self) -> str:
        state = "running" if self.is_alive() else "stopped"
        return (f"<ConsumerWorker {self.option.consumer_group_name}/{self.option.consumer_name} {state} "
                f"shards={sorted(self.running_shards())}>")


def _time_param(value: Any, parse: Callable[[Any], int]) -> Any:
    """``begin`` / ``end`` kept, any other time resolved once to unix seconds."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip().lower() in ("begin", "end"):
        return value.strip().lower()
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"invalid time {value!r}")
    return parse(value)


def _make_client(option: LogHubConfig, read_timeout: float) -> Any:
    from ..client import LogClient
    from ..transport import RetryPolicy

    client = LogClient(
        option.endpoint,
        option.accessKeyId or None,
        option.accessKey or None,
        option.securityToken or None,
        auth_version=option.auth_version,
        region=option.region,
        credentials_provider=option.credentials_provider,
        timeout=(min(5.0, read_timeout), read_timeout),
        retry_policy=RetryPolicy(max_attempts=3, base_delay=0.1, max_delay=1.0),
    )
    if option.credentials_refresher is not None:
        client.set_credentials_auto_refresher(option.credentials_refresher)
    return client
