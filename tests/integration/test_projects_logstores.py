"""Projects and logstores against the emulator, success and error paths."""

from __future__ import annotations

import pytest

from aliyun.log import ListLogstoresRequest, LogClient, LogException

from ..conftest import unique_name


def test_project_lifecycle(client: LogClient) -> None:
    name = unique_name("lifecycle")
    client.create_project(name, "first description")
    got = client.get_project(name)
    assert got.get_projectname() == name
    assert got.get_description() == "first description"
    assert got.get_status() == "Normal"
    assert isinstance(got.get_create_time(), str) and got.get_create_time()
    assert got.get_request_id()

    client.update_project(name, "second description")
    assert client.get_project(name).get_description() == "second description"

    client.delete_project(name)
    with pytest.raises(LogException) as info:
        client.get_project(name)
    assert info.value.get_error_code() == "ProjectNotExist"
    assert info.value.get_resp_status() == 404
    assert info.value.get_request_id()
    assert not info.value.is_client_error


def test_duplicate_project_is_rejected(client: LogClient, project: str) -> None:
    with pytest.raises(LogException) as info:
        client.create_project(project, "again")
    assert info.value.get_error_code() == "ProjectAlreadyExist"
    assert info.value.get_resp_status() == 400


def test_list_project_pages_through_everything(client: LogClient) -> None:
    marker = unique_name("pager")
    names = sorted(f"{marker}-{i:02d}" for i in range(7))
    for name in names:
        client.create_project(name, "")
    try:
        page = client.list_project(size=3, project_name_pattern=marker)
        assert page.get_count() == 3
        assert page.get_total() == 7
        everything = client.list_project(size=-1, project_name_pattern=marker)
        assert sorted(p["projectName"] for p in everything.get_projects()) == names
        assert everything.get_count() == 7
        lazily = sorted(p["projectName"] for p in client.iter_projects(marker, page_size=2))
        assert lazily == names
    finally:
        for name in names:
            client.delete_project(name)


def test_logstore_lifecycle(client: LogClient, project: str) -> None:
    name = unique_name("store")
    client.create_logstore(project, name, ttl=7, shard_count=3, append_meta=True, auto_split=False,
                           max_split_shard=32)
    got = client.get_logstore(project, name)
    assert got.get_logstore_name() == name
    assert got.get_ttl() == 7
    assert got.get_shard_count() == 3
    assert got.get_append_meta() is True
    assert got.get_auto_split() is False
    assert got.get_max_split_shard() == 32
    assert len(client.list_shards(project, name).get_shards_info()) == 3

    client.update_logstore(project, name, ttl=14)
    updated = client.get_logstore(project, name)
    assert updated.get_ttl() == 14
    assert updated.get_append_meta() is True  # untouched settings keep their values
    assert updated.get_max_split_shard() == 32

    client.update_logstore(project, name, preserve_storage=True)
    assert client.get_logstore(project, name).get_ttl() == 3650

    client.delete_logstore(project, name)
    with pytest.raises(LogException) as info:
        client.get_logstore(project, name)
    assert info.value.get_error_code() == "LogStoreNotExist"
    assert info.value.get_resp_status() == 404


def test_list_logstores(client: LogClient, project: str) -> None:
    names = [*sorted(f"web-{i}" for i in range(4)), "api-0"]
    for name in names:
        client.create_logstore(project, name, shard_count=1)
    assert sorted(client.list_logstore(project, "web").get_logstores()) == sorted(n for n in names if "web" in n)
    assert sorted(client.list_logstore(project, size=-1).get_logstores()) == sorted(names)
    assert sorted(client.list_logstore(project, size=2).get_logstores()) != sorted(names)
    assert sorted(client.list_logstores(ListLogstoresRequest(project)).get_logstores()) == sorted(names)
    assert sorted(client.iter_logstores(project, page_size=2)) == sorted(names)


def test_logstore_errors(client: LogClient, project: str) -> None:
    client.create_logstore(project, "dup", shard_count=1)
    with pytest.raises(LogException) as info:
        client.create_logstore(project, "dup", shard_count=1)
    assert info.value.get_error_code() == "LogStoreAlreadyExist"

    with pytest.raises(LogException) as info:
        client.create_logstore("no-such-project-x1", "x", shard_count=1)
    assert info.value.get_error_code() == "ProjectNotExist"

    with pytest.raises(LogException) as info:
        client.create_logstore(project, "bad", ttl=0)
    assert info.value.get_error_code() == "InvalidArgument"
    assert info.value.is_client_error

    with pytest.raises(LogException) as info:
        client.delete_logstore(project, "missing-store")
    assert info.value.get_error_code() == "LogStoreNotExist"


def test_deleting_a_project_removes_its_logstores(client: LogClient) -> None:
    name = unique_name("cascade")
    client.create_project(name, "")
    client.create_logstore(name, "inside", shard_count=1)
    client.delete_project(name)
    client.create_project(name, "")
    try:
        assert client.list_logstore(name).get_logstores() == []
    finally:
        client.delete_project(name)
