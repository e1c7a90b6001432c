"""Account-level resources (``/resources``) and their records, and project / logstore resource policies.

A :class:`Resource` is a named table with a ``schema`` of :class:`ResourceSchemaItem` columns; its rows are
:class:`ResourceRecord` objects (an ``id``, a ``tag`` and a dict ``value``). The service carries ``schema``,
``acl`` and a record's ``value`` as JSON text inside the JSON body; ``to_json()`` / ``from_json()`` do that
encoding.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional

from .response import EmptyResponse, Headers, ListResponse, LogResponse

__all__ = [
    "CreateRecordResponse",
    "CreateResourceResponse",
    "DeleteRecordResponse",
    "DeleteResourcePolicyResponse",
    "DeleteResourceResponse",
    "GetRecordResponse",
    "GetResourcePolicyResponse",
    "GetResourceResponse",
    "ListRecordResponse",
    "ListResourcesResponse",
    "PutResourcePolicyResponse",
    "Resource",
    "ResourcePolicyResourceType",
    "ResourceRecord",
    "ResourceSchemaItem",
    "UpdateRecordResponse",
    "UpdateResourceResponse",
    "UpsertRecordResponse",
]


def _check_type(name: str, value: Any, expected: type) -> None:
    if value is not None and not isinstance(value, expected):
        raise TypeError(f"{name} must be {expected.__name__}, got {type(value).__name__}")


def _json_text(value: Any, default: Any) -> Any:
    if value in (None, ""):
        return default
    return json.loads(value) if isinstance(value, (str, bytes)) else value


class ResourceSchemaItem:
    """One column of a resource: ``column`` name, ``schema_type`` (``string``, ``long``, ``double``, ``bool``,
    ``json``) and ``ext_info``."""

    def __init__(self, column: Optional[str] = None, ext_info: Any = None, schema_type: Optional[str] = None) -> None:
        _check_type("column", column, str)
        _check_type("schema_type", schema_type, str)
        self.column = column
        self.ext_info = ext_info
        self.type = schema_type

    def get_column(self) -> Optional[str]:
        return self.column

    def set_column(self, column: str) -> None:
        _check_type("column", column, str)
        self.column = column

    def get_ext_info(self) -> Any:
        return self.ext_info

    def set_ext_info(self, ext_info: Any) -> None:
        self.ext_info = ext_info

    def get_schema_type(self) -> Optional[str]:
        return self.type

    def set_schema_type(self, schema_type: str) -> None:
        _check_type("schema_type", schema_type, str)
        self.type = schema_type

    def to_dict(self) -> Dict[str, Any]:
        items = {"column": self.column, "ext_info": self.ext_info, "type": self.type}
        return {key: value for key, value in items.items() if value}

    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> ResourceSchemaItem:
        return cls(column=value.get("column"), ext_info=value.get("ext_info"), schema_type=value.get("type"))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ResourceSchemaItem) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ResourceSchemaItem({self.to_dict()!r})"


class Resource:
    """A resource: ``resource_name``, ``resource_type`` (e.g. ``userdefine``), ``schema_list``, ``description``,
    ``acl`` (dict) and ``ext_info`` (text)."""

    def __init__(self, resource_name: Optional[str] = None, resource_type: Optional[str] = None,
                 schema_list: Optional[List[ResourceSchemaItem]] = None, description: Optional[str] = None,
                 acl: Optional[Dict[str, Any]] = None, ext_info: Optional[str] = None) -> None:
        for name, value, expected in (("resource_name", resource_name, str), ("resource_type", resource_type, str),
                                      ("schema_list", schema_list, list), ("description", description, str),
                                      ("acl", acl, dict), ("ext_info", ext_info, str)):
            _check_type(name, value, expected)
        self.resource_name = resource_name
        self.resource_type = resource_type
        self.schema_list = self._check_schema(schema_list)
        self.description = description
        self.acl = acl
        self.ext_info = ext_info
        self.create_time: Any = None
        self.last_modify_time: Any = None

    @staticmethod
    def _check_schema(schema_list: Optional[List[ResourceSchemaItem]]) -> Optional[List[ResourceSchemaItem]]:
        for item in schema_list or []:
            if not isinstance(item, ResourceSchemaItem):
                raise TypeError(f"schema_list items must be ResourceSchemaItem, got {type(item).__name__}")
        return schema_list

    def get_resource_name(self) -> Optional[str]:
        return self.resource_name

    def set_resource_name(self, resource_name: str) -> None:
        _check_type("resource_name", resource_name, str)
        self.resource_name = resource_name

    def get_resource_type(self) -> Optional[str]:
        return self.resource_type

    def set_resource_type(self, resource_type: str) -> None:
        _check_type("resource_type", resource_type, str)
        self.resource_type = resource_type

    def get_description(self) -> Optional[str]:
        return self.description

    def set_description(self, description: str) -> None:
        _check_type("description", description, str)
        self.description = description

    def get_schema(self) -> Optional[List[ResourceSchemaItem]]:
        return self.schema_list

    def set_schema_list(self, schema: Optional[List[ResourceSchemaItem]]) -> None:
        self.schema_list = self._check_schema(schema)

    def get_acl(self) -> Optional[Dict[str, Any]]:
        return self.acl

    def set_acl(self, acl: Dict[str, Any]) -> None:
        _check_type("acl", acl, dict)
        self.acl = acl

    def get_ext_info(self) -> Optional[str]:
        return self.ext_info

    def set_ext_info(self, ext_info: str) -> None:
        _check_type("ext_info", ext_info, str)
        self.ext_info = ext_info

    def get_create_time(self) -> Any:
        return self.create_time

    def set_create_time(self, create_time: Any) -> None:
        self.create_time = create_time

    def get_last_modify_time(self) -> Any:
        return self.last_modify_time

    def set_last_modify_time(self, last_modify_time: Any) -> None:
        self.last_modify_time = last_modify_time

    def check_for_create(self) -> None:
        if not (self.resource_name and self.resource_type):
            raise ValueError("a resource needs resource_name and resource_type")

    def check_for_update(self) -> None:
        if not self.resource_name:
            raise ValueError("a resource needs resource_name")

    def to_json(self, for_update: bool = False) -> Dict[str, Any]:
        """The service's JSON: ``name``, ``type``, ``description``, ``schema`` / ``acl`` as JSON text,
        ``extInfo``. ``for_update`` leaves out ``name`` and ``type`` (they are in the path / immutable)."""
        body: Dict[str, Any] = {} if for_update else {"name": self.resource_name, "type": self.resource_type}
        if self.description is not None:
            body["description"] = self.description
        if self.schema_list is not None:
            body["schema"] = json.dumps({"schema": [item.to_dict() for item in self.schema_list]})
        if self.acl:
            body["acl"] = json.dumps(self.acl)
        if self.ext_info is not None:
            body["extInfo"] = self.ext_info
        return body

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Resource:
        schema = _json_text(value.get("schema"), {}).get("schema") or []
        resource = cls(
            resource_name=value.get("name"), resource_type=value.get("type"),
            schema_list=[ResourceSchemaItem.from_dict(item) for item in schema],
            description=value.get("description"), acl=_json_text(value.get("acl"), None),
            ext_info=value.get("extInfo"),
        )
        resource.create_time = value.get("createTime", value.get("create_time"))
        resource.last_modify_time = value.get("lastModifyTime", value.get("last_modify_time"))
        return resource

    from_dict = from_json

    def to_dict(self) -> Dict[str, Any]:
        """A readable dict (the original SDK's ``to_dict``: snake_case keys, schema as a list)."""
        items = {
            "schema": [item.to_dict() for item in self.schema_list or []], "create_time": self.create_time,
            "last_modify_time": self.last_modify_time, "resource_name": self.resource_name,
            "resource_type": self.resource_type, "description": self.description, "ext_info": self.ext_info,
            "acl": self.acl,
        }
        return {key: value for key, value in items.items() if value or key == "schema"}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Resource) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Resource({self.to_dict()!r})"


