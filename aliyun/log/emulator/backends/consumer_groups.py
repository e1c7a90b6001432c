"""Consumer-group backend (PROTOCOL §8): groups, live consumers, shard assignment and checkpoints.

Persistent state lives in the storage's generic resource table, scoped by logstore (so deleting a logstore or a
project drops it): the group ``{"name", "timeout", "order"}`` (kind ``consumergroup``) and its checkpoints (kind
``consumergroup.checkpoints``, one document per group: ``{"<shard>": {"checkpoint", "updateTime", "consumer"}}``).
Live consumers exist only in memory: a consumer joins with its first heartbeat and is removed when it has not sent
one for the group's ``timeout`` seconds of ``ctx.clock`` (so tests can move time).

Assignment, recomputed on every heartbeat of any consumer of the group:

* The shards that need consuming are the readwrite shards and the readonly shards whose checkpoint has not reached
  their end; with ``order=true`` a shard also waits until every older readonly shard overlapping its hash range
  (its parents, grand-parents...) is consumed to the end.
* Each live consumer gets ``n // k`` or ``n // k + 1`` of the ``n`` shards (``k`` consumers). Consumers keep what
  they have where possible; a consumer over its share gives up shards it does not report yet first.
* A shard is never handed to a consumer while another live consumer may still be consuming it: while it lists the
  shard in its heartbeat, or was given the shard by its last heartbeat's answer and has not heartbeated since. The
  shard waits until the previous holder has stopped it (and committed its checkpoint) and its heartbeat no longer
  lists it, or until that consumer expires.

``forceSuccess=false`` checkpoints are accepted only from the consumer the shard is assigned to (or, while it is
unassigned, from the live consumer still reporting it).
"""

from __future__ import annotations

import base64
import binascii
import threading
import weakref
from typing import Any, Dict, List, Optional, Set, Tuple

from ..errors import AlreadyExists, NotFound, Rejected
from ..storage import READONLY, Logstore, Shard, Storage

__all__ = [
    "KIND_CHECKPOINTS",
    "KIND_GROUP",
    "MAX_GROUPS_PER_LOGSTORE",
    "Coordinator",
    "GroupConfig",
    "coordinator_for",
]

KIND_GROUP = "consumergroup"
KIND_CHECKPOINTS = "consumergroup.checkpoints"
#: The service allows this many consumer groups per logstore (``ConsumerGroupQuotaExceed`` beyond).
MAX_GROUPS_PER_LOGSTORE = 30


class GroupConfig:
    __slots__ = ("name", "order", "timeout")

    def __init__(self, name: str, timeout: int, order: bool) -> None:
        self.name = name
        self.timeout = timeout
        self.order = order

    def to_json(self) -> Dict[str, Any]:
        return {"name": self.name, "timeout": self.timeout, "order": self.order}

    @staticmethod
    def from_json(body: Dict[str, Any]) -> GroupConfig:
        return GroupConfig(str(body["name"]), int(body["timeout"]), bool(body.get("order", False)))


class _Consumer:
    """A live consumer: the shards it reported in its last heartbeat, the shards that heartbeat's answer gave it
    (``told``), and its current assignment (changed by other consumers' heartbeats until it hears of it)."""

    __slots__ = ("assigned", "last_seen", "name", "reported", "told")

    def __init__(self, name: str, now: float) -> None:
        self.name = name
        self.last_seen = now
        self.reported: Set[int] = set()
        self.told: Set[int] = set()
        self.assigned: Set[int] = set()

    def holds(self, shard_id: int) -> bool:
        """Whether the consumer may be consuming the shard: it reports it, or was told it owns it and has not
        heartbeated since."""
        return shard_id in self.reported or shard_id in self.told


class _Group:
    """In-memory state of one consumer group, valid while its logstore object is the live one."""

    __slots__ = ("checkpoints", "consumers", "ls")

    def __init__(self, ls: Logstore, checkpoints: Dict[int, Dict[str, Any]]) -> None:
        self.ls = ls
        self.consumers: Dict[str, _Consumer] = {}
        self.checkpoints = checkpoints


def _cursor_value(text: str) -> Optional[int]:
    try:
        return int(base64.b64decode(text.encode("ascii"), validate=True).decode("ascii"))
    except (binascii.Error, ValueError, UnicodeError):
        return None


def _overlaps(a: Shard, b: Shard) -> bool:
    return a.begin < b.end and b.begin < a.end


