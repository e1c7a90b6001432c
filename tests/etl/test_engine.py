"""Unit tests of the ETL engine: rule order, splitting, dropping, quirks, errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from aliyun.log.etl import Runner
from aliyun.log.etl.errors import SettingError
from aliyun.log.etl.util import NOT, process_event, support_event_list_simple

RunnerOf = Callable[[str], Runner]


def test_rules_run_in_source_line_order_whatever_their_prefix(runner_of: RunnerOf) -> None:
    runner = runner_of(
        'RENAME_FIELDS_z = {"a": "b"}\n'
        "def sls_eu_first(e):\n"
        "    return {'trace': e.get('trace', '') + 'f'}\n"
        'TRANSFORM_EVENT_a = (True, {"trace": lambda e: e["trace"] + "t"})\n'
        'KEEP_FIELDS_0 = ["b", "trace"]\n'
    )
    assert [r["name"] for r in runner.describe()] == ["RENAME_FIELDS_z", "sls_eu_first", "TRANSFORM_EVENT_a",
                                                      "KEEP_FIELDS_0"]
    assert runner({"a": "1", "x": "2"}) == {"b": "1", "trace": "ft"}


def test_runner_copies_the_input_and_drops_on_none(runner_of: RunnerOf) -> None:
    runner = runner_of('DROP_EVENT_1 = {"drop": "yes"}\nTRANSFORM_EVENT_2 = (True, {"seen": "1"})\n')
    event = {"drop": "no"}
    assert runner(event) == {"drop": "no", "seen": "1"}
    assert event == {"drop": "no"}
    assert runner({"drop": "yes"}) is None


def test_split_events_go_through_the_remaining_rules_one_by_one(runner_of: RunnerOf) -> None:
    runner = runner_of(
        'TRANSFORM_EVENT_1 = (True, ("tags", SPLIT))\n'
        'DROP_EVENT_2 = {"tags": "b"}\n'
        'TRANSFORM_EVENT_3 = (True, {"n": V("tags")})\n'
    )
    assert runner({"tags": "a,b,c"}) == [{"tags": "a", "n": "a"}, {"tags": "c", "n": "c"}]
    assert runner({"tags": "b"}) is None
    assert runner({"tags": "a,b"}) == {"tags": "a", "n": "a"}  # one survivor comes back as a dict


def test_quirk_the_last_rule_list_is_returned_as_it_is(runner_of: RunnerOf) -> None:
    runner = runner_of("def sls_en_last(e):\n    return [e]\n")
    assert runner({"a": "1"}) == [{"a": "1"}]
    assert runner_of("def sls_en_empty(e):\n    return []\n")({"a": "1"}) == []


def test_quirk_callable_rule_values_are_skipped_and_every_occurrence_registers(runner_of: RunnerOf) -> None:
    runner = runner_of(
        "KEEP_EVENT_x = lambda e: False\n"
        'DROP_EVENT_y = EMPTY("f")\n'
        'TRANSFORM_EVENT_t = (True, {"n": lambda e: e.get("n", "") + "x"})\n'
        "TRANSFORM_EVENT_t = TRANSFORM_EVENT_t\n"
        "TRANSFORM_LIST_ignored = [(True, DROP)]\n"
    )
    assert runner({}) == {"n": "xxx"}  # three occurrences of TRANSFORM_EVENT_t, none of the callables


def test_sls_eu_returning_none_raises(runner_of: RunnerOf) -> None:
    runner = runner_of("def sls_eu_bad(e):\n    return None\n")
    with pytest.raises(TypeError):
        runner({"a": "1"})


def test_rules_are_named_by_their_class_and_functions_keep_their_names(runner_of: RunnerOf) -> None:
    runner = runner_of(
        "KEEP_EVENT_1 = True\nDROP_EVENT_1 = False\nKEEP_FIELDS_1 = 'a'\nDROP_FIELDS_1 = 'b'\n"
        "RENAME_FIELDS_1 = {}\nALIAS_1 = {}\nDISPATCH_EVENT_1 = (True, KEEP)\nTRANSFORM_EVENT_1 = (True, KEEP)\n"
        "KV_FIELDS_1 = 'x'\n@condition(True)\ndef sls_en_named(e):\n    return e\n"
    )
    names = ["keep_event", "drop_event", "keep_fields", "drop_fields", "rename_fields", "rename_fields",
             "dispatch_event", "transform_event", "extract_kv_fields", "sls_en_named"]
    for fn, name in zip(runner.fn_list, names):
        assert name in str(fn)


def test_decorated_function_rule_uses_the_def_line(make_config: Callable[[str], Path]) -> None:
    path = make_config("from aliyun.log.etl_core import *\n@condition(True)\n\n\ndef sls_en_x(e):\n    return e\n"
                       "KEEP_EVENT_after = True\n")
    assert [r["line"] for r in Runner(str(path)).describe()] == [5, 7]


# -- conditions ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("spec", "event", "expected"), [
    ({"f": "a.c"}, {"f": "abc"}, True),
    ({"f": "a.c"}, {"f": "abcd"}, False),  # full match
    ({"f": NOT("a.c")}, {"f": "abcd"}, True),
    ({"f": NOT("a.c")}, {}, False),
    ({"f": True}, {"f": ""}, True),
    ({"f": True}, {}, False),
    ({"f": False}, {"f": "x"}, False),
    ({"f": lambda v: v == "x"}, {"f": "x"}, True),
    ({"f": lambda v: 1 / 0}, {}, False),  # absent: not called
    ({"f": None}, {}, True),
    ({"f": None}, {"f": "x"}, False),
    ({"f": 5}, {"f": "5"}, False),
    ({"a": "1", "b": "2"}, {"a": "1", "b": "2"}, True),
    ({"a": "1", "b": "2"}, {"a": "1", "b": "3"}, False),
    ([], {"a": "1"}, False),
    ([{"a": "1"}, {"b": "2"}], {"b": "2"}, True),
    (True, {}, True),
])
def test_condition_forms(spec: Any, event: Any, expected: bool) -> None:
    from aliyun.log.etl import condition

    assert condition(spec)(event) is expected


def test_field_predicates() -> None:
    from aliyun.log.etl import EMPTY, EXIST, NO_EMPTY, NONE

    assert EMPTY("f")({}) and EMPTY("f")({"f": ""}) and not EMPTY("f")({"f": "x"})
    assert NO_EMPTY("f")({"f": "x"}) and not NO_EMPTY("f")({"f": ""}) and not NO_EMPTY("f")({})
    assert NONE("f")({}) and not NONE("f")({"f": ""})
    assert EXIST("f")({"f": ""}) and not EXIST("f")({})


def test_invalid_conditions_and_not() -> None:
    from aliyun.log.etl import condition

    with pytest.raises(SettingError, match="Invalid condition"):
        condition("*")
    with pytest.raises(ValueError):
        NOT(5)


def test_condition_decorator_passes_meta_and_swallows_errors(caplog: pytest.LogCaptureFixture) -> None:
    from aliyun.log.etl import condition

    @condition({"x": "1"}, pass_meta=False)
    def strip(event: Any) -> Any:
        assert "__time__" not in event and "__tag__:k" not in event
        return {"seen": "yes"}

    assert strip({"x": "1", "__time__": "5", "__tag__:k": "v"}) == {"seen": "yes", "__time__": "5",
                                                                    "__tag__:k": "v"}
    assert strip({"x": "2"}) == {"x": "2"}

    @condition(True)
    def broken(event: Any) -> Any:
        raise RuntimeError("nope")

    assert broken({"a": "1"}) == {"a": "1"}
    assert "nope" in caplog.text


# -- orchestration ---------------------------------------------------------------------------------------------------
def test_dispatch_applies_the_first_match_transform_event_applies_all(runner_of: RunnerOf) -> None:
    dispatch = runner_of('DISPATCH_EVENT_1 = [({"s": "5.."}, {"sev": "high"}), (True, {"sev": "low"})]\n')
    assert dispatch({"s": "503"})["sev"] == "high"  # type: ignore[index]
    assert dispatch({"s": "200"})["sev"] == "low"  # type: ignore[index]
    chain = runner_of('TRANSFORM_EVENT_1 = [(True, {"a": "1"}), ({"a": "1"}, {"b": "2"}), ({"b": "3"}, DROP)]\n')
    assert chain({}) == {"a": "1", "b": "2"}
    unmatched = runner_of('DISPATCH_EVENT_1 = ({"s": "x"}, DROP)\n')
    assert unmatched({"s": "y"}) == {"s": "y"}


def test_transform_dict_values_are_computed_before_assignment(runner_of: RunnerOf) -> None:
    runner = runner_of('TRANSFORM_EVENT_1 = (True, {"a": V("b"), "b": V("a"), "n": lambda e: 5, "none": None})\n')
    assert runner({"a": "1", "b": "2"}) == {"a": "2", "b": "1"}


def test_each_regex_tuple_binds_its_own_pattern(runner_of: RunnerOf) -> None:
    # The reference binds them late (every tuple would use the last one's pattern); we do not copy that bug.
    runner = runner_of('TRANSFORM_EVENT_1 = (True, [("a", r"(?P<x>\\d+)"), ("b", r"(?P<y>[a-z]+)")])\n')
    assert runner({"a": "12", "b": "cd"}) == {"a": "12", "b": "cd", "x": "12", "y": "cd"}


def test_field_rules(runner_of: RunnerOf) -> None:
    runner = runner_of('KEEP_FIELDS_1 = ["a.*", F_TIME]\nDROP_FIELDS_2 = "ab"\n'
                       'RENAME_FIELDS_3 = {"a(\\\\d)": "num\\\\1", "a.*": "other"}\n')
    assert runner({"a1": "1", "ab": "x", "ac": "y", "b": "z", "__time__": "5", "__topic__": "t"}) == {
        "num\\1": "1", "other": "y", "__time__": "5"}  # new names are literal; the later key wins


def test_wrong_rule_values_raise_setting_error_at_load(runner_of: RunnerOf) -> None:
    for body in ("KEEP_FIELDS_1 = 5\n", "RENAME_FIELDS_1 = ['a']\n", "KEEP_EVENT_1 = '*'\n",
                 "DISPATCH_EVENT_1 = [1]\n", "DROP_FIELDS_1 = '('\n"):
        with pytest.raises(SettingError) as info:
            runner_of(body)
        assert info.value.error_code == "InvalidConfig"


def test_setting_error_shape() -> None:
    error = SettingError(ValueError("bad"), "X", "Something wrong")
    assert error.error_code == "InvalidConfig"
    assert error.message == 'Something wrong\nInvalid Settings "X"\nDetail: bad'
    assert SettingError().message == 'Invalid Settings "unknown"\nDetail: None'


def test_process_event_and_support_event_list_simple() -> None:
    class Doubler:
        @support_event_list_simple
        def __call__(self, event: Any) -> Any:
            return [event, dict(event)] if event.get("twice") else (None if event.get("drop") else event)

    doubler = Doubler()
    assert doubler([{"twice": "1"}, {"drop": "1"}, {"a": "1"}]) == [{"twice": "1"}, {"twice": "1"}, {"a": "1"}]
    assert doubler([{"drop": "1"}]) is None
    assert process_event({"a": "1"}, []) == {"a": "1"}
    assert process_event([{"a": "1"}, {"a": "2"}], [lambda e: None if e["a"] == "1" else e, lambda e: e]) == {
        "a": "2"}


# -- loading ---------------------------------------------------------------------------------------------------------
def test_config_from_module_path_and_dotted_name(make_config: Callable[[str], Path]) -> None:
    path = make_config("from aliyun.log.etl_core import *\nKEEP_EVENT_1 = {'k': '1'}\n")
    by_path = Runner(str(path))
    by_module = Runner(sys.modules[path.stem])
    by_name = Runner(path.stem)
    for runner in (by_path, by_module, by_name):
        assert runner({"k": "1"}) == {"k": "1"} and runner({"k": "2"}) is None


def test_quirk_same_basename_reuses_the_first_module(tmp_path: Path) -> None:
    for sub, keep in (("one", "1"), ("two", "2")):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "etl_same_name_cfg.py").write_text(
            f"from aliyun.log.etl_core import *\nKEEP_EVENT_1 = {{'k': '{keep}'}}\n")
    first = Runner(str(tmp_path / "one" / "etl_same_name_cfg.py"))
    second = Runner(str(tmp_path / "two" / "etl_same_name_cfg.py"))
    assert first.module is second.module


def test_config_that_cannot_be_imported(tmp_path: Path) -> None:
    with pytest.raises(SettingError, match="Cannot import the config"):
        Runner(str(tmp_path / "etl_missing_cfg.py"))
    broken = tmp_path / "etl_broken_cfg.py"
    broken.write_text("raise RuntimeError('at import')\n")
    with pytest.raises(SettingError, match="at import"):
        Runner(str(broken))
    with pytest.raises(TypeError, match="config"):
        Runner(42)  # type: ignore[arg-type]


def test_legacy_import_paths() -> None:
    import aliyun.log.etl_core as core
    from aliyun.log.etl_core.config_parser import ConfigParser
    from aliyun.log.etl_core.etl_util import NOT as LEGACY_NOT
    from aliyun.log.etl_core.etl_util import process_event as legacy_process_event
    from aliyun.log.etl_core.etl_util import support_event_list_simple as legacy_support
    from aliyun.log.etl_core.exceptions import SettingError as LegacySettingError
    from aliyun.log.etl_core.restrict_config_parser import InvalidETLConfig, RestrictConfigParser
    from aliyun.log.etl_core.runner import Runner as LegacyRunner
    from aliyun.log.etl_core.settings import TransFnType, builtin_macros, check_fn_type_by_name

    assert LegacyRunner is Runner and LegacySettingError is SettingError and LEGACY_NOT is NOT
    assert legacy_process_event is process_event and legacy_support is support_event_list_simple
    assert ConfigParser and RestrictConfigParser and issubclass(InvalidETLConfig, Exception)
    assert len(builtin_macros) == 9 and all(k.endswith(".*") for k in builtin_macros)
    assert check_fn_type_by_name("sls_en_x") is TransFnType.EVENT_NEW
    assert check_fn_type_by_name("sls_eu_x") is TransFnType.EVENT_UPDATE
    assert check_fn_type_by_name("other") is TransFnType.UNKNOWN
    namespace: dict = {}
    exec("from aliyun.log.etl_core import *", namespace)
    expected = {"KEEP_EVENT_", "DROP_EVENT_", "KEEP_FIELDS_", "DROP_FIELDS_", "RENAME_FIELDS_", "ALIAS_",
                "DISPATCH_EVENT_", "TRANSFORM_EVENT_", "KV_FIELDS_", "condition", "NOT", "EMPTY", "NO_EMPTY", "NONE",
                "EXIST", "ANY", "ALL", "F_TAGS", "F_META", "F_TIME", "transform", "dispatch_event",
                "transform_event", "keep_event", "drop_event", "keep_fields", "drop_fields", "rename_fields",
                "extract_kv_fields", "simple_drop", "simple_keep", "DROP", "KEEP", "ALIAS", "RENAME", "DROP_F",
                "KEEP_F", "KV_F", "V", "REGEX", "CSV", "TSV", "PSV", "KV", "JSON", "LOOKUP", "SPLIT", "ZIP", "Runner"}
    assert set(namespace) - {"__builtins__"} == expected == set(core.__all__)


def test_every_legacy_path_maps_to_a_module_exporting_its_names() -> None:
    import importlib

    from aliyun.log.etl.legacy import ETL_CORE_PATHS

    for legacy, real in ETL_CORE_PATHS.items():
        module = importlib.import_module(real)
        assert module.__all__, legacy
        for name in module.__all__:
            assert hasattr(module, name), (legacy, name)


def test_a_function_rule_registered_twice_splits_at_the_right_place(runner_of: RunnerOf) -> None:
    runner = runner_of(
        "def sls_en_mark(e):\n"
        "    return [dict(e, n=e.get('n', '') + 'a'), dict(e, n=e.get('n', '') + 'b')]\n"
        "TRANSFORM_EVENT_x = (True, {'n': lambda e: e['n'] + '.'})\n"
        "KEEP_EVENT_ref = sls_en_mark and True\n"
    )
    # sls_en_mark runs once (line 1); KEEP_EVENT_ref (line 4) mentions it again: a second split after the dot
    assert [e["n"] for e in runner({})] == ["a.a", "a.b", "b.a", "b.b"]
