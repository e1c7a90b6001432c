"""The analytic half of a query: the Presto → SQLite rewrite and the SLS / Presto functions."""

from __future__ import annotations

import sqlite3
from datetime import timedelta, timezone
from typing import Any

import pytest

from aliyun.log.emulator.query.functions import (
    SessionClock,
    format_timestamp,
    format_value,
    last_error,
    mysql_format,
    parse_timestamp_value,
    parse_window,
    percentile_of,
    register,
)
from aliyun.log.emulator.query.sql import SqlError, analyse, leading_with


def test_from_is_added_where_missing() -> None:
    plan = analyse("select status, count(1) as pv group by status order by pv desc")
    assert plan.sql == 'select status, count(1) as pv FROM "log" group by status order by pv desc LIMIT 100'
    assert analyse("select count(1)").sql == 'select count(1) FROM "log" LIMIT 100'
    assert analyse("SELECT a FROM log WHERE a > 1").sql == "SELECT a FROM log WHERE a > 1 LIMIT 100"
    nested = analyse("select max(c) from (select count(1) as c group by status)").sql
    assert nested == 'select max(c) from (select count(1) as c FROM "log" group by status) LIMIT 100'


def test_limit_is_kept_or_defaulted() -> None:
    plan = analyse("select a limit 5")
    assert plan.sql.endswith("limit 5") and not plan.limit_added and plan.limit == 5
    plan = analyse("select a")
    assert plan.limit_added and plan.limit == 100
    assert analyse("select a", default_limit=0).sql == 'select a FROM "log"'


def test_rewrites() -> None:
    assert "sls_cast(status, 'bigint')" in analyse("select cast(status as bigint)").sql
    assert "sls_try_cast(x, 'double')" in analyse("select try_cast(x AS double)").sql
    assert "sls_cast(sls_cast(a, 'double'), 'varchar')" in analyse(
        "select cast(cast(a as double) as varchar)").sql
    assert "count(DISTINCT ip)" in analyse("select approx_distinct(ip)").sql
    assert "sls_array(0.5, 0.9)" in analyse("select approx_percentile(t, array[0.5, 0.9])").sql
    # strings and quoted identifiers are left alone
    assert "'cast(x as y)'" in analyse("select 'cast(x as y)' as s").sql
    assert '"__tag__:env"' in analyse('select "__tag__:env"').sql


def test_output_names() -> None:
    assert analyse("select status, count(1), count(1) as pv, a.b, x y, \"k\"").names == [
        "status", "_col1", "pv", "b", "y", "k"]
    assert analyse("select *").names is None
    assert analyse("select case when a then 1 else 2 end").names == ["_col0"]


def test_unknown_function_is_named() -> None:
    with pytest.raises(SqlError, match="Function no_such_fn not registered"):
        analyse("select no_such_fn(a)")
    with pytest.raises(SqlError, match="Expecting: 'SELECT'"):
        analyse("delete from log")
    with pytest.raises(SqlError):
        analyse("")


def test_time_series_fill_detected() -> None:
    plan = analyse("select time_series(__time__, '1m', '%H:%i', '0') as t, count(1) group by t")
    assert plan.fill is not None
    assert (plan.fill.column, plan.fill.window, plan.fill.fmt, plan.fill.padding) == (0, "1m", "%H:%i", "0")


def test_project_tables() -> None:
    tables = {"ls1": "ls1", "ls-2-ab": "ls-2-ab"}
    plan = analyse("select count(1) from ls1, ls-2-ab where __time__ > 0", "none", project_tables=tables)
    assert plan.tables == ["ls1+ls-2-ab"]
    assert 'from "ls1+ls-2-ab" where' in plan.sql
    plan = analyse('select count(1) from "ls1"', "none", project_tables=tables)
    assert plan.tables == ["ls1"]
    with pytest.raises(SqlError, match="logstore nope does not exist"):
        analyse("select 1 from ls1, nope", "none", project_tables=tables)


def test_leading_with() -> None:
    assert leading_with("with t as (select 1) select * from t") == ("t as (select 1) select * from t", True)
    assert leading_with("select 1") == ("select 1", False)


# -- functions ---------------------------------------------------------------------------------------------------------


@pytest.fixture()
def db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    register(conn, SessionClock(), lambda value, index: 0)
    return conn


def one(db: sqlite3.Connection, sql: str, *params: Any) -> Any:
    return db.execute(analyse(sql, default_limit=0).sql.replace(' FROM "log"', ""), params).fetchone()[0]


