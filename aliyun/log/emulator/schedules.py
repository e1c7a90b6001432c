"""Schedule arithmetic of jobs: when a job's next run is due, and which time window a run covers.

Pure functions (no storage, no clock): a job schedule is the JSON object of the service (``type`` ``FixedRate`` with
``interval``; ``Cron`` with ``cronExpression``; ``Hourly``; ``Daily`` / ``Weekly`` with ``hour`` / ``dayOfWeek``;
``delay`` seconds; ``timeZone`` ``+0800``), and a window bound is a time expression such as ``@m-1m``: an anchor
(``@s``, ``@m``, ``@h``, ``@d``, ``@w`` truncate the run's scheduled time to the second, minute, hour, day or
Monday; ``now`` or nothing keeps it) followed by offsets like ``-5m``, ``+1h``, ``-30s``.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, List, Mapping, Optional, Set

__all__ = [
    "CronExpression",
    "ScheduleError",
    "due_runs",
    "next_run_time",
    "parse_duration",
    "parse_time_expression",
    "parse_timezone",
    "validate_schedule",
]

UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
#: Anchor -> truncation step; weeks start on Monday (the first Monday after the unix epoch is 1970-01-05).
_ANCHORS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_EPOCH_MONDAY_SHIFT = 4 * 86400
_DURATION = re.compile(r"^\s*([0-9]{1,9})\s*([smhdw])\s*$")
_OFFSET = re.compile(r"\s*([+-])\s*([0-9]{1,9})\s*([smhdw])")
_ANCHOR = re.compile(r"^\s*(@[smhdw]|now)?")
_TIMEZONE = re.compile(r"^(?:UTC|GMT)?\s*([+-])([0-9]{2}):?([0-9]{2})$")
#: How far ahead a cron search looks before giving up (an expression such as "0 0 31 2 *" never fires).
_CRON_HORIZON = 366 * 86400 * 5
_SMALL_INT = re.compile(r"[0-9]{1,3}")


class ScheduleError(ValueError):
    """A schedule or time expression the service would reject (the message says why)."""


def parse_duration(text: Any) -> int:
    """``"60s"``, ``"5m"``, ``"1h"``, ``"1d"``, ``"1w"`` (or a number of seconds) -> seconds (> 0)."""
    if isinstance(text, int) and not isinstance(text, bool):
        seconds = text
    else:
        match = _DURATION.match(str(text or ""))
        if not match:
            raise ScheduleError(f"invalid interval {text!r}: use a number and a unit s, m, h, d or w, e.g. 60s")
        seconds = int(match.group(1)) * UNIT_SECONDS[match.group(2)]
    if seconds <= 0:
        raise ScheduleError(f"interval must be positive, got {text!r}")
    return seconds


def parse_timezone(text: Any) -> int:
    """``"+0800"``, ``"-05:30"``, ``"UTC+08:00"`` -> offset seconds east of UTC; empty -> 0."""
    if text in (None, ""):
        return 0
    match = _TIMEZONE.match(str(text).strip())
    if not match:
        raise ScheduleError(f"invalid timeZone {text!r}: use +HHMM, e.g. +0800")
    sign = 1 if match.group(1) == "+" else -1
    return sign * (int(match.group(2)) * 3600 + int(match.group(3)) * 60)


def parse_time_expression(expr: Any, scheduled: int, tz_offset: int = 0) -> int:
    """The unix time ``expr`` names for a run scheduled at ``scheduled``: ``@m-1m`` at 10:05:30 is 10:04:00."""
    text = str(expr or "").strip()
    if not text:
        raise ScheduleError("a time expression must not be empty (e.g. @m-1m)")
    anchor = _ANCHOR.match(text)
    assert anchor is not None  # the pattern matches the empty prefix
    value = scheduled
    token = anchor.group(1)
    if token and token != "now":
        local = scheduled + tz_offset
        unit = token[1]
        if unit == "w":
            local -= (local - _EPOCH_MONDAY_SHIFT) % UNIT_SECONDS["w"]
        else:
            local -= local % _ANCHORS[unit]
        value = local - tz_offset
    rest = text[anchor.end():]
    position = 0
    for match in _OFFSET.finditer(rest):
        if match.start() != position:
            break
        amount = int(match.group(2)) * UNIT_SECONDS[match.group(3)]
        value += amount if match.group(1) == "+" else -amount
        position = match.end()
    if rest[position:].strip():
        raise ScheduleError(f"invalid time expression {expr!r}: use e.g. @m-1m, @h, @d-1d, now-30s")
    return value


class CronExpression:
    """A five-field cron expression (minute hour day-of-month month day-of-week; ``*``, lists, ranges, steps;
    day-of-week 0-7 with 0 and 7 Sunday). When both day fields are restricted, either may match (as cron does)."""

    _BOUNDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))

    def __init__(self, text: str) -> None:
        fields = str(text or "").split()
        if len(fields) != 5:
            raise ScheduleError(f"invalid cronExpression {text!r}: it needs 5 fields (minute hour day month weekday)")
        self.text = text
        parsed = [self._field(field, low, high, text) for field, (low, high) in zip(fields, self._BOUNDS)]
        self.minutes, self.hours, self.days, self.months, weekdays = parsed
        self.weekdays = {day % 7 for day in weekdays}
        self.any_day = fields[2] == "*"
        self.any_weekday = fields[4] == "*"

    @staticmethod
    def _field(field: str, low: int, high: int, text: str) -> Set[int]:
        values: Set[int] = set()
        for part in field.split(","):
            base, _, step_text = part.partition("/")
            try:
                step = int(step_text) if step_text else 1
                if base == "*":
                    start, stop = low, high
                elif "-" in base:
                    first, last = base.split("-", 1)
                    start, stop = int(first), int(last)
                else:
                    start = int(base)
                    stop = high if step_text else start
            except ValueError:
                raise ScheduleError(f"invalid cronExpression {text!r}: bad field {field!r}") from None
            if step <= 0 or not (low <= start <= stop <= high):
                raise ScheduleError(f"invalid cronExpression {text!r}: {field!r} is outside {low}-{high}")
            values.update(range(start, stop + 1, step))
        return values

    def _day_matches(self, day: int, weekday: int) -> bool:
        if self.any_day and self.any_weekday:
            return True
        if self.any_day:
            return weekday in self.weekdays
        if self.any_weekday:
            return day in self.days
        return day in self.days or weekday in self.weekdays

    def next_after(self, after: int, tz_offset: int = 0) -> Optional[int]:
        """The first minute strictly after ``after`` (unix seconds) that matches, or None within five years."""
        local = (after + tz_offset) // 60 * 60 + 60
        limit = local + _CRON_HORIZON
        while local < limit:
            moment = datetime.datetime.fromtimestamp(local, datetime.timezone.utc)
            if moment.month not in self.months:
                local = _month_start_after(moment)
                continue
            if not self._day_matches(moment.day, (moment.weekday() + 1) % 7):
                local += 86400 - local % 86400
                continue
            if moment.hour not in self.hours:
                local += 3600 - local % 3600
                continue
            if moment.minute not in self.minutes:
                local += 60
                continue
            return local - tz_offset
        return None


def _month_start_after(moment: datetime.datetime) -> int:
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    return int(datetime.datetime(year, month, 1, tzinfo=datetime.timezone.utc).timestamp())


def next_run_time(schedule: Mapping[str, Any], after: int, start: int) -> Optional[int]:
    """The scheduled time of the first run strictly after ``after`` (runs begin at ``start``), or None for
    schedules that never fire on their own (``DryRun``, ``Resident``).

    ``FixedRate`` runs at ``start + k * interval``; ``Hourly`` / ``Daily`` / ``Weekly`` on the hour, at ``hour``
    o'clock, on ``dayOfWeek`` (0 = Sunday) at ``hour``; ``Cron`` as its expression says, in ``timeZone``.
    The ``delay`` is not part of the scheduled time (a run starts ``delay`` seconds after it).
    """
    kind = schedule.get("type") or "FixedRate"
    tz_offset = parse_timezone(schedule.get("timeZone"))
    after = max(after, start - 1)
    if kind == "FixedRate":
        interval = parse_duration(schedule.get("interval"))
        steps = (after - start) // interval + 1
        return start + max(steps, 0) * interval
    if kind in ("DryRun", "Resident"):
        return None
    hour = _small_int(schedule.get("hour"), "hour", 23)
    cron = {
        "Hourly": "0 * * * *",
        "Daily": f"0 {hour} * * *",
        "Weekly": f"0 {hour} * * {_small_int(schedule.get('dayOfWeek'), 'dayOfWeek', 6)}",
        "Cron": str(schedule.get("cronExpression") or ""),
    }.get(str(kind))
    if cron is None:
        raise ScheduleError(f"invalid schedule type {kind!r}: use FixedRate, Cron, Hourly, Daily, Weekly, "
                            f"DryRun or Resident")
    return CronExpression(cron).next_after(after, tz_offset)


def _small_int(value: Any, what: str, maximum: int) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, str)) \
            or not _SMALL_INT.fullmatch(str(value).strip()) or int(value) > maximum:
        raise ScheduleError(f"{what} must be an integer from 0 to {maximum}, got {value!r}")
    return int(value)


def validate_schedule(schedule: Mapping[str, Any]) -> None:
    """``ScheduleError`` unless the schedule is one the service accepts."""
    next_run_time(schedule, 0, 0)
    delay = schedule.get("delay")
    if delay not in (None, "") and (not isinstance(delay, int) or isinstance(delay, bool) or delay < 0):
        raise ScheduleError(f"delay must be a number of seconds >= 0, got {delay!r}")


def due_runs(schedule: Mapping[str, Any], last: int, now: int, start: int, limit: int = 100) -> List[int]:
    """The scheduled times in ``(last, now]`` whose run is due (delay included), oldest first, at most ``limit``."""
    delay = int(schedule.get("delay") or 0)
    runs: List[int] = []
    current = last
    while len(runs) < limit:
        upcoming = next_run_time(schedule, current, start)
        if upcoming is None or upcoming + delay > now:
            return runs
        runs.append(upcoming)
        current = upcoming
    return runs