class Coordinator:
    """Consumer groups of one emulator; every method is safe to call from the server's threads."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self._lock = threading.RLock()
        self._groups: Dict[Tuple[str, str, str], _Group] = {}

    # -- groups ------------------------------------------------------------------------------------------------------
    def config(self, ls: Logstore, name: str) -> GroupConfig:
        body, _created, _modified = self.storage.get_resource(ls.project, KIND_GROUP, name, scope=ls.name)
        return GroupConfig.from_json(body)

    def list_groups(self, ls: Logstore) -> List[GroupConfig]:
        return [GroupConfig.from_json(body)
                for _name, body in self.storage.list_resources(ls.project, KIND_GROUP, scope=ls.name)]

    def create_group(self, ls: Logstore, config: GroupConfig, now: int) -> None:
        with self._lock:
            existing = self.storage.list_resources(ls.project, KIND_GROUP, scope=ls.name)
            if any(name == config.name for name, _ in existing):
                raise AlreadyExists(KIND_GROUP, config.name)
            if len(existing) >= MAX_GROUPS_PER_LOGSTORE:
                raise Rejected(f"a logstore can have at most {MAX_GROUPS_PER_LOGSTORE} consumer groups",
                               "consumer_group_quota")
            self.storage.put_resource(ls.project, KIND_GROUP, config.name, config.to_json(), now, scope=ls.name)
            # A new group starts without checkpoints (a group of the same name may have been deleted before).
            self._drop(ls, config.name)
            self._sweep()

    def update_group(self, ls: Logstore, name: str, timeout: Optional[int], order: Optional[bool], now: int) -> None:
        with self._lock:
            config = self.config(ls, name)
            if timeout is not None:
                config.timeout = timeout
            if order is not None:
                config.order = order
            self.storage.put_resource(ls.project, KIND_GROUP, name, config.to_json(), now, scope=ls.name)

    def delete_group(self, ls: Logstore, name: str) -> None:
        with self._lock:
            if not self.storage.delete_resource(ls.project, KIND_GROUP, name, scope=ls.name):
                raise NotFound(KIND_GROUP, name)
            self._drop(ls, name)
            self._sweep()

    def _drop(self, ls: Logstore, name: str) -> None:
        self.storage.delete_resource(ls.project, KIND_CHECKPOINTS, name, scope=ls.name)
        self._groups.pop((ls.project, ls.name, name), None)

    def _sweep(self) -> None:
        for key in [key for key, group in self._groups.items() if group.ls.deleted]:
            del self._groups[key]

    def _state(self, ls: Logstore, name: str) -> _Group:
        key = (ls.project, ls.name, name)
        group = self._groups.get(key)
        if group is None or group.ls is not ls:
            found = self.storage.find_resource(ls.project, KIND_CHECKPOINTS, name, scope=ls.name)
            body = found[0] if found else {}
            checkpoints = {int(shard): dict(entry) for shard, entry in body.items()}
            group = self._groups[key] = _Group(ls, checkpoints)
        return group

    @staticmethod
    def _expire(group: _Group, config: GroupConfig, now: float) -> None:
        for name in [n for n, c in group.consumers.items() if now - c.last_seen > config.timeout]:
            del group.consumers[name]

    # -- heartbeats and assignment -----------------------------------------------------------------------------------
    def heartbeat(self, ls: Logstore, name: str, consumer: str, shards: List[int], now: float) -> List[int]:
        """Register the heartbeat of ``consumer`` holding ``shards``; the shards assigned to it."""
        with self._lock:
            config = self.config(ls, name)
            group = self._state(ls, name)
            self._expire(group, config, now)
            member = group.consumers.get(consumer)
            if member is None:
                if shards:
                    raise Rejected(
                        f"consumer {consumer} is not in consumer group {name} (new, or expired after "
                        f"{config.timeout} s without heartbeat); join with an empty heartbeat body",
                        "consumer_not_in_group",
                    )
                member = group.consumers[consumer] = _Consumer(consumer, now)
            member.last_seen = now
            member.reported = set(shards)
            self._rebalance(group, config)
            member.told = set(member.assigned)
            return sorted(member.assigned)

    def consumers(self, ls: Logstore, name: str, now: float) -> Dict[str, Dict[str, Any]]:
        """The live consumers with what they report and what they are assigned (for tests and debugging)."""
        with self._lock:
            config = self.config(ls, name)
            group = self._state(ls, name)
            self._expire(group, config, now)
            return {
                c.name: {"assigned": sorted(c.assigned), "reported": sorted(c.reported), "told": sorted(c.told),
                         "lastSeen": c.last_seen}
                for c in group.consumers.values()
            }

    def _finished(self, group: _Group, shard: Shard) -> bool:
        """A readonly shard consumed to its end (or holding nothing)."""
        end = shard.cursor_base + shard.next_seq
        entry = group.checkpoints.get(shard.shard_id)
        if entry and entry.get("checkpoint"):
            value = _cursor_value(entry["checkpoint"])
            return value is not None and value >= end
        return shard.next_seq <= shard.first_seq

    def _eligible(self, group: _Group, config: GroupConfig) -> List[int]:
        shards = group.ls.sorted_shards()
        finished = {s.shard_id for s in shards if s.status == READONLY and self._finished(group, s)}
        out = []
        for shard in shards:
            if shard.shard_id in finished:
                continue
            if config.order and any(
                p.status == READONLY and p.shard_id < shard.shard_id and p.shard_id not in finished
                and _overlaps(p, shard)
                for p in shards
            ):
                continue
            out.append(shard.shard_id)
        return out

    def _rebalance(self, group: _Group, config: GroupConfig) -> None:
        members = sorted(group.consumers.values(), key=lambda c: c.name)
        if not members:
            return
        eligible = self._eligible(group, config)
        wanted = set(eligible)
        for member in members:
            member.assigned &= wanted
        base, extra = divmod(len(eligible), len(members))
        by_load = sorted(members, key=lambda c: (-len(c.assigned), c.name))
        quota = {c.name: base + (1 if i < extra else 0) for i, c in enumerate(by_load)}
        for member in members:
            surplus = len(member.assigned) - quota[member.name]
            if surplus > 0:
                # Give up shards not started yet first, then the highest ids.
                for shard_id in sorted(member.assigned, key=lambda s: (s in member.reported, -s))[:surplus]:
                    member.assigned.discard(shard_id)
        taken: Set[int] = set()
        for member in members:
            taken |= member.assigned
        for shard_id in eligible:
            if shard_id in taken:
                continue
            reporters = [c for c in members if c.holds(shard_id)]
            if reporters:
                # Still held by a live consumer: it can only go back to it (or wait until it is released).
                holder = reporters[0]
                if len(reporters) == 1 and len(holder.assigned) < quota[holder.name]:
                    holder.assigned.add(shard_id)
                continue
            candidates = [c for c in members if len(c.assigned) < quota[c.name]]
            if candidates:
                receiver = min(candidates, key=lambda c: (len(c.assigned), c.name))
                receiver.assigned.add(shard_id)

    # -- checkpoints -------------------------------------------------------------------------------------------------
    def update_checkpoint(self, ls: Logstore, name: str, consumer: str, shard: Shard, checkpoint: str,
                          force: bool, now: float) -> None:
        with self._lock:
            config = self.config(ls, name)
            if not checkpoint or _cursor_value(checkpoint) is None:
                raise Rejected(f"checkpoint {checkpoint!r} is not a cursor (base64 of a decimal integer)",
                               "invalid_checkpoint")
            group = self._state(ls, name)
            self._expire(group, config, now)
            if not force:
                member = group.consumers.get(consumer) if consumer else None
                if member is None:
                    raise Rejected(f"consumer {consumer!r} does not exist in consumer group {name}",
                                   "consumer_not_exist")
                owner = self._owner(group, shard.shard_id)
                if owner is not member:
                    raise Rejected(f"shard {shard.shard_id} is not held by consumer {consumer} in consumer group "
                                   f"{name}", "consumer_not_match")
            group.checkpoints[shard.shard_id] = {
                "checkpoint": checkpoint,
                "updateTime": int(now * 1_000_000),
                "consumer": consumer,
            }
            body = {str(k): v for k, v in sorted(group.checkpoints.items())}
            self.storage.put_resource(ls.project, KIND_CHECKPOINTS, name, body, int(now), scope=ls.name)

    @staticmethod
    def _owner(group: _Group, shard_id: int) -> Optional[_Consumer]:
        for member in group.consumers.values():
            if shard_id in member.assigned:
                return member
        holders = [c for c in group.consumers.values() if c.holds(shard_id)]
        return holders[0] if len(holders) == 1 else None

    def checkpoints(self, ls: Logstore, name: str, shard_id: Optional[int]) -> List[Dict[str, Any]]:
        with self._lock:
            self.config(ls, name)
            group = self._state(ls, name)
            out = []
            for shard in ls.sorted_shards():
                if shard_id is not None and shard.shard_id != shard_id:
                    continue
                entry = group.checkpoints.get(shard.shard_id) or {}
                out.append({
                    "shard": shard.shard_id,
                    "checkpoint": entry.get("checkpoint", ""),
                    "updateTime": entry.get("updateTime", 0),
                    "consumer": entry.get("consumer", ""),
                })
            return out


_coordinators: weakref.WeakKeyDictionary[Storage, Coordinator] = weakref.WeakKeyDictionary()
_coordinators_lock = threading.Lock()


def coordinator_for(storage: Storage) -> Coordinator:
    """The coordinator of an emulator's storage (one per running emulator)."""
    with _coordinators_lock:
        coordinator = _coordinators.get(storage)
        if coordinator is None:
            coordinator = _coordinators[storage] = Coordinator(storage)
        return coordinator

