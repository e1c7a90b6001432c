"""Derive ``official_0_9_52.json`` (module paths and the public names each defines) from an extracted
aliyun-log-python-sdk 0.9.52: ``python derive_official_names.py <extracted>/aliyun/log > official_0_9_52.json``;
and, with that package installed, ``python derive_official_names.py --top-level > official_0_9_52_top_level.txt``
(the names ``aliyun.log`` exports, one per line).

Run once; the JSON is committed. Names are read from the source (top-level classes, functions and assignments not
starting with ``_``); the protobuf modules build their messages at run time, so their message names are added by
hand from their ``.proto`` definitions. The Python 2 copies (``_proto_py2``) are left out.
"""

import ast
import json
import os
import sys

PROTO_MESSAGES = {
    "aliyun.log.log_logs_pb2": ["Log", "LogGroup", "LogGroupList", "LogTag"],
    "aliyun.log.log_logs_raw_pb2": ["Log", "LogGroup", "LogGroupList", "LogTag"],
    "aliyun.log.proto": ["Log", "LogGroup", "LogGroupList", "LogGroupListRaw", "LogGroupRaw", "LogRaw", "LogTag",
                         "LogTagRaw"],
}


def module_names(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    found: dict = {"classes": set(), "functions": set(), "constants": set()}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            found["classes"].add(node.name)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found["functions"].add(node.name)
        elif isinstance(node, ast.Assign):
            found["constants"].update(t.id for t in node.targets if isinstance(t, ast.Name))
    return {kind: sorted(n for n in names if not n.startswith("_")) for kind, names in found.items()}


def main(root: str) -> None:
    result = {}
    base = os.path.dirname(os.path.dirname(os.path.abspath(root)))
    for directory, _, files in os.walk(root):
        if "_proto_py2" in directory:
            continue
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                module = os.path.relpath(path, base)[:-3].replace(os.sep, ".")
                module = module[: -len(".__init__")] if module.endswith(".__init__") else module
                result[module] = module_names(path)
    for module, messages in PROTO_MESSAGES.items():
        result[module]["classes"] = sorted(set(result[module]["classes"]) | set(messages))
    json.dump(dict(sorted(result.items())), sys.stdout, indent=1)
    sys.stdout.write("\n")


def top_level() -> None:
    import types

    import aliyun.log

    names = [n for n, v in vars(aliyun.log).items() if not n.startswith("_") and not isinstance(v, types.ModuleType)]
    sys.stdout.write("".join(f"{name}\n" for name in sorted(names)))


if __name__ == "__main__":
    top_level() if sys.argv[1] == "--top-level" else main(sys.argv[1])
