"""The logging handlers against the emulator over real sockets.

Every configuration example of the seed user guide (fileConfig files, dictConfig dicts, the KV and JSON variants),
delivery (100,000 records, an outage with a restart, process exit, fork), drop policies, recursion, exceptions,
non-UTF-8 and very large messages, and the uWSGI handler with a stand-in ``uwsgidecorators``.
"""

from __future__ import annotations

import logging
import logging.config
import multiprocessing
import os
import socket
import subprocess
import sys
import threading
import time
import traceback
import types
from typing import Any, Callable, Dict, Iterator, List

import pytest

import aliyun.log
from aliyun.log import LogClient, RetryPolicy
from aliyun.log import handlers as log_handlers
from aliyun.log.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator
from aliyun.log.handlers import LogFields, QueuedLogHandler, SimpleLogHandler

from ..conftest import unique_name
from ..unit.test_handler_fields import KV_CASES

HANDLER_NAMES = ("LogFields", "QueuedLogHandler", "SimpleLogHandler", "UwsgiQueuedLogHandler")

# The seed's configurations name ``aliyun.log.QueuedLogHandler``. Until aliyun/log/__init__.py lists the handlers
# in its lazy exports (test_package_exports_the_handlers checks that), make the names resolvable for this module.
for _name in HANDLER_NAMES:
    if _name not in getattr(aliyun.log, "_EXPORTS", {}):
        setattr(aliyun.log, _name, getattr(log_handlers, _name))

#: Rides out the outage of test_outage_and_restart (about 2 s): the client's retry policy is the only one applied.
OUTAGE_RETRY = RetryPolicy(max_attempts=400, base_delay=0.02, max_delay=0.1)


# -- helpers -----------------------------------------------------------------------------------------------------


def pull_all(client: LogClient, project: str, logstore: str) -> List[Dict[str, Any]]:
    logs: List[Dict[str, Any]] = []
    for shard in client.list_shards(project, logstore).get_shards_info():
        for res in client.pull_log(project, logstore, shard["shardID"], "begin", "end"):
            logs.extend(res.get_flatten_logs_json())
    return logs


