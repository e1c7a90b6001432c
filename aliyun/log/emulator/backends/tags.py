"""Tags of projects and project resources (``/tag``, ``/untag``, ``/tags``).

The tags of one resource are one document of kind ``tags`` in its project, named ``<type>:<resource id>``; a
logstore's is scoped by the logstore (deleted with it), a project's goes with the project.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from ..entity_rules import MAX_TAGS_PER_RESOURCE, TAG_RESOURCE_TYPES, tags_match
from ..errors import Rejected
from ..storage import Storage
from .resources import Resources

__all__ = ["TAG_KIND", "TagRow", "Tags"]

TAG_KIND = "tags"
LOGSTORE_TYPES = ("logstore", "metricstore")
#: ``(resource id, resource type, key, value)``
TagRow = Tuple[str, str, str, str]


class Tags:
    def __init__(self, storage: Storage, resources: Resources) -> None:
        self.storage = storage
        self.resources = resources

    def _target(self, resource_type: str, resource_id: str, check: bool = True) -> Tuple[str, str, str]:
        """``(project, scope, document name)`` of a resource; with ``check`` its project (and logstore) must
        exist."""
        kind = resource_type.lower()
        if kind not in TAG_RESOURCE_TYPES:
            raise Rejected(f"resourceType {resource_type!r} cannot be tagged: use one of "
                           f"{', '.join(sorted(TAG_RESOURCE_TYPES))}")
        if kind == "project":
            project, scope = resource_id, ""
        else:
            project, sep, name = resource_id.partition("#")
            if not sep or not project or not name:
                raise Rejected(f"resourceId of a {kind} is '<project>#<name>', got {resource_id!r}")
            scope = name if kind in LOGSTORE_TYPES else ""
        if check:
            self.storage.get_project(project)
            if scope:
                self.storage.get_logstore(project, scope)
        return project, scope, f"{kind}:{resource_id}"

    def tag(self, resource_type: str, resource_ids: Iterable[str], tags: Mapping[str, str], now: int) -> None:
        targets = [self._target(resource_type, resource_id) for resource_id in resource_ids]
        with self.storage.lock:
            for project, scope, name in targets:
                merged = dict(self._tags(project, scope, name))
                merged.update(tags)
                if len(merged) > MAX_TAGS_PER_RESOURCE:
                    raise Rejected(f"a resource takes at most {MAX_TAGS_PER_RESOURCE} tags, it would have "
                                   f"{len(merged)}")
            for project, scope, name in targets:
                merged = dict(self._tags(project, scope, name))
                merged.update(tags)
                self.resources.put(project, TAG_KIND, name, merged, now, scope=scope)

    def untag(self, resource_type: str, resource_ids: Iterable[str], keys: Iterable[str], now: int) -> None:
        targets = [self._target(resource_type, resource_id) for resource_id in resource_ids]
        removed = set(keys)
        with self.storage.lock:
            for project, scope, name in targets:
                kept = {key: value for key, value in self._tags(project, scope, name).items() if key not in removed}
                self.resources.put(project, TAG_KIND, name, kept, now, scope=scope)

    def _tags(self, project: str, scope: str, name: str) -> Dict[str, str]:
        found = self.resources.find(project, TAG_KIND, name, scope=scope)
        return dict(found[0]) if found is not None else {}

    def rows(self, resource_type: str, resource_ids: Optional[List[str]], filters: List[Mapping[str, Any]],
             project: Optional[str]) -> List[TagRow]:
        """The tags of the given resources, or of every resource of the type (in ``project`` when given) that
        carries all ``filters``, one row per tag."""
        kind = resource_type.lower()
        documents: List[Tuple[str, Dict[str, str]]] = []
        if resource_ids:
            for resource_id in resource_ids:
                target_project, scope, name = self._target(resource_type, resource_id, check=False)
                documents.append((resource_id, self._tags(target_project, scope, name)))
        else:
            projects = [project] if project else sorted(self.storage.projects)
            prefix = f"{kind}:"
            for name_of_project in projects:
                scopes = [""]
                if kind in LOGSTORE_TYPES:
                    scopes = [ls.name for ls in self.storage.list_logstores(name_of_project)]
                for scope in scopes:
                    for name, body in self.storage.list_resources(name_of_project, TAG_KIND, scope=scope):
                        if name.startswith(prefix):
                            documents.append((name[len(prefix):], body))
        return [(resource_id, kind, key, value) for resource_id, tags in documents if tags_match(tags, filters)
                for key, value in sorted(tags.items())]
