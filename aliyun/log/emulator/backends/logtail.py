"""Logtail configs and machine groups: which configs are applied to which group, and the machines of a group.

A config's ``outputDetail.logstoreName`` must name a logstore of the project. The applied configs are kept per
group (kind :data:`APPLIED`, a sorted list of config names); deleting a config removes it from every group,
deleting a group drops its applied list and its machines (kind :data:`MACHINES`).
"""

from __future__ import annotations

from typing import Any, Dict, List

from ..storage import Storage
from .resources import Resources

__all__ = ["APPLIED", "CONFIG_KIND", "GROUP_KIND", "MACHINES", "Logtail"]

CONFIG_KIND = "logtail_config"
GROUP_KIND = "machinegroup"
#: Per machine group: the config names applied to it.
APPLIED = "machinegroup_configs"
#: Per machine group: the machines seeded for it (no Logtail agent reports to the emulator).
MACHINES = "machines"


class Logtail:
    def __init__(self, storage: Storage, resources: Resources) -> None:
        self.storage = storage
        self.resources = resources

    def check_target(self, project: str, config: Dict[str, Any]) -> None:
        """The logstore a config writes to must exist (``LogStoreNotExist``)."""
        self.storage.get_logstore(project, config["outputDetail"]["logstoreName"])

    def create_config(self, project: str, name: str, body: Dict[str, Any], now: int) -> None:
        with self.storage.lock:
            self.check_target(project, body)
            self.resources.create(project, CONFIG_KIND, name, body, now)

    def update_config(self, project: str, name: str, body: Dict[str, Any], now: int) -> None:
        with self.storage.lock:
            self.check_target(project, body)
            self.resources.replace(project, CONFIG_KIND, name, body, now)

    def delete_config(self, project: str, name: str, now: int) -> None:
        with self.storage.lock:
            self.resources.delete(project, CONFIG_KIND, name)
            for group, configs in self.storage.list_resources(project, APPLIED):
                if name in configs:
                    self.storage.put_resource(project, APPLIED, group, [c for c in configs if c != name], now)

    def delete_group(self, project: str, group: str) -> None:
        self.resources.delete(project, GROUP_KIND, group, dependents=(APPLIED, MACHINES))

    def applied_configs(self, project: str, group: str) -> List[str]:
        """The configs applied to an existing group (``MachineGroupNotExist`` otherwise)."""
        with self.storage.lock:
            self.resources.get(project, GROUP_KIND, group)
            found = self.resources.find(project, APPLIED, group)
            return list(found[0]) if found else []

    def config_groups(self, project: str, config: str) -> List[str]:
        """The groups an existing config is applied to (``ConfigNotExist`` otherwise)."""
        with self.storage.lock:
            self.resources.get(project, CONFIG_KIND, config)
            return [group for group, configs in self.storage.list_resources(project, APPLIED) if config in configs]

    def set_applied(self, project: str, group: str, config: str, applied: bool, now: int) -> None:
        """Apply a config to a group or remove it (both must exist)."""
        with self.storage.lock:
            self.resources.get(project, GROUP_KIND, group)
            self.resources.get(project, CONFIG_KIND, config)
            configs = [c for c in self.applied_configs(project, group) if c != config]
            self.resources.put(project, APPLIED, group, sorted([*configs, config]) if applied else configs, now)

    def machines(self, project: str, group: str) -> List[Any]:
        with self.storage.lock:
            self.resources.get(project, GROUP_KIND, group)
            found = self.resources.find(project, MACHINES, group)
            return list(found[0]) if found else []

    def set_machines(self, project: str, group: str, machines: List[Dict[str, Any]], now: int) -> None:
        """Replace the machines reported for an existing group."""
        with self.storage.lock:
            self.resources.get(project, GROUP_KIND, group)
            self.resources.put(project, MACHINES, group, machines, now)
