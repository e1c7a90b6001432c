"""Account-level resources and records, and project / logstore resource policies."""

from __future__ import annotations

import json
import uuid
from typing import Callable, Iterator

import pytest

from aliyun.log import (
    LogClient,
    LogException,
    Resource,
    ResourcePolicyResourceType,
    ResourceRecord,
    ResourceSchemaItem,
)

from .helpers import error_of


@pytest.fixture()
def resource_name(client: LogClient) -> Iterator[str]:
    name = f"user.res_{uuid.uuid4().hex[:10]}"
    yield name
    try:
        client.delete_resource(name)
    except LogException:
        pass


def make_resource(name: str) -> Resource:
    schema = [ResourceSchemaItem("host", None, "string"), ResourceSchemaItem("cpu", None, "double")]
    return Resource(name, "userdefine", schema, "hosts", {"policy": {"type": "all_read"}}, '{"owner": "sre"}')


def test_resource_crud(client: LogClient, resource_name: str) -> None:
    client.create_resource(make_resource(resource_name))
    got = client.get_resource(resource_name).get_resource()
    assert got == make_resource(resource_name)
    assert [item.get_column() for item in got.get_schema() or []] == ["host", "cpu"]
    assert isinstance(got.get_create_time(), int)
    assert error_of(lambda: client.create_resource(make_resource(resource_name))) == ("ResourceAlreadyExist", 400)

    client.update_resource(Resource(resource_name, description="all hosts"))
    got = client.get_resource(resource_name).get_resource()
    assert got.get_description() == "all hosts" and len(got.get_schema() or []) == 2  # schema kept

    listed = client.list_resources(resource_type="userdefine", resource_names=[resource_name]).get_resources()
    assert [r.get_resource_name() for r in listed] == [resource_name]
    assert client.list_resources(resource_names=["no.such.resource"]).get_total() == 0

    client.delete_resource(resource_name)
    assert error_of(lambda: client.get_resource(resource_name)) == ("ResourceNotExist", 404)
    assert error_of(lambda: client.delete_resource(resource_name)) == ("ResourceNotExist", 404)
    assert error_of(lambda: client.update_resource(Resource(resource_name, description="x"))) \
        == ("ResourceNotExist", 404)


def test_bad_resources(client: LogClient, resource_name: str) -> None:
    with pytest.raises(ValueError):
        client.create_resource(Resource(resource_name))
    with pytest.raises(TypeError):
        client.create_resource({"name": resource_name})  # type: ignore[arg-type]
    bad = Resource("bad name!", "userdefine", [ResourceSchemaItem("a", None, "string")])
    assert error_of(lambda: client.create_resource(bad)) == ("ParameterInvalid", 400)
    no_columns = Resource(resource_name, "userdefine", [ResourceSchemaItem(None, None, "string")])
    assert error_of(lambda: client.create_resource(no_columns)) == ("ParameterInvalid", 400)
    assert error_of(lambda: client.get_resource(resource_name)) == ("ResourceNotExist", 404)


