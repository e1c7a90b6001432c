"""parse_timestamp: numbers, dates with and without zones, ISO 8601, human and relative forms."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

import pytest

from aliyun.log.timeparse import parse_timestamp

NOW = 1704164645  # 2024-01-02 03:04:05 UTC = 2024-01-02 11:04:05 UTC+8
UTC8 = timezone(timedelta(hours=8))
REPO = Path(__file__).resolve().parents[2]

needs_tzset = pytest.mark.skipif(not hasattr(time, "tzset"), reason="time.tzset is not available on this platform")


def _set_tz(monkeypatch: pytest.MonkeyPatch, tz: str) -> None:
    monkeypatch.setenv("TZ", tz)
    time.tzset()


@pytest.fixture
def local_utc8(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time = UTC+8 without DST (a POSIX TZ string, so no tz database is needed)."""
    _set_tz(monkeypatch, "CST-8")
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def local_new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """US Eastern time with its DST rules (spring forward on 2024-03-10)."""
    _set_tz(monkeypatch, "EST5EDT,M3.2.0,M11.1.0")
    yield
    monkeypatch.undo()
    time.tzset()


# --------------------------------------------------------------------------------------------------------------------
# Numbers


@pytest.mark.parametrize(
    "value, expected",
    [
        (1700000000, 1700000000),
        (0, 0),
        (-5, -5),
        (1700000000.9, 1700000000),
        ("1700000000", 1700000000),
        ("  1700000000\n", 1700000000),
        ("1700000000.75", 1700000000),
        ("0", 0),
        (b"1700000000", 1700000000),
    ],
)
def test_unix_seconds(value: Any, expected: int) -> None:
    assert parse_timestamp(value, now=NOW) == expected
    assert isinstance(parse_timestamp(value, now=NOW), int)


# --------------------------------------------------------------------------------------------------------------------
# Absolute dates with a zone: independent of the local zone


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-01-02 03:04:05Z", NOW),
        ("2024-01-02 03:04:05 UTC", NOW),
        ("2024-01-02 03:04:05 GMT", NOW),
        ("2024-01-02 03:04:05+00:00", NOW),
        ("2024-01-02 11:04:05+8:00", NOW),
        ("2024-01-02 11:04:05+08:00", NOW),
        ("2024-01-02 11:04:05 +08:00", NOW),
        ("2024-01-02 11:04:05+0800", NOW),
        ("2024-01-02 11:04:05+08", NOW),
        ("2024-01-02 11:04:05+8", NOW),
        ("2024-01-02 11:04:05 GMT+08:00", NOW),
        ("2024-01-01 22:04:05-05:00", NOW),
        ("2024-01-02 05:34:05+02:30", NOW),
        ("2024-01-02T11:04:05+08:00", NOW),
        ("2024-01-02T11:04:05.999+08:00", NOW),
        ("2024-1-2 3:4:5Z", NOW),
        ("2024-01-02 03:04Z", NOW - 5),
        ("2024-01-02T03:04:05.123456Z", NOW),
        ("2024-01-02t03:04:05z", NOW),
        # Via dateutil.
        ("20240102T030405Z", NOW),
        ("2024-01-02T03:04:05.123456789+00:00", NOW),
        ("Tue, 02 Jan 2024 03:04:05 GMT", NOW),
        ("Tue, 02 Jan 2024 11:04:05 +0800", NOW),
        ("2024/01/02 03:04:05 UTC", NOW),
        ("Jan 2 2024 3:04:05 AM UTC", NOW),
    ],
)
@pytest.mark.parametrize("zone", ["UTC0", "CST-8", "EST5EDT,M3.2.0,M11.1.0"])
@needs_tzset
def test_absolute_with_zone(monkeypatch: pytest.MonkeyPatch, text: str, expected: int, zone: str) -> None:
    _set_tz(monkeypatch, zone)
    try:
        assert parse_timestamp(text, now=NOW) == expected
    finally:
        monkeypatch.undo()
        time.tzset()


# --------------------------------------------------------------------------------------------------------------------
# Absolute dates without a zone: local time