def test_time_functions(db: sqlite3.Connection) -> None:
    assert one(db, "select from_unixtime(1700000000)") == "2023-11-14 22:13:20.000"
    assert one(db, "select from_unixtime(1700000000, 'Asia/Shanghai')") == "2023-11-15 06:13:20.000"
    assert one(db, "select from_unixtime(1700000000, '+08:00')") == "2023-11-15 06:13:20.000"
    assert one(db, "select to_unixtime('2023-11-14 22:13:20.500')") == 1700000000.5
    assert one(db, "select date_trunc('minute', 1700000039)") == "2023-11-14 22:13:00.000"
    assert one(db, "select date_trunc('second', 1700000039.7)") == "2023-11-14 22:13:59.000"
    assert one(db, "select date_trunc('hour', '2023-11-14 22:13:20')") == "2023-11-14 22:00:00.000"
    assert one(db, "select date_trunc('day', 1700000000)") == "2023-11-14 00:00:00.000"
    assert one(db, "select date_trunc('month', 1700000000)") == "2023-11-01 00:00:00.000"
    assert one(db, "select date_trunc('week', 1700000000)") == "2023-11-13 00:00:00.000"
    assert one(db, "select date_format(1700000000, '%Y-%m-%d %H:%i:%s')") == "2023-11-14 22:13:20"
    assert one(db, "select date_format(from_unixtime(1700000000), '%b %e %W %p %T')") == "Nov 14 Tuesday PM 22:13:20"
    assert one(db, "select date_parse('2023/11/14 22:13', '%Y/%m/%d %H:%i')") == "2023-11-14 22:13:00.000"
    assert one(db, "select time_series(1700000039, '1m', '%H:%i', '0')") == "22:13"
    assert one(db, "select time_series(1700000000, '5m', '%H:%i:%s', '0')") == "22:10:00"
    assert one(db, "select date_add('day', 1, '2023-11-14 22:13:20')") == "2023-11-15 22:13:20.000"
    assert one(db, "select date_diff('hour', '2023-11-14 00:00:00', '2023-11-14 05:30:00')") == 5
    assert one(db, "select hour(1700000000)") == 22
    assert one(db, "select day_of_week(1700000000)") == 2


def test_string_and_url_functions(db: sqlite3.Connection) -> None:
    assert one(db, "select split_part('a/b/c', '/', 2)") == "b"
    assert one(db, "select split_part('a/b/c', '/', 9)") is None
    assert one(db, "select regexp_extract('id=42;', 'id=(\\d+)', 1)") == "42"
    assert one(db, "select regexp_extract('abc', 'x')") is None
    assert one(db, "select regexp_like('abc', '^a')") == 1
    assert one(db, "select regexp_replace('a1b22', '\\d+', '#')") == "a#b#"
    url = "https://www.example.com:8443/a/b?q=shoes&page=2#top"
    assert one(db, "select url_extract_host(?)", url) == "www.example.com"
    assert one(db, "select url_extract_port(?)", url) == 8443
    assert one(db, "select url_extract_protocol(?)", url) == "https"
    assert one(db, "select url_extract_path(?)", url) == "/a/b"
    assert one(db, "select url_extract_query(?)", url) == "q=shoes&page=2"
    assert one(db, "select url_extract_fragment(?)", url) == "top"
    assert one(db, "select url_extract_parameter(?, 'page')", url) == "2"
    assert one(db, "select url_extract_path('/api/v1/users/7?x=1')") == "/api/v1/users/7"
    assert one(db, "select strpos('hello', 'll')") == 3
    assert one(db, "select strpos('hello', 'z')") == 0
    assert one(db, "select length('héllo')") == 5
    assert one(db, "select if(1 > 0, 'yes', 'no')") == "yes"
    assert one(db, "select if(1 < 0, 'yes')") is None
    assert one(db, "select coalesce(null, 'x')") == "x"
    assert one(db, "select concat('a', 1, 'b')") == "a1b"
    assert one(db, "select lower('AbC') || upper('d')") == "abcD"
    assert one(db, "select round(2.567, 2)") == 2.57


def test_casts(db: sqlite3.Connection) -> None:
    assert one(db, "select cast('42' as bigint)") == 42
    assert one(db, "select cast('4.5' as double)") == 4.5
    assert one(db, "select cast(42 as varchar)") == "42"
    assert one(db, "select try_cast('x' as bigint)") is None
    assert one(db, "select try_cast('2.5' as bigint)") == 2
    assert one(db, "select cast('true' as boolean)") == 1
    assert one(db, "select cast(1700000000 as timestamp)") == "2023-11-14 22:13:20.000"
    last_error()
    with pytest.raises(sqlite3.OperationalError):
        one(db, "select cast('x' as bigint)")
    assert last_error() == "Cannot cast 'x' to BIGINT"


def test_aggregates(db: sqlite3.Connection) -> None:
    db.execute("create table t (v, g)")
    db.executemany("insert into t values (?, ?)", [(str(i), i % 2) for i in range(1, 11)])
    assert db.execute("select count_if(cast(v as integer) > 5) from t").fetchone()[0] == 5
    assert db.execute("select approx_percentile(v, 0.5) from t").fetchone()[0] == percentile_of(
        [float(i) for i in range(1, 11)], 0.5)
    assert db.execute("select approx_percentile(v, sls_array(0.0, 1.0)) from t").fetchone()[0] == "[1.0,10.0]"
    assert db.execute("select max_by(g, cast(v as integer)) from t").fetchone()[0] == 0
    assert db.execute("select arbitrary(g) from t where g = 1").fetchone()[0] == 1
    assert db.execute("select stddev_pop(v) from t").fetchone()[0] == pytest.approx(2.8722813232690143)


def test_helpers() -> None:
    assert format_value(None) == "null"
    assert format_value(1) == "1"
    assert format_value(1.5) == "1.5"
    assert format_value(2.0) == "2.0"
    assert format_value(True) == "true"
    assert format_value("x") == "x"
    assert parse_window("1m") == 60 and parse_window("2h") == 7200 and parse_window("30s") == 30
    assert percentile_of([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile_of([], 0.5) is None
    east8 = timezone(timedelta(hours=8))
    assert format_timestamp(1700000000.25, east8) == "2023-11-15 06:13:20.250"
    assert parse_timestamp_value("2023-11-15 06:13:20", east8) == 1700000000
    assert parse_timestamp_value("2023-11-14T22:13:20Z", east8) == 1700000000
    from datetime import datetime

    assert mysql_format(datetime(2024, 1, 2, 3, 4, 5), "%Y%m%d %k %l %c %D") == "20240102 3 3 1 2nd"