def test_records_create_upsert_list_and_delete(client: LogClient, resource_name: str) -> None:
    client.create_resource(make_resource(resource_name))
    client.create_resource_record(resource_name, ResourceRecord("h1", "prod", {"host": "a", "cpu": 1.5}))
    client.create_resource_record(resource_name, ResourceRecord(value={"host": "generated"}))
    assert error_of(lambda: client.create_resource_record(resource_name, ResourceRecord("h1", None, {"x": 1}))) \
        == ("RecordAlreadyExist", 400)
    record = client.get_resource_record(resource_name, "h1").get_record()
    assert (record.get_tag(), record.get_value()) == ("prod", {"host": "a", "cpu": 1.5})

    client.update_resource_record(resource_name, ResourceRecord("h1", "staging", {"host": "a", "cpu": 2.0}))
    assert client.get_resource_record(resource_name, "h1").get_record().get_tag() == "staging"
    assert error_of(lambda: client.update_resource_record(resource_name, ResourceRecord("zz", None, {"a": 1}))) \
        == ("RecordNotExist", 404)

    client.upsert_resource_record(resource_name, [ResourceRecord("h1", "prod", {"host": "a2"}),
                                                  ResourceRecord("h3", "prod", {"host": "c"})])
    everything = client.list_resource_records(resource_name)
    assert everything.get_total() == 3
    ids = {r.get_record_id() for r in everything.get_records()}
    assert {"h1", "h3"} <= ids and len(ids) == 3
    assert client.get_resource_record(resource_name, "h1").get_record().get_value() == {"host": "a2"}
    prod = client.list_resource_records(resource_name, tag="prod").get_records()
    assert sorted(r.get_record_id() for r in prod) == ["h1", "h3"]
    picked = client.list_resource_records(resource_name, record_ids=["h3"]).get_records()
    assert [r.get_record_id() for r in picked] == ["h3"]
    page = client.list_resource_records(resource_name, offset=2, size=2)
    assert (page.get_count(), page.get_total()) == (1, 3)

    client.delete_resource_record(resource_name, ["h1", "h3"])
    assert client.list_resource_records(resource_name).get_total() == 1
    assert error_of(lambda: client.get_resource_record(resource_name, "h1")) == ("RecordNotExist", 404)
    assert error_of(lambda: client.list_resource_records("no.such.resource")) == ("ResourceNotExist", 404)
    bad_value = {"id": "b", "value": "not json"}
    assert error_of(lambda: client._send_json("POST", f"/resources/{resource_name}/records", None, bad_value)) \
        == ("ParameterInvalid", 400)
    with pytest.raises(ValueError):
        client.upsert_resource_record(resource_name, [])


def test_deleting_a_resource_deletes_its_records(client: LogClient, resource_name: str) -> None:
    client.create_resource(make_resource(resource_name))
    client.create_resource_record(resource_name, ResourceRecord("r", None, {"a": 1}))
    client.delete_resource(resource_name)
    client.create_resource(make_resource(resource_name))
    assert client.list_resource_records(resource_name).get_total() == 0


POLICY = json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["log:GetLogStore"],
                                                    "Principal": ["*"], "Resource": ["*"]}]})


def test_resource_policies(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    project_type, logstore_type = ResourcePolicyResourceType.PROJECT, ResourcePolicyResourceType.LOGSTORE
    assert error_of(lambda: client.get_resource_policy(project, project_type)) == ("ResourcePolicyNotExist", 404)
    client.put_resource_policy(project, project_type, POLICY, dry_run=True)
    assert error_of(lambda: client.get_resource_policy(project, project_type)) == ("ResourcePolicyNotExist", 404)
    client.put_resource_policy(project, project_type, POLICY)
    got = client.get_resource_policy(project, project_type)
    assert (got.get_resource_type(), json.loads(got.get_policy_document()), got.get_revision()) == \
        ("project", json.loads(POLICY), 1)
    client.put_resource_policy(project, project_type, POLICY)
    assert client.get_resource_policy(project, project_type).get_revision() == 2

    logstore = make_logstore()
    client.put_resource_policy(project, logstore_type, POLICY, resource_name=logstore)
    assert client.get_resource_policy(project, logstore_type, logstore).get_resource_name() == logstore
    assert error_of(lambda: client.put_resource_policy(project, logstore_type, POLICY, "missing")) \
        == ("LogStoreNotExist", 404)
    assert error_of(lambda: client.put_resource_policy(project, project_type, "{not json")) \
        == ("ParameterInvalid", 400)
    assert error_of(lambda: client.put_resource_policy(project, project_type, '{"Version": "1"}')) \
        == ("ParameterInvalid", 400)
    with pytest.raises(LogException):
        client.put_resource_policy(project, "machinegroup", POLICY)

    client.delete_resource_policy(project, logstore_type, logstore)
    assert error_of(lambda: client.get_resource_policy(project, logstore_type, logstore)) \
        == ("ResourcePolicyNotExist", 404)
    assert error_of(lambda: client.delete_resource_policy(project, logstore_type, logstore)) \
        == ("ResourcePolicyNotExist", 404)
    assert client.get_resource_policy(project, project_type).get_revision() == 2
