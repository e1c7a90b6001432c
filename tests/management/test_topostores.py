"""Topostores with their nodes and relations."""

from __future__ import annotations

import uuid
from typing import Iterator

import pytest

from aliyun.log import LogClient, LogException, Topostore, TopostoreNode, TopostoreRelation

from .helpers import error_of


@pytest.fixture()
def store(client: LogClient) -> Iterator[str]:
    name = f"topo-{uuid.uuid4().hex[:10]}"
    client.create_topostore(Topostore(name, tag={"env": "prod"}, schema={"nodes": []}, description="graph"))
    yield name
    try:
        client.delete_topostore(name)
    except LogException:
        pass


def test_topostore_crud_and_listing(client: LogClient, store: str) -> None:
    got = client.get_topostore(store).get_topostore()
    assert (got.get_name(), got.get_tag(), got.get_description()) == (store, {"env": "prod"}, "graph")
    assert error_of(lambda: client.create_topostore(Topostore(store))) == ("TopostoreAlreadyExist", 400)
    client.update_topostore(Topostore(store, tag={"env": "dev"}, description="changed"))
    got = client.get_topostore(store).get_topostore()
    assert (got.get_tag(), got.get_description()) == ({"env": "dev"}, "changed")
    assert [t.get_name() for t in client.list_topostores(names=[store]).get_topostores()] == [store]
    assert client.list_topostores(names=[store], tag_key="env", tag_value="prod").get_total() == 0
    assert client.list_topostores(names=[store], tag_key="env", tag_value="dev").get_total() == 1
    assert client.list_topostores(names=[store], tag_key="env").get_total() == 1
    client.delete_topostore(store)
    assert error_of(lambda: client.get_topostore(store)) == ("TopostoreNotExist", 404)
    assert error_of(lambda: client.update_topostore(Topostore(store))) == ("TopostoreNotExist", 404)
    assert error_of(lambda: client.create_topostore(Topostore("bad name!"))) == ("ParameterInvalid", 400)


def test_nodes(client: LogClient, store: str) -> None:
    client.create_topostore_node(store, TopostoreNode("n1", "host", {"ip": "10.0.0.1"}, "web", "web-1"))
    assert error_of(lambda: client.create_topostore_node(store, TopostoreNode("n1", "host"))) \
        == ("TopostoreNodeAlreadyExist", 400)
    client.upsert_topostore_node(store, [TopostoreNode("n1", "host", {"ip": "10.0.0.9"}),
                                         TopostoreNode("n2", "db", {"ip": "10.0.0.2"}),
                                         TopostoreNode("n3", "db", {"ip": "10.0.0.3"})])
    node = client.get_topostore_node(store, "n1").get_node()
    assert (node.get_node_type(), node.get_property()) == ("host", {"ip": "10.0.0.9"})
    client.update_topostore_node(store, TopostoreNode("n1", "host", {"ip": "10.0.0.1"}, display_name="web-1"))
    assert client.get_topostore_node(store, "n1").get_node().get_display_name() == "web-1"
    assert error_of(lambda: client.update_topostore_node(store, TopostoreNode("zz", "host"))) \
        == ("TopostoreNodeNotExist", 404)

    assert client.list_topostore_node(store).get_total() == 3
    assert sorted(n.get_node_id() for n in client.list_topostore_node(store, node_types=["db"]).get_nodes()) == \
        ["n2", "n3"]
    by_property = client.list_topostore_node(store, property_key="ip", property_value="10.0.0.3").get_nodes()
    assert [n.get_node_id() for n in by_property] == ["n3"]
    assert client.list_topostore_node(store, node_ids=["n1", "n2"], offset=1, size=5).get_count() == 1

    client.delete_topostore_node(store, ["n2", "n3"])
    assert client.list_topostore_node(store).get_total() == 1
    assert error_of(lambda: client.get_topostore_node(store, "n2")) == ("TopostoreNodeNotExist", 404)
    assert error_of(lambda: client.list_topostore_node("missing-topostore")) == ("TopostoreNotExist", 404)
    with pytest.raises(ValueError):
        client.upsert_topostore_node(store, [TopostoreNode(f"n{i}") for i in range(101)])


def test_relations(client: LogClient, store: str) -> None:
    client.upsert_topostore_node(store, [TopostoreNode("a", "svc"), TopostoreNode("b", "svc"),
                                         TopostoreNode("c", "db")])
    client.create_topostore_relation(store, TopostoreRelation("ab", "calls", "a", "b", {"qps": "10"}))
    assert error_of(lambda: client.create_topostore_relation(store, TopostoreRelation("ab", "calls", "a", "b"))) \
        == ("TopostoreRelationAlreadyExist", 400)
    client.upsert_topostore_relation(store, [TopostoreRelation("bc", "reads", "b", "c"),
                                             TopostoreRelation("ac", "reads", "a", "c", {"qps": "3"})])
    relation = client.get_topostore_relation(store, "ab").get_relation()
    assert (relation.get_src_node_id(), relation.get_dst_node_id(), relation.get_property()) == \
        ("a", "b", {"qps": "10"})
    client.update_topostore_relation(store, TopostoreRelation("ab", "calls", "a", "b", {"qps": "20"}))
    assert client.get_topostore_relation(store, "ab").get_relation().get_property() == {"qps": "20"}

    def ids(**filters: object) -> list:
        return sorted(r.get_relation_id() for r in client.list_topostore_relation(store, **filters).get_relations())

    assert ids() == ["ab", "ac", "bc"]
    assert ids(relation_types=["reads"]) == ["ac", "bc"]
    assert ids(src_node_ids=["a"]) == ["ab", "ac"]
    assert ids(dst_node_ids=["c"], src_node_ids=["b"]) == ["bc"]
    assert ids(property_key="qps", property_value="3") == ["ac"]
    client.delete_topostore_relation(store, ["ab"])
    assert ids() == ["ac", "bc"]
    assert error_of(lambda: client.get_topostore_relation(store, "ab")) == ("TopostoreRelationNotExist", 404)
    assert error_of(lambda: client.update_topostore_relation(store, TopostoreRelation("zz", "x", "a", "b"))) \
        == ("TopostoreRelationNotExist", 404)