def wait_logs(client: LogClient, project: str, logstore: str, count: int, timeout: float = 10.0
              ) -> List[Dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        logs = pull_all(client, project, logstore)
        if len(logs) >= count or time.monotonic() > deadline:
            return logs
        time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def logstore(make_logstore: Callable[..., str]) -> str:
    return make_logstore(shard_count=2)


@pytest.fixture()
def new_handler(emulator: Emulator, project: str, logstore: str) -> Iterator[Callable[..., QueuedLogHandler]]:
    made: List[logging.Handler] = []

    def make(cls: Any = QueuedLogHandler, **options: Any) -> Any:
        if cls is not SimpleLogHandler:
            options.setdefault("put_wait", 0.1)
        handler = cls(emulator.endpoint, *emulator.credentials, project, logstore, **options)
        made.append(handler)
        return handler

    yield make
    for handler in made:
        handler.close()


@pytest.fixture()
def new_logger() -> Iterator[Callable[..., logging.Logger]]:
    made: List[logging.Logger] = []

    def make(*handlers: logging.Handler) -> logging.Logger:
        logger = logging.getLogger(unique_name("test.handlers"))
        logger.propagate = False
        logger.setLevel(logging.DEBUG)
        for handler in handlers:
            logger.addHandler(handler)
        made.append(logger)
        return logger

    yield make
    for logger in made:
        for handler in logger.handlers[:]:
            logger.removeHandler(handler)


@pytest.fixture()
def logging_state() -> Iterator[None]:
    """fileConfig / dictConfig change process-wide logging state: put it back afterwards."""
    manager = logging.Logger.manager
    root = logging.getLogger()
    saved_root = (root.handlers[:], root.level)
    saved = {name: (lg.handlers[:], lg.level, lg.propagate, lg.disabled)
             for name, lg in list(manager.loggerDict.items()) if isinstance(lg, logging.Logger)}
    try:
        yield
    finally:
        for name, lg in list(manager.loggerDict.items()):
            if not isinstance(lg, logging.Logger):
                continue
            handlers, level, propagate, disabled = saved.get(name, ([], logging.NOTSET, True, False))
            for handler in lg.handlers[:]:
                if handler not in handlers:
                    lg.removeHandler(handler)
                    handler.close()
            lg.handlers[:] = handlers
            lg.level, lg.propagate, lg.disabled = level, propagate, disabled
        for handler in root.handlers[:]:
            if handler not in saved_root[0]:
                root.removeHandler(handler)
                handler.close()
        root.handlers[:] = saved_root[0]
        root.setLevel(saved_root[1])


def test_package_exports_the_handlers() -> None:
    exports = getattr(aliyun.log, "_EXPORTS", {})
    for name in HANDLER_NAMES:
        assert name in aliyun.log.__all__ and exports.get(name) == ".handlers", (
            f"aliyun/log/__init__.py should export {name} from .handlers")
        assert getattr(aliyun.log, name) is getattr(log_handlers, name)


# -- the seed guide's configuration examples, unchanged ----------------------------------------------------------

SEED_PROJECT = "project1"

SEED_FILE_CONFIG = """\
[loggers]
keys=root,sls

[handlers]
keys=consoleHandler, slsHandler

[formatters]
keys=simpleFormatter, rawFormatter

[logger_root]
level=DEBUG
handlers=consoleHandler

[logger_sls]
level=INFO
handlers=consoleHandler, slsHandler
qualname=sls
propagate=0

[handler_consoleHandler]
class=StreamHandler
level=DEBUG
formatter=simpleFormatter
args=(sys.stdout,)

[handler_slsHandler]
class=aliyun.log.QueuedLogHandler
level=INFO
formatter=rawFormatter
args=(os.environ.get('ALIYUN_LOG_SAMPLE_ENDPOINT', ''), os.environ.get('ALIYUN_LOG_SAMPLE_ACCESSID', ''), \
os.environ.get('ALIYUN_LOG_SAMPLE_ACCESSKEY', ''), os.environ.get('ALIYUN_LOG_SAMPLE_TMP_PROJECT', ''), "logstore")

[formatter_simpleFormatter]
format=%(asctime)s - %(name)s - %(levelname)s - %(message)s

[formatter_rawFormatter]
format=%(message)s
"""

SEED_ENV_ARGS = ("os.environ.get('ALIYUN_LOG_SAMPLE_ENDPOINT', ''), "
                 "os.environ.get('ALIYUN_LOG_SAMPLE_ACCESSID', ''), "
                 "os.environ.get('ALIYUN_LOG_SAMPLE_ACCESSKEY', ''), "
                 "os.environ.get('ALIYUN_LOG_SAMPLE_TMP_PROJECT', ''), \"logstore\"")


def seed_dict_config(**custom: Any) -> Dict[str, Any]:
    """The guide's dictConfig example (extra custom args as in its KV / JSON variants)."""
    conf = {'version': 1,
            'formatters': {'rawformatter': {'class': 'logging.Formatter',
                                            'format': '%(message)s'}
                           },
            'handlers': {'sls_handler': {'()':
                                         'aliyun.log.QueuedLogHandler',
                                         'level': 'INFO',
                                         'formatter': 'rawformatter',

                                         # custom args:
                                         'end_point': os.environ.get('ALIYUN_LOG_SAMPLE_ENDPOINT', ''),
                                         'access_key_id': os.environ.get('ALIYUN_LOG_SAMPLE_ACCESSID', ''),
                                         'access_key': os.environ.get('ALIYUN_LOG_SAMPLE_ACCESSKEY', ''),
                                         'project': 'project1',
                                         'log_store': "logstore1",
                                         **custom,
                                         }
                         },
            'loggers': {'sls': {'handlers': ['sls_handler', ],
                                'level': 'INFO',
                                'propagate': False}
                        }
            }
    return conf


class Seed:
    def __init__(self, emulator: Emulator, client: LogClient) -> None:
        self.emulator = emulator
        self.client = client

    def logs(self, logstore: str, count: int) -> List[Dict[str, Any]]:
        for handler in logging.getLogger("sls").handlers:
            if isinstance(handler, QueuedLogHandler):
                assert handler.flush(60)
        logs = wait_logs(self.client, SEED_PROJECT, logstore, count)
        assert len(logs) == count, logs
        return sorted(logs, key=lambda log: (log["__time__"], log.get("__time_ns_part__", 0)))


@pytest.fixture(scope="module")
def seed_emulator() -> Iterator[Emulator]:
    # The guide's field example signs with 'ak_id' / 'ak_key': the emulator accepts that pair too.
    keys = {DEFAULT_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_SECRET, "ak_id": "ak_key"}
    with Emulator(port=0, access_keys=keys) as emu:
        yield emu


@pytest.fixture()
def seed(seed_emulator: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Any, logging_state: None
         ) -> Iterator[Seed]:
    seed_emulator.reset()
    monkeypatch.setenv("ALIYUN_LOG_SAMPLE_ENDPOINT", seed_emulator.endpoint)
    monkeypatch.setenv("ALIYUN_LOG_SAMPLE_ACCESSID", seed_emulator.credentials[0])
    monkeypatch.setenv("ALIYUN_LOG_SAMPLE_ACCESSKEY", seed_emulator.credentials[1])
    monkeypatch.setenv("ALIYUN_LOG_SAMPLE_TMP_PROJECT", SEED_PROJECT)
    monkeypatch.chdir(tmp_path)
    with LogClient(seed_emulator.endpoint, *seed_emulator.credentials) as client:
        client.create_project(SEED_PROJECT, "seed guide examples")
        client.create_logstore(SEED_PROJECT, "logstore", shard_count=1)
        client.create_logstore(SEED_PROJECT, "logstore1", shard_count=1)
        yield Seed(seed_emulator, client)


def run_seed_usage() -> None:
    """The guide's usage code after ``fileConfig('logging.conf')``."""
    logger = logging.getLogger('sls')

    # 使用logger
    logger.info("test1")
    try:
        1/0  # noqa: B018 (the guide's code, verbatim)
    except ZeroDivisionError as ex:
        logger.exception(ex)


def test_seed_file_config(seed: Seed, capsys: pytest.CaptureFixture[str]) -> None:
    with open("logging.conf", "w", encoding="utf-8") as fh:
        fh.write(SEED_FILE_CONFIG)
    logging.config.fileConfig('logging.conf')
    run_seed_usage()
    first, second = seed.logs("logstore", 2)
    assert first["message"] == "test1"
    assert first["level"] == "INFO" and first["record_name"] == "sls" and first["func_name"] == "run_seed_usage"
    assert first["module"] == "test_handlers" and first["file_path"] == __file__
    assert {"line_no", "process_id", "process_name", "thread_id", "thread_name"} <= set(first)
    assert second["level"] == "ERROR"
    assert second["message"].startswith("division by zero\nTraceback (most recent call last):\n")
    assert "1/0" in second["message"] and second["message"].endswith("ZeroDivisionError: division by zero")
    assert "sls - INFO - test1" in capsys.readouterr().out  # the console handler of the same file


def test_seed_file_config_fields_and_topic(seed: Seed) -> None:
    # The guide's example verbatim except the endpoint ('cn-beijing.log.aliyuncs.com' -> the emulator).
    args = (f"args=('{seed.emulator.endpoint}', 'ak_id', 'ak_key', 'project1', \"logstore1\", 'mytopic', "
            "['level', 'func_name', 'module', 'line_no'] )")
    text = SEED_FILE_CONFIG.replace(SEED_FILE_CONFIG[SEED_FILE_CONFIG.index("args=(os.environ"):
                                                     SEED_FILE_CONFIG.index("\n\n[formatter_simple")], args)
    with open("logging.conf", "w", encoding="utf-8") as fh:
        fh.write(text)
    logging.config.fileConfig('logging.conf')
    run_seed_usage()
    first, second = seed.logs("logstore1", 2)
    assert first["__topic__"] == "mytopic"
    assert set(first) - {"__time__", "__time_ns_part__", "__topic__", "__source__"} == {
        "message", "level", "func_name", "module", "line_no"}
    assert first["message"] == "test1" and first["func_name"] == "run_seed_usage"
    assert second["message"].endswith("ZeroDivisionError: division by zero")


def test_seed_file_config_kv(seed: Seed) -> None:
    # "None 占位": 12 placeholders then extract_kv=True, positionally.
    args = "args=(" + SEED_ENV_ARGS + ", None, None, None, None, None, None, None, None, None, None, None, None, True)"
    text = SEED_FILE_CONFIG.replace(SEED_FILE_CONFIG[SEED_FILE_CONFIG.index("args=(os.environ"):
                                                     SEED_FILE_CONFIG.index("\n\n[formatter_simple")], args)
    with open("logging.conf", "w", encoding="utf-8") as fh:
        fh.write(text)
    logging.config.fileConfig('logging.conf')
    logging.getLogger('sls').error("get error, reason=103 return_code=333 agent_type=ios")
    (log,) = seed.logs("logstore", 1)
    assert (log["reason"], log["return_code"], log["agent_type"]) == ("103", "333", "ios")
    assert log["message"] == "get error, reason=103 return_code=333 agent_type=ios"
    assert log["level"] == "ERROR"


def test_seed_file_config_json(seed: Seed) -> None:
    # 8 placeholders then extract_json=True.
    args = "args=(" + SEED_ENV_ARGS + ", None, None, None, None, None, None, None, None, True)"
    text = SEED_FILE_CONFIG.replace(SEED_FILE_CONFIG[SEED_FILE_CONFIG.index("args=(os.environ"):
                                                     SEED_FILE_CONFIG.index("\n\n[formatter_simple")], args)
    with open("logging.conf", "w", encoding="utf-8") as fh:
        fh.write(text)
    logging.config.fileConfig('logging.conf')
    response_data = {'name': u'小明', 'score': 100.0}  # noqa: UP025 (verbatim)
    logging.getLogger('sls').info(response_data)
    (log,) = seed.logs("logstore", 1)
    assert (log["name"], log["score"]) == ("小明", "100.0")
    assert log["message"] == "{'name': '小明', 'score': 100.0}"


def test_seed_dict_config(seed: Seed) -> None:
    conf = seed_dict_config()
    logging.config.dictConfig(conf)
    # 使用
    logger = logging.getLogger('sls')
    logger.info("Hello world")
    (log,) = seed.logs("logstore1", 1)
    assert log["message"] == "Hello world" and log["level"] == "INFO" and log["record_name"] == "sls"


def test_seed_dict_config_kv(seed: Seed) -> None:
    logging.config.dictConfig(seed_dict_config(extract_kv=True))
    logger = logging.getLogger('sls')
    logger.error("get error, reason=103 return_code=333 agent_type=ios")
    (log,) = seed.logs("logstore1", 1)
    assert (log["reason"], log["return_code"], log["agent_type"]) == ("103", "333", "ios")


def test_seed_dict_config_json(seed: Seed) -> None:
    logging.config.dictConfig(seed_dict_config(extract_json=True))
    logger = logging.getLogger('sls')
    response_data = {'name': u'小明', 'score': 100.0}  # noqa: UP025 (verbatim)
    logger.info(response_data)
    (log,) = seed.logs("logstore1", 1)
    assert (log["name"], log["score"]) == ("小明", "100.0")


def test_seed_data_example_kv(seed: Seed) -> None:
    logging.config.dictConfig(seed_dict_config(extract_kv=True))
    logger = logging.getLogger('sls')
    data = {'name': 'xiao ming', 'score': 100.0}
    logger.error('get some error when parsing data. name="{}" score={}'.format(data['name'], data['score']))
    (log,) = seed.logs("logstore1", 1)
    assert (log["name"], log["score"]) == ("xiao ming", "100.0")


def test_kv_cases_of_the_guide_in_the_logstore(new_handler: Callable[..., QueuedLogHandler],
                                               new_logger: Callable[..., logging.Logger], client: LogClient,
                                               project: str, logstore: str) -> None:
    """c1..c12 of the guide (and its conflict example) end to end: one handler per case, the case as topic."""
    cases = [*KV_CASES, ("conflict", "=", 'student="xiao ming" level=3', {"student": "xiao ming", "level_1": "3"})]
    handlers = []
    for name, sep, message, _expected in cases:
        handler = new_handler(topic=name, fields=["level"], extract_kv=True, extract_kv_sep=sep, put_wait=0.05)
        new_logger(handler).info(message)
        handlers.append(handler)
    assert all(handler.flush(60) for handler in handlers)
    logs = {log["__topic__"]: log for log in wait_logs(client, project, logstore, len(cases))}
    for name, _sep, message, expected in cases:
        fields = {key: value for key, value in logs[name].items() if not key.startswith("__")}
        assert fields == {"message": message, "level": "INFO", **expected}, name


def test_dict_config_with_keyword_options(seed: Seed) -> None:
    conf = seed_dict_config(extract_kv=True, extract_kv_sep="(?:=|:)", extract_kv_prefix="kv_",
                            buildin_fields_prefix="__", buildin_fields_suffix="__",
                            fields=["level", "thread_name"], topic="app", source="web-1",
                            log_tags={"env": "test"}, queue_size=1000, put_wait=0.1, drop_policy="block")
    logging.config.dictConfig(conf)
    logging.getLogger('sls').warning("k1=v1 k2:v2 level=3")
    (log,) = seed.logs("logstore1", 1)
    assert log["__topic__"] == "app" and log["__source__"] == "web-1" and log["__tag__:env"] == "test"
    assert log["__level__"] == "WARNING" and log["__thread_name__"] == "MainThread"
    assert (log["kv_k1"], log["kv_k2"], log["kv_level"]) == ("v1", "v2", "3")


def test_handlers_replaced_by_dict_config_keep_working(new_handler: Callable[..., QueuedLogHandler],
                                                       new_logger: Callable[..., logging.Logger],
                                                       client: LogClient, project: str, logstore: str,
                                                       logging_state: None) -> None:
    """dictConfig (as uvicorn runs it) closes every existing handler, also ours still attached to a logger."""
    handler = new_handler()
    logger = new_logger(handler)
    logger.info("before")
    assert handler.flush(60)
    logging.config.dictConfig({"version": 1, "disable_existing_loggers": False,
                               "loggers": {"other.lib": {"level": "INFO"}}})
    logger.info("after")  # the closed handler starts a new sender
    assert handler.flush(60)
    assert sorted(log["message"] for log in wait_logs(client, project, logstore, 2)) == ["after", "before"]


# -- fields and options end to end -----------------------------------------------------------------------------


def test_fields_extra_topic_source_and_tags(new_handler: Callable[..., QueuedLogHandler],
                                            new_logger: Callable[..., logging.Logger], client: LogClient,
                                            project: str, logstore: str) -> None:
    handler = new_handler(topic="t1", source="host-9", log_tags=[("env", "ci"), ("team", "sre")],
                          fields=[LogFields.level, "thread_name", "lineno"])
    logger = new_logger(handler)
    logger.warning("hello %s", "there", extra={"user": "bob", "order": {"id": 7}})
    assert handler.flush(60)
    (log,) = wait_logs(client, project, logstore, 1)
    assert log["__topic__"] == "t1" and log["__source__"] == "host-9"
    assert log["__tag__:env"] == "ci" and log["__tag__:team"] == "sre"
    assert log["message"] == "hello there" and log["level"] == "WARNING" and log["thread_name"] == "MainThread"
    assert int(log["line_no"]) > 0 and log["user"] == "bob" and log["order"] == '{"id": 7}'
    assert abs(log["__time__"] - time.time()) < 60 and "__time_ns_part__" in log


def test_credentials_provider_and_v4_signing(emulator: Emulator, new_logger: Callable[..., logging.Logger],
                                             client: LogClient, project: str, logstore: str) -> None:
    from aliyun.log import StaticCredentialsProvider

    provider = StaticCredentialsProvider(*emulator.credentials)
    handler = QueuedLogHandler(emulator.endpoint, None, None, project, logstore, put_wait=0.05,
                               auth_version="v4", region="cn-hangzhou", credentials_provider=provider)
    logger = new_logger(handler)
    logger.info("signed with v4")
    try:
        assert handler.flush(60) and handler.stats["sent"] == 1
    finally:
        handler.close()
    assert [log["message"] for log in pull_all(client, project, logstore)] == ["signed with v4"]


def test_user_keys_are_made_legal_and_nothing_is_lost(new_handler: Callable[..., QueuedLogHandler],
                                                      new_logger: Callable[..., logging.Logger],
                                                      client: LogClient, project: str, logstore: str) -> None:
    handler = new_handler(extract_kv=True, extract_json=True, fields=[])
    logger = new_logger(handler)
    logger.info("user.id=7 http-status=200 2xx=1 __time__=5 __topic__=x 键=值")
    logger.info('{"a.b": 1, "__source__": "s", "%s": 2}', "k" * 200)
    logger.info("plain", extra={"odd key!": 1})
    assert handler.flush(60)
    logs = {log["message"][:4]: log for log in wait_logs(client, project, logstore, 3)}
    kv = logs["user"]
    assert (kv["user.id"], kv["http-status"], kv["2xx"], kv["__time___"], kv["__topic___"], kv["键"]) == (
        "7", "200", "1", "5", "x", "值")
    js = logs['{"a.']
    assert js["a.b"] == "1" and js["__source___"] == "s" and js["k" * 128] == "2"
    assert logs["plai"]["odd key!"] == "1"
    assert handler.stats["failed"] == 0


def test_simple_handler_is_synchronous(new_handler: Callable[..., Any], new_logger: Callable[..., logging.Logger],
                                       client: LogClient, project: str, logstore: str) -> None:
    handler = new_handler(SimpleLogHandler, fields=["level"], extract_kv=True)
    logger = new_logger(handler)
    logger.info("a=1")
    assert [log["a"] for log in pull_all(client, project, logstore)] == ["1"]  # no flush needed
    logger.info("b=2")
    assert handler.stats["sent"] == 2 and handler.stats["failed"] == 0
    broken = SimpleLogHandler(f"http://127.0.0.1:{free_port()}", "id", "key", project, logstore,
                              retry_policy=RetryPolicy(max_attempts=1))
    broken.handleError = lambda record: None  # type: ignore[assignment]
    new_logger(broken).info("lost")
    assert broken.stats["failed"] == 1
    broken.close()


# -- delivery --------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_100k_records_all_delivered(new_handler: Callable[..., QueuedLogHandler],
                                    new_logger: Callable[..., logging.Logger], client: LogClient,
                                    project: str, logstore: str) -> None:
    count = 100_000
    handler = new_handler(queue_size=count)
    logger = new_logger(handler)
    for i in range(count):
        logger.info("record %d", i)
    assert handler.flush(60)
    assert handler.stats["sent"] == count and handler.stats["dropped"] == 0 and handler.stats["failed"] == 0
    logs = pull_all(client, project, logstore)
    assert sorted(int(log["message"].split()[1]) for log in logs) == list(range(count))