class ResourceRecord:
    """A row of a resource: ``record_id``, ``tag`` and ``value`` (a dict)."""

    def __init__(self, record_id: Optional[str] = None, tag: Optional[str] = None,
                 value: Optional[Dict[str, Any]] = None) -> None:
        _check_type("record_id", record_id, str)
        _check_type("tag", tag, str)
        _check_type("value", value, dict)
        self.record_id = record_id
        self.tag = tag
        self.value = value
        self.create_time: Any = None
        self.last_modify_time: Any = None

    def get_record_id(self) -> Optional[str]:
        return self.record_id

    def set_record_id(self, record_id: str) -> None:
        _check_type("record_id", record_id, str)
        self.record_id = record_id

    def get_tag(self) -> Optional[str]:
        return self.tag

    def set_tag(self, tag: str) -> None:
        _check_type("tag", tag, str)
        self.tag = tag

    def get_value(self) -> Optional[Dict[str, Any]]:
        return self.value

    def set_value(self, value: Dict[str, Any]) -> None:
        _check_type("value", value, dict)
        self.value = value

    def get_create_time(self) -> Any:
        return self.create_time

    def set_create_time(self, create_time: Any) -> None:
        self.create_time = create_time

    def get_last_modify_time(self) -> Any:
        return self.last_modify_time

    def set_last_modify_time(self, last_modify_time: Any) -> None:
        self.last_modify_time = last_modify_time

    def check_value(self) -> None:
        if not self.value:
            raise ValueError("a resource record needs a non-empty value")

    def check_for_update(self) -> None:
        self.check_value()
        if not self.record_id:
            raise ValueError("a resource record needs its record_id to be updated")

    def to_json(self) -> Dict[str, Any]:
        """The service's JSON: ``id``, ``tag`` and ``value`` as JSON text."""
        body: Dict[str, Any] = {"value": json.dumps(self.value)}
        if self.record_id:
            body["id"] = self.record_id
        if self.tag is not None:
            body["tag"] = self.tag
        return body

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> ResourceRecord:
        record = cls(record_id=value.get("id"), tag=value.get("tag"), value=_json_text(value.get("value"), None))
        record.create_time = value.get("createTime", value.get("create_time"))
        record.last_modify_time = value.get("lastModifyTime", value.get("last_modify_time"))
        return record

    from_dict = from_json

    def to_dict(self) -> Dict[str, Any]:
        """A readable dict (``value`` as a dict)."""
        items = {"value": self.value, "tag": self.tag, "id": self.record_id, "create_time": self.create_time,
                 "last_modify_time": self.last_modify_time}
        return {key: value for key, value in items.items() if value or key == "value"}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ResourceRecord) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ResourceRecord({self.to_dict()!r})"


