"""The put path's checks folded into the compiled encoder (``encode_checked``) against the pure-Python reference.

``encode_checked`` must return exactly the reference encoding when every check passes, and None (never an error,
never other bytes) as soon as one fails; ``build_put_requests`` must give the same requests, or raise the same error,
with the compiled codec and without it.
"""

from __future__ import annotations

from typing import Any, List, Set

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aliyun.log.api import logs as logs_api
from aliyun.log.client import LogClient
from aliyun.log.codec.loggroup import encode_log_group, encode_log_group_checked
from aliyun.log.limits import MAX_VALUE_BYTES
from aliyun.log.models.logitem import LogItem
from aliyun.log.models.request import PutLogsRequest

from .modes import both
from .strategies import KEY, TEXT, VALUE, log_items

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAX_VALUE = 8  # a small limit, so that the strategies' values cross it


class NotALogItem(LogItem):
    """A LogItem subclass: the compiled checks take exact LogItems only."""

    __slots__ = ()


def wire_size(value: Any) -> int:
    return len(value.encode("utf-8")) if isinstance(value, str) else len(value)


def passes_checks(items: List[Any], valid_keys: Set[str], max_value: int) -> bool:
    return all(
        type(item) is LogItem
        and all(type(key) is str and key in valid_keys and wire_size(value) <= max_value
                for key, value in item.iter_contents())
        for item in items
    )


@SETTINGS
@given(items=log_items(), known=st.sets(KEY.filter(lambda k: isinstance(k, str)), max_size=6), data=st.data())
def test_encode_checked_is_the_reference_or_none(native: Any, items: List[Any], known: Set[str], data: Any) -> None:
    keys = {key for item in items for key, _ in item.iter_contents() if isinstance(key, str)}
    valid_keys = known | set(data.draw(st.lists(st.sampled_from(sorted(keys)), max_size=len(keys))) if keys else [])
    if items and data.draw(st.booleans()):
        items[data.draw(st.integers(0, len(items) - 1))].__class__ = NotALogItem
    topic = data.draw(st.one_of(st.none(), TEXT, st.integers()))
    fast, reference = both(native, lambda: encode_log_group_checked(items, topic, "10.0.0.1", [("t", "v")], LogItem,
                                                                    valid_keys, MAX_VALUE))
    assert reference == ("ok", None)  # nothing is checked without the compiled codec
    if fast[1] is not None:
        assert fast == both(None, lambda: encode_log_group(items, topic, "10.0.0.1", [("t", "v")]))[1]
        assert passes_checks(items, valid_keys, MAX_VALUE)
    else:
        assert fast == ("ok", None)
        assert not (passes_checks(items, valid_keys, MAX_VALUE) and isinstance(topic, (str, type(None))))


def test_encode_checked_takes_well_formed_batches(native: Any) -> None:
    raw: Any = {"status": b"\xff"}
    items = [LogItem(1_700_000_000, [("status", "200"), ("path", "/é" * 2)], 5), LogItem(7, raw)]
    valid = {"status", "path"}
    fast, reference = both(native, lambda: encode_log_group_checked(items, "t", None, None, LogItem, valid, MAX_VALUE))
    assert fast == both(None, lambda: encode_log_group(items, "t", None, None))[1] and reference == ("ok", None)


@pytest.mark.parametrize("change", [
    lambda items: items[1].push_back("new", "v"),                     # a key the reference never accepted
    lambda items: items[0].push_back(b"status", "v"),                 # a bytes key
    lambda items: items[0].push_back("status", "v" * (MAX_VALUE + 1)),  # a value over the limit
    lambda items: items.append({"__time__": 1, "status": "v"}),       # a dict log
    lambda items: items.append(NotALogItem(1, [("status", "v")])),    # a subclass
    lambda items: items[0].push_back("status", 5),                    # a value of the wrong type
    lambda items: items[0].set_time(2**32),                           # a time out of range
])
def test_encode_checked_hands_back_any_failed_check(native: Any, change: Any) -> None:
    items: List[Any] = [LogItem(1, [("status", "200")]), LogItem(2, [("status", "v" * MAX_VALUE)])]
    valid = {"status"}
    assert both(native, lambda: encode_log_group_checked(items, None, None, None, LogItem, valid, MAX_VALUE))[0][1]
    change(items)
    assert native.encode_checked(items, b"", LogItem, valid, MAX_VALUE) is None


# --------------------------------------------------------------------------------------------------------------------
# The put path


def put_outcome(native: Any, request: PutLogsRequest) -> Any:
    client = LogClient("http://127.0.0.1:9", "id", "secret", source="10.0.0.1")
    try:
        def build() -> Any:
            return [(r.body, sorted(r.headers.items()), r.path, count)
                    for r, count in client.build_put_requests(request)]

        build_outcomes = [both(native, build) for _ in range(2)]  # the second with the keys the first accepted
    finally:
        client.close()
    return build_outcomes


PUT_KEY = st.one_of(KEY, st.sampled_from(["__partition_time__", "k" * 129, "é" * 43, b"ok", b"\xff"]))


@SETTINGS
@given(contents=st.lists(st.lists(st.tuples(PUT_KEY, VALUE), max_size=4), max_size=4),
       topic=st.one_of(st.none(), TEXT, st.just("t" * 129), st.integers()),
       source=st.one_of(st.none(), TEXT, st.just("s" * 129)))
def test_put_path_same_requests_or_error(native: Any, contents: List[Any], topic: Any, source: Any) -> None:
    request = PutLogsRequest("project", "logstore", topic, source, [LogItem(1_700_000_000, c) for c in contents])
    for fast, reference in put_outcome(native, request):
        assert fast == reference


def test_put_path_value_over_the_limit(native: Any) -> None:
    items = [LogItem(1, [("status", "x" * MAX_VALUE_BYTES)]),
             LogItem(1, [("status", "é" * (MAX_VALUE_BYTES // 2 + 1))])]
    for fast, reference in put_outcome(native, PutLogsRequest("project", "logstore", None, None, items)):
        assert fast == reference and fast[0] == "error" and "over the service's limit" in fast[1][1]


def test_put_path_uses_the_checked_encoding(native: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once its keys are known, a batch is checked and encoded in one native pass, without the Python checks."""
    monkeypatch.setattr(logs_api, "_valid_keys", set())
    request = PutLogsRequest("project", "logstore", "t", None, [LogItem(1, [("status", "200"), ("path", "/")])])
    calls: List[int] = []
    check = logs_api.check_log_items

    def counted(items: Any) -> None:
        calls.append(len(items))
        check(items)

    monkeypatch.setattr(logs_api, "check_log_items", counted)
    outcomes = put_outcome(native, request)
    assert outcomes[0][0] == outcomes[0][1] == outcomes[1][0] == outcomes[1][1]
    # the first native build meets unknown keys; the reference builds always check; the second native one does not
    assert len(calls) == 3
    assert logs_api._valid_keys == {"status", "path"}
