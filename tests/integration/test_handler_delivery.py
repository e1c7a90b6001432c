"""The handlers' two delivery paths share one formatting base; retries are the client's only, and the constructors
accept every call the original SDK's handlers accept (positional order included)."""

from __future__ import annotations

import inspect
import logging
import socket
from typing import Any, Iterator, List

import pytest

from aliyun.log import RetryPolicy
from aliyun.log.handlers import QueuedLogHandler, SimpleLogHandler, UwsgiQueuedLogHandler
from aliyun.log.handlers._base import LogHandlerBase
from aliyun.log.handlers.delivery import BACKGROUND_RETRY_POLICY, BackgroundSender, SyncSender

from ..conftest import unique_name

#: The positional parameters of the original SDK 0.9.52 (aliyun/log/logger_hanlder.py), in order.
OFFICIAL_SIMPLE = [
    "end_point", "access_key_id", "access_key", "project", "log_store", "topic", "fields",
    "buildin_fields_prefix", "buildin_fields_suffix", "extract_json", "extract_json_drop_message",
    "extract_json_prefix", "extract_json_suffix", "extract_kv", "extract_kv_drop_message", "extract_kv_prefix",
    "extract_kv_suffix", "extract_kv_sep", "extra", "auth_version", "region",
]
OFFICIAL_QUEUED = [*OFFICIAL_SIMPLE[:7], "queue_size", "put_wait", "close_wait", "batch_size", *OFFICIAL_SIMPLE[7:]]


def positional(cls: Any) -> List[str]:
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    return [p.name for p in params if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]


def test_signatures_match_the_original_sdk() -> None:
    assert positional(SimpleLogHandler) == OFFICIAL_SIMPLE
    assert positional(QueuedLogHandler) == OFFICIAL_QUEUED
    every = ("http://127.0.0.1:9", "id", "key", "p", "l", "topic", ["level"], "__", "__", True, False, "j_", "_j",
             True, False, "k_", "_k", ":", True, "v1", "")
    simple = SimpleLogHandler(*every)
    assert (simple.topic, simple.extract_kv_sep, simple.extra, simple.buildin_fields_prefix) == ("topic", ":", True,
                                                                                               "__")
    queued = QueuedLogHandler(*every[:7], 10, 0.5, 1.5, 4, *every[7:])
    assert (queued.queue_size, queued.put_wait, queued.close_wait, queued.batch_size) == (10, 0.5, 1.5, 4)
    assert (queued.extract_json_prefix, queued.extract_kv_suffix, queued.region) == ("j_", "_k", "")
    for handler in (simple, queued):
        handler.close()


def test_one_formatting_base_two_senders() -> None:
    simple = SimpleLogHandler("http://127.0.0.1:9", "id", "key", "p", "l")
    queued = QueuedLogHandler("http://127.0.0.1:9", "id", "key", "p", "l")
    try:
        assert not isinstance(queued, SimpleLogHandler) and issubclass(UwsgiQueuedLogHandler, QueuedLogHandler)
        assert isinstance(simple, LogHandlerBase) and isinstance(queued, LogHandlerBase)
        assert isinstance(simple._sender, SyncSender) and isinstance(queued._sender, BackgroundSender)
        # the handlers' own clients: the background sender's patient policy, the caller-facing default otherwise
        assert queued.create_client().transport.retry_policy is BACKGROUND_RETRY_POLICY
        assert simple.create_client().transport.retry_policy == RetryPolicy()
        mine = RetryPolicy(max_attempts=2)
        assert QueuedLogHandler("http://127.0.0.1:9", "id", "key", "p", "l", retry_policy=mine
                                ).create_client().transport.retry_policy is mine
    finally:
        simple.close()
        queued.close()


@pytest.fixture()
def refused_endpoint() -> Iterator[str]:
    """An address whose port is bound but not listening: every connection is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.mark.parametrize("cls", [QueuedLogHandler, SimpleLogHandler])
def test_the_client_retry_policy_is_the_only_one(cls: Any, refused_endpoint: str,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    policy = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.02)
    handler = cls(refused_endpoint, "id", "key", "p", "l", retry_policy=policy)
    handler.handleError = lambda record: None  # the synchronous handler reports through handleError
    logger = logging.getLogger(unique_name("test.delivery"))
    logger.propagate = False
    logger.addHandler(handler)
    try:
        with caplog.at_level(logging.WARNING, logger="aliyun.log.handlers"):
            logger.warning("nobody listens")
            assert handler.flush(30), handler.stats
        assert handler.stats["failed"] == 1 and handler.stats["sent"] == 0, handler.stats
        if cls is QueuedLogHandler:  # one batch, given up after the policy's 3 attempts: no loop on top of it
            warnings = [rec.getMessage() for rec in caplog.records if "could not deliver" in rec.getMessage()]
            assert len(warnings) == 1 and "after 3 attempts" in warnings[0], warnings
    finally:
        logger.removeHandler(handler)
        handler.close()
