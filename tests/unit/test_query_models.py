"""SDK side of the query APIs: request / response classes, and the paging / retry logic of QueryApi (no server)."""

from __future__ import annotations

import json
import sys
from typing import Any, Dict, List, Optional, Tuple

import pytest

from aliyun.log import (
    GetHistogramsRequest,
    GetHistogramsResponse,
    GetLogsRequest,
    GetLogsResponse,
    GetProjectLogsRequest,
    Histogram,
    ListTopicsRequest,
    ListTopicsResponse,
    LogException,
    QueriedLog,
)
from aliyun.log.api.query import QueryApi
from aliyun.log.transport import ApiResponse

V2_BODY = {
    "meta": {
        "progress": "Complete", "count": 2, "processedRows": 1000, "elapsedMillisecond": 12, "hasSQL": False,
        "whereQuery": "status: 500", "aggQuery": "", "cpuSec": 0.01, "cpuCores": 2, "keys": ["status"],
        "terms": [{"key": "status", "term": "500"}], "mode": 1, "scanBytes": 99,
        "phraseQueryInfo": {"scanAll": True, "beginOffset": 3, "endOffset": 9, "endTime": 1700000100},
    },
    "data": [
        {"__time__": "1700000000", "__source__": "10.0.0.1", "__topic__": "web", "status": "500", "msg": "a"},
        {"__time__": "1700000001", "__source__": "10.0.0.2", "__topic__": "web", "status": "500", "msg": "b"},
    ],
}


def test_get_logs_response_v2() -> None:
    res = GetLogsResponse(V2_BODY, {"x-log-requestid": "RID"})
    assert res.get_count() == 2 and len(res) == 2 and res.is_completed()
    first = res.get_logs()[0]
    assert isinstance(first, QueriedLog)
    assert first.get_time() == 1700000000 and first.get_source() == "10.0.0.1"
    assert first.get_contents() == {"__topic__": "web", "status": "500", "msg": "a"}
    assert res.get_body() == V2_BODY["data"]
    assert res.get_processed_rows() == 1000 and res.get_elapsed_mills() == 12 and not res.get_has_sql()
    assert res.get_where_query() == "status: 500" and res.get_cpu_cores() == 2 and res.get_cpu_sec() == 0.01
    assert res.get_keys() == ["status"] and res.get_terms() == [GetLogsResponse.Term("status", "500")]
    assert res.get_query_mode() is GetLogsResponse.QueryMode.PHRASE
    assert res.get_scan_all() and res.get_begin_offset() == 3 and res.get_end_offset() == 9
    assert res.get_scan_bytes() == 99 and res.get_request_id() == "RID"
    assert [log.get_contents()["msg"] for log in res] == ["a", "b"]


def test_get_logs_response_v1_headers() -> None:
    headers = {
        "x-log-progress": "Incomplete", "x-log-count": "1", "x-log-processed-rows": "50",
        "x-log-elapsed-millisecond": "7", "x-log-has-sql": "true", "x-log-agg-query": "select count(1) as c",
        "x-log-query-info": json.dumps({"mode": 0, "keys": ["c"], "terms": [["500", "status"]]}),
    }
    res = GetLogsResponse([{"c": "3"}], headers)
    assert not res.is_completed() and res.get_count() == 1 and res.get_has_sql()
    assert res.get_processed_rows() == 50 and res.get_elapsed_mills() == 7
    assert res.get_agg_query() == "select count(1) as c" and res.get_keys() == ["c"]
    assert res.get_terms() == [GetLogsResponse.Term("status", "500")]
    row = res.get_logs()[0]
    assert row.get_time() == 0 and row.get_source() == "" and row.get_contents() == {"c": "3"}


def test_merge_and_print(capsys: pytest.CaptureFixture[str]) -> None:
    first = GetLogsResponse(V2_BODY, {})
    second = GetLogsResponse({"meta": {"progress": "Incomplete", "processedRows": 5}, "data": V2_BODY["data"][:1]}, {})
    first.merge(second)
    assert first.get_count() == 3 and not first.is_completed() and first.get_processed_rows() == 1005
    first.log_print()
    out = capsys.readouterr().out
    assert "GetLogsResponse" in out and '"msg": "a"' in out
    QueriedLog.from_dict(V2_BODY["data"][0]).log_print()
    assert "10.0.0.1" in capsys.readouterr().out


def test_queried_log() -> None:
    log = QueriedLog("1700000000", None, {"k": "v"})
    assert log.get_time() == 1700000000 and log.get_source() == ""
    assert log.to_dict() == {"__time__": "1700000000", "__source__": "", "k": "v"}
    assert log == QueriedLog(1700000000, "", {"k": "v"})


def test_to_pandas() -> None:
    pandas = pytest.importorskip("pandas")
    frame = GetLogsResponse(V2_BODY, {}).to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["msg"]) == ["a", "b"]