def test_flush_keeps_the_worker_and_counters(new_handler: Callable[..., QueuedLogHandler],
                                             new_logger: Callable[..., logging.Logger], client: LogClient,
                                             project: str, logstore: str) -> None:
    handler = new_handler(put_wait=30)  # only flush() makes these go out early
    logger = new_logger(handler)
    for i in range(5):
        logger.info("first %d", i)
    worker = handler._sender._worker
    assert handler.pending == 5
    assert handler.flush(60) and handler.pending == 0
    for i in range(5):
        logger.info("second %d", i)
    assert handler.flush(60)
    assert handler._sender._worker is worker and worker is not None and worker.thread.is_alive()
    assert handler.stats == {"sent": 10, "dropped": 0, "failed": 0, "pending": 0, "dropped_queue_full": 0,
                             "dropped_at_close": 0, "truncated": 0, "batches": 2}
    assert len(pull_all(client, project, logstore)) == 10
    assert handler.flush(0.01)  # nothing pending: immediately True


def gate_sender(handler: QueuedLogHandler) -> threading.Event:
    """Hold the sender inside its first batch until the returned event is set."""
    gate = threading.Event()
    sender = handler._sender
    deliver = sender._deliver

    def gated(batch: Any) -> None:
        gate.wait(10)
        deliver(batch)

    sender._deliver = gated  # type: ignore[method-assign]
    return gate


