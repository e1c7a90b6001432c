"""The magic line grammar: leading options, time ranges and the analytic-query test (pure functions)."""

from __future__ import annotations

from typing import Tuple

import pytest

pytest.importorskip("IPython", reason="the Jupyter extension needs IPython (the [jupyter] extra)")
pytest.importorskip("pandas", reason="the Jupyter extension needs pandas (the [jupyter] extra)")


from aliyun.log.ext.jupyter.arguments import (
    DEFAULT_SPAN_SECONDS,
    MagicOptions,
    UsageError,
    looks_analytic,
    resolve_range,
    split_options,
    split_range,
)
from aliyun.log.ext.jupyter.magics import FETCH_OPTIONS, LOG_OPTIONS

NOW = 1_714_557_600.7  # 2024-05-01 10:00:00.7 UTC


def test_a_line_without_options_is_all_query() -> None:
    options, rest = split_options("level: ERROR and --x | select count(1)", LOG_OPTIONS)
    assert options == MagicOptions()
    assert rest == "level: ERROR and --x | select count(1)"


def test_leading_options_are_read_and_the_rest_is_kept_verbatim() -> None:
    options, rest = split_options("--typed --limit 500 --out=daily --export 'my report.xlsx' --plot  a --b",
                                  LOG_OPTIONS)
    assert options == MagicOptions(typed=True, limit=500, plot=True, out="daily", export="my report.xlsx")
    assert rest == "  a --b"
    options, rest = split_options("--strings --no-progress --limit=3 -1h ~ now", LOG_OPTIONS)
    assert (options.typed, options.progress, options.limit, rest) == (False, False, 3, " -1h ~ now")


def test_a_lone_double_dash_ends_the_options() -> None:
    options, rest = split_options("--typed -- --limit 5", LOG_OPTIONS)
    assert options.typed is True and options.limit is None
    assert rest == " --limit 5"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("--bogus *", "unknown option --bogus"),
        ("--limit", "--limit needs a value"),
        ("--limit 0 *", "positive number"),
        ("--limit ten *", "positive number"),
        ("--typed=yes *", "--typed takes no value"),
        ("--out 2x *", "Python variable name"),
        ("--out class *", "Python variable name"),
        ("--export out.json *", "must end with one of .xlsx, .xlsm, .csv"),
    ],
)
def test_bad_options_are_usage_errors_that_say_why(line: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        split_options(line, LOG_OPTIONS)


def test_each_magic_accepts_only_its_options() -> None:
    with pytest.raises(UsageError, match="unknown option --limit"):
        split_options("--limit 3 begin ~ end", FETCH_OPTIONS)
    with pytest.raises(UsageError, match="unknown option --plot"):
        split_options("--plot begin ~ end", FETCH_OPTIONS)


def test_split_range_follows_the_reference_rules() -> None:
    assert split_range(" 3 hours ago ~ now ") == ("3 hours ago", "now")
    assert split_range("-1day") == ("-1day", "")
    assert split_range("~ now") == ("", "now")
    assert split_range("a ~ b ~ c") == ("a", "b")  # further parts are ignored
    assert split_range("") == ("", "")


def test_resolve_range_defaults_to_the_last_15_minutes() -> None:
    assert resolve_range("", now=NOW) == (int(NOW) - DEFAULT_SPAN_SECONDS, int(NOW))
    assert resolve_range("-1h", now=NOW) == (int(NOW) - 3600, int(NOW))
    assert resolve_range("~ -5min", now=NOW) == (int(NOW) - DEFAULT_SPAN_SECONDS, int(NOW) - 300)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1714550400 ~ 1714557600", (1714550400, 1714557600)),
        ("2024-05-01 10:00:00+8:00 ~ 2024-05-01 11:00:00+08:00", (1714528800, 1714532400)),
        ("-1h ~ now", (1714554000, 1714557600)),
        ("-2 hours ~ -15m", (1714550400, 1714556700)),  # the reference read these as clock times
        ("-1day ~ -1 day", (1714471200, 1714471200)),
        ("-1week ~ 3 hours ago", (1713952800, 1714546800)),
    ],
)
def test_resolve_range_reads_the_spec_time_forms(text: str, expected: Tuple[int, int]) -> None:
    assert resolve_range(text, now=NOW) == expected


def test_cursor_words_are_kept_only_for_pulls() -> None:
    assert resolve_range("begin ~ END", now=NOW, cursors=True) == ("begin", "end")
    assert resolve_range("begin", now=NOW, cursors=True) == ("begin", int(NOW))
    with pytest.raises(UsageError, match="from time"):
        resolve_range("begin ~ end", now=NOW)


def test_an_unreadable_time_names_its_end() -> None:
    with pytest.raises(UsageError, match="to time: cannot parse time 'soonish'"):
        resolve_range("-1h ~ soonish", now=NOW)


@pytest.mark.parametrize(
    ("query", "analytic"),
    [
        ("* | select count(1)", True),
        ("level: ERROR |   SELECT host, count(1) as n group by host", True),
        ("select 1", True),
        ("  select *\nfrom log", True),
        ("* |\nselect date_trunc('hour', __time__) as t, count(1) group by t", True),
        ("level: ERROR\n| select count(1)", True),
        ("*", False),
        ("selected: yes", False),
        ("* |select count(1)", False),  # the reference needs whitespace after the pipe
        ("a | where x > 1", False),
    ],
)
def test_looks_analytic(query: str, analytic: bool) -> None:
    assert looks_analytic(query) is analytic
