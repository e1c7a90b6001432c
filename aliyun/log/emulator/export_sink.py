"""Delivery of export jobs to the file system (an emulator extension of the ``AliyunOSS`` sink).

An export whose sink bucket is ``file:///abs/dir`` and whose status is ``RUNNING`` is delivered by a background
worker: every ``bufferInterval`` seconds (at least one) the logs its logstore received since the last delivery
(from ``fromTime``, up to ``toTime`` when set) are written, one JSON object per line, to a new file
``<dir>/<prefix><pathFormat as strftime of the delivery time>/<shard>_<first seq>_<last seq><suffix>``. Each
object has the log's contents and ``__time__``, ``__topic__``, ``__source__`` and its ``__tag__:<key>`` tags.
Per-shard positions are kept in storage, so each log is delivered once, across restarts too.
"""

from __future__ import annotations

import datetime
import json
import os
from typing import Any, Dict, List, Mapping, Tuple

from aliyun.log.codec.loggroup import decode_log_group

from .backends.jobs import EXPORT_CHECKPOINT_KIND
from .background import PollingWorker
from .context import Context
from .errors import DomainError
from .job_rules import RUNNING, file_sink_directory
from .schedules import parse_timezone
from .storage import Logstore, Shard, StoredGroup

__all__ = ["ExportDelivery"]

MAX_GROUPS_PER_FILE = 1024
MAX_BYTES_PER_FILE = 8 << 20


class ExportDelivery(PollingWorker):
    """Delivers the file-sink exports of one emulator."""

    NAME = "export-delivery"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._last_delivery: Dict[Tuple[str, str], float] = {}

    def tick(self) -> None:
        now = self.ctx.clock()
        for project, name, body in self.ctx.jobs.of_type("Export"):
            config = body.get("configuration") or {}
            sink = config.get("sink") or {}
            directory = file_sink_directory(sink)
            if directory is None or body.get("status") != RUNNING:
                continue
            interval = max(1.0, float(sink.get("bufferInterval") or 1))
            if now - self._last_delivery.get((project, name), 0.0) < interval:
                continue
            self._last_delivery[(project, name)] = now
            try:
                ls = self.ctx.logstores.get(project, str(config.get("logstore")))
            except DomainError:
                continue  # the logstore was deleted: nothing to deliver
            self._deliver(project, name, config, sink, directory, ls)

    def _deliver(self, project: str, name: str, config: Mapping[str, Any], sink: Mapping[str, Any],
                 directory: str, ls: Logstore) -> None:
        positions = self.ctx.jobs.worker_state(project, EXPORT_CHECKPOINT_KIND, name)
        from_time = int(config.get("fromTime") or 0)
        to_time = int(config.get("toTime") or 0)
        moved = False
        for shard in ls.sorted_shards():
            key = str(shard.shard_id)
            start = int(positions[key]) if key in positions else self.ctx.storage.seq_at_time(shard, from_time)
            groups = self.ctx.shards.read(shard, start, shard.next_seq, MAX_GROUPS_PER_FILE, MAX_BYTES_PER_FILE)
            if to_time:
                groups = [group for group in groups if group.receive_time < to_time]
            if not groups:
                continue
            self._write_file(directory, sink, shard, groups)
            positions[key] = groups[-1].seq + 1
            moved = True
        if moved:
            self.ctx.jobs.save_worker_state(project, EXPORT_CHECKPOINT_KIND, name, positions, self.ctx.now())

    def _write_file(self, directory: str, sink: Mapping[str, Any], shard: Shard, groups: List[StoredGroup]) -> None:
        offset = datetime.timedelta(seconds=parse_timezone(sink.get("timeZone")))
        moment = datetime.datetime.fromtimestamp(self.ctx.clock(), datetime.timezone(offset))
        folder = moment.strftime(str(sink.get("pathFormat") or "%Y/%m/%d/%H/%M"))
        path = os.path.join(directory, f"{sink.get('prefix') or ''}{folder}",
                            f"{shard.shard_id}_{groups[0].seq}_{groups[-1].seq}{sink.get('suffix') or ''}")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        lines = [json.dumps(row, ensure_ascii=False) for group in groups for row in _rows(group)]
        temporary = f"{path}.partial"
        with open(temporary, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
        os.replace(temporary, path)


def _rows(group: StoredGroup) -> List[Dict[str, Any]]:
    parsed = decode_log_group(group.data)
    shared: Dict[str, Any] = {"__topic__": parsed.Topic, "__source__": parsed.Source}
    shared.update({f"__tag__:{tag.Key}": tag.Value for tag in parsed.LogTags})
    rows = []
    for log in parsed.Logs:
        row: Dict[str, Any] = {content.Key: content.Value for content in log.Contents}
        row.update(shared)
        row["__time__"] = log.Time
        rows.append(row)
    return rows
