"""Tags of projects and other resources, and the responses of the tag APIs."""

from __future__ import annotations

from typing import Any, Dict, Optional, Set, Tuple

from .response import Headers, LogResponse

__all__ = ["GetProjectTagsResponse", "GetResourceTagsResponse", "Tag"]


class Tag:
    """One tag on one resource."""

    def __init__(self, resource_id: str, resource_type: str, tag_key: str, tag_value: str) -> None:
        self.resource_id = resource_id
        self.resource_type = resource_type
        self.tag_key = tag_key
        self.tag_value = tag_value

    def get_resource_id(self) -> str:
        return self.resource_id

    def get_resource_type(self) -> str:
        return self.resource_type

    def get_tag_key(self) -> str:
        return self.tag_key

    def get_tag_value(self) -> str:
        return self.tag_value

    def _key(self) -> Tuple[str, str, str, str]:
        return (self.resource_id, self.resource_type, self.tag_key, self.tag_value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tag) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Tag({self.resource_type}:{self.resource_id} {self.tag_key}={self.tag_value})"


class _TagPage(LogResponse):
    """A page of ``tagResources``; ``next_token`` is ``""`` on the last page."""

    def __init__(self, header: Optional[Headers], resp: Any) -> None:
        super().__init__(header, resp)
        resp = resp or {}
        self._next_token: str = resp.get("nextToken") or ""
        self._tag_resources = list(resp.get("tagResources") or [])

    @property
    def next_token(self) -> str:
        return self._next_token


class GetProjectTagsResponse(_TagPage):
    """A page of a project's tags: ``get_tags()`` is ``{key: value}``."""

    def get_tags(self) -> Dict[str, str]:
        return {item["tagKey"]: item["tagValue"] for item in self._tag_resources}


class GetResourceTagsResponse(_TagPage):
    """A page of tagged resources: ``get_tags()`` is a set of :class:`Tag`."""

    def get_tags(self) -> Set[Tag]:
        return {Tag(item["resourceId"], item["resourceType"], item["tagKey"], item["tagValue"])
                for item in self._tag_resources}
