"""Every time form of the CLI spec (§8) in the SDK's one time parser, with local time UTC+8."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Iterator

import pytest

from aliyun.log.timeparse import parse_timestamp

UTC8 = timezone(timedelta(hours=8))
NOW = int(datetime(2024, 1, 10, 11, 4, 5, tzinfo=UTC8).timestamp())

pytestmark = pytest.mark.skipif(not hasattr(time, "tzset"), reason="time.tzset is not available")


@pytest.fixture(autouse=True)
def local_utc8(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "CST-8")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def local(*args: int) -> int:
    return int(datetime(*args, tzinfo=UTC8).timestamp())


@pytest.mark.parametrize("text, expected", [
    ("1704855845", 1704855845),
    ("2024-05-01 00:00:00+8:00", local(2024, 5, 1)),
    ("2024-05-01 00:00:00", local(2024, 5, 1)),
    ("2024-04-30 16:00:00+0:00", local(2024, 5, 1)),
    ("May 1 2024 10:30 AM", local(2024, 5, 1, 10, 30)),
    ("now", NOW),
    ("1 hour ago", NOW - 3600),
    ("-15min", NOW - 900),
    ("-1min", NOW - 60),
    ("-1d", NOW - 86400),
    ("-1day", NOW - 86400),
    ("-1week", NOW - 7 * 86400),
    ("-4h", NOW - 4 * 3600),  # the documented meaning, not "today at 04:00"
    ("today 0:0:0", local(2024, 1, 10)),
    ("yesterday 0:0:0", local(2024, 1, 9)),
    ("the day before yesterday 0:0:0", local(2024, 1, 8)),
    ("day before yesterday 23:59:59", local(2024, 1, 8, 23, 59, 59)),
    ("the day after tomorrow", local(2024, 1, 12)),
    ("2 day ago 23:59:59", local(2024, 1, 8, 23, 59, 59)),
    ("-1d 23:59:59", local(2024, 1, 9, 23, 59, 59)),
    ("-1d 0:0", local(2024, 1, 9)),
    ("1 week ago 12:00", local(2024, 1, 3, 12)),
])
def test_spec_forms(text: str, expected: int) -> None:
    assert parse_timestamp(text, now=NOW) == expected


@pytest.mark.parametrize("text", ["-1d 25:00:00", "2 day ago 12:61", "-1fortnight", "the day before", "-1y"])
def test_bad_forms_name_the_value(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_timestamp(text, now=NOW)
    assert repr(text) in str(info.value)
