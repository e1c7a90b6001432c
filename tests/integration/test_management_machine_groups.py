"""Machine groups against the emulator: CRUD with MachineGroupDetail round trips, list, machines (seeded through
the emulator's control plane), applying configs, and errors."""

from __future__ import annotations

from typing import Callable, List

import pytest
import requests

from aliyun.log import LogClient, LogException, MachineGroupDetail, SimpleFileConfigDetail
from aliyun.log.emulator import Emulator


def _code(call: Callable[[], object]) -> tuple:
    with pytest.raises(LogException) as info:
        call()
    return info.value.get_error_code(), info.value.get_resp_status()


def _seed_machines(emulator: Emulator, project: str, group: str, machines: List[dict]) -> requests.Response:
    url = f"{emulator.endpoint}/_emulator/projects/{project}/machinegroups/{group}/machines"
    return requests.put(url, json=machines, timeout=10)


def test_machine_group_lifecycle(client: LogClient, project: str) -> None:
    detail = MachineGroupDetail("web-servers", "ip", ["10.0.0.1", "10.0.0.2"],
                                group_attribute={"externalName": "ext", "groupTopic": "web"})
    assert client.create_machine_group(project, detail).get_request_id()
    got = client.get_machine_group(project, "web-servers").get_machine_group()
    assert isinstance(got.create_time, int) and got.last_modify_time == got.create_time
    got.create_time = got.last_modify_time = None
    assert got == detail

    user_defined = MachineGroupDetail("web-servers", "userdefined", ["web-tier"], group_type="Armory")
    client.update_machine_group(project, user_defined)
    got = client.get_machine_group(project, "web-servers").get_machine_group()
    got.create_time = got.last_modify_time = None
    assert got == user_defined

    # the user guide's dict form (snake_case keys) works as well
    client.create_machine_group(project, {"group_name": "from-dict", "machine_type": "ip",
                                          "machine_list": ["127.0.0.1"]})
    assert client.get_machine_group(project, "from-dict").get_machine_group().machine_list == ["127.0.0.1"]

    client.delete_machine_group(project, "web-servers")
    assert _code(lambda: client.get_machine_group(project, "web-servers")) == ("MachineGroupNotExist", 404)
    assert _code(lambda: client.delete_machine_group(project, "web-servers")) == ("MachineGroupNotExist", 404)
    assert _code(lambda: client.update_machine_group(project, user_defined)) == ("MachineGroupNotExist", 404)


def test_machine_group_errors_and_list(client: LogClient, project: str) -> None:
    names = [f"group-{i}" for i in range(5)]
    for name in names:
        client.create_machine_group(project, MachineGroupDetail(name, "ip", []))
    assert _code(lambda: client.create_machine_group(project, MachineGroupDetail("group-0", "ip"))) == (
        "GroupAlreadyExist", 400)
    assert _code(lambda: client.create_machine_group("no-such-proj-mg", MachineGroupDetail("g1", "ip"))) == (
        "ProjectNotExist", 404)
    assert _code(lambda: client.create_machine_group(project, MachineGroupDetail()))[0] == "InvalidArgument"
    page = client.list_machine_group(project, size=2)
    assert page.get_machine_group() == names[:2] and page.get_machine_group_total() == 5
    assert page.get_machine_group_count() == 2
    assert client.list_machine_group(project, size=-1).get_machine_groups() == names
    assert client.list_machine_group(project, group_name_pattern="p-3").get_machine_groups() == ["group-3"]
    assert list(client.iter_machine_groups(project, page_size=2)) == names


def test_machines_are_empty_unless_seeded(client: LogClient, project: str, emulator: Emulator) -> None:
    client.create_machine_group(project, MachineGroupDetail("seeded", "ip", ["10.0.0.1"]))
    assert client.list_machines(project, "seeded").get_machines() == []
    machines = [{"ip": f"10.0.0.{i}", "machine-uniqueid": f"id-{i}", "userdefined-id": "",
                 "lastHeartbeatTime": 1700000000 + i} for i in range(3)]
    assert _seed_machines(emulator, project, "seeded", machines).status_code == 200
    listed = client.list_machines(project, "seeded")
    assert listed.get_machines() == machines
    assert listed.get_machine_count() == 3 and listed.get_machine_total() == 3
    assert client.list_machines(project, "seeded", offset=1, size=1).get_machines() == machines[1:2]
    assert list(client.iter_machines(project, "seeded", page_size=2)) == machines
    assert _code(lambda: client.list_machines(project, "no-such-group")) == ("MachineGroupNotExist", 404)
    assert _seed_machines(emulator, project, "no-such-group", machines).status_code == 404


def test_apply_and_remove_configs(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    for name in ("cfg-a", "cfg-b"):
        client.create_logtail_config(project, SimpleFileConfigDetail(logstore, name, "/log", "*.log"))
    for name in ("group-a", "group-b"):
        client.create_machine_group(project, MachineGroupDetail(name, "ip", []))
    client.apply_config_to_machine_group(project, "cfg-a", "group-a")
    client.apply_config_to_machine_group(project, "cfg-b", "group-a")
    client.apply_config_to_machine_group(project, "cfg-a", "group-b")
    client.apply_config_to_machine_group(project, "cfg-a", "group-b")  # applying twice is harmless

    applied = client.get_machine_group_applied_configs(project, "group-a")
    assert applied.get_configs() == ["cfg-a", "cfg-b"] and applied.get_config_count() == 2
    groups = client.get_config_applied_machine_groups(project, "cfg-a")
    assert groups.get_machine_groups() == ["group-a", "group-b"] and groups.get_machine_group_count() == 2

    client.remove_config_to_machine_group(project, "cfg-a", "group-b")
    assert client.get_config_applied_machine_groups(project, "cfg-a").get_machine_groups() == ["group-a"]

    client.delete_logtail_config(project, "cfg-b")  # deleting a config removes it from its groups
    assert client.get_machine_group_applied_configs(project, "group-a").get_configs() == ["cfg-a"]
    client.delete_machine_group(project, "group-a")
    assert client.get_config_applied_machine_groups(project, "cfg-a").get_machine_groups() == []

    assert _code(lambda: client.apply_config_to_machine_group(project, "cfg-a", "no-group")) == (
        "MachineGroupNotExist", 404)
    assert _code(lambda: client.apply_config_to_machine_group(project, "no-cfg", "group-b")) == (
        "ConfigNotExist", 404)
    assert _code(lambda: client.remove_config_to_machine_group(project, "no-cfg", "group-b")) == (
        "ConfigNotExist", 404)
    assert _code(lambda: client.get_machine_group_applied_configs(project, "no-group")) == (
        "MachineGroupNotExist", 404)
    assert _code(lambda: client.get_config_applied_machine_groups(project, "no-cfg")) == ("ConfigNotExist", 404)
