"""Store views end to end: CRUD, bad input, and GetLogs / SQL over the union of their logstores."""

from __future__ import annotations

from typing import Callable

import pytest

from aliyun.log import GetHistogramsRequest, GetLogsRequest, LogClient, LogException, StoreView, StoreViewStore
from tests.dataplane.helpers import T0, indexed_logstore, put_rows


@pytest.fixture()
def stores(client: LogClient, project: str, make_logstore: Callable[..., str]) -> tuple:
    a = indexed_logstore(client, project, make_logstore)
    b = indexed_logstore(client, project, make_logstore)
    put_rows(client, project, a, [{"level": "INFO", "n": "1", "msg": "a1"}, {"level": "ERROR", "n": "3", "msg": "a3"}])
    put_rows(client, project, b, [{"level": "ERROR", "n": "2", "msg": "b2"}], start=T0 + 2)
    return a, b


def test_crud(client: LogClient, project: str, stores: tuple) -> None:
    a, b = stores
    view = StoreView("web-view", "logstore", [StoreViewStore(project, a), StoreViewStore(project, b, "level: ERROR")])
    client.create_store_view(project, view)
    got = client.get_store_view(project, "web-view").get_store_view()
    assert (got.name, got.store_type, got.stores) == ("web-view", "logstore", view.stores)
    listing = client.list_store_views(project)
    assert (listing.get_store_views(), listing.get_total()) == (["web-view"], 1)
    assert client.list_store_views(project, store_type="metricstore").get_store_views() == []
    client.update_store_view(project, "web-view", StoreView("web-view", "logstore", [StoreViewStore(project, a)]))
    assert client.get_store_view(project, "web-view").get_store_view().stores == [StoreViewStore(project, a)]
    client.delete_store_view(project, "web-view")
    with pytest.raises(LogException) as info:
        client.get_store_view(project, "web-view")
    assert info.value.get_error_code() == "StoreViewNotExist"


def test_get_logs_reads_the_union_with_provenance(client: LogClient, project: str, stores: tuple) -> None:
    a, b = stores
    client.create_store_view(project, StoreView("union", "logstore", [StoreViewStore(project, a),
                                                                       StoreViewStore(project, b)]))
    res = client.get_logs(GetLogsRequest(project, "union", T0, T0 + 3600, query="level: ERROR"))
    got = [(log.get_contents()["msg"], log.get_contents()["__tag__:__logstore__"]) for log in res.get_logs()]
    assert got == [("a3", a), ("b2", b)]  # merged by time
    assert all(log.get_contents()["__tag__:__project__"] == project for log in res.get_logs())
    sql = client.get_logs(GetLogsRequest(project, "union", T0, T0 + 3600,
                                         query="* | select level, sum(n) as s group by level order by level"))
    assert [(r.get_contents()["level"], r.get_contents()["s"]) for r in sql.get_logs()] == [("ERROR", "5"),
                                                                                             ("INFO", "1")]
    histograms = client.get_histograms(GetHistogramsRequest(project, "union", T0, T0 + 3, query="level: ERROR"))
    assert histograms.get_total_count() == 2
    assert [h.get_count() for h in histograms.get_histograms()] == [0, 1, 1]
    filtered = StoreView("errors-of-b", "logstore", [StoreViewStore(project, a, "level: INFO"),
                                                    StoreViewStore(project, b)])
    client.create_store_view(project, filtered)
    res = client.get_logs(GetLogsRequest(project, "errors-of-b", T0, T0 + 3600, query="*", reverse=True))
    assert [log.get_contents()["msg"] for log in res.get_logs()] == ["b2", "a1"]


@pytest.mark.parametrize("make_view, code", [
    (lambda p, a: StoreView("Bad Name", "logstore", [StoreViewStore(p, a)]), "ParameterInvalid"),
    (lambda p, a: StoreView("view-1", "logstore", [StoreViewStore(p, "missing")]), "LogStoreNotExist"),
    (lambda p, a: StoreView("view-1", "logstore", [StoreViewStore("no-such-project", a)]), "ProjectNotExist"),
    (lambda p, a: StoreView("view-1", "metricstore", [StoreViewStore(p, a)]), "ParameterInvalid"),
    (lambda p, a: StoreView(a, "logstore", [StoreViewStore(p, a)]), "StoreViewAlreadyExist"),
])
def test_bad_views(client: LogClient, project: str, stores: tuple, make_view: Callable[..., StoreView],
                   code: str) -> None:
    with pytest.raises(LogException) as info:
        client.create_store_view(project, make_view(project, stores[0]))
    assert info.value.get_error_code() == code
    assert client.list_store_views(project).get_total() == 0


def test_paging_over_the_union(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    a = indexed_logstore(client, project, make_logstore)
    b = indexed_logstore(client, project, make_logstore)
    put_rows(client, project, a, [{"level": "A", "n": str(2 * i), "msg": "m"} for i in range(150)])
    put_rows(client, project, b, [{"level": "B", "n": str(2 * i + 1), "msg": "m"} for i in range(150)], start=T0)
    client.create_store_view(project, StoreView("paged", "logstore", [StoreViewStore(project, a),
                                                                       StoreViewStore(project, b)]))
    seen = []
    for offset in range(0, 300, 100):
        page = client.get_logs(GetLogsRequest(project, "paged", T0, T0 + 3600, query="*", line=100, offset=offset))
        seen.extend(int(log.get_contents()["n"]) for log in page.get_logs())
    assert seen == list(range(300))  # time order, then member order