@needs_tzset
@pytest.mark.usefixtures("local_utc8")
@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-01-02 11:04:05", NOW),
        ("2024-01-02T11:04:05", NOW),
        ("2024-01-02 11:04:05.5", NOW),
        ("2024-01-02 11:04", NOW - 5),
        ("2024-01-02", int(datetime(2024, 1, 2, tzinfo=UTC8).timestamp())),
        ("2024/01/02 11:04:05", NOW),
        ("Jan 2 2024 11:04:05", NOW),
        ("11:04:05", NOW),  # dateutil, date taken from ``now``
    ],
)
def test_naive_is_local_time(text: str, expected: int) -> None:
    assert parse_timestamp(text, now=NOW) == expected


@needs_tzset
@pytest.mark.usefixtures("local_new_york")
def test_naive_local_time_follows_dst() -> None:
    winter = parse_timestamp("2024-01-15 12:00:00", now=NOW)
    summer = parse_timestamp("2024-07-15 12:00:00", now=NOW)
    assert winter == int(datetime(2024, 1, 15, 17, tzinfo=timezone.utc).timestamp())
    assert summer == int(datetime(2024, 7, 15, 16, tzinfo=timezone.utc).timestamp())


def test_naive_matches_datetime_in_any_zone() -> None:
    """Whatever the machine's zone, a naive time means what ``datetime`` calls local time."""
    assert parse_timestamp("2024-05-06 07:08:09", now=NOW) == int(datetime(2024, 5, 6, 7, 8, 9).timestamp())
    assert parse_timestamp("today", now=NOW) == int(
        datetime.combine(datetime.fromtimestamp(NOW).date(), datetime.min.time()).timestamp()
    )


def test_datetime_objects() -> None:
    assert parse_timestamp(datetime(2024, 1, 2, 11, 4, 5, tzinfo=UTC8)) == NOW
    assert parse_timestamp(datetime(2024, 1, 2, 3, 4, 5, 999999, tzinfo=timezone.utc)) == NOW
    naive = datetime(2024, 5, 6, 7, 8, 9)
    assert parse_timestamp(naive) == int(naive.timestamp())
    assert parse_timestamp(date(2024, 5, 6)) == int(datetime(2024, 5, 6).timestamp())


# --------------------------------------------------------------------------------------------------------------------
# Human forms


@needs_tzset
@pytest.mark.usefixtures("local_utc8")
@pytest.mark.parametrize(
    "text, local",
    [
        ("today", datetime(2024, 1, 2)),
        ("Today", datetime(2024, 1, 2)),
        ("yesterday", datetime(2024, 1, 1)),
        ("YESTERDAY", datetime(2024, 1, 1)),
        ("tomorrow", datetime(2024, 1, 3)),
        ("yesterday 0:0:0", datetime(2024, 1, 1)),
        ("yesterday 00:00:00", datetime(2024, 1, 1)),
        ("yesterday 23:59:59", datetime(2024, 1, 1, 23, 59, 59)),
        ("today 12:00:00", datetime(2024, 1, 2, 12)),
        ("today 12:00", datetime(2024, 1, 2, 12)),
        ("  today   8:30  ", datetime(2024, 1, 2, 8, 30)),
    ],
)
def test_day_words(text: str, local: datetime) -> None:
    assert parse_timestamp(text, now=NOW) == int(local.replace(tzinfo=UTC8).timestamp())


@needs_tzset
@pytest.mark.usefixtures("local_utc8")
def test_day_words_use_local_date() -> None:
    # 2024-01-01 20:00 UTC is already 2024-01-02 04:00 in UTC+8.
    now = int(datetime(2024, 1, 1, 20, tzinfo=timezone.utc).timestamp())
    assert parse_timestamp("today", now=now) == int(datetime(2024, 1, 2, tzinfo=UTC8).timestamp())
    assert parse_timestamp("yesterday", now=now) == int(datetime(2024, 1, 1, tzinfo=UTC8).timestamp())


@needs_tzset
@pytest.mark.usefixtures("local_new_york")
def test_day_words_across_dst() -> None:
    now = int(datetime(2024, 3, 11, 16, tzinfo=timezone.utc).timestamp())  # 2024-03-11 12:00 EDT
    today = parse_timestamp("today", now=now)
    yesterday = parse_timestamp("yesterday", now=now)
    assert today == int(datetime(2024, 3, 11, 4, tzinfo=timezone.utc).timestamp())  # midnight EDT
    assert yesterday == int(datetime(2024, 3, 10, 5, tzinfo=timezone.utc).timestamp())  # midnight EST
    assert today - yesterday == 23 * 3600