def wait_in_flight(handler: QueuedLogHandler, count: int) -> None:
    deadline = time.monotonic() + 5
    while handler._sender._in_flight != count:
        assert time.monotonic() < deadline
        time.sleep(0.005)


@pytest.mark.parametrize("policy, kept", [
    ("drop_newest", list(range(15))),
    ("drop_oldest", list(range(5)) + list(range(10, 20))),
])
def test_drop_policies(policy: str, kept: List[int], new_handler: Callable[..., QueuedLogHandler],
                       new_logger: Callable[..., logging.Logger], client: LogClient, project: str,
                       logstore: str, capsys: pytest.CaptureFixture[str]) -> None:
    handler = new_handler(queue_size=10, batch_size=5, put_wait=30, drop_policy=policy)
    gate = gate_sender(handler)
    logger = new_logger(handler)
    for i in range(5):
        logger.info("n %d", i)
    wait_in_flight(handler, 5)  # records 0..4 are being sent, the queue is empty
    for i in range(5, 20):
        logger.info("n %d", i)
    assert handler.stats["dropped"] == handler.stats["dropped_queue_full"] == 5
    gate.set()
    assert handler.flush(60)
    assert sorted(int(log["message"].split()[1]) for log in pull_all(client, project, logstore)) == kept
    assert handler.stats["sent"] == 15
    handler.close()
    assert "5 dropped because the queue was full" in capsys.readouterr().err


