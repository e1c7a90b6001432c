"""Per-task checkpoints on the local disk, written atomically, so an interrupted migration resumes.

Layout: ``<cache_path>/<digest>/migration.json`` describes the migration (its identity: source hosts without
secrets, indexes, query, mappings, target endpoint/project, time field, topic, source, slicing) and
``<cache_path>/<digest>/tasks/<task>.json`` holds one task's progress::

    {"key": "logs-2024/0/0of1", "status": "running" | "done", "last_seq_no": 41999, "count": 42000,
     "bytes": 9123456, "pending": null | {"tag": ..., "first_seq_no": ..., "last_seq_no": ..., "count": ...,
     "bytes": ..., "cursors": {"0": "MTAw", ...}}, "updated": 1700000000.0}

``<digest>`` is a hash of the identity, so running the same migration again finds its checkpoints and a different
one starts afresh. Every write goes to a temporary file that is fsync'ed and renamed over the old one: a reader sees
the previous or the next state, never a torn one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from typing import Any, Dict, Iterator, Optional, Union

__all__ = ["CheckpointStore", "TaskCheckpoint", "default_cache_path", "parse_duration"]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: Union[str, int, float, None]) -> Optional[float]:
    """Seconds of ``"90s"``, ``"10m"``, ``"1h"``, ``"1d"``, ``"2w"`` or a number; None / 0 / ``""``: no limit."""
    if value is None or value == "" or value == 0:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"a duration must not be negative, got {value!r}")
        return float(value)
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(f"not a duration: {value!r} (use e.g. '30m', '1d', or seconds)")
    seconds = float(match.group(1)) * _UNITS[match.group(2).lower()]
    return seconds or None


def default_cache_path() -> str:
    """``$XDG_CACHE_HOME/aliyun-log/es-migration`` (``~/.cache/...`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "aliyun-log", "es-migration")


def identity_digest(identity: Dict[str, Any]) -> str:
    text = json.dumps(identity, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _write_json_atomic(path: str, value: Any, fsync: bool = True) -> None:
    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(value, fh, ensure_ascii=False, separators=(",", ":"))
            fh.flush()
            if fsync:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class TaskCheckpoint:
    """The saved progress of one task; ``save()`` writes it atomically."""

    def __init__(self, path: str, key: str, data: Optional[Dict[str, Any]] = None, fsync: bool = True) -> None:
        self.path = path
        self.key = key
        self._fsync = fsync
        data = data or {}
        self.status: str = data.get("status", "new")
        self.last_seq_no: Optional[int] = data.get("last_seq_no")
        self.count: int = int(data.get("count", 0))
        self.bytes: int = int(data.get("bytes", 0))
        self.pending: Optional[Dict[str, Any]] = data.get("pending")
        self.skipped: int = int(data.get("skipped", 0))
        self.updated: float = float(data.get("updated", 0.0))

    @property
    def done(self) -> bool:
        return self.status == "done"

    def to_dict(self) -> Dict[str, Any]:
        return {
            "key": self.key,
            "status": self.status,
            "last_seq_no": self.last_seq_no,
            "count": self.count,
            "bytes": self.bytes,
            "skipped": self.skipped,
            "pending": self.pending,
            "updated": self.updated,
        }

    def save(self) -> None:
        self.updated = time.time()
        _write_json_atomic(self.path, self.to_dict(), self._fsync)

    # the two writes around one batch ------------------------------------------------------------------------------
    def begin_batch(self, pending: Dict[str, Any]) -> None:
        """Record the batch about to be written (before the PutLogs call)."""
        self.status = "running"
        self.pending = pending
        self.save()

    def commit_batch(self) -> None:
        """Record the pending batch as written (after the PutLogs call succeeded, or was found in the logstore)."""
        pending = self.pending
        if pending is None:
            return
        self.last_seq_no = int(pending["last_seq_no"])
        self.count += int(pending["count"])
        self.bytes += int(pending["bytes"])
        self.pending = None
        self.save()

    def drop_batch(self) -> None:
        """Forget the pending batch (it was not written; its documents will be read and written again)."""
        if self.pending is not None:
            self.pending = None
            self.save()

    def finish(self) -> None:
        self.status = "done"
        self.pending = None
        self.save()


class CheckpointStore:
    """The checkpoints of one migration (see the module docstring for the layout).

    :param cache_path: the root directory (several migrations share it, one sub-directory each)
    :param identity: what makes two runs "the same migration" (JSON-serialisable)
    :param max_age: seconds after the last write beyond which old checkpoints are ignored (None: kept forever)
    """

    def __init__(self, cache_path: str, identity: Dict[str, Any], max_age: Optional[float] = None,
                 fsync: bool = True) -> None:
        self.root = os.path.abspath(os.path.expanduser(cache_path))
        self.identity = identity
        self.digest = identity_digest(identity)
        self.path = os.path.join(self.root, self.digest)
        self.tasks_dir = os.path.join(self.path, "tasks")
        self.max_age = max_age
        self.fsync = fsync
        #: True when checkpoints of an earlier run were found and are used
        self.resumed = False
        self._lock_file: Any = None

    def open(self) -> None:
        """Create the directory; discard checkpoints older than ``max_age``."""
        manifest = os.path.join(self.path, "migration.json")
        if os.path.exists(manifest):
            last = self._last_update()
            if self.max_age is not None and time.time() - last > self.max_age:
                self.reset()
            else:
                self.resumed = any(True for _ in self._task_files())
        os.makedirs(self.tasks_dir, exist_ok=True)
        if not os.path.exists(manifest):
            _write_json_atomic(manifest, {"version": 1, "identity": self.identity, "created": time.time()},
                               self.fsync)

    def lock(self) -> None:
        """Hold an exclusive lock on this migration: a second process running the same migration at the same time
        would write the same documents. Raises RuntimeError when another process holds it (POSIX only)."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no lock
            return
        os.makedirs(self.path, exist_ok=True)
        handle = open(os.path.join(self.path, "lock"), "a+")  # noqa: SIM115 - held until unlock()
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise RuntimeError(f"another process is running this migration (checkpoints in {self.path})") from None
        self._lock_file = handle

    def unlock(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def __getstate__(self) -> Dict[str, Any]:
        state = dict(self.__dict__)
        state["_lock_file"] = None  # workers get the paths, not the lock
        return state

    def reset(self) -> None:
        """Delete this migration's checkpoints (the next run starts from the beginning)."""
        shutil.rmtree(self.path, ignore_errors=True)
        self.resumed = False

    def _task_files(self) -> Iterator[str]:
        if not os.path.isdir(self.tasks_dir):
            return
        for name in os.listdir(self.tasks_dir):
            if name.endswith(".json") and not name.startswith(".tmp-"):
                yield os.path.join(self.tasks_dir, name)

    def _last_update(self) -> float:
        latest = os.path.getmtime(os.path.join(self.path, "migration.json"))
        for path in self._task_files():
            try:
                latest = max(latest, os.path.getmtime(path))
            except OSError:
                pass
        return latest

    def task(self, file_name: str, key: str) -> TaskCheckpoint:
        """The checkpoint of a task (a fresh one when none was saved)."""
        path = os.path.join(self.tasks_dir, file_name)
        data = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            if data.get("key") != key:
                raise ValueError(f"checkpoint {path} belongs to task {data.get('key')!r}, not {key!r}")
        return TaskCheckpoint(path, key, data, self.fsync)
