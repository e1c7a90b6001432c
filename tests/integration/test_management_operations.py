"""copy_project / copy_logstore across two emulators, copy_dashboard / copy_alert, arrange_shard and
get_resource_usage."""

from __future__ import annotations

from typing import Callable, Dict, Iterator, List

import pytest

from aliyun.log import (
    GetResourceUsageResponse,
    IndexConfig,
    IndexKeyConfig,
    IndexLineConfig,
    JsonFileConfigDetail,
    LogClient,
    LogException,
    MachineGroupDetail,
    SimpleFileConfigDetail,
)
from aliyun.log.emulator import Emulator

from ..conftest import unique_name

TOP = 1 << 128


@pytest.fixture(scope="module")
def second_emulator() -> Iterator[Emulator]:
    with Emulator(port=0) as emu:
        yield emu


@pytest.fixture()
def other_client(second_emulator: Emulator) -> Iterator[LogClient]:
    with LogClient(second_emulator.endpoint, *second_emulator.credentials) as c:
        yield c


def _index() -> IndexConfig:
    return IndexConfig(line_config=IndexLineConfig(case_sensitive=True),
                       key_config_list={"status": IndexKeyConfig(index_type="long", doc_value=True)})


def _strip(config: object) -> Dict:
    body = config.to_json()  # type: ignore[attr-defined]
    for key in ("createTime", "lastModifyTime", "modifyTime"):
        body.pop(key, None)
    return body


def _populate(client: LogClient, project: str) -> None:
    client.create_logstore(project, "access", ttl=7, shard_count=3, append_meta=True, max_split_shard=16)
    client.create_logstore(project, "errors", ttl=90, shard_count=1)
    client.create_index(project, "access", _index())
    client.create_logtail_config(project, SimpleFileConfigDetail("access", "access-cfg", "/var/log", "*.log"))
    client.create_logtail_config(project, JsonFileConfigDetail("errors", "errors-cfg", "/var/err", "*.json"))
    client.create_machine_group(project, MachineGroupDetail("web", "ip", ["10.0.0.1"]))
    client.apply_config_to_machine_group(project, "access-cfg", "web")
    client.create_dashboard(project, {"dashboardName": "overview", "charts": []})
    client.create_alert(project, {"name": "too-many-errors", "configuration": {}, "schedule": {}})


def test_copy_project_to_another_emulator(client: LogClient, other_client: LogClient) -> None:
    source, target = unique_name("copy-src"), unique_name("copy-dst")
    client.create_project(source, "the source")
    try:
        _populate(client, source)
        result = client.copy_project(source, target, to_client=other_client, copy_machine_group=True,
                                     copy_dashboards=True, copy_alerts=True)
        assert result.get_body()["created"] is True
        assert other_client.get_project(target).get_description() == "the source"
        assert sorted(other_client.list_logstore(target).get_logstores()) == ["access", "errors"]
        access = other_client.get_logstore(target, "access")
        assert (access.get_ttl(), access.get_shard_count(), access.get_append_meta(),
                access.get_max_split_shard()) == (7, 3, True, 16)
        assert other_client.get_logstore(target, "errors").get_ttl() == 90
        copied_index = other_client.get_index_config(target, "access").get_index_config()
        copied_index.modify_time = None
        assert copied_index == _index()
        with pytest.raises(LogException) as info:
            other_client.get_index_config(target, "errors")
        assert info.value.get_error_code() == "IndexConfigNotExist"
        for name in ("access-cfg", "errors-cfg"):
            assert _strip(other_client.get_logtail_config(target, name).logtail_config) == _strip(
                client.get_logtail_config(source, name).logtail_config)
        group = other_client.get_machine_group(target, "web").get_machine_group()
        assert group.machine_list == ["10.0.0.1"]
        assert other_client.get_machine_group_applied_configs(target, "web").get_configs() == ["access-cfg"]
        assert other_client.list_dashboard(target).get_entities() == ["overview"]
        assert [a["name"] for a in other_client.list_alert(target).get_entities()] == ["too-many-errors"]
        assert client.list_logstore(source, size=-1).get_total() == 2  # the source is untouched

        again = client.copy_project(source, target, to_client=other_client)  # repeatable: targets updated
        assert again.get_body()["created"] is False and again.get_body()["logstores"] == ["access", "errors"]
    finally:
        for c, name in ((client, source), (other_client, target)):
            try:
                c.delete_project(name)
            except LogException:
                pass


