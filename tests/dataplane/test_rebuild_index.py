"""Index rebuild jobs end to end: progress to SUCCEEDED with the logs of the range, and bad requests."""

from __future__ import annotations

from typing import Callable

import pytest

from aliyun.log import LogClient, LogException
from tests.dataplane.helpers import T0, indexed_logstore, put_rows, query, wait_for


def test_rebuild_reports_progress_and_the_new_index_applies(client: LogClient, project: str,
                                                            make_logstore: Callable[..., str]) -> None:
    logstore = indexed_logstore(client, project, make_logstore, keys={"level": "text"})
    put_rows(client, project, logstore, [{"level": "INFO", "n": str(i)} for i in range(20)])
    from aliyun.log import IndexConfig, IndexKeyConfig, IndexLineConfig

    client.update_index(project, logstore, IndexConfig(line_config=IndexLineConfig(), key_config_list={
        "level": IndexKeyConfig(index_type="text", doc_value=True),
        "n": IndexKeyConfig(index_type="long", doc_value=True)}))
    client.create_rebuild_index(project, logstore, "rebuild-1", "after adding n", T0, T0 + 10)
    job = wait_for(lambda: (r := client.get_rebuild_index(project, "rebuild-1")).get_status() == "SUCCEEDED" and r,
                   "the rebuild job")
    assert job.get_execution_details()["progress"] == 100
    assert job.get_execution_details()["processedLines"] == 10
    assert job.get_configuration() == {"fromTime": T0, "toTime": T0 + 10, "logstore": logstore}
    assert [log["n"] for log in query(client, project, logstore, "n >= 18")] == ["18", "19"]


@pytest.mark.parametrize("logstore_name, times, code", [
    ("missing", (T0, T0 + 10), "LogStoreNotExist"),
    (None, (T0 + 10, T0), "InvalidArgument"),
])
def test_bad_rebuild_requests(client: LogClient, project: str, make_logstore: Callable[..., str],
                              logstore_name: str, times: tuple, code: str) -> None:
    logstore = indexed_logstore(client, project, make_logstore)
    with pytest.raises(LogException) as info:
        client.create_rebuild_index(project, logstore_name or logstore, "rebuild-2", "x", *times)
    assert info.value.get_error_code() == code
    with pytest.raises(LogException) as info:
        client.get_rebuild_index(project, "rebuild-2")
    assert info.value.get_error_code() == "JobNotExist"


def test_rebuild_without_index(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    with pytest.raises(LogException) as info:
        client.create_rebuild_index(project, logstore, "rebuild-3", "x", T0, T0 + 10)
    assert info.value.get_error_code() == "IndexConfigNotExist"
