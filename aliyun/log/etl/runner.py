"""``Runner``: a config loaded into an event -> events function (``aliyun.log.etl_core.runner``)."""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import sys
from types import ModuleType
from typing import Any, Dict, List, NamedTuple, Optional, Union

from .config_parser import ConfigParser, ParsedRule
from .errors import SettingError
from .rules import transform_base
from .util import Event, Result, process_event, resume

__all__ = ["Runner"]

logger = logging.getLogger("aliyun.log.etl")

Config = Union[str, "os.PathLike[str]", ModuleType]


class RuleFailure(Exception):
    """A rule raised on an event: which rule (``name``, ``line``) and the original error (``error``)."""

    def __init__(self, name: str, line: int, error: BaseException) -> None:
        super().__init__(f"rule {name} (line {line}): {type(error).__name__}: {error}")
        self.name = name
        self.line = line
        self.error = error


def _is_path(text: str) -> bool:
    return text.endswith(".py") or os.sep in text or (os.altsep is not None and os.altsep in text)


def _import_path(path: str) -> ModuleType:
    """Import a ``.py`` file as the reference does: its directory first on ``sys.path``, module name = file name
    without its last 3 characters (so a second config with the same name reuses the first module)."""
    directory = os.path.dirname(os.path.abspath(path))
    if directory not in sys.path:
        sys.path.insert(0, directory)
    return __import__(os.path.basename(path[:-3]))


def load_config(config: Any, restricted: bool = False) -> ModuleType:
    """The config module of ``config``: a module, a ``.py`` path, or a dotted module name.

    With ``restricted``, the source is checked by the restricted parser before it is imported (or, for a module,
    before it is used).
    """
    if isinstance(config, ModuleType):
        if restricted:
            import inspect

            _check_restricted(inspect.getsource(config), getattr(config, "__file__", None) or config.__name__)
        return config
    if isinstance(config, os.PathLike):
        config = os.fspath(config)
    if not isinstance(config, str) or not config:
        raise TypeError(f"config must be a module, a .py path or a module name, got {config!r}")
    path = config if _is_path(config) or os.path.isfile(config) else None
    if restricted:
        if path is None:
            spec = importlib.util.find_spec(config)
            path = spec.origin if spec is not None and spec.origin else None
        if path is None or not os.path.isfile(path):
            raise SettingError(None, config, "Cannot find the config source to check")
        with open(path, encoding="utf-8") as source:
            _check_restricted(source.read(), path)
    try:
        if path is not None and (config == path):
            return _import_path(config)
        return importlib.import_module(config)
    except SettingError:
        raise
    except Exception as exc:  # ImportError, and whatever the config raises while it is imported
        logger.error("cannot import the ETL config %s: %s", config, exc)
        raise SettingError(exc, f'Cannot import the config "{config}"') from exc


def _check_restricted(source: str, where: str) -> None:
    from .restrict_config_parser import InvalidETLConfig, RestrictConfigParser

    try:
        RestrictConfigParser().parse(source)
    except InvalidETLConfig as exc:
        raise InvalidETLConfig(f"{where}: {exc}") from None


class Runner:
    """``Runner(config)(event)``: the event after every rule of ``config`` (a dict, None when dropped, or a list
    when split). ``config`` is a module, a ``.py`` path or a dotted module name; a bad config raises
    :class:`~aliyun.log.etl.errors.SettingError` here. ``restricted=True`` first checks the source with the
    restricted parser (no code beyond the DSL)."""

    def __init__(self, config_path: Config, *, restricted: bool = False) -> None:
        module = load_config(config_path, restricted)
        logger.info("ETL config %s loaded", getattr(module, "__name__", module))
        self.module = module
        self.rules: List[ParsedRule] = ConfigParser(module).parse_rules()
        self.fn_list = [rule.fn for rule in self.rules]
        # What the loop over one dict event calls: the same rules without their event-list handling.
        self._dict_steps = [fn.dict_step() if isinstance(fn, transform_base) else fn for fn in self.fn_list]
        self._traced: Optional[List[Any]] = None

    def __call__(self, event: Any) -> Result:
        if event.__class__ is not dict:
            return process_event(event, self.fn_list)  # type: ignore[no-any-return]
        # process_event's dict path, unrolled: this is the per-event hot loop of transform_data
        current: Any = event.copy()
        for index, step in enumerate(self._dict_steps):
            current = step(current)
            if current.__class__ is not dict:  # dropped or split: the general path takes over
                return resume(current, self.fn_list, index + 1)  # type: ignore[no-any-return]
        return current  # type: ignore[no-any-return]

    def diagnose(self, event: Event) -> Optional[RuleFailure]:
        """Run ``event`` again, rule by rule, to name the rule that raises on it (None if none does now)."""
        if self._traced is None:
            self._traced = [_traced(rule) for rule in self.rules]
        try:
            process_event(event, self._traced)
        except RuleFailure as failure:
            return failure
        except Exception:
            return None
        return None

    def describe(self) -> List[Dict[str, Any]]:
        """The rules in execution order: line, name and the rule object."""
        return [{"line": r.line, "name": r.name, "rule": r.fn} for r in self.rules]

    def __repr__(self) -> str:
        return f"<Runner {getattr(self.module, '__name__', self.module)}: {len(self.fn_list)} rules>"


def _traced(rule: ParsedRule) -> Any:
    def run(event: Any) -> Any:
        try:
            return rule.fn(event)
        except RuleFailure:
            raise
        except Exception as exc:
            raise RuleFailure(rule.name, rule.line, exc) from exc

    return run


class ConfigRef(NamedTuple):
    """How a worker process finds the config again: a path or an importable module name."""

    path: Optional[str]
    module: Optional[str]
    restricted: bool

    @classmethod
    def of(cls, config: Any, restricted: bool) -> ConfigRef:
        if isinstance(config, ModuleType):
            name = config.__name__
            if name != "__main__" and sys.modules.get(name) is config:
                return cls(None, name, restricted)
            path = getattr(config, "__file__", None)
            if not path:
                raise ValueError("config is a module without a file; give its path instead")
            return cls(path, None, restricted)
        text = os.fspath(config)
        return cls(text, None, restricted) if _is_path(text) or os.path.isfile(text) else cls(None, text, restricted)

    def load(self) -> Runner:
        return Runner(self.path or self.module or "", restricted=self.restricted)
