"""Machine groups (PROTOCOL §3.7): the machines a Logtail config is applied to.

JSON object::

    {"groupName", "groupType": "" | "Armory", "machineIdentifyType": "ip" | "userdefined",
     "machineList": [...], "groupAttribute": {"externalName", "groupTopic"}, "createTime"?, "lastModifyTime"?}
"""

from __future__ import annotations

import copy
import re
from typing import Any, Dict, Iterable, List, Mapping, Optional

__all__ = ["MACHINE_TYPES", "MachineGroupDetail"]

#: Values of ``machineIdentifyType``.
MACHINE_TYPES = ("ip", "userdefined")

# PROTOCOL §10: machine group names.
_GROUP_NAME_RE = re.compile(r"[0-9a-zA-Z][0-9a-zA-Z_-]{0,126}[0-9a-zA-Z]")

# JSON key -> attribute, with the snake_case spelling the user guide's example uses as an accepted alias.
_FIELDS = (
    ("groupName", "group_name"),
    ("groupType", "group_type"),
    ("machineIdentifyType", "machine_type"),
    ("machineList", "machine_list"),
    ("groupAttribute", "group_attribute"),
    ("createTime", "create_time"),
    ("lastModifyTime", "last_modify_time"),
)
_KNOWN = frozenset(k for pair in _FIELDS for k in pair)


class MachineGroupDetail:
    """A machine group.

    :param group_name: the group name
    :param machine_type: ``ip`` (``machine_list`` holds IPs) or ``userdefined`` (custom identities)
    :param machine_list: IPs or user-defined identities, e.g. ``["127.0.0.1", "127.0.0.2"]``
    :param group_type: ``""`` or ``"Armory"``
    :param group_attribute: optional ``{"externalName": ..., "groupTopic": ...}`` (``externalName`` only with
        ``Armory``)
    """

    def __init__(
        self,
        group_name: Optional[str] = None,
        machine_type: Optional[str] = None,
        machine_list: Optional[List[str]] = None,
        group_type: str = "",
        group_attribute: Optional[Mapping[str, Any]] = None,
    ) -> None:
        if group_name is not None:
            if not isinstance(group_name, str):
                raise ValueError(f"group_name must be a str, got {group_name!r}")
            if not _GROUP_NAME_RE.fullmatch(group_name):
                raise ValueError(
                    f"group_name {group_name!r} is invalid: 2-128 letters, digits, '_' or '-', "
                    "starting and ending with a letter or digit"
                )
        if machine_type is not None and machine_type not in MACHINE_TYPES:
            raise ValueError(f"machine_type must be one of {', '.join(MACHINE_TYPES)} or None, got {machine_type!r}")
        if machine_list is not None:
            if isinstance(machine_list, (str, bytes)) or not isinstance(machine_list, Iterable):
                raise ValueError(f"machine_list must be a list of str, got {machine_list!r}")
            machine_list = list(machine_list)
            for machine in machine_list:
                if not isinstance(machine, str):
                    raise ValueError(f"machine_list must be a list of str, got item {machine!r}")
        if not isinstance(group_type, str):
            raise ValueError(f"group_type must be a str, got {group_type!r}")
        if group_attribute is not None:
            if not isinstance(group_attribute, Mapping):
                raise ValueError(f"group_attribute must be a dict, got {type(group_attribute).__name__}")
            for key, value in group_attribute.items():
                if not isinstance(key, str) or not isinstance(value, str):
                    raise ValueError(f"group_attribute must map str to str, got {key!r}: {value!r}")
            group_attribute = dict(group_attribute)

        self.group_name = group_name
        self.machine_type = machine_type
        self.machine_list: List[str] = machine_list or []
        self.group_type = group_type
        self.group_attribute: Optional[Dict[str, Any]] = group_attribute
        self.create_time: Optional[int] = None
        self.last_modify_time: Optional[int] = None
        #: JSON fields the SDK does not model, kept for the round trip.
        self.extra: Dict[str, Any] = {}

    def to_json(self) -> Dict[str, Any]:
        """The machine group JSON object (a new dict)."""
        out: Dict[str, Any] = {"groupName": self.group_name, "groupType": self.group_type}  # the official order
        if self.group_attribute is not None:
            out["groupAttribute"] = copy.deepcopy(self.group_attribute)
        if self.machine_type is not None:
            out["machineIdentifyType"] = self.machine_type
        out["machineList"] = list(self.machine_list)
        if self.create_time is not None:
            out["createTime"] = self.create_time
        if self.last_modify_time is not None:
            out["lastModifyTime"] = self.last_modify_time
        out.update(copy.deepcopy(self.extra))
        return out

    def from_json(self, json_value: Mapping[str, Any]) -> MachineGroupDetail:
        """Fill this object from a machine group JSON object and return it.

        Accepts the service's camelCase keys and, as in the user guide's example, the constructor's parameter names
        (``group_name``, ``machine_type``, ...).
        """
        if not isinstance(json_value, Mapping):
            raise ValueError(f"json_value must be a JSON object (dict), got {type(json_value).__name__}")

        def pick(json_key: str, attr: str, default: Any = None) -> Any:
            if json_key in json_value:
                return copy.deepcopy(json_value[json_key])
            return copy.deepcopy(json_value.get(attr, default))

        self.group_name = pick("groupName", "group_name")
        self.group_type = pick("groupType", "group_type", "")
        self.machine_type = pick("machineIdentifyType", "machine_type")
        self.machine_list = list(pick("machineList", "machine_list") or [])
        self.group_attribute = pick("groupAttribute", "group_attribute")
        self.create_time = pick("createTime", "create_time")
        self.last_modify_time = pick("lastModifyTime", "last_modify_time")
        self.extra = {k: copy.deepcopy(v) for k, v in json_value.items() if k not in _KNOWN}
        return self

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MachineGroupDetail):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"MachineGroupDetail(group_name={self.group_name!r}, machine_type={self.machine_type!r}, "
            f"machine_list={self.machine_list!r}, group_type={self.group_type!r}, "
            f"group_attribute={self.group_attribute!r})"
        )
