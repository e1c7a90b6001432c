"""The service's rules for pipeline configs, tags, resources and their records, topostores and resource policies:
validators (raising ``ParameterInvalid``) and the list filters, as pure functions of the JSON documents."""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

from .core import parameter_invalid
from .parsing import parse_json

__all__ = [
    "MAX_TAGS_PER_RESOURCE",
    "TAG_RESOURCE_TYPES",
    "json_text_object",
    "pipeline_logstores",
    "split_ids",
    "tags_match",
    "validate_pipeline_config",
    "validate_policy_document",
    "validate_record",
    "validate_resource",
    "validate_tag_keys",
    "validate_tags",
    "validate_topo_member",
    "validate_topostore",
]

NAME_PATTERN = re.compile(r"^[0-9a-zA-Z][0-9a-zA-Z_.\-]{0,127}$")
CONFIG_NAME_PATTERN = re.compile(r"^[0-9a-zA-Z][0-9a-zA-Z_\-]{0,127}$")
MAX_ID_LENGTH = 256
MAX_TAGS_PER_RESOURCE = 20
MAX_TAG_KEY, MAX_TAG_VALUE = 128, 128
RESERVED_TAG_PREFIXES = ("aliyun", "acs:")
TAG_RESOURCE_TYPES = frozenset({"project", "logstore", "metricstore", "dashboard", "machinegroup", "logtailconfig",
                                "savedsearch", "alert", "job", "consumergroup"})


def _name(value: Any, what: str, pattern: re.Pattern[str] = NAME_PATTERN) -> str:
    if not isinstance(value, str) or not pattern.match(value):
        raise parameter_invalid(f"invalid {what} {value!r}: 1-128 letters, digits, '_', '-' or '.', starting with a "
                                f"letter or digit")
    return value


def json_text_object(value: Any, what: str, required: bool = True) -> Optional[Dict[str, Any]]:
    """A field the service carries as JSON text of an object (``schema``, ``acl``, a record's ``value``...)."""
    if value in (None, "") and not required:
        return None
    if isinstance(value, dict):
        return value
    if not isinstance(value, (str, bytes)):
        raise parameter_invalid(f"{what} must be the JSON text of an object, got {value!r}")
    parsed = parse_json(value.encode("utf-8") if isinstance(value, str) else value, "ParameterInvalid", what)
    if not isinstance(parsed, dict):
        raise parameter_invalid(f"{what} must be the JSON text of an object, got {value!r}")
    return parsed


def split_ids(text: Optional[str]) -> List[str]:
    """``"a,b"`` -> ``["a", "b"]`` (empty items dropped)."""
    return [item for item in (text or "").split(",") if item]


# -- pipeline configs --------------------------------------------------------------------------------------------------
def _plugins(body: Mapping[str, Any], key: str, required: bool) -> List[Dict[str, Any]]:
    plugins = body.get(key)
    if plugins is None and not required:
        return []
    if not isinstance(plugins, list) or (required and not plugins):
        raise parameter_invalid(f"{key} must be a non-empty list of plugins")
    for plugin in plugins:
        if not isinstance(plugin, dict) or not isinstance(plugin.get("Type"), str) or not plugin["Type"]:
            raise parameter_invalid(f"each plugin of {key} must be an object with a Type, got {plugin!r}")
    return plugins


def validate_pipeline_config(body: Dict[str, Any]) -> None:
    _name(body.get("configName"), "configName", CONFIG_NAME_PATTERN)
    _plugins(body, "inputs", True)
    _plugins(body, "flushers", True)
    _plugins(body, "processors", False)
    _plugins(body, "aggregators", False)
    if body.get("global") is not None and not isinstance(body["global"], dict):
        raise parameter_invalid("global must be a JSON object")
    if body.get("logSample") is not None and not isinstance(body["logSample"], str):
        raise parameter_invalid("logSample must be a string")


def pipeline_logstores(body: Mapping[str, Any]) -> List[str]:
    """The logstores a pipeline config's ``flusher_sls`` flushers write to."""
    return [str(flusher.get("Logstore")) for flusher in body.get("flushers") or []
            if isinstance(flusher, dict) and flusher.get("Logstore")]


# -- tags ------------------------------------------------------------------------------------------------------------
def _tag_key(key: Any) -> str:
    if not isinstance(key, str) or not key or len(key) > MAX_TAG_KEY:
        raise parameter_invalid(f"a tag key must be 1-{MAX_TAG_KEY} characters, got {key!r}")
    if key.lower().startswith(RESERVED_TAG_PREFIXES):
        raise parameter_invalid(f"tag key {key!r} is reserved (keys may not start with aliyun or acs:)")
    return key


