"""Where the module paths of the original SDK's ETL engine live in this package.

Configs written for the original SDK import ``aliyun.log.etl_core`` and its submodules. Each legacy path maps to the
module of ours that provides its public names (its ``__all__``); the package-wide legacy-path table registers them.
"""

from __future__ import annotations

from typing import Dict

__all__ = ["ETL_CORE_PATHS"]

_HERE = "aliyun.log.etl"

#: legacy dotted path -> our module providing its names.
ETL_CORE_PATHS: Dict[str, str] = {
    "aliyun.log.etl_core": f"{_HERE}.dsl",
    "aliyun.log.etl_core.runner": f"{_HERE}.runner",
    "aliyun.log.etl_core.config_parser": f"{_HERE}.config_parser",
    "aliyun.log.etl_core.restrict_config_parser": f"{_HERE}.restrict_config_parser",
    "aliyun.log.etl_core.etl_util": f"{_HERE}.util",
    "aliyun.log.etl_core.exceptions": f"{_HERE}.errors",
    "aliyun.log.etl_core.settings": f"{_HERE}.settings",
    "aliyun.log.etl_core.trans_comp": f"{_HERE}.components",
    "aliyun.log.etl_core.trans_comp.trans_regex": f"{_HERE}.components.regex",
    "aliyun.log.etl_core.trans_comp.trans_csv": f"{_HERE}.components.delimited",
    "aliyun.log.etl_core.trans_comp.trans_kv": f"{_HERE}.components.keyvalue",
    "aliyun.log.etl_core.trans_comp.trans_json": f"{_HERE}.components.jsonexpand",
    "aliyun.log.etl_core.trans_comp.trans_lookup": f"{_HERE}.components.lookup",
    "aliyun.log.etl_core.trans_comp.trans_mv": f"{_HERE}.components.split",
    "aliyun.log.etl_core.trans_comp.trans_set_field": f"{_HERE}.components.fields",
    "aliyun.log.etl_core.transform": f"{_HERE}.transform",
    "aliyun.log.etl_core.transform.condition_list": f"{_HERE}.conditions",
    "aliyun.log.etl_core.transform.condition_util": f"{_HERE}.conditions",
    "aliyun.log.etl_core.transform.condition_transform": f"{_HERE}.rules",
    "aliyun.log.etl_core.transform.transform_list": f"{_HERE}.rules",
    "aliyun.log.etl_core.transform.transform_meta": f"{_HERE}.rules",
}