class ResourcePolicyResourceType:
    """The targets of a resource policy."""

    PROJECT = "project"
    LOGSTORE = "logstore"


# -- responses -------------------------------------------------------------------------------------------------------
class CreateResourceResponse(EmptyResponse):
    """Answer of ``create_resource``."""


class UpdateResourceResponse(EmptyResponse):
    """Answer of ``update_resource``."""


class DeleteResourceResponse(EmptyResponse):
    """Answer of ``delete_resource``."""


class GetResourceResponse(LogResponse):
    """One resource (``get_resource()`` is a :class:`Resource`)."""

    def __init__(self, header: Optional[Headers], resp: Any) -> None:
        super().__init__(header, resp)
        self.resource = Resource.from_json(resp or {})

    def get_resource(self) -> Resource:
        return self.resource


class ListResourcesResponse(ListResponse):
    """A page of resources (``get_resources()`` are :class:`Resource` objects)."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(resp, header)
        self.items = [Resource.from_json(item) for item in self.items]

    def get_resources(self) -> List[Resource]:
        return self.items

    @property
    def resources(self) -> List[Resource]:
        return self.items


class CreateRecordResponse(EmptyResponse):
    """Answer of ``create_resource_record``."""


class UpdateRecordResponse(EmptyResponse):
    """Answer of ``update_resource_record``."""


class UpsertRecordResponse(EmptyResponse):
    """Answer of ``upsert_resource_record``."""


class DeleteRecordResponse(EmptyResponse):
    """Answer of ``delete_resource_record``."""


class GetRecordResponse(LogResponse):
    """One record (``get_record()`` is a :class:`ResourceRecord`)."""

    def __init__(self, header: Optional[Headers], resp: Any) -> None:
        super().__init__(header, resp)
        self.record = ResourceRecord.from_json(resp or {})

    def get_record(self) -> ResourceRecord:
        return self.record


class ListRecordResponse(ListResponse):
    """A page of records (``get_records()`` are :class:`ResourceRecord` objects)."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(resp, header)
        self.items = [ResourceRecord.from_json(item) for item in self.items]

    def get_records(self) -> List[ResourceRecord]:
        return self.items

    @property
    def records(self) -> List[ResourceRecord]:
        return self.items


class PutResourcePolicyResponse(EmptyResponse):
    """Answer of ``put_resource_policy``."""


class DeleteResourcePolicyResponse(EmptyResponse):
    """Answer of ``delete_resource_policy``."""


class GetResourcePolicyResponse(LogResponse):
    """A resource policy: type, name, ``policy_document`` (JSON text), ``revision`` and times."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        resp = resp or {}
        self.resource_type: str = resp.get("resourceType", "")
        self.resource_name: str = resp.get("resourceName", "")
        self.policy_document: str = resp.get("policyDocument", "")
        self.revision = int(resp.get("revision", 0))
        self.create_time = int(resp.get("createTime", 0))
        self.update_time = int(resp.get("updateTime", 0))

    def get_resource_type(self) -> str:
        return self.resource_type

    def get_resource_name(self) -> str:
        return self.resource_name

    def get_policy_document(self) -> str:
        return self.policy_document

    def get_revision(self) -> int:
        return self.revision

    def get_create_time(self) -> int:
        return self.create_time

    def get_update_time(self) -> int:
        return self.update_time