def validate_tags(tags: Any) -> Dict[str, str]:
    """The ``tags`` of a tag request (``[{"key", "value"}]``) as a dict."""
    if not isinstance(tags, list) or not tags:
        raise parameter_invalid("tags must be a non-empty list of {key, value}")
    found: Dict[str, str] = {}
    for tag in tags:
        if not isinstance(tag, dict):
            raise parameter_invalid(f"each tag must be an object {{key, value}}, got {tag!r}")
        value = tag.get("value", "")
        if not isinstance(value, str) or len(value) > MAX_TAG_VALUE:
            raise parameter_invalid(f"a tag value must be a string of at most {MAX_TAG_VALUE} characters")
        found[_tag_key(tag.get("key"))] = value
    if len(found) > MAX_TAGS_PER_RESOURCE:
        raise parameter_invalid(f"a resource takes at most {MAX_TAGS_PER_RESOURCE} tags, got {len(found)}")
    return found


def validate_tag_keys(keys: Any) -> List[str]:
    if not isinstance(keys, list) or not keys or not all(isinstance(key, str) and key for key in keys):
        raise parameter_invalid("tags of an untag request must be a non-empty list of keys")
    return keys


def tags_match(tags: Mapping[str, str], filters: Iterable[Mapping[str, Any]]) -> bool:
    """Whether ``tags`` has every filter tag (a filter without a value matches any value of its key)."""
    for wanted in filters:
        key = str(wanted.get("key"))
        if key not in tags or (wanted.get("value") not in (None, "") and tags[key] != wanted.get("value")):
            return False
    return True


# -- resources and records -------------------------------------------------------------------------------------------
def validate_resource(body: Dict[str, Any], creating: bool) -> None:
    if creating:
        _name(body.get("name"), "resource name")
        if not isinstance(body.get("type"), str) or not body["type"]:
            raise parameter_invalid("a resource needs its type (e.g. userdefine)")
    schema = json_text_object(body.get("schema"), "schema", required=False)
    if schema is not None:
        columns = schema.get("schema")
        if not isinstance(columns, list):
            raise parameter_invalid('schema must be {"schema": [{"column", "type"}...]}')
        for column in columns:
            if not isinstance(column, dict) or not isinstance(column.get("column"), str) or not column["column"]:
                raise parameter_invalid(f"each schema item needs a column name, got {column!r}")
    json_text_object(body.get("acl"), "acl", required=False)
    for key in ("description", "extInfo"):
        if body.get(key) is not None and not isinstance(body[key], str):
            raise parameter_invalid(f"{key} must be a string")


def validate_record(record: Any) -> Dict[str, Any]:
    if not isinstance(record, dict):
        raise parameter_invalid(f"a record must be an object {{id, tag, value}}, got {record!r}")
    json_text_object(record.get("value"), "record value")
    record_id = record.get("id")
    if record_id is not None and (not isinstance(record_id, str) or not 0 < len(record_id) <= MAX_ID_LENGTH):
        raise parameter_invalid(f"a record id must be 1-{MAX_ID_LENGTH} characters, got {record_id!r}")
    if record.get("tag") is not None and not isinstance(record["tag"], str):
        raise parameter_invalid("a record tag must be a string")
    return record


# -- topostores ------------------------------------------------------------------------------------------------------
def validate_topostore(body: Dict[str, Any]) -> None:
    _name(body.get("name"), "topostore name")
    for key in ("tag", "schema", "acl"):
        json_text_object(body.get(key), key, required=False)


def validate_topo_member(body: Any, id_key: str, text_keys: Sequence[str]) -> Dict[str, Any]:
    """A node (``nodeId``) or relation (``relationId``): an id, string fields, ``property`` as JSON text."""
    if not isinstance(body, dict):
        raise parameter_invalid(f"expected an object with {id_key}, got {body!r}")
    member_id = body.get(id_key)
    if not isinstance(member_id, str) or not 0 < len(member_id) <= MAX_ID_LENGTH:
        raise parameter_invalid(f"{id_key} must be 1-{MAX_ID_LENGTH} characters, got {member_id!r}")
    for key in text_keys:
        if body.get(key) is not None and not isinstance(body[key], str):
            raise parameter_invalid(f"{key} must be a string")
    json_text_object(body.get("property"), "property", required=False)
    return body


# -- resource policies -----------------------------------------------------------------------------------------------
def validate_policy_document(document: Any) -> None:
    policy = json_text_object(document, "policyDocument")
    statements = (policy or {}).get("Statement")
    if not isinstance(statements, list) or not statements:
        raise parameter_invalid("policyDocument needs a non-empty Statement list")
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect") not in ("Allow", "Deny"):
            raise parameter_invalid("each Statement needs Effect Allow or Deny")
