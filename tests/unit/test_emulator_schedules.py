"""Schedule arithmetic of the emulator's job runner: intervals, cron, time-window expressions."""

from __future__ import annotations

import calendar

import pytest

from aliyun.log.emulator.schedules import (
    CronExpression,
    ScheduleError,
    due_runs,
    next_run_time,
    parse_duration,
    parse_time_expression,
    parse_timezone,
    validate_schedule,
)


def ts(text: str) -> int:
    """``YYYY-MM-DD HH:MM:SS`` (UTC) as unix seconds."""
    date, clock = text.split()
    year, month, day = map(int, date.split("-"))
    hour, minute, second = map(int, clock.split(":"))
    return calendar.timegm((year, month, day, hour, minute, second))


@pytest.mark.parametrize("text, seconds", [("60s", 60), ("5m", 300), ("1h", 3600), ("2d", 172800), (15, 15)])
def test_durations(text: object, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "0s", "5x", "m5", None, "-1m"])
def test_bad_durations(text: object) -> None:
    with pytest.raises(ScheduleError):
        parse_duration(text)


def test_timezones() -> None:
    assert parse_timezone("+0800") == 8 * 3600
    assert parse_timezone("-05:30") == -(5 * 3600 + 1800)
    assert parse_timezone("") == 0
    with pytest.raises(ScheduleError):
        parse_timezone("Asia/Shanghai")


@pytest.mark.parametrize("expr, expected", [
    ("@m", "2026-03-04 10:05:00"),
    ("@m-1m", "2026-03-04 10:04:00"),
    ("@h-1h", "2026-03-04 09:00:00"),
    ("@d", "2026-03-04 00:00:00"),
    ("@w", "2026-03-02 00:00:00"),  # a Monday
    ("@s-10s", "2026-03-04 10:05:20"),
    ("now-30s", "2026-03-04 10:05:00"),
    ("-1h +5m", "2026-03-04 09:10:30"),
])
def test_time_expressions(expr: str, expected: str) -> None:
    assert parse_time_expression(expr, ts("2026-03-04 10:05:30")) == ts(expected)


def test_day_anchor_honours_the_timezone() -> None:
    # 2026-03-04 20:00 UTC is 2026-03-05 04:00 at +0800: the local day starts 2026-03-04 16:00 UTC
    assert parse_time_expression("@d", ts("2026-03-04 20:00:00"), 8 * 3600) == ts("2026-03-04 16:00:00")


@pytest.mark.parametrize("expr", ["", "@x", "@m-1", "@m 5m", "yesterday"])
def test_bad_time_expressions(expr: str) -> None:
    with pytest.raises(ScheduleError):
        parse_time_expression(expr, 0)


def test_cron_next_after() -> None:
    every_15 = CronExpression("*/15 * * * *")
    assert every_15.next_after(ts("2026-03-04 10:05:30")) == ts("2026-03-04 10:15:00")
    assert every_15.next_after(ts("2026-03-04 10:15:00")) == ts("2026-03-04 10:30:00")
    monday_9 = CronExpression("0 9 * * 1")
    assert monday_9.next_after(ts("2026-03-04 10:00:00")) == ts("2026-03-09 09:00:00")
    first_of_month = CronExpression("30 2 1 * *")
    assert first_of_month.next_after(ts("2026-12-15 00:00:00")) == ts("2027-01-01 02:30:00")
    assert CronExpression("0 0 31 2 *").next_after(0) is None
    # 08:00 at +0800 is 00:00 UTC
    assert CronExpression("0 8 * * *").next_after(ts("2026-03-04 10:00:00"), 8 * 3600) == ts("2026-03-05 00:00:00")


@pytest.mark.parametrize("text", ["* * * *", "61 * * * *", "a * * * *", "*/0 * * * *", "5-1 * * * *"])
def test_bad_cron(text: str) -> None:
    with pytest.raises(ScheduleError):
        CronExpression(text)


def test_fixed_rate_runs_from_the_start_time() -> None:
    schedule = {"type": "FixedRate", "interval": "60s"}
    start = ts("2026-03-04 10:00:10")
    assert next_run_time(schedule, 0, start) == start
    assert next_run_time(schedule, start, start) == start + 60
    assert next_run_time(schedule, start + 61, start) == start + 120
    assert next_run_time({"type": "Resident"}, 0, start) is None


def test_calendar_schedules() -> None:
    after = ts("2026-03-04 10:05:00")  # a Wednesday
    assert next_run_time({"type": "Hourly"}, after, 0) == ts("2026-03-04 11:00:00")
    assert next_run_time({"type": "Daily", "hour": 3}, after, 0) == ts("2026-03-05 03:00:00")
    assert next_run_time({"type": "Weekly", "dayOfWeek": 0, "hour": 1}, after, 0) == ts("2026-03-08 01:00:00")
    assert next_run_time({"type": "Cron", "cronExpression": "0 12 * * *", "timeZone": "+0800"}, after, 0) \
        == ts("2026-03-05 04:00:00")


def test_due_runs_include_the_delay_and_stop_at_now() -> None:
    schedule = {"type": "FixedRate", "interval": "10s", "delay": 5}
    assert due_runs(schedule, 99, 130, 100) == [100, 110, 120]
    assert due_runs(schedule, 120, 134, 100) == []
    assert due_runs(schedule, 120, 135, 100) == [130]
    assert len(due_runs({"type": "FixedRate", "interval": "1s"}, 0, 10_000, 1, limit=7)) == 7


@pytest.mark.parametrize("schedule", [
    {"type": "Sometimes"}, {"type": "FixedRate"}, {"type": "Cron", "cronExpression": "bad"},
    {"type": "FixedRate", "interval": "1m", "delay": -1},
])
def test_validate_schedule_rejects(schedule: dict) -> None:
    with pytest.raises(ScheduleError):
        validate_schedule(schedule)