def test_copy_project_without_optional_parts(client: LogClient, project: str) -> None:
    _populate(client, project)
    target = unique_name("copy-min")
    try:
        result = client.copy_project(project, target)
        assert result.get_body()["machine_groups"] == [] and result.get_body()["dashboards"] == []
        assert client.list_machine_group(target).get_machine_groups() == []
        assert sorted(client.list_logtail_config(target).get_configs()) == ["access-cfg", "errors-cfg"]
    finally:
        client.delete_project(target)
    with pytest.raises(LogException) as info:
        client.copy_project(project, project)
    assert info.value.get_error_code() == "InvalidArgument"


def test_copy_logstore_across_emulators_creates_the_target(client: LogClient, other_client: LogClient,
                                                          project: str) -> None:
    _populate(client, project)
    target_project = unique_name("copy-ls")
    try:
        result = client.copy_logstore(project, "access", "access-copy", to_project=target_project,
                                      to_client=other_client)
        body = result.get_body()
        assert body["created"] is True and body["index"] is True and body["logtail_configs"] == ["access-cfg"]
        copied = other_client.get_logstore(target_project, "access-copy")
        assert (copied.get_ttl(), copied.get_shard_count(), copied.get_append_meta()) == (7, 3, True)
        index = other_client.get_index_config(target_project, "access-copy").get_index_config()
        index.modify_time = None
        assert index == _index()
        config = other_client.get_logtail_config(target_project, "access-cfg")
        assert config.get_logstore_name() == "access-copy"
        assert other_client.list_logtail_config(target_project).get_configs() == ["access-cfg"]

        # into an existing, smaller logstore: settings updated, shards arranged, index and configs updated
        other_client.create_logstore(target_project, "small", ttl=1, shard_count=1)
        other_client.create_index(target_project, "small", IndexConfig(line_config=IndexLineConfig()))
        second = client.copy_logstore(project, "access", "small", to_project=target_project,
                                      to_client=other_client, keep_config_name=True)
        assert second.get_body()["created"] is False
        small = other_client.get_logstore(target_project, "small")
        assert small.get_ttl() == 7 and small.get_shard_count() == 3
        index = other_client.get_index_config(target_project, "small").get_index_config()
        index.modify_time = None
        assert index == _index()
        assert other_client.get_logtail_config(target_project, "access-cfg").get_logstore_name() == "small"
    finally:
        try:
            other_client.delete_project(target_project)
        except LogException:
            pass


def test_copy_logstore_within_a_project_renames_configs(client: LogClient, project: str) -> None:
    _populate(client, project)
    result = client.copy_logstore(project, "errors", "errors-copy")
    assert result.get_body()["logtail_configs"] == ["errors-cfg_errors-copy"] and result.get_body()["index"] is False
    assert client.get_logtail_config(project, "errors-cfg").get_logstore_name() == "errors"
    assert client.get_logtail_config(project, "errors-cfg_errors-copy").get_logstore_name() == "errors-copy"
    assert client.get_logstore(project, "errors-copy").get_ttl() == 90
    with pytest.raises(LogException) as info:
        client.copy_logstore(project, "errors", "errors")
    assert info.value.get_error_code() == "InvalidArgument"
    with pytest.raises(LogException) as info:
        client.copy_logstore(project, "no-such-store", "x-copy")
    assert info.value.get_error_code() == "LogStoreNotExist"