def test_block_policy_waits_for_room(new_handler: Callable[..., QueuedLogHandler],
                                     new_logger: Callable[..., logging.Logger], client: LogClient,
                                     project: str, logstore: str) -> None:
    handler = new_handler(queue_size=10, batch_size=5, put_wait=30, drop_policy="block", block_timeout=0.2)
    logger = new_logger(handler)
    for i in range(100):  # the sender makes room as soon as a call waits
        logger.info("n %d", i)
    assert handler.flush(60) and handler.stats["dropped"] == 0 and handler.stats["sent"] == 100
    gate = gate_sender(handler)
    for i in range(5):
        logger.info("m %d", i)
    wait_in_flight(handler, 5)
    for i in range(10):
        logger.info("m %d", i)
    started = time.monotonic()
    logger.info("waits, then is dropped")
    assert time.monotonic() - started >= 0.19
    assert handler.stats["dropped"] == 1
    gate.set()
    assert handler.flush(60) and handler.stats["sent"] == 115
    assert len(pull_all(client, project, logstore)) == 115


@pytest.mark.slow
def test_outage_and_restart(tmp_path: Any, new_logger: Callable[..., logging.Logger]) -> None:
    data_dir = str(tmp_path / "sls")
    emu = Emulator(port=0, data_dir=data_dir).start()
    port = emu.port
    project, store = unique_name("outage"), "outage"
    with LogClient(emu.endpoint, *emu.credentials) as client:
        client.create_project(project, "outage test")
        client.create_logstore(project, store, shard_count=1)
    handler = QueuedLogHandler(emu.endpoint, *emu.credentials, project, store, queue_size=100, batch_size=20,
                               put_wait=0.05, retry_policy=OUTAGE_RETRY)
    logger = new_logger(handler)
    try:
        for i in range(10):
            logger.info("before %d", i)
        assert handler.flush(60)
        emu.stop()
        for i in range(60):  # within the queue bound
            logger.info("during %d", i)
        time.sleep(0.5)  # the sender holds one batch of 20, which the client retries
        for i in range(200):
            logger.info("overflow %d", i)
        dropped = handler.stats["dropped"]
        assert 140 <= dropped <= 160  # 260 logged, room for 100 queued + 20 in flight
        time.sleep(1.5)
        emu = Emulator(port=port, data_dir=data_dir).start()  # same port, same data
        assert handler.flush(20)
        stats = handler.stats
        with LogClient(emu.endpoint, *emu.credentials) as client:
            messages = [log["message"] for log in pull_all(client, project, store)]
        assert len(messages) == len(set(messages)) == stats["sent"] == 270 - dropped
        assert stats["dropped"] == stats["dropped_queue_full"] == dropped and stats["failed"] == 0
        assert {f"before {i}" for i in range(10)} | {f"during {i}" for i in range(60)} <= set(messages)
    finally:
        handler.close()
        emu.stop()


