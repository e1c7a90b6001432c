"""Query fidelity: v1 and v2 GetLogs agree, escaped index tokens, SQL errors in the service's words, IP functions,
and the emulator's identifying header."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from aliyun.log import (
    GetLogsRequest,
    GetLogsResponse,
    IndexConfig,
    IndexKeyConfig,
    IndexLineConfig,
    LogClient,
    LogException,
)
from tests.dataplane.helpers import T0, indexed_logstore, put_rows, query

GETTERS = ("get_count", "is_completed", "get_processed_rows", "get_has_sql", "get_where_query", "get_agg_query",
           "get_keys", "get_terms", "get_scan_all", "get_begin_offset", "get_end_offset", "get_scan_bytes",
           "get_cpu_cores", "get_query_mode")


@pytest.mark.parametrize("text", ["level: ERROR", "* | select level, count(1) as c group by level order by level"])
def test_v1_and_v2_paths_give_the_same_meta(client: LogClient, project: str, make_logstore: Callable[..., str],
                                            text: str) -> None:
    logstore = indexed_logstore(client, project, make_logstore)
    put_rows(client, project, logstore, [{"level": "ERROR", "n": "1"}, {"level": "INFO", "n": "2"}])
    v2 = client.get_logs(GetLogsRequest(project, logstore, T0, T0 + 60, query=text))
    raw = client._send("GET", f"/logstores/{logstore}", project,
                       {"type": "log", "from": str(T0), "to": str(T0 + 60), "query": text})
    v1 = GetLogsResponse(raw.json(), raw.headers)
    for name in GETTERS:
        assert getattr(v1, name)() == getattr(v2, name)(), name
    assert v2.get_scan_all() is False
    assert [log.get_contents() for log in v1.get_logs()] == [log.get_contents() for log in v2.get_logs()]


def test_escaped_tokens_are_accepted_and_split(client: LogClient, project: str,
                                               make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    tokens = [",", " ", "\\t", "\\n", "\\r"]
    client.create_index(project, logstore, IndexConfig(
        line_config=IndexLineConfig(token_list=tokens),
        key_config_list={"msg": IndexKeyConfig(token_list=tokens, doc_value=True)}))
    assert client.get_index_config(project, logstore).get_index_config().line_config.token_list == tokens
    put_rows(client, project, logstore, [{"msg": "alpha\tbeta\ngamma"}, {"msg": "alpha\\tdelta"}])
    assert [log["msg"] for log in query(client, project, logstore, "msg: beta")] == ["alpha\tbeta\ngamma"]
    assert len(query(client, project, logstore, "gamma")) == 1
    assert [log["msg"] for log in query(client, project, logstore, "msg: delta")] == []  # a backslash-t is no tab
    with pytest.raises(LogException) as info:
        client._send_json("PUT", f"/logstores/{logstore}/index", project, {"line": {"token": ["ab"]}})
    assert info.value.get_error_code() == "IndexInfoInvalid"


@pytest.mark.parametrize("sql, position", [
    ("* | select count(1) as c from log limit", "line 1:36:"),
    ("* | select level from log where", "line 1:28:"),
    ("* | select level,, n from log", "line 1:14:"),
    ("* | select level from log order by", "line 1:31:"),
])
def test_sql_errors_use_the_services_words(client: LogClient, project: str, make_logstore: Callable[..., str],
                                           sql: str, position: str) -> None:
    logstore = indexed_logstore(client, project, make_logstore)
    put_rows(client, project, logstore, [{"level": "INFO", "n": "1"}])
    with pytest.raises(LogException) as info:
        client.get_logs(GetLogsRequest(project, logstore, T0, T0 + 60, query=sql))
    message = info.value.get_error_message()
    assert info.value.get_error_code() == "ParameterInvalid"
    assert message.startswith(position) and "mismatched input" in message, message
    assert "syntax error" not in message and "near \"" not in message and "sqlite" not in message.lower()


def test_ip_functions(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = indexed_logstore(client, project, make_logstore, keys={"ip": "text"})
    put_rows(client, project, logstore, [{"ip": ip} for ip in ("10.1.2.3", "127.0.0.1", "223.5.5.5", "8.8.8.8",
                                                               "203.0.113.9", "not-an-ip")])
    res = client.get_logs(GetLogsRequest(project, logstore, T0, T0 + 60, query=(
        "* | select ip, ip_to_domain(ip) as d, ip_to_country(ip) as c, ip_to_province(ip) as p, "
        "ip_to_city(ip) as city, ip_to_country(ip, 'en') as ce, ip_to_country_code(ip) as code order by __time__")))
    rows = [r.get_contents() for r in res.get_logs()]
    got = {row["ip"]: (row["d"], row["c"], row["p"], row["city"], row["ce"], row["code"]) for row in rows}
    assert got == {
        "10.1.2.3": ("intranet", "内网", "内网", "内网", "intranet", "null"),
        "127.0.0.1": ("intranet", "内网", "内网", "内网", "intranet", "null"),
        "223.5.5.5": ("internet", "中国", "浙江省", "杭州市", "China", "CN"),
        "8.8.8.8": ("internet", "美国", "加利福尼亚州", "山景城", "United States", "US"),
        "203.0.113.9": ("internet", "null", "null", "null", "null", "null"),
        "not-an-ip": ("null", "null", "null", "null", "null", "null"),
    }
    with pytest.raises(LogException) as info:
        client.get_logs(GetLogsRequest(project, logstore, T0, T0 + 60, query="* | select ip_to_country(ip, 'fr')"))
    assert info.value.get_error_code() == "ParameterInvalid"


def test_every_answer_names_the_emulator(client: LogClient, project: str) -> None:
    from aliyun.log.version import __version__

    assert client.get_project(project).get_header("x-log-emulator") == __version__


def test_quickstart_on_a_standalone_emulator_does_not_wait(emulator: Any) -> None:
    """The quickstart tells the emulator from the service by ``x-log-emulator`` and skips the service's wait."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    key_id, key = emulator.credentials
    env = dict(os.environ, SLS_ENDPOINT=emulator.endpoint, SLS_AK_ID=key_id, SLS_AK_KEY=key, PYTHONPATH=str(root))
    done = subprocess.run([sys.executable, str(root / "examples" / "quickstart.py")], env=env, capture_output=True,
                          text=True, timeout=55)  # a ceiling below the 60 s the service path waits
    assert done.returncode == 0, done.stderr[-2000:]
    assert "the endpoint is the aliyun.log emulator" in done.stdout and "waiting 60 s" not in done.stdout
