"""Topostores (``/topostores``): account-level graphs of nodes and relations, and the responses of their APIs.

Each object has plain attributes (``node.node_id``, ``relation.src_node_id``...) and the original SDK's
``get_x()`` / ``set_x(value)`` accessors; ``to_json()`` / ``from_json()`` convert to and from the service's JSON,
where ``property`` (and a topostore's ``schema``, ``tag``, ``acl``) travel as JSON text.
"""

from __future__ import annotations

import json
from typing import Any, Callable, ClassVar, Dict, List, Mapping, Optional, Tuple, Type, TypeVar

from .response import EmptyResponse, Headers, ListResponse, LogResponse

__all__ = [
    "CreateTopostoreNodeResponse",
    "CreateTopostoreRelationResponse",
    "CreateTopostoreResponse",
    "DeleteTopostoreNodeResponse",
    "DeleteTopostoreRelationResponse",
    "DeleteTopostoreResponse",
    "GetTopostoreNodeResponse",
    "GetTopostoreRelationResponse",
    "GetTopostoreResponse",
    "ListTopostoreNodesResponse",
    "ListTopostoreRelationsResponse",
    "ListTopostoresResponse",
    "Topostore",
    "TopostoreNode",
    "TopostoreRelation",
    "UpdateTopostoreNodeResponse",
    "UpdateTopostoreRelationResponse",
    "UpdateTopostoreResponse",
    "UpsertTopostoreNodeResponse",
    "UpsertTopostoreRelationResponse",
]

T = TypeVar("T", bound="TopoObject")

#: (attribute, JSON key, expected type, carried as JSON text)
Field = Tuple[str, str, type, bool]


class TopoObject:
    """Base of the topostore objects: typed attributes declared in ``FIELDS``; ``ID`` names the key one."""

    FIELDS: ClassVar[Tuple[Field, ...]] = ()
    ID: ClassVar[str] = ""

    def __init__(self, **values: Any) -> None:
        for attr, _, _, _ in self.FIELDS:
            object.__setattr__(self, attr, None)
        for attr, value in values.items():
            setattr(self, attr, value)
        self.create_time: Any = None
        self.last_modify_time: Any = None

    def __setattr__(self, attr: str, value: Any) -> None:
        expected = next((kind for name, _, kind, _ in self.FIELDS if name == attr), None)
        if expected is not None and value is not None and not isinstance(value, expected):
            raise TypeError(f"{attr} must be {expected.__name__}, got {type(value).__name__}")
        object.__setattr__(self, attr, value)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        prefix, _, attr = name.partition("_")
        if prefix in ("get", "set") and attr in {"create_time", "last_modify_time"} | {f[0] for f in self.FIELDS}:
            if prefix == "set":
                return lambda value: setattr(self, attr, value)
            return lambda: self.__dict__.get(attr)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def check_for_create(self) -> None:
        if not getattr(self, self.ID):
            raise ValueError(f"{type(self).__name__} needs its {self.ID}")

    check_for_update = check_for_create

    def to_json(self) -> Dict[str, Any]:
        """The service's JSON (unset fields left out; JSON-text fields encoded)."""
        body: Dict[str, Any] = {}
        for attr, key, _, as_text in self.FIELDS:
            value = getattr(self, attr)
            if value is not None:
                body[key] = json.dumps(value) if as_text else value
        return body

    @classmethod
    def from_json(cls: Type[T], value: Mapping[str, Any]) -> T:
        obj = cls()
        for attr, key, _, as_text in cls.FIELDS:
            item = value.get(key)
            if as_text and isinstance(item, (str, bytes)):
                item = json.loads(item) if item else None
            setattr(obj, attr, item)
        obj.create_time = value.get("createTime")
        obj.last_modify_time = value.get("lastModifyTime")
        return obj

    from_dict = from_json

    def to_dict(self) -> Dict[str, Any]:
        """A readable dict (JSON-text fields as objects)."""
        body = {key: getattr(self, attr) for attr, key, _, _ in self.FIELDS if getattr(self, attr) is not None}
        if self.create_time:
            body["createTime"] = self.create_time
        if self.last_modify_time:
            body["lastModifyTime"] = self.last_modify_time
        return body

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.to_dict()!r})"


class Topostore(TopoObject):
    """A topostore: ``name``, ``tag`` / ``schema`` / ``acl`` (dicts), ``description``, ``ext_info``."""

    ID = "name"
    name: Optional[str]
    tag: Optional[Dict[str, Any]]
    schema: Optional[Dict[str, Any]]
    description: Optional[str]
    acl: Optional[Dict[str, Any]]
    ext_info: Optional[str]
    FIELDS = (("name", "name", str, False), ("tag", "tag", dict, True), ("schema", "schema", dict, True),
              ("description", "description", str, False), ("acl", "acl", dict, True),
              ("ext_info", "extInfo", str, False))

    def __init__(self, name: Optional[str] = None, tag: Optional[Dict[str, Any]] = None,
                 schema: Optional[Dict[str, Any]] = None, description: Optional[str] = None,
                 acl: Optional[Dict[str, Any]] = None, ext_info: Optional[str] = None) -> None:
        super().__init__(name=name, tag=tag, schema=schema, description=description, acl=acl, ext_info=ext_info)