EXIT_SCRIPT = """
import logging, sys
from aliyun.log.handlers import QueuedLogHandler
endpoint, key_id, key, project, logstore, count, close_wait = sys.argv[1:]
handler = QueuedLogHandler(endpoint, key_id, key, project, logstore, put_wait=60, close_wait=float(close_wait))
logger = logging.getLogger("exit")
logger.addHandler(handler)
logger.setLevel(logging.INFO)
for i in range(int(count)):
    logger.info("exit %d", i)
print("sent before exit:", handler.stats["sent"])
"""


REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(aliyun.log.__file__ or ""))))


def run_script(*args: Any, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(p for p in [REPO_ROOT, os.environ.get("PYTHONPATH")] if p)
    return subprocess.run([sys.executable, "-c", EXIT_SCRIPT, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=dict(os.environ, PYTHONPATH=path), cwd=REPO_ROOT)


def test_process_exit_delivers_the_queue(emulator: Emulator, client: LogClient, project: str,
                                         logstore: str) -> None:
    result = run_script(emulator.endpoint, *emulator.credentials, project, logstore, 500, 5)
    assert result.returncode == 0, result.stderr
    assert "sent before exit: 0" in result.stdout
    assert result.stderr == ""
    logs = pull_all(client, project, logstore)
    assert sorted(int(log["message"].split()[1]) for log in logs) == list(range(500))


def test_process_exit_reports_what_it_could_not_deliver() -> None:
    started = time.monotonic()
    result = run_script(f"http://127.0.0.1:{free_port()}", "id", "key", "proj-x", "store-x", 20, 0.5)
    assert result.returncode == 0
    assert time.monotonic() - started < 15
    assert "records not delivered within close_wait=0.5s" in result.stderr, result.stderr


def test_forked_child_logs_through_its_own_worker(new_handler: Callable[..., QueuedLogHandler],
                                                  new_logger: Callable[..., logging.Logger], client: LogClient,
                                                  project: str, logstore: str) -> None:
    handler = new_handler(put_wait=30)
    logger = new_logger(handler)
    logger.info("parent before fork")  # still queued when the process forks
    parent_worker = handler._sender._worker
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through its exit code
        code = 3
        try:
            fresh = handler.pending == 0
            logger.info("from child")
            ok = handler.flush(60) and handler.stats["sent"] == 1
            code = 0 if fresh and ok and handler._sender._worker is not parent_worker else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert handler.flush(60) and handler.stats["sent"] == 1
    logs = {log["message"]: log for log in wait_logs(client, project, logstore, 2)}
    assert set(logs) == {"parent before fork", "from child"}  # nothing sent twice
    assert logs["from child"]["process_id"] == str(pid)
    assert logs["parent before fork"]["process_id"] == str(os.getpid())


def _child_logs(logger_name: str, count: int) -> None:
    logger = logging.getLogger(logger_name)
    for i in range(count):
        logger.info("mp child %d", i)
    # no flush: the process leaves through multiprocessing's exit path, which still delivers the queue


def test_multiprocessing_child_delivers_on_exit(new_handler: Callable[..., QueuedLogHandler],
                                                new_logger: Callable[..., logging.Logger], client: LogClient,
                                                project: str, logstore: str) -> None:
    handler = new_handler(put_wait=30)
    logger = new_logger(handler)
    logger.info("parent")
    process = multiprocessing.get_context("fork").Process(target=_child_logs, args=(logger.name, 20))
    process.start()
    process.join(20)
    assert process.exitcode == 0
    assert handler.flush(60)
    messages = [log["message"] for log in wait_logs(client, project, logstore, 21)]
    assert sorted(messages) == sorted(["parent"] + [f"mp child {i}" for i in range(20)])


# -- robustness --------------------------------------------------------------------------------------------------


def test_never_uploads_its_own_or_the_http_stack_records(new_handler: Callable[..., QueuedLogHandler],
                                                         client: LogClient, project: str, logstore: str) -> None:
    root = logging.getLogger()
    handler = new_handler(fields=["record_name"])
    saved = root.level, logging.getLogger("urllib3").level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logging.getLogger("urllib3").setLevel(logging.DEBUG)
    try:
        logging.getLogger("test.app").info("one")
        logging.getLogger("urllib3.connectionpool").debug("ignored by name")
        logging.getLogger("aliyun.log.handlers").warning("ignored: our own logger")
        assert handler.flush(60)  # the sender's own HTTP debug records are ignored too
        logging.getLogger("test.app").info("two")
        assert handler.flush(60)
        time.sleep(0.3)
        assert handler.flush(60)
    finally:
        root.removeHandler(handler)
        root.setLevel(saved[0])
        logging.getLogger("urllib3").setLevel(saved[1])
    logs = pull_all(client, project, logstore)
    assert sorted((log["record_name"], log["message"]) for log in logs) == [("test.app", "one"), ("test.app", "two")]


def _raise_inner() -> None:
    raise ValueError("inner problem")


def _raise_outer() -> None:
    try:
        _raise_inner()
    except ValueError as exc:
        raise RuntimeError("outer problem") from exc


def test_exceptions_arrive_with_intact_tracebacks(new_handler: Callable[..., QueuedLogHandler],
                                                  new_logger: Callable[..., logging.Logger], client: LogClient,
                                                  project: str, logstore: str) -> None:
    handler = new_handler()
    logger = new_logger(handler)
    try:
        _raise_outer()
    except RuntimeError:
        expected = "".join(traceback.format_exception(*sys.exc_info())).rstrip("\n")
        logger.exception("request %s failed", "r-1")
    logger.info("with stack", stack_info=True)
    assert handler.flush(60)
    logs = {log["message"].split("\n")[0]: log for log in wait_logs(client, project, logstore, 2)}
    message = logs["request r-1 failed"]["message"]
    assert message == "request r-1 failed\n" + expected
    assert "_raise_inner" in message and "The above exception was the direct cause" in message
    assert logs["request r-1 failed"]["level"] == "ERROR"
    assert "Stack (most recent call last):" in logs["with stack"]["message"]
    assert "test_exceptions_arrive_with_intact_tracebacks" in logs["with stack"]["message"]


def test_non_utf8_text(new_handler: Callable[..., QueuedLogHandler], new_logger: Callable[..., logging.Logger],
                       client: LogClient, project: str, logstore: str) -> None:
    handler = new_handler(fields=[])
    logger = new_logger(handler)
    logger.info(b"bytes caf\xc3\xa9 \xff\xfe")
    logger.info("path %s", os.fsdecode(b"bad-\xff-name"))  # a lone surrogate: not encodable as UTF-8
    logger.info("fine", extra={"raw": b"\x80abc"})
    logger.info("日本語とemoji 🎉")
    assert handler.flush(60)
    messages = {log["message"]: log for log in wait_logs(client, project, logstore, 4)}
    assert set(messages) == {"bytes café \\xff\\xfe", "path bad-\\udcff-name", "fine", "日本語とemoji 🎉"}
    assert messages["fine"]["raw"] == "\\x80abc"
    assert handler.stats["sent"] == 4 and handler.stats["failed"] == 0


def test_very_large_messages(new_handler: Callable[..., QueuedLogHandler],
                             new_logger: Callable[..., logging.Logger], client: LogClient, project: str,
                             logstore: str) -> None:
    handler = new_handler(fields=[])
    logger = new_logger(handler)
    big = "x" * (3 * 1024 * 1024)
    logger.info(big)
    logger.info("中" * 600_000)  # 1.8 MB of UTF-8 in 600k characters
    near = "y" * (900 * 1024)
    logger.info(near)
    logger.info("small")
    assert handler.flush(60)
    logs = wait_logs(client, project, logstore, 4)
    by_start = {log["message"][:1]: log["message"] for log in logs}
    assert by_start["y"] == near and by_start["s"] == "small"
    assert by_start["x"].startswith("x" * 1000) and by_start["x"].endswith(f"[truncated, {len(big)} bytes in total]")
    assert len(by_start["x"].encode()) <= 1024 * 1024
    assert by_start["中"].endswith("[truncated, 1800000 bytes in total]")
    assert len(by_start["中"].encode()) <= 1024 * 1024
    assert handler.stats["truncated"] == 2 and handler.stats["sent"] == 4


def test_permanent_failure_is_counted_and_reported(emulator: Emulator, new_logger: Callable[..., logging.Logger],
                                                   project: str, caplog: pytest.LogCaptureFixture) -> None:
    handler = QueuedLogHandler(emulator.endpoint, *emulator.credentials, project, "no-such-logstore",
                               put_wait=0.05)
    logger = new_logger(handler)
    with caplog.at_level(logging.WARNING, logger="aliyun.log.handlers"):
        logger.info("goes nowhere")
        assert handler.flush(60)
    assert handler.stats["failed"] == 1 and handler.stats["sent"] == 0
    assert any("could not deliver 1 records" in rec.getMessage() for rec in caplog.records)
    handler.close()


# -- uWSGI -----------------------------------------------------------------------------------------------------


@pytest.fixture()
def fake_uwsgidecorators(monkeypatch: pytest.MonkeyPatch) -> List[Callable[[], None]]:
    hooks: List[Callable[[], None]] = []
    module = types.ModuleType("uwsgidecorators")
    module.postfork = lambda func: hooks.append(func) or func  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "uwsgidecorators", module)
    return hooks


def test_uwsgi_handler_needs_uwsgidecorators(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uwsgidecorators", None)  # makes the import fail
    with pytest.raises(ImportError, match="uwsgidecorators"):
        log_handlers.UwsgiQueuedLogHandler("http://127.0.0.1:9", "id", "key", "p", "l")


def test_uwsgi_handler_starts_a_fresh_worker_after_fork(fake_uwsgidecorators: List[Callable[[], None]],
                                                        emulator: Emulator, client: LogClient, project: str,
                                                        logstore: str,
                                                        new_logger: Callable[..., logging.Logger]) -> None:
    handler = log_handlers.UwsgiQueuedLogHandler(emulator.endpoint, *emulator.credentials, project, logstore,
                                                 None, ["level"], None, 30)
    assert handler.close_wait == 2.0 and handler.put_wait == 30
    assert len(fake_uwsgidecorators) == 1  # the postfork hook
    logger = new_logger(handler)
    logger.info("master")  # queued in the "master" when uWSGI forks
    pid = os.fork()
    if pid == 0:  # pragma: no cover - a uWSGI worker: uWSGI runs the postfork hooks
        code = 3
        try:
            for hook in fake_uwsgidecorators:
                hook()
            started = handler._sender.running and handler.pending == 0
            logger.info("worker")
            code = 0 if started and handler.flush(60) and handler.stats["sent"] == 1 else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert handler.flush(60)
    logs = wait_logs(client, project, logstore, 2)
    assert sorted(log["message"] for log in logs) == ["master", "worker"]
    handler.close()


def test_init_worker_and_stop(new_handler: Callable[..., QueuedLogHandler], new_logger: Callable[..., logging.Logger],
                              client: LogClient, project: str, logstore: str) -> None:
    handler = new_handler(put_wait=30)
    handler.init_worker()
    assert handler._sender._worker is not None and handler._sender._worker.thread.is_alive()
    logger = new_logger(handler)
    logger.info("one")
    thread = handler._sender._worker.thread
    handler.stop()  # delivers what is queued
    assert not thread.is_alive() and handler.stats["sent"] == 1
    logger.info("two")  # a new sender
    assert handler.flush(60) and handler.stats["sent"] == 2
    assert len(pull_all(client, project, logstore)) == 2


@pytest.mark.parametrize("cls", [QueuedLogHandler, SimpleLogHandler])
def test_handler_filters_apply(cls: Any, new_handler: Callable[..., Any], new_logger: Callable[..., logging.Logger],
                               emulator: Emulator, project: str, logstore: str) -> None:
    """Filters added to the handler drop records and may change them, as with any logging handler."""

    class Redact(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            if "drop me" in record.getMessage():
                return False
            record.msg = str(record.msg).replace("secret", "******")
            return True

    handler = new_handler(cls)
    handler.addFilter(Redact())
    handler.addFilter(lambda record: record.levelno >= logging.INFO)  # a plain callable, as logging allows
    logger = new_logger(handler)
    logger.info("first secret")
    logger.info("drop me")
    logger.debug("too low")
    logger.warning("second")
    assert handler.flush(30)
    with LogClient(emulator.endpoint, *emulator.credentials) as client:
        logs = wait_logs(client, project, logstore, 2)
    assert sorted(log["message"] for log in logs) == ["first ******", "second"]