def test_copy_through_a_region_endpoint(client: LogClient, project: str, second_emulator: Emulator,
                                        other_client: LogClient) -> None:
    # the same development key pair is valid on both emulators, so this client's credentials work there
    client.create_logstore(project, "regional", shard_count=1)
    client.create_dashboard(project, {"dashboardName": "board", "description": "d", "charts": []})
    client.create_alert(project, {"name": "alarm", "configuration": {}, "schedule": {}})
    try:
        client.copy_logstore(project, "regional", "regional", to_region_endpoint=second_emulator.endpoint)
        assert other_client.get_logstore(project, "regional").get_shard_count() == 1
        client.copy_dashboard(project, "board", to_dashboard_name="board-copy",
                              to_region_endpoint=second_emulator.endpoint)
        assert other_client.get_dashboard(project, "board-copy").get_entity()["description"] == "d"
        client.copy_alert(project, "alarm", to_client=other_client)
        client.copy_alert(project, "alarm", to_client=other_client)  # again: updated, not duplicated
        assert [a["name"] for a in other_client.list_alert(project).get_entities()] == ["alarm"]
    finally:
        other_client.delete_project(project)


def _readwrite(client: LogClient, project: str, logstore: str) -> List[Dict]:
    shards = client.list_shards(project, logstore).get_readwrite_shards()
    return sorted(shards, key=lambda s: s["inclusiveBeginKey"])


def _assert_even(shards: List[Dict], count: int) -> None:
    assert len(shards) == count
    edges = [int(s["inclusiveBeginKey"], 16) for s in shards] + [TOP]
    assert edges[0] == 0
    assert shards[-1]["exclusiveEndKey"] == "f" * 32
    for shard, nxt in zip(shards, shards[1:]):
        assert shard["exclusiveEndKey"] == nxt["inclusiveBeginKey"]  # contiguous
    widths = [b - a for a, b in zip(edges, edges[1:])]
    assert max(widths) - min(widths) <= 1  # even


@pytest.mark.parametrize(("initial", "count"), [(1, 4), (2, 3), (3, 8), (2, 2)])
def test_arrange_shard(client: LogClient, project: str, make_logstore: Callable[..., str], initial: int,
                       count: int) -> None:
    logstore = make_logstore(shard_count=initial)
    answer = client.arrange_shard(project, logstore, count)
    _assert_even(sorted(answer.get_readwrite_shards(), key=lambda s: s["inclusiveBeginKey"]), count)
    _assert_even(_readwrite(client, project, logstore), count)
    assert client.get_logstore(project, logstore).get_shard_count() == count


def test_arrange_shard_does_not_shrink_and_checks_its_argument(
    client: LogClient, project: str, make_logstore: Callable[..., str]
) -> None:
    logstore = make_logstore(shard_count=4)
    client.arrange_shard(project, logstore, 2)
    assert len(_readwrite(client, project, logstore)) == 4
    for bad in (0, -1, "3", True):
        with pytest.raises(LogException) as info:
            client.arrange_shard(project, logstore, bad)  # type: ignore[arg-type]
        assert info.value.get_error_code() == "InvalidArgument"


def test_get_resource_usage(client: LogClient, project: str) -> None:
    _populate(client, project)
    usage = client.get_resource_usage(project)
    assert isinstance(usage, GetResourceUsageResponse)
    # the original SDK's shape: singular keys, {"status", "limitation", "usage": "<percent>%"}
    assert usage["logstore"]["count"] == {"status": 2, "limitation": 200, "usage": "1.0%"}
    assert usage["shard"]["count"]["status"] == 4
    assert usage["shard"]["logstores"] == {"access": {"status": 3, "limitation": 256, "usage": "1.17%"},
                                           "errors": {"status": 1, "limitation": 256, "usage": "0.39%"}}
    assert usage["logtail"]["count"]["status"] == 2
    assert usage["machine_group"]["count"]["status"] == 1
    assert usage["dashboard"]["count"]["status"] == 1 and usage["alert"]["count"]["status"] == 1
    assert usage["saved_search"]["count"]["status"] == 0 and usage["external_store"]["count"]["status"] == 0
    assert usage["consumer_group"] == {"count": {"status": 0}, "logstores": {}}
    assert dict(usage)["logstore"] == usage.get_body()["logstore"] and "shard" in usage
    assert usage.to_dict() == usage.get_body()
