"""Metric stores end to end: creation with the prom substore, metric-format writes queried by SQL, substores,
metering modes, PromQL answered as not emulated."""

from __future__ import annotations

from typing import Callable

import pytest

from aliyun.log import GetLogsRequest, LogClient, LogException, LogItem, PutLogsRequest
from tests.conftest import unique_name
from tests.dataplane.helpers import T0


def metric(name: str, labels: dict, value: float, when: int) -> LogItem:
    label_text = "|".join(f"{k}#$#{v}" for k, v in sorted(labels.items()))
    return LogItem(timestamp=when, contents=[("__name__", name), ("__labels__", label_text),
                                             ("__time_nano__", str(when * 10**9)), ("__value__", str(value))])


def test_metric_store_round_trip(client: LogClient, project: str) -> None:
    name = unique_name("metrics")
    created = client.create_metric_store(project, name, ttl=15, shard_count=1)
    assert created.get_logstore_response() is not None and created.get_substore_response() is not None
    store = client.get_metric_store(project, name)
    assert store.get_ttl() == 15 and store.get_body()["telemetryType"] == "Metrics"
    assert client.list_substore(project, name).get_substores() == ["prom"]
    prom = client.get_substore(project, name, "prom")
    assert (prom.get_ttl(), prom.get_sorted_key_count(), prom.get_time_index()) == (15, 2, 2)
    assert [k["name"] for k in prom.get_keys()] == ["__name__", "__labels__", "__time_nano__", "__value__"]
    items = [metric("cpu_usage", {"host": f"h{i % 2}"}, 10.0 * i, T0 + i) for i in range(6)]
    client.put_logs(PutLogsRequest(project, name, "", "", items))
    res = client.get_logs(GetLogsRequest(project, name, T0, T0 + 60, query=(
        "* | select __labels__, avg(__value__) as v from log where __name__ = 'cpu_usage' "
        "group by __labels__ order by __labels__")))
    assert [(r.get_contents()["__labels__"], float(r.get_contents()["v"])) for r in res.get_logs()] == [
        ("host#$#h0", 20.0), ("host#$#h1", 30.0)]
    client.update_metric_store(project, name, ttl=30)
    assert client.get_substore_ttl(project, name).get_ttl() == 30
    assert client.get_metric_store(project, name).get_ttl() == 30
    assert client.get_metric_store_metering_mode(project, name).get_metering_mode() == "ChargeByFunction"
    client.update_metric_store_metering_mode(project, name, "ChargeByDataIngest")
    assert client.get_metric_store_metering_mode(project, name).get_metering_mode() == "ChargeByDataIngest"
    client.delete_metric_store(project, name)
    with pytest.raises(LogException) as info:
        client.get_metric_store(project, name)
    assert info.value.get_error_code() == "LogStoreNotExist"


def test_substores_and_bad_input(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    keys = [{"name": "a", "type": "text"}, {"name": "t", "type": "long"}]
    client.create_substore(project, logstore, "sub1", keys, 7, 1, 1)
    with pytest.raises(LogException) as info:
        client.create_substore(project, logstore, "sub1", keys, 7, 1, 1)
    assert info.value.get_error_code() == "SubStoreAlreadyExist"
    client.update_substore(project, logstore, "sub1", [*keys, {"name": "b", "type": "double"}], 9, 2, 1)
    assert client.get_substore(project, logstore, "sub1").get_ttl() == 9
    for bad in ((keys, 7, 1, 0), ([{"name": "a", "type": "blob"}], 7, 1, 0), (keys, 0, 1, 1)):
        with pytest.raises(LogException) as info:
            client.create_substore(project, logstore, "sub2", *bad)
        assert info.value.get_error_code() == "ParameterInvalid"
    assert client.list_substore(project, logstore).get_substores() == ["sub1"]
    client.delete_substore(project, logstore, "sub1")
    with pytest.raises(LogException) as info:
        client.get_substore(project, logstore, "sub1")
    assert info.value.get_error_code() == "SubStoreNotExist"
    with pytest.raises(LogException) as info:
        client.get_metric_store_metering_mode(project, logstore)  # not a metric store
    assert info.value.get_error_code() == "ParameterInvalid"
    with pytest.raises(LogException):
        client.update_metric_store_metering_mode(project, logstore, "Free")


def test_promql_is_not_emulated(client: LogClient, project: str) -> None:
    with pytest.raises(LogException) as info:
        client._send("GET", f"/prometheus/{project}/metrics/api/v1/query", None, {"query": "up"})
    assert info.value.get_error_code() == "NotImplemented" and "PromQL" in info.value.get_error_message()
    name = unique_name("metrics")
    client.create_metric_store(project, name, shard_count=1)
    with pytest.raises(LogException) as info:
        client.get_logs(GetLogsRequest(project, name, T0, T0 + 60,
                                       query=f"* | select promql_query('up') from {name}"))
    assert info.value.get_error_code() == "ParameterInvalid"
    assert "PromQL is not emulated" in info.value.get_error_message()