class TopostoreNode(TopoObject):
    """A node: ``node_id``, ``node_type``, ``property`` (dict), ``description``, ``display_name``."""

    ID = "node_id"
    node_id: Optional[str]
    node_type: Optional[str]
    property: Optional[Dict[str, Any]]
    description: Optional[str]
    display_name: Optional[str]
    FIELDS = (("node_id", "nodeId", str, False), ("node_type", "nodeType", str, False),
              ("property", "property", dict, True), ("description", "description", str, False),
              ("display_name", "displayName", str, False))

    def __init__(self, node_id: Optional[str] = None, node_type: Optional[str] = None,
                 property: Optional[Dict[str, Any]] = None, description: Optional[str] = None,
                 display_name: Optional[str] = None) -> None:
        super().__init__(node_id=node_id, node_type=node_type, property=property, description=description,
                         display_name=display_name)


class TopostoreRelation(TopoObject):
    """A relation (edge) from ``src_node_id`` to ``dst_node_id``: ``relation_id``, ``relation_type``,
    ``property`` (dict), ``description``, ``display_name``."""

    ID = "relation_id"
    relation_id: Optional[str]
    relation_type: Optional[str]
    src_node_id: Optional[str]
    dst_node_id: Optional[str]
    property: Optional[Dict[str, Any]]
    description: Optional[str]
    display_name: Optional[str]
    FIELDS = (("relation_id", "relationId", str, False), ("relation_type", "relationType", str, False),
              ("src_node_id", "srcNodeId", str, False), ("dst_node_id", "dstNodeId", str, False),
              ("property", "property", dict, True), ("description", "description", str, False),
              ("display_name", "displayName", str, False))

    def __init__(self, relation_id: Optional[str] = None, relation_type: Optional[str] = None,
                 src_node_id: Optional[str] = None, dst_node_id: Optional[str] = None,
                 property: Optional[Dict[str, Any]] = None, description: Optional[str] = None,
                 display_name: Optional[str] = None) -> None:
        super().__init__(relation_id=relation_id, relation_type=relation_type, src_node_id=src_node_id,
                         dst_node_id=dst_node_id, property=property, description=description,
                         display_name=display_name)


# -- responses -------------------------------------------------------------------------------------------------------
class _ObjectResponse(LogResponse):
    OBJECT: ClassVar[Type[TopoObject]] = TopoObject

    def __init__(self, header: Optional[Headers], resp: Any) -> None:
        super().__init__(header, resp)
        self.object = self.OBJECT.from_json(resp or {})


class _ObjectList(ListResponse):
    OBJECT: ClassVar[Type[TopoObject]] = TopoObject

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(resp, header)
        self.items = [self.OBJECT.from_json(item) for item in self.items]


class CreateTopostoreResponse(EmptyResponse):
    """Answer of ``create_topostore``."""


class UpdateTopostoreResponse(EmptyResponse):
    """Answer of ``update_topostore``."""


class DeleteTopostoreResponse(EmptyResponse):
    """Answer of ``delete_topostore``."""


class GetTopostoreResponse(_ObjectResponse):
    """One topostore (``get_topostore()``)."""

    OBJECT = Topostore

    def get_topostore(self) -> Topostore:
        return self.object  # type: ignore[return-value]


class ListTopostoresResponse(_ObjectList):
    """A page of topostores (``get_topostores()``)."""

    OBJECT = Topostore

    def get_topostores(self) -> List[Topostore]:
        return self.items


class CreateTopostoreNodeResponse(EmptyResponse):
    """Answer of ``create_topostore_node``."""


class UpdateTopostoreNodeResponse(EmptyResponse):
    """Answer of ``update_topostore_node``."""


class UpsertTopostoreNodeResponse(EmptyResponse):
    """Answer of ``upsert_topostore_node``."""


class DeleteTopostoreNodeResponse(EmptyResponse):
    """Answer of ``delete_topostore_node``."""


class GetTopostoreNodeResponse(_ObjectResponse):
    """One node (``get_node()``)."""

    OBJECT = TopostoreNode

    def get_node(self) -> TopostoreNode:
        return self.object  # type: ignore[return-value]


class ListTopostoreNodesResponse(_ObjectList):
    """A page of nodes (``get_nodes()``)."""

    OBJECT = TopostoreNode

    def get_nodes(self) -> List[TopostoreNode]:
        return self.items


class CreateTopostoreRelationResponse(EmptyResponse):
    """Answer of ``create_topostore_relation``."""


class UpdateTopostoreRelationResponse(EmptyResponse):
    """Answer of ``update_topostore_relation``."""


class UpsertTopostoreRelationResponse(EmptyResponse):
    """Answer of ``upsert_topostore_relation``."""


class DeleteTopostoreRelationResponse(EmptyResponse):
    """Answer of ``delete_topostore_relation``."""


class GetTopostoreRelationResponse(_ObjectResponse):
    """One relation (``get_relation()``)."""

    OBJECT = TopostoreRelation

    def get_relation(self) -> TopostoreRelation:
        return self.object  # type: ignore[return-value]


class ListTopostoreRelationsResponse(_ObjectList):
    """A page of relations (``get_relations()``)."""

    OBJECT = TopostoreRelation

    def get_relations(self) -> List[TopostoreRelation]:
        return self.items