def test_to_pandas_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"aliyun-log-typed\[pandas\]"):
        GetLogsResponse(V2_BODY, {}).to_pandas()


def test_histograms_and_topics_responses(capsys: pytest.CaptureFixture[str]) -> None:
    body = [{"from": 10, "to": 20, "count": 3, "progress": "Complete"},
            {"from": 20, "to": 30, "count": 0, "progress": "Complete"}]
    res = GetHistogramsResponse(body, {"x-log-progress": "Complete", "x-log-count": "3"})
    assert res.get_total_count() == 3 and res.is_completed() and len(res) == 2
    assert res.get_histograms()[0] == Histogram(10, 20, 3, "Complete")
    hist = res.get_histograms()[1]
    assert (hist.get_from(), hist.get_to(), hist.get_count(), hist.is_completed()) == (20, 30, 0, True)
    hist.log_print()
    assert "from: 20" in capsys.readouterr().out
    topics = ListTopicsResponse(["a", "b"], {"x-log-count": "2", "x-log-nexttoken": "c"})
    assert topics.get_topics() == ["a", "b"] and topics.get_count() == 2 and topics.get_next_token() == "c"


def test_requests_getters_and_setters() -> None:
    req = GetLogsRequest("p", "ls", 1, 2, "t", "q", 10, 5, True)
    assert (req.get_project(), req.get_logstore(), req.get_from(), req.get_to(), req.get_topic(), req.get_query(),
            req.get_line(), req.get_offset(), req.get_reverse()) == ("p", "ls", 1, 2, "t", "q", 10, 5, True)
    req.set_query("x")
    req.set_line(7)
    req.set_power_sql(True)
    assert req.get_query() == "x" and req.get_line() == 7 and req.get_power_sql()
    hist = GetHistogramsRequest("p", "ls", "1 hour ago", "now", query="*")
    assert hist.get_from() == "1 hour ago" and hist.get_shard_id() == -1 and hist.get_accurate_query()
    assert GetProjectLogsRequest("p", "select 1").get_query() == "select 1"
    topics = ListTopicsRequest("p", "ls", "tok", 10)
    assert (topics.get_token(), topics.get_line()) == ("tok", 10)


# -- QueryApi with a scripted transport ------------------------------------------------------------------------------


class FakeApi(QueryApi):
    _incomplete_interval = 0.0

    def __init__(self, answers: List[Any]) -> None:
        self.answers = answers
        self.calls: List[Tuple[str, str, Optional[str], Dict[str, str], Dict[str, str], bytes]] = []

    def _send(self, method: str, path: str, project: Optional[str] = None, params: Optional[Dict[str, str]] = None,
              headers: Optional[Dict[str, str]] = None, body: bytes = b"") -> ApiResponse:
        self.calls.append((method, path, project, dict(params or {}), dict(headers or {}), body))
        answer = self.answers.pop(0)
        if callable(answer):
            answer = answer(json.loads(body) if body else dict(params or {}))
        payload, resp_headers = answer if isinstance(answer, tuple) else (answer, {})
        return ApiResponse(200, resp_headers, json.dumps(payload).encode())


def page_of(count: int, start: int = 0, progress: str = "Complete", sql: bool = False) -> Dict[str, Any]:
    data = [{"__time__": str(1700000000 + i), "__source__": "", "n": str(i)} for i in range(start, start + count)]
    return {"meta": {"progress": progress, "count": count, "hasSQL": sql}, "data": data}


def test_get_logs_sends_the_v2_body() -> None:
    api = FakeApi([page_of(1)])
    res = api.get_logs(GetLogsRequest("proj", "ls", "2023-11-14 22:13:20+00:00", 1700000100, "web", "a | select 1",
                                      line=20, offset=3, reverse=True))
    assert res.get_count() == 1
    method, path, project, params, headers, body = api.calls[0]
    assert (method, path, project, params) == ("POST", "/logstores/ls/logs", "proj", {})
    assert headers["Accept-Encoding"] == "lz4" and headers["Content-Type"] == "application/json"
    sent = json.loads(body)
    assert sent["from"] == 1700000000 and sent["to"] == 1700000100 and sent["line"] == 20 and sent["offset"] == 3
    assert sent["reverse"] is True and sent["topic"] == "web" and sent["query"] == "a | select 1"


