"""Export jobs: stored with their state; an OSS sink whose bucket is ``file:///dir`` really delivers (emulator
extension), other sinks are stored only."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable, List

from aliyun.log import (
    AliyunMaxComputeSink,
    AliyunOSSSink,
    Export,
    ExportConfiguration,
    LogClient,
    LogItem,
    PutLogsRequest,
)
from aliyun.log.emulator import Emulator

from .helpers import error_of, wait_for


def oss_export(name: str, logstore: str, bucket: str, prefix: str = "exports/") -> Export:
    sink = AliyunOSSSink("acs:ram::1:role/r", bucket, prefix, ".json", "%Y/%m/%d/%H/%M", "time", 256, 1,
                         "+0000", "json", "none", {"enableTag": False})
    config = ExportConfiguration(logstore=logstore, fromTime=int(time.time()) - 60, toTime=0,
                                 roleArn="acs:ram::1:role/r", sink=sink)
    return Export(name=name, displayName=name, configuration=config)


def put(client: LogClient, project: str, logstore: str, messages: List[str]) -> None:
    items = []
    for message in messages:
        item = LogItem()
        item.set_time(int(time.time()))
        item.push_back("message", message)
        items.append(item)
    client.put_logs(PutLogsRequest(project, logstore, "topic-a", "10.0.0.1", items))


def exported(directory: Path) -> List[dict]:
    rows = []
    for path in sorted(directory.rglob("*.json")):
        rows.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return rows


def test_file_sink_delivers_the_logstore(client: LogClient, project: str, make_logstore: Callable[..., str],
                                         tmp_path: Path) -> None:
    logstore = make_logstore()
    put(client, project, logstore, ["one", "two"])
    client.create_export(project, oss_export("to-files", logstore, tmp_path.as_uri()))
    job = client.get_export(project, "to-files").get_export()
    assert (job["type"], job["status"]) == ("Export", "RUNNING")

    rows = wait_for(lambda: exported(tmp_path / "exports"), lambda r: len(r) >= 2, "the exported files")
    assert sorted(row["message"] for row in rows) == ["one", "two"]
    assert all(row["__topic__"] == "topic-a" and row["__source__"] == "10.0.0.1" for row in rows)
    assert all(isinstance(row["__time__"], int) for row in rows)
    put(client, project, logstore, ["three"])
    rows = wait_for(lambda: exported(tmp_path / "exports"), lambda r: len(r) >= 3, "the newer logs exported")
    assert sorted(row["message"] for row in rows) == ["one", "three", "two"]  # each log delivered once

    client.delete_export(project, "to-files")
    assert error_of(lambda: client.get_export(project, "to-files")) == ("JobNotExist", 404)


def test_stored_only_exports_list_and_update(client: LogClient, project: str,
                                             make_logstore: Callable[..., str]) -> None:
    first, second = make_logstore(), make_logstore()
    client.create_export(project, oss_export("to-oss", first, "my-bucket"))
    job = client.get_export(project, "to-oss").get_export()
    assert job["status"] == "RUNNING" and "not deliver" in job["statusMessage"]
    odps = AliyunMaxComputeSink(["__partition_time__"], ["message"])
    odps.setOdpsProject("op")
    odps.setOdpsTable("t")
    client.create_export(project, Export(name="to-odps", displayName="odps",
                                         configuration=ExportConfiguration(logstore=second, fromTime=1, toTime=0,
                                                                           roleArn="r", sink=odps)))
    assert error_of(lambda: client.create_export(project, oss_export("to-oss", first, "b"))) \
        == ("JobAlreadyExist", 400)

    listed = client.list_export(project)
    assert (listed.get_count(), listed.get_total()) == (2, 2)
    assert [job["name"] for job in client.list_logstore_export(project, second).get_exports()] == ["to-odps"]
    assert client.list_export(project, offset=1, size=1).get_count() == 1

    changed = oss_export("to-oss", first, "other-bucket").to_json()
    client.update_export(project, "to-oss", json.dumps(changed))
    job = client.get_export(project, "to-oss").get_export()
    assert job["configuration"]["sink"]["bucket"] == "other-bucket" and job["status"] == "RUNNING"
    assert error_of(lambda: client.update_export(project, "missing", json.dumps(changed))) == ("JobNotExist", 404)
    assert error_of(lambda: client.delete_export(project, "missing")) == ("JobNotExist", 404)


def test_bad_exports(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore()
    assert error_of(lambda: client.create_export(project, oss_export("e", "missing", "b"))) \
        == ("LogStoreNotExist", 404)
    relative = oss_export("e", logstore, "file://relative/dir")
    assert error_of(lambda: client.create_export(project, relative)) == ("ParameterInvalid", 400)
    csv = oss_export("e", logstore, "file:///tmp/x")
    csv.getConfiguration().getSink().setContentType("parquet")
    assert error_of(lambda: client.create_export(project, csv)) == ("ParameterInvalid", 400)
    no_bucket = oss_export("e", logstore, "")
    assert error_of(lambda: client.create_export(project, no_bucket)) == ("ParameterInvalid", 400)
    assert client.list_export(project).get_total() == 0


def test_file_sink_positions_survive_a_restart(tmp_path: Path) -> None:
    data_dir, out = tmp_path / "data", tmp_path / "out"
    with Emulator(data_dir=str(data_dir)) as first:
        client = LogClient(first.endpoint, *first.credentials)
        client.create_project("export-restart", "")
        client.create_logstore("export-restart", "source", shard_count=1)
        put(client, "export-restart", "source", ["before"])
        client.create_export("export-restart", oss_export("files", "source", out.as_uri()))
        wait_for(lambda: exported(out), lambda rows: len(rows) >= 1, "the first delivery")
        client.close()
    with Emulator(data_dir=str(data_dir)) as second:
        client = LogClient(second.endpoint, *second.credentials)
        put(client, "export-restart", "source", ["after"])
        rows = wait_for(lambda: exported(out), lambda r: len(r) >= 2, "the delivery after the restart")
        assert sorted(row["message"] for row in rows) == ["after", "before"]
        client.close()
