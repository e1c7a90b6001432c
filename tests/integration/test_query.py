"""Query APIs end to end (SDK → emulator over HTTP) on a realistic nginx access-log data set.

Every result is compared with the same question answered independently in Python over the generated logs: tokens
are computed here from the index config's delimiters, numbers parsed here, groups counted with ``collections``.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from datetime import datetime, timezone
from fnmatch import fnmatchcase
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest

from aliyun.log import (
    GetHistogramsRequest,
    GetLogsRequest,
    GetProjectLogsRequest,
    ListTopicsRequest,
    LogClient,
    LogException,
    LogItem,
    PutLogsRequest,
)
from aliyun.log.emulator import Emulator
from tests.conftest import unique_name

T0 = 1_700_000_000
SPAN = 3600
T1 = T0 + SPAN
N_LOGS = 12_000
TOKENS = list(", '\";=()[]{}?@&<>/:\n\t\r")
_SPLIT = re.compile("[" + re.escape("".join(TOKENS)) + "]+")

NGINX_INDEX: Dict[str, Any] = {
    "line": {"token": TOKENS, "caseSensitive": False, "chn": False},
    "keys": {
        "remote_addr": {"type": "text", "token": TOKENS, "caseSensitive": False, "doc_value": True},
        "request_method": {"type": "text", "token": TOKENS, "caseSensitive": False, "doc_value": True},
        "request_uri": {"type": "text", "token": TOKENS, "caseSensitive": False, "doc_value": True},
        "status": {"type": "long", "doc_value": True},
        "body_bytes_sent": {"type": "long", "doc_value": True},
        "request_time": {"type": "double", "doc_value": True},
        "http_user_agent": {"type": "text", "token": TOKENS, "caseSensitive": False, "doc_value": True},
        "http_referer": {"type": "text", "token": TOKENS, "caseSensitive": False, "doc_value": False},
        "remote_user": {"type": "text", "token": TOKENS, "caseSensitive": True, "doc_value": True},
        "req_id": {"type": "text", "token": [], "doc_value": True},
    },
}

CONTENT_KEYS = ("remote_addr", "remote_user", "request_method", "request_uri", "status", "body_bytes_sent",
                "request_time", "http_referer", "http_user_agent", "req_id")

_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 "
    "Safari/605.1.15",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "curl/8.4.0",
    "python-requests/2.31.0",
)
_PATHS = ("/", "/index.html", "/api/v1/users/{id}", "/api/v1/users/{id}/orders?page={p}",
          "/api/v2/search?q={q}&page={p}", "/static/js/app.{h}.min.js", "/images/products/{id}/thumb_{p}.jpg",
          "/health", "/login?redirect=%2Fhome")
_QUERIES = ("laptop", "mouse", "usb-c+hub", "keyboard")
_STATUS = ("200", "200", "200", "200", "200", "200", "304", "404", "500", "201", "502", "403")
_METHODS = ("GET", "GET", "GET", "GET", "POST", "PUT", "DELETE")
_USERS = ("-", "-", "-", "admin", "Alice", "alice", "bob")
_REFERERS = ("-", "https://www.example.com/", "https://www.google.com/search?q=example+shop")
_SOURCES = ("10.0.1.11", "10.0.1.12", "10.0.2.21")
_REGIONS = ("cn-hangzhou", "cn-beijing")


def make_dataset(n: int, seed: int = 7) -> List[Dict[str, Any]]:
    """``n`` nginx logs as flat dicts (``__time__`` int, system fields, then string contents), time ordered."""
    rng = random.Random(seed)
    clients = [f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
               for _ in range(300)]
    logs = []
    for i in range(n):
        path = rng.choice(_PATHS).format(id=rng.randint(1, 99999), p=rng.randint(1, 9), q=rng.choice(_QUERIES),
                                         h=f"{rng.getrandbits(32):08x}")
        status = rng.choice(_STATUS)
        topic = "api" if path.startswith("/api") else "static" if path.startswith(("/static", "/images")) else "web"
        logs.append({
            "__time__": T0 + i * SPAN // n,
            "__topic__": topic,
            "__source__": _SOURCES[i % 3],
            "__tag__:region": _REGIONS[(i // 250) % 2],
            "remote_addr": clients[int(rng.random() * rng.random() * len(clients))],
            "remote_user": rng.choice(_USERS),
            "request_method": rng.choice(_METHODS),
            "request_uri": path,
            "status": status,
            "body_bytes_sent": "0" if status == "304" else str(int(rng.random() * rng.random() * 60000) + 120),
            "request_time": f"{rng.random() * rng.random() * 2:.3f}",
            "http_referer": rng.choice(_REFERERS),
            "http_user_agent": rng.choice(_AGENTS),
            "req_id": f"r{i:06d}",
        })
    return logs


# -- the independent reference ---------------------------------------------------------------------------------------


def tokens(value: str, case_sensitive: bool = False) -> List[str]:
    text = value if case_sensitive else value.lower()
    return [t for t in _SPLIT.split(text) if t]


def field_has(log: Dict[str, Any], key: str, term: str, case_sensitive: bool = False) -> bool:
    value = log.get(key)
    return value is not None and (term if case_sensitive else term.lower()) in tokens(value, case_sensitive)


def any_field_has(log: Dict[str, Any], term: str) -> bool:
    return any(field_has(log, key, term) for key in CONTENT_KEYS)


def has_phrase(value: Optional[str], phrase: str) -> bool:
    if value is None:
        return False
    words, wanted = tokens(value), tokens(phrase)
    return any(words[i:i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))


def glob_token(value: Optional[str], pattern: str) -> bool:
    return value is not None and any(fnmatchcase(token, pattern.lower()) for token in tokens(value))


def number(log: Dict[str, Any], key: str) -> float:
    return float(log[key])


def percentile(values: List[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[round(fraction * (len(ordered) - 1))]


# -- fixtures --------------------------------------------------------------------------------------------------------


class Dataset:
    def __init__(self, client: LogClient, project: str, logstore: str, logs: List[Dict[str, Any]]) -> None:
        self.client = client
        self.project = project
        self.logstore = logstore
        self.logs = logs
        self.by_id = {log["req_id"]: log for log in logs}

    def ids(self, query: str, **kwargs: Any) -> List[str]:
        res = self.client.get_log(self.project, self.logstore, T0, T1, query=query, size=-1, **kwargs)
        assert res.is_completed()
        return [log.get_contents()["req_id"] for log in res.get_logs()]

    def expect(self, predicate: Callable[[Dict[str, Any]], bool]) -> List[str]:
        return [log["req_id"] for log in self.logs if predicate(log)]

    def sql(self, query: str, start: int = T0, end: int = T1) -> List[Dict[str, str]]:
        res = self.client.get_logs(GetLogsRequest(self.project, self.logstore, start, end, query=query))
        assert res.get_has_sql() and res.is_completed()
        return res.get_body()


def put_dataset(client: LogClient, project: str, logstore: str, logs: List[Dict[str, Any]]) -> None:
    batches: Dict[Tuple[str, str, str], List[LogItem]] = defaultdict(list)
    for log in logs:
        key = (log["__topic__"], log["__source__"], log["__tag__:region"])
        batches[key].append(LogItem(log["__time__"], [(k, log[k]) for k in CONTENT_KEYS]))
        if len(batches[key]) == 400:
            client.put_logs(PutLogsRequest(project, logstore, key[0], key[1], batches.pop(key),
                                           logtags=[("region", key[2])]))
    for key, items in batches.items():
        client.put_logs(PutLogsRequest(project, logstore, key[0], key[1], items, logtags=[("region", key[2])]))


def create_index(client: LogClient, project: str, logstore: str, config: Dict[str, Any]) -> None:
    client._send_json("POST", f"/logstores/{logstore}/index", project, config)


@pytest.fixture(scope="module")
def data(emulator: Emulator) -> Iterator[Dataset]:
    with LogClient(emulator.endpoint, *emulator.credentials) as client:
        project = unique_name("query")
        client.create_project(project, "query tests")
        client.create_logstore(project, "nginx", shard_count=2)
        create_index(client, project, "nginx", NGINX_INDEX)
        logs = make_dataset(N_LOGS)
        put_dataset(client, project, "nginx", logs)
        yield Dataset(client, project, "nginx", logs)
        client.delete_project(project)


# -- search ----------------------------------------------------------------------------------------------------------


def test_match_all_in_time_order(data: Dataset) -> None:
    ids = data.ids("*")
    assert sorted(ids) == sorted(data.by_id)
    times = [data.by_id[i]["__time__"] for i in ids]
    assert times == sorted(times)


@pytest.mark.parametrize("term", ["Chrome", "firefox", "iPhone", "laptop", "health", "admin", "Googlebot"])
def test_full_text_terms(data: Dataset, term: str) -> None:
    expected = data.expect(lambda log: any_field_has(log, term))
    assert expected
    assert sorted(data.ids(term)) == sorted(expected)


@pytest.mark.parametrize("phrase", ["Windows NT", "Mac OS X", "like Gecko", "api v2 search"])
def test_phrases(data: Dataset, phrase: str) -> None:
    expected = data.expect(lambda log: any(has_phrase(log.get(k), phrase) for k in CONTENT_KEYS))
    assert expected
    assert sorted(data.ids(f'"{phrase}"')) == sorted(expected)


@pytest.mark.parametrize(
    ("query", "key", "term"),
    [("request_method: POST", "request_method", "POST"), ("request_method: delete", "request_method", "DELETE"),
     ("request_uri: orders", "request_uri", "orders"), ("remote_user: Alice", "remote_user", "Alice")],
)
def test_key_value(data: Dataset, query: str, key: str, term: str) -> None:
    case_sensitive = NGINX_INDEX["keys"][key]["caseSensitive"]
    expected = data.expect(lambda log: field_has(log, key, term, case_sensitive))
    assert expected
    assert sorted(data.ids(query)) == sorted(expected)


def test_case_sensitive_field(data: Dataset) -> None:
    upper = set(data.ids("remote_user: Alice"))
    lower = set(data.ids("remote_user: alice"))
    assert upper and lower and not upper & lower


@pytest.mark.parametrize(
    ("query", "predicate"),
    [
        ("status: 404", lambda log: log["status"] == "404"),
        ("status >= 500", lambda log: int(log["status"]) >= 500),
        ("status < 300", lambda log: int(log["status"]) < 300),
        ("body_bytes_sent > 40000", lambda log: int(log["body_bytes_sent"]) > 40000),
        ("request_time in [0.5 1.2)", lambda log: 0.5 <= float(log["request_time"]) < 1.2),
        ("request_time in (0.5 1.2]", lambda log: 0.5 < float(log["request_time"]) <= 1.2),
        ("request_time <= 0.01", lambda log: float(log["request_time"]) <= 0.01),
        ("status = 201", lambda log: log["status"] == "201"),
    ],
)
def test_numeric_ranges(data: Dataset, query: str, predicate: Callable[[Dict[str, Any]], bool]) -> None:
    expected = data.expect(predicate)
    assert expected
    assert sorted(data.ids(query)) == sorted(expected)


@pytest.mark.parametrize(
    ("query", "predicate"),
    [
        ("Fire*", lambda log: any(glob_token(log[k], "fire*") for k in CONTENT_KEYS)),
        ("request_uri: thumb_?.jpg", lambda log: glob_token(log["request_uri"], "thumb_?.jpg")),
        ("request_uri: /api/v1/user*",
         lambda log: field_has(log, "request_uri", "api") and field_has(log, "request_uri", "v1")
         and glob_token(log["request_uri"], "user*")),
        ("remote_addr: 1*", lambda log: glob_token(log["remote_addr"], "1*")),
    ],
)
def test_wildcards(data: Dataset, query: str, predicate: Callable[[Dict[str, Any]], bool]) -> None:
    expected = data.expect(predicate)
    assert expected
    assert sorted(data.ids(query)) == sorted(expected)


@pytest.mark.parametrize(
    ("query", "predicate"),
    [
        ("status >= 400 and not request_method: GET",
         lambda log: int(log["status"]) >= 400 and log["request_method"] != "GET"),
        ("(request_method: POST or request_method: PUT) and status: 201",
         lambda log: log["request_method"] in ("POST", "PUT") and log["status"] == "201"),
        ("curl or python", lambda log: any_field_has(log, "curl") or any_field_has(log, "python")),
        ("not Chrome and not Firefox and not Safari",
         lambda log: not any(any_field_has(log, t) for t in ("chrome", "firefox", "safari"))),
        ("status: 500 not __topic__: api", lambda log: log["status"] == "500" and log["__topic__"] != "api"),
        ("laptop mouse or keyboard",
         lambda log: (any_field_has(log, "laptop") and any_field_has(log, "mouse")) or any_field_has(log, "keyboard")),
    ],
)
def test_boolean_combinations(data: Dataset, query: str, predicate: Callable[[Dict[str, Any]], bool]) -> None:
    expected = data.expect(predicate)
    assert expected
    assert sorted(data.ids(query)) == sorted(expected)


def test_topic_source_and_tag_filters(data: Dataset) -> None:
    assert sorted(data.ids("__topic__: api and status: 500")) == sorted(
        data.expect(lambda log: log["__topic__"] == "api" and log["status"] == "500"))
    assert sorted(data.ids("__tag__:region: cn-beijing")) == sorted(
        data.expect(lambda log: log["__tag__:region"] == "cn-beijing"))
    assert sorted(data.ids("__source__: 10.0.1.*")) == sorted(
        data.expect(lambda log: log["__source__"].startswith("10.0.1.")))
    by_topic = data.client.get_log(data.project, data.logstore, T0, T1, topic="static", query="status: 404", size=-1)
    assert sorted(log.get_contents()["req_id"] for log in by_topic.get_logs()) == sorted(
        data.expect(lambda log: log["__topic__"] == "static" and log["status"] == "404"))
    sample = by_topic.get_logs()[0]
    original = data.by_id[sample.get_contents()["req_id"]]
    assert sample.get_time() == original["__time__"] and sample.get_source() == original["__source__"]
    assert sample.get_contents()["__topic__"] == "static"
    assert sample.get_contents()["__tag__:region"] == original["__tag__:region"]
    assert all(isinstance(v, str) for v in sample.get_contents().values())


def test_reverse_and_offset_paging(data: Dataset) -> None:
    query = "status >= 400"
    forward = data.ids(query)
    assert len(forward) > 300
    assert data.ids(query, reverse=True) == forward[::-1]
    for reverse in (False, True):
        expected = forward[::-1] if reverse else forward
        for offset in (0, 1, 99, 100, 257, len(forward) - 3):
            res = data.client.get_logs(GetLogsRequest(data.project, data.logstore, T0, T1, query=query, line=50,
                                                      offset=offset, reverse=reverse))
            assert [log.get_contents()["req_id"] for log in res.get_logs()] == expected[offset:offset + 50]
    window = data.client.get_log(data.project, data.logstore, T0, T1, query=query, offset=120, size=250)
    assert [log.get_contents()["req_id"] for log in window.get_logs()] == forward[120:370]


def test_get_logs_with_line_minus_one_pages_through_everything(data: Dataset) -> None:
    """As the official client: ``GetLogsRequest(line=-1)`` is every matching log, ``line`` > 100 that many."""
    query = "status >= 400"
    forward = data.ids(query)
    for reverse in (False, True):
        expected = forward[::-1] if reverse else forward
        res = data.client.get_logs(GetLogsRequest(data.project, data.logstore, T0, T1, query=query, line=-1,
                                                  offset=7, reverse=reverse))
        assert res.is_completed() and res.get_count() == len(expected) - 7
        assert [log.get_contents()["req_id"] for log in res.get_logs()] == expected[7:]
    res = data.client.get_logs(GetLogsRequest(data.project, data.logstore, T0, T1, query=query, line=230))
    assert [log.get_contents()["req_id"] for log in res.get_logs()] == forward[:230]
    with pytest.raises(LogException) as info:
        data.client.get_logs(GetLogsRequest(data.project, data.logstore, T0, T1, query=query, line=-2))
    assert info.value.get_error_code() == "InvalidArgument"


def test_get_log_all_over_ten_thousand_rows(data: Dataset) -> None:
    seen: List[str] = []
    pages = 0
    for page in data.client.get_log_all(data.project, data.logstore, T0, T1, query="*"):
        assert page.get_count() <= 100 and page.is_completed()
        seen.extend(log.get_contents()["req_id"] for log in page.get_logs())
        pages += 1
    assert len(seen) == N_LOGS >= 10_000 and pages == N_LOGS // 100
    assert sorted(seen) == sorted(data.by_id)
    times = [data.by_id[rid]["__time__"] for rid in seen]
    assert times == sorted(times)
    reverse = [log.get_contents()["req_id"]
               for page in data.client.get_log_all(data.project, data.logstore, T0, T1, reverse=True)
               for log in page.get_logs()]
    assert reverse == seen[::-1]


def test_time_argument_forms(data: Dataset) -> None:
    start = datetime.fromtimestamp(T0 + 600, timezone.utc).strftime("%Y-%m-%d %H:%M:%S+00:00")
    end = datetime.fromtimestamp(T0 + 900, timezone.utc).isoformat()
    res = data.client.get_log(data.project, data.logstore, start, end, size=-1)
    assert sorted(log.get_contents()["req_id"] for log in res.get_logs()) == sorted(
        data.expect(lambda log: T0 + 600 <= log["__time__"] < T0 + 900))


# -- histograms, topics ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["*", "status >= 500", "Chrome and request_method: GET"])
def test_histograms(data: Dataset, query: str) -> None:
    res = data.client.get_histograms(GetHistogramsRequest(data.project, data.logstore, T0, T1, query=query))
    assert res.is_completed()
    buckets = res.get_histograms()
    assert buckets[0].get_from() == T0 and buckets[-1].get_to() == T1 and len(buckets) <= 60
    assert all(a.get_to() == b.get_from() for a, b in zip(buckets, buckets[1:]))
    matching = set(data.ids(query))
    for bucket in buckets:
        assert bucket.is_completed()
        assert bucket.get_count() == sum(
            1 for rid in matching if bucket.get_from() <= data.by_id[rid]["__time__"] < bucket.get_to())
    assert res.get_total_count() == len(matching)
    narrow = data.client.get_histograms(GetHistogramsRequest(data.project, data.logstore, T0 + 10, T0 + 40,
                                                             query=query, interval=10))
    assert [(h.get_from(), h.get_to()) for h in narrow.get_histograms()] == [
        (T0 + 10, T0 + 20), (T0 + 20, T0 + 30), (T0 + 30, T0 + 40)]


def test_list_topics(data: Dataset) -> None:
    res = data.client.list_topics(ListTopicsRequest(data.project, data.logstore))
    assert res.get_topics() == sorted({log["__topic__"] for log in data.logs}) and res.get_next_token() == ""
    first = data.client.list_topics(ListTopicsRequest(data.project, data.logstore, line=2))
    assert first.get_topics() == ["api", "static"] and first.get_next_token() == "web"
    rest = data.client.list_topics(ListTopicsRequest(data.project, data.logstore, token=first.get_next_token()))
    assert rest.get_topics() == ["web"]


# -- SQL -------------------------------------------------------------------------------------------------------------


def test_sql_group_by(data: Dataset) -> None:
    rows = data.sql("* | select status, count(1) as pv group by status order by pv desc, status")
    expected = Counter(int(log["status"]) for log in data.logs)
    assert [(int(r["status"]), int(r["pv"])) for r in rows] == sorted(expected.items(), key=lambda kv: (-kv[1], kv[0]))

    rows = data.sql("request_method: GET | select remote_addr, count(1) as c, sum(body_bytes_sent) as bytes "
                    "group by remote_addr order by c desc, remote_addr limit 10")
    counts: Counter = Counter()
    volume: Counter = Counter()
    for log in data.logs:
        if log["request_method"] == "GET":
            counts[log["remote_addr"]] += 1
            volume[log["remote_addr"]] += int(log["body_bytes_sent"])
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert [(r["remote_addr"], int(r["c"]), int(r["bytes"])) for r in rows] == [
        (addr, c, volume[addr]) for addr, c in top]

    rows = data.sql("* | select split_part(request_uri, '/', 2) as section, count(1) as c group by section "
                    "order by c desc, section")
    sections = Counter(log["request_uri"].split("/")[1] for log in data.logs)
    assert [(r["section"], int(r["c"])) for r in rows] == sorted(sections.items(), key=lambda kv: (-kv[1], kv[0]))


def test_sql_default_limit_and_meta(data: Dataset) -> None:
    res = data.client.get_logs(GetLogsRequest(data.project, data.logstore, T0, T1,
                                              query="* | select req_id, status order by req_id"))
    assert res.get_count() == 100  # the service's default LIMIT
    assert res.get_keys() == ["req_id", "status"] and res.get_processed_rows() == N_LOGS
    assert res.get_body()[0] == {"req_id": "r000000", "status": data.logs[0]["status"]}


def test_sql_time_bucketing(data: Dataset) -> None:
    rows = data.sql("* | select __time__ - __time__ % 300 as t, count(1) as c group by t order by t limit 1000")
    expected = Counter(log["__time__"] - log["__time__"] % 300 for log in data.logs)
    assert [(int(r["t"]), int(r["c"])) for r in rows] == sorted(expected.items())

    rows = data.sql("status >= 500 | select date_trunc('minute', __time__) as m, count(1) as c group by m "
                    "order by m limit 1000")
    minutes = Counter(
        datetime.fromtimestamp(log["__time__"] - log["__time__"] % 60, timezone.utc).strftime("%Y-%m-%d %H:%M:%S.000")
        for log in data.logs if int(log["status"]) >= 500)
    assert [(r["m"], int(r["c"])) for r in rows] == sorted(minutes.items())

    start = T0 - T0 % 600
    rows = data.sql("status: 502 | select time_series(__time__, '10m', '%m-%d %H:%i', '0') as t, count(1) as c "
                    "group by t order by t", start, start + 7200)
    buckets = Counter(
        datetime.fromtimestamp(log["__time__"] - log["__time__"] % 600, timezone.utc).strftime("%m-%d %H:%M")
        for log in data.logs if log["status"] == "502")
    labels = [datetime.fromtimestamp(start + i * 600, timezone.utc).strftime("%m-%d %H:%M") for i in range(12)]
    assert [(r["t"], int(r["c"])) for r in rows] == [(label, buckets.get(label, 0)) for label in labels]


def test_sql_percentiles_and_aggregates(data: Dataset) -> None:
    times = [float(log["request_time"]) for log in data.logs]
    row = data.sql("* | select approx_percentile(request_time, 0.5) as p50, approx_percentile(request_time, 0.9) "
                   "as p90, approx_percentile(request_time, array[0.5, 0.99]) as ps, avg(request_time) as mean, "
                   "max(body_bytes_sent) as biggest, count_if(status >= 500) as errors, "
                   "approx_distinct(remote_addr) as clients")[0]
    assert float(row["p50"]) == percentile(times, 0.5) and float(row["p90"]) == percentile(times, 0.9)
    assert json.loads(row["ps"]) == [percentile(times, 0.5), percentile(times, 0.99)]
    assert float(row["mean"]) == pytest.approx(sum(times) / len(times))
    assert int(row["biggest"]) == max(int(log["body_bytes_sent"]) for log in data.logs)
    assert int(row["errors"]) == sum(1 for log in data.logs if int(log["status"]) >= 500)
    assert int(row["clients"]) == len({log["remote_addr"] for log in data.logs})

    rows = data.sql("* | select request_method, approx_percentile(request_time, 0.95) as p95 group by "
                    "request_method order by request_method")
    per_method: Dict[str, List[float]] = defaultdict(list)
    for log in data.logs:
        per_method[log["request_method"]].append(float(log["request_time"]))
    assert [(r["request_method"], float(r["p95"])) for r in rows] == [
        (m, percentile(v, 0.95)) for m, v in sorted(per_method.items())]


def test_sql_scalar_functions(data: Dataset) -> None:
    rows = data.sql("req_id: r000042 | select url_extract_path(request_uri) as path, "
                    "regexp_extract(request_uri, '/(\\w+)', 1) as first, strpos(request_uri, '/') as slash, "
                    "length(req_id) as n, upper(request_method) as m, lower('ABC') as l, "
                    "if(status >= 400, 'error', 'ok') as kind, coalesce(null, req_id) as c, "
                    "try_cast(remote_user as bigint) as u, round(request_time * 100) as r, "
                    "from_unixtime(__time__) as ts, to_unixtime(from_unixtime(__time__)) as back, "
                    "date_format(__time__, '%Y/%m/%d %H:%i:%s') as f, cast(status as varchar) as s")
    log = data.by_id["r000042"]
    when = datetime.fromtimestamp(log["__time__"], timezone.utc)
    first = re.search(r"/(\w+)", log["request_uri"])
    assert rows == [{
        "path": log["request_uri"].split("?")[0].split("#")[0],
        "first": first.group(1) if first else "null",
        "slash": "1",
        "n": "7",
        "m": log["request_method"],
        "l": "abc",
        "kind": "error" if int(log["status"]) >= 400 else "ok",
        "c": "r000042",
        "u": "null",
        "r": repr(float(round(float(log["request_time"]) * 100))),
        "ts": when.strftime("%Y-%m-%d %H:%M:%S.000"),
        "back": repr(float(log["__time__"])),
        "f": when.strftime("%Y/%m/%d %H:%M:%S"),
        "s": log["status"],
    }]


def test_sql_errors(data: Dataset) -> None:
    with pytest.raises(LogException) as info:
        data.sql("* | select no_such_function(status)")
    assert info.value.error_code == "ParameterInvalid" and "no_such_function" in info.value.message
    with pytest.raises(LogException) as info:
        data.sql("* | select http_referer")  # indexed without analytics
    assert "http_referer" in info.value.message
    with pytest.raises(LogException) as info:
        data.sql("* | select cast(request_uri as bigint)")
    assert "Cannot cast" in info.value.message
    with pytest.raises(LogException) as info:
        data.client.get_log(data.project, data.logstore, T0, T1, query="status >= and")
    assert info.value.error_code == "ParameterInvalid" and info.value.status == 400


# -- project SQL, wire forms, errors ---------------------------------------------------------------------------------


def test_project_logs_across_logstores(data: Dataset) -> None:
    other = "nginx-b"
    try:
        data.client.create_logstore(data.project, other, shard_count=1)
    except LogException as exc:
        assert exc.error_code == "LogStoreAlreadyExist"
    else:
        create_index(data.client, data.project, other, NGINX_INDEX)
        put_dataset(data.client, data.project, other, make_dataset(500, seed=99))
    second = make_dataset(500, seed=99)
    res = data.client.get_project_logs(GetProjectLogsRequest(
        data.project, f"select status, count(1) as c from nginx, {other} where __time__ >= {T0} "
                      "group by status order by status"))
    expected = Counter(int(log["status"]) for log in data.logs + second)
    assert [(int(log.get_contents()["status"]), int(log.get_contents()["c"])) for log in res.get_logs()] == sorted(
        expected.items())
    assert res.get_has_sql() and res.is_completed()
    only = data.client.get_project_logs(GetProjectLogsRequest(data.project, f'select count(1) as c from "{other}"'))
    assert only.get_body() == [{"c": "500"}]


def test_v1_get_form_and_compressed_v2(data: Dataset) -> None:
    resp = data.client._send("GET", f"/logstores/{data.logstore}", data.project,
                             {"type": "log", "from": str(T0), "to": str(T1), "query": "status: 404",
                              "line": "5", "offset": "2", "reverse": "True"})
    assert resp.headers["x-log-progress"] == "Complete" and resp.headers["x-log-count"] == "5"
    assert resp.headers["x-log-has-sql"] == "false"
    expected = data.ids("status: 404", reverse=True)[2:7]
    assert [log["req_id"] for log in resp.json()] == expected
    assert all(isinstance(v, str) for log in resp.json() for v in log.values())
    java_path = data.client._send("GET", f"/logstores/{data.logstore}/index", data.project,
                                  {"type": "histogram", "from": str(T0), "to": str(T0 + 60)})
    assert java_path.headers["x-log-progress"] == "Complete"

    body = json.dumps({"from": T0, "to": T1, "line": 100, "offset": 0, "query": "*"}).encode()
    compressed = data.client._send("POST", f"/logstores/{data.logstore}/logs", data.project, None,
                                   {"Content-Type": "application/json", "Accept-Encoding": "lz4"}, body)
    assert compressed.headers["x-log-compresstype"] == "lz4"
    assert int(compressed.headers["x-log-bodyrawsize"]) > len(compressed.body)
    assert len(compressed.json()["data"]) == 100
    plain = data.client._send("POST", f"/logstores/{data.logstore}/logs", data.project, None,
                              {"Content-Type": "application/json", "Accept-Encoding": ""}, body)
    assert "x-log-compresstype" not in plain.headers and plain.json()["meta"]["count"] == 100


def test_queries_need_an_index(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    client.put_logs(PutLogsRequest(project, logstore, "", "src", [LogItem(T0, [("a", "1")])]))
    with pytest.raises(LogException) as info:
        client.get_logs(GetLogsRequest(project, logstore, T0, T1, query="*"))
    assert info.value.error_code == "IndexConfigNotExist"
    with pytest.raises(LogException):
        client.get_histograms(GetHistogramsRequest(project, logstore, T0, T1))
    create_index(client, project, logstore, {"keys": {"a": {"type": "long", "doc_value": True}}})
    assert client.get_log(project, logstore, T0, T1, query="a: 1").get_count() == 1  # logs written before the index
    with pytest.raises(LogException) as info:
        client.get_log(project, logstore, T0, T1, query="hello")
    assert "full-text" in info.value.message
    client.put_logs(PutLogsRequest(project, logstore, "", "src", [LogItem(T0 + 1, [("a", "2")])]))
    assert client.get_log(project, logstore, T0, T1, query="* | select sum(a) as s").get_body() == [{"s": "3"}]


def test_recreated_logstore_starts_empty(client: LogClient, project: str) -> None:
    name = unique_name("again")
    for value in ("1", "2"):
        client.create_logstore(project, name, shard_count=1)
        create_index(client, project, name, {"keys": {"a": {"type": "text", "doc_value": True}}})
        client.put_logs(PutLogsRequest(project, name, "", "src", [LogItem(T0, [("a", value)])]))
        assert client.get_log(project, name, T0, T1, query="* | select a").get_body() == [{"a": value}]
        client.delete_logstore(project, name)


def test_query_index_survives_a_restart(tmp_path: Any) -> None:
    logs = make_dataset(600, seed=3)
    with Emulator(data_dir=str(tmp_path)) as first:
        with LogClient(first.endpoint, *first.credentials) as client:
            client.create_project("restart-query", "")
            client.create_logstore("restart-query", "nginx", shard_count=2)
            create_index(client, "restart-query", "nginx", NGINX_INDEX)
            put_dataset(client, "restart-query", "nginx", logs[:400])
            before = client.get_log("restart-query", "nginx", T0, T1, query="status >= 500", size=-1).get_count()
            assert before == sum(1 for log in logs[:400] if int(log["status"]) >= 500)
    with Emulator(data_dir=str(tmp_path)) as second:
        with LogClient(second.endpoint, *second.credentials) as client:
            again = client.get_log("restart-query", "nginx", T0, T1, query="status >= 500", size=-1)
            assert again.get_count() == before
            put_dataset(client, "restart-query", "nginx", logs[400:])
            rows = client.get_log("restart-query", "nginx", T0, T1,
                                  query="* | select count(1) as c, count_if(status >= 500) as e").get_body()
            assert rows == [{"c": "600", "e": str(sum(1 for log in logs if int(log["status"]) >= 500))}]