def test_get_log_retries_while_incomplete_and_pages() -> None:
    answers: List[Any] = [page_of(100, 0, "Incomplete"), page_of(100, 0), page_of(100, 100), page_of(30, 200)]
    api = FakeApi(answers)
    res = api.get_log("proj", "ls", 0, 10, size=-1)
    assert res.get_count() == 230 and res.is_completed()
    assert [json.loads(c[5])["offset"] for c in api.calls] == [0, 0, 100, 200]
    api = FakeApi([page_of(100, 0), page_of(50, 100)])
    res = api.get_log("proj", "ls", 0, 10, size=150)
    assert res.get_count() == 150
    assert [json.loads(c[5])["line"] for c in api.calls] == [100, 50]
    api = FakeApi([page_of(100, 0, sql=True)])
    assert api.get_log("proj", "ls", 0, 10, query="* | select *", size=-1).get_count() == 100
    assert len(api.calls) == 1  # SQL returns every row at once


def test_get_logs_request_line_minus_one_pages_and_retries() -> None:
    answers: List[Any] = [page_of(100, 0, "Incomplete"), page_of(100, 5), page_of(100, 105), page_of(3, 205)]
    api = FakeApi(answers)
    res = api.get_logs(GetLogsRequest("proj", "ls", 0, 10, line=-1, offset=5))
    assert res.get_count() == 203 and res.is_completed()
    assert [(json.loads(c[5])["offset"], json.loads(c[5])["line"]) for c in api.calls] == [
        (5, 100), (5, 100), (105, 100), (205, 100)]
    api = FakeApi([page_of(100, 0), page_of(20, 100)])
    assert api.get_logs(GetLogsRequest("proj", "ls", 0, 10, line=120)).get_count() == 120
    assert [json.loads(c[5])["line"] for c in api.calls] == [100, 20]


def test_get_log_stops_paging_at_a_page_that_stays_incomplete() -> None:
    api = FakeApi([page_of(100, 0)] + [page_of(100, 100, "Incomplete")] * 6)
    res = api.get_log("proj", "ls", 0, 10, size=-1)
    assert not res.is_completed() and res.get_count() == 200
    assert len(api.calls) == 7  # the first page, then the second one tried 1 + 5 times; no third page


def test_get_log_all_yields_pages() -> None:
    api = FakeApi([page_of(100, 0), page_of(100, 100), page_of(0, 200)])
    pages = list(api.get_log_all("proj", "ls", 0, 10))
    assert [p.get_count() for p in pages] == [100, 100]
    api = FakeApi([page_of(0)])
    assert [p.get_count() for p in api.get_log_all("proj", "ls", 0, 10)] == [0]
    api = FakeApi([page_of(40, 0), page_of(5, 40)])
    assert [p.get_count() for p in api.get_log_all("proj", "ls", 0, 10, page_size=40)] == [40, 5]


def test_argument_errors() -> None:
    api = FakeApi([])
    with pytest.raises(LogException) as info:
        api.get_log("proj", "ls", "not a time", 10)
    assert info.value.error_code == "InvalidArgument"
    with pytest.raises(LogException):
        api.get_log("proj", "ls", 0, 10, size=-5)
    with pytest.raises(LogException):
        api.get_log_all("proj", "ls", 0, 10, page_size=500)
    with pytest.raises(LogException):
        api.get_logs(GetLogsRequest(None, "ls", 0, 1))
    assert api.calls == []


def test_histograms_topics_and_project_requests() -> None:
    api = FakeApi([
        ([{"from": 0, "to": 5, "count": 1, "progress": "Complete"}],
         {"x-log-progress": "Complete", "x-log-count": "1"}),
        (["a"], {"x-log-count": "1", "x-log-nexttoken": ""}),
        ([{"c": "1"}], {"x-log-progress": "Complete", "x-log-has-sql": "true"}),
    ])
    hist = api.get_histograms(GetHistogramsRequest("proj", "ls", 0, 5, "web", "err", interval=5))
    assert hist.get_total_count() == 1
    # as the official client: accurate as Python's "True", the nanosecond parts always (0 when not given)
    assert api.calls[0][3] == {"type": "histogram", "from": "0", "to": "5", "accurate": "True", "fromNs": "0",
                               "toNs": "0", "topic": "web", "query": "err", "interval": "5"}
    assert api.list_topics(ListTopicsRequest("proj", "ls", None, 10)).get_topics() == ["a"]
    assert api.calls[1][3] == {"type": "topic", "line": "10"}
    res = api.get_project_logs(GetProjectLogsRequest("proj", "select count(1) as c from a, b"))
    assert res.get_body() == [{"c": "1"}] and res.get_has_sql()
    assert api.calls[2][1] == "/logs" and api.calls[2][3]["query"] == "select count(1) as c from a, b"


def test_histograms_send_the_official_parameters_without_topic_or_nanoseconds() -> None:
    api = FakeApi([([], {"x-log-progress": "Complete", "x-log-count": "0"})])
    api.get_histograms(GetHistogramsRequest("proj", "ls", 0, 5, accurate_query=False, from_time_nano_part=7))
    assert api.calls[0][3] == {"type": "histogram", "from": "0", "to": "5", "accurate": "False", "fromNs": "7",
                               "toNs": "0", "topic": ""}