@pytest.mark.parametrize(
    "text, delta",
    [
        ("now", 0),
        (" NOW ", 0),
        ("10 seconds ago", -10),
        ("1 second ago", -1),
        ("10 secs ago", -10),
        ("30 minutes ago", -1800),
        ("1 minute ago", -60),
        ("5 mins ago", -300),
        ("1 hour ago", -3600),
        ("an hour ago", -3600),
        ("a day ago", -86400),
        ("2 hours ago", -7200),
        ("2 hrs ago", -7200),
        ("1.5 hours ago", -5400),
        ("3 days ago", -3 * 86400),
        ("1 day ago", -86400),
        ("2 weeks ago", -14 * 86400),
        ("1 week ago", -7 * 86400),
        ("3 Days Ago", -3 * 86400),
        ("15m ago", -900),
        ("2h ago", -7200),
        ("-30s", -30),
        ("-15m", -900),
        ("-1h", -3600),
        ("-2d", -2 * 86400),
        ("-1w", -7 * 86400),
        ("-1H", -3600),
        ("- 15m", -900),
        ("-1.5h", -5400),
        ("+1h", 3600),
    ],
)
def test_relative(text: str, delta: int) -> None:
    assert parse_timestamp(text, now=NOW) == NOW + delta
    assert parse_timestamp(text, now=NOW + 0.75) == NOW + delta  # truncated to whole seconds


@needs_tzset
@pytest.mark.usefixtures("local_utc8")
def test_months_and_years_ago_are_calendar_steps() -> None:
    now = int(datetime(2024, 3, 31, 10, tzinfo=UTC8).timestamp())
    assert parse_timestamp("1 month ago", now=now) == int(datetime(2024, 2, 29, 10, tzinfo=UTC8).timestamp())
    assert parse_timestamp("2 months ago", now=now) == int(datetime(2024, 1, 31, 10, tzinfo=UTC8).timestamp())
    assert parse_timestamp("4 months ago", now=now) == int(datetime(2023, 11, 30, 10, tzinfo=UTC8).timestamp())
    assert parse_timestamp("1 year ago", now=now) == int(datetime(2023, 3, 31, 10, tzinfo=UTC8).timestamp())
    assert parse_timestamp("a year ago", now=now) == int(datetime(2023, 3, 31, 10, tzinfo=UTC8).timestamp())


def test_now_defaults_to_current_time() -> None:
    before = int(time.time())
    assert before <= parse_timestamp("now") <= time.time() + 1
    assert before - 3600 <= parse_timestamp("1 hour ago") <= time.time() - 3599


# --------------------------------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "hello",
        "Jan",
        "Monday",
        "-15",
        "+15",
        "15 5",
        "1e5",
        "0x10",
        "1,700,000,000",
        "2024-13-01 00:00:00",
        "2024-02-30 00:00:00",
        "2024-01-02 25:00:00",
        "2024-01-02 03:04:05+25:00",
        "yesterday 25:00",
        "10 lightyears ago",
        "1.5 months ago",
        "1 hour",
        "hour ago",
        "--1h",
        "-1y",
        "later",
        b"\xff\xfe",
        None,
        True,
        float("nan"),
        float("inf"),
        [1700000000],
        object(),
    ],
)
def test_bad_input_names_the_value(value: Any) -> None:
    with pytest.raises(ValueError) as info:
        parse_timestamp(value, now=NOW)
    assert repr(value) in str(info.value)


def test_relative_number_without_unit_hints_at_units() -> None:
    with pytest.raises(ValueError, match="needs a unit"):
        parse_timestamp("-15", now=NOW)


@pytest.mark.parametrize("value", ["begin", "end", "BEGIN"])
def test_cursor_positions_are_not_times(value: str) -> None:
    with pytest.raises(ValueError, match="cursor") as info:
        parse_timestamp(value, now=NOW)
    assert repr(value) in str(info.value)


def test_import_is_light() -> None:
    """dateutil is imported only when a free-form date needs it."""
    code = (
        "import sys\n"
        "from aliyun.log.timeparse import parse_timestamp\n"
        "assert 'dateutil' not in sys.modules\n"
        "parse_timestamp('2024-01-02 03:04:05+08:00'); parse_timestamp('-1h'); parse_timestamp('yesterday')\n"
        "assert 'dateutil' not in sys.modules\n"
        "parse_timestamp('Tue, 02 Jan 2024 03:04:05 GMT')\n"
        "assert 'dateutil' in sys.modules\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
