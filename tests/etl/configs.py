"""Config sources and events shared by the unit and differential tests (each config a distinct module name)."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

HEADER = "from aliyun.log.etl_core import *\n"

TIERS_CSV = "country,lvl,tier,region\ncn,1,gold,asia\nus,*,silver,america\n*,2,bronze,any\nCN,3,plat,asia2\n"

NGINX = ('10.0.0.1 - - [01/Mar/2024:10:00:00 +0800] "GET /api/v1/items?id=7 HTTP/1.1" 200 512 "-" "curl/8.0" '
         'rt=0.012 upstream="10.1.1.1:80"')

#: name -> (config source, events)
CASES: Dict[str, Tuple[str, List[Dict[str, Any]]]] = {
    "spec_example": (
        HEADER + 'DROP_FIELDS_noise = [F_TAGS, r"debug_\\w+"]\n'
        'KEEP_EVENT_svc = [{"service": "web|api"}, NO_EMPTY("error")]\n'
        'DISPATCH_EVENT_sev = [({"status": r"5\\d\\d"}, {"sev": "high"}),\n'
        '                      (True, {"sev": "low"})]\n'
        'def sls_eu_zone(event):\n'
        '    return {"zone": event.get("host", "")[:3]}\n'
        'RENAME_FIELDS_1 = {"sev": "severity"}\n',
        [{"service": "web", "status": "503", "host": "hz-1", "__tag__:a": "x", "debug_1": "d", "k": "v"},
         {"service": "db", "status": "200"}, {"service": "db", "error": "boom", "status": "404"},
         {"service": "api", "status": "200", "__time__": "1700000000"}],
    ),
    "conditions": (
        HEADER
        + 'KEEP_EVENT_1 = [{"a": NOT("x+"), "b": None}, {"c": lambda v: v.startswith("ok")}, EMPTY("e"),\n'
        '                {"d": True, "f": False}, [{"g": "1"}][0]]\n'
        'DROP_EVENT_2 = [NONE("keep"), {"z": "drop.*"}]\n'
        'TRANSFORM_EVENT_3 = [({"a": ANY}, {"seen_a": "1"}), ([EXIST("c"), {"b": "q"}], {"seen_c": V("c")})]\n',
        [{"a": "y", "keep": "1"}, {"a": "xx", "keep": "1", "e": "v"}, {"c": "ok!", "keep": "1", "e": "1"},
         {"d": "1", "f": "1", "keep": "1", "e": "1"}, {"e": "", "keep": "1", "z": "dropme"}, {"e": "", "g": "1"},
         {"g": "1", "keep": "", "b": "q", "e": "z"}],
    ),
    "regex": (
        HEADER
        + 'TRANSFORM_EVENT_1 = [(True, ("msg", r"(?P<user>\\w+)@(?P<host>[\\w.]+)")),\n'
        '    (True, ("msg", r"(\\w+):(\\d+)", {r"k_\\1": r"\\2"}))]\n'
        'TRANSFORM_EVENT_2 = [(True, ("line", REGEX(r"(\\d+)-(\\d+)", ["from", "to"])))]\n'
        'TRANSFORM_EVENT_3 = [(True, ("words", REGEX(r"[a-z]+", ["w1", "w2"])))]\n'
        'TRANSFORM_EVENT_4 = [(True, (["x", "y", "line"], r"\\d+", "first_num"))]\n'
        'TRANSFORM_EVENT_5 = [(True, ("opt", REGEX(r"(?P<o1>a)?(?P<o2>b)", mode="overwrite")))]\n'
        'TRANSFORM_EVENT_6 = [(True, ("msg", REGEX(r"(\\w+)=(\\w+)", {r"\\1": r"\\2"}, mode="add")))]\n',
        [{"msg": "bob@example.com cpu:7 mem:3 9x:1", "line": "10-20 30-40", "words": "ab cd ef",
          "x": "no digits", "y": "n42", "opt": "b"},
         {"msg": "nothing here", "line": "x", "words": "one", "y": "5"},
         {"msg": "user=alice user=bob role=admin", "opt": "ab"}],
    ),
    "csv": (
        HEADER
        + 'TRANSFORM_EVENT_1 = [(True, [("c", CSV("a, b,c")), ("t", TSV(["t1", "t2"])),\n'
        '    ("p", PSV("p1,p2", restrict=True)), ("q", CSV("q1,q2", sep=";", quote="\'", mode="overwrite"))])]\n',
        [{"c": '1, "x,y",3,4', "t": "u\tv\tw", "p": "a|b", "q": "'m;n';o"},
         {"c": "only", "p": "a|b|c", "q": "", "a": "old"}, {"c": "1\n2,3", "t": ""}],
    ),
    "kv": (
        HEADER
        + 'KV_FIELDS_1 = r"kv_.*"\n'
        'TRANSFORM_EVENT_2 = [(True, [("m", KV(sep="(?:=|:)", prefix="p_", suffix="_s")),\n'
        '    ("e", KV(escape=True)), (["n1", "n2"], KV(quote="\'", mode="add"))])]\n',
        [{"kv_a": 'a=1 b = "x y" 9z=2 url=http://x', "m": "k1:v1 k2=v2 p_k1_s=old", "e": 'q="say \\"hi\\"" r=""',
          "n1": "s='one two' t=3", "n2": "s=other", "a": "keep"},
         {"kv_b": "中文=值 x-y.z=1", "m": "", "e": "z=1"}],
    ),
    "json": (
        HEADER
        + 'TRANSFORM_EVENT_1 = [(True, [("j", JSON)])]\n'
        'TRANSFORM_EVENT_2 = [(True, [("j2", JSON(fmt="full")), ("j3", JSON(fmt="parent", sep="#")),\n'
        '    ("j4", JSON(fmt="root", prefix="p_", suffix="_s")), ("j5", JSON(fmt="{parent_rlist[0]}-{current}")),\n'
        '    ("j6", JSON(jmes="svc.port", output="port_out")), ("j7", JSON(jmes="a.missing", output="o7",\n'
        '     jmes_ignore_none=False)), ("j8", JSON(expand_array=False)), ("j9", JSON(depth=1, fmt="full")),\n'
        '    ("j10", JSON(include_path=r"j10\\.keep", exclude_node="secret")),\n'
        '    ("j11", JSON(jmes="items[*].name", output="names", expand=True)), ("bad", JSON),\n'
        '    ("j12", JSON(fmt_array="{parent_list[0]}[{index}]")),\n'
        '    ("j13", JSON(fmt=lambda parents, key, value: ("fn_" + key, value.upper())))])]\n',
        [{"j": '{"svc":{"port":80,"tags":["a"]},"_u":1,"9x":2,"ok":true,"n":null,"f":1.5}',
          "j2": '{"svc":{"port":80,"tags":["a"]}}', "j3": '{"a":{"b":{"c":1}}}', "j4": '{"a":{"b":2}}',
          "j5": '{"a":{"b":3}}', "j6": '{"svc":{"port":8080}}', "j7": '{"a":{}}', "j8": '{"arr":[1,2],"x":"y"}',
          "j9": '{"a":{"b":{"c":1}},"top":"t"}', "j10": '{"keep":{"x":1,"secret":2},"drop":{"y":3}}',
          "j11": '{"items":[{"name":"n1"},{"name":"n2"}]}', "bad": "{not json", "j12": '{"l":[{"m":1}]}',
          "j13": '{"k":"v"}'},
         {"j": '"scalar"', "j2": "[1, 2]", "j6": '{"svc":{}}', "j13": "5"}],
    ),
    "lookup": (
        HEADER
        + 'TRANSFORM_EVENT_1 = [(True, [("code", LOOKUP({"a": "Alpha", "B": "Beta", "*": "Other"}, "code_name")),\n'
        '    (["country", ("lvl", "lvl")], LOOKUP("tiers.csv", [("tier", "geo_tier"), "region"])),\n'
        '    ("c2", LOOKUP({"x": "X"}, "c2_name", case_insensitive=False)),\n'
        '    ("country", LOOKUP("file://tiers.csv", "tier", mode="overwrite"))])]\n',
        [{"code": "b", "country": "cn", "lvl": "1", "c2": "X"}, {"code": "zz", "country": "us", "lvl": "9"},
         {"country": "de", "lvl": "2", "c2": "x"}, {"country": "cn", "lvl": "3"}, {"country": "fr"},
         {"lvl": "1"}],
    ),
    "split": (
        HEADER
        + 'TRANSFORM_EVENT_1 = [(True, ("tags", SPLIT))]\n'
        'TRANSFORM_EVENT_2 = [(True, [("arr", SPLIT(output="item")), {"n": V("item", "none")}])]\n'
        'TRANSFORM_EVENT_3 = [(True, ("doc", SPLIT(jmes="list", output="one")))]\n'
        'TRANSFORM_EVENT_4 = [(True, {"zipped": ZIP("zl", "zr"), "zz": ZIP("zl", "missing"),\n'
        '    "copy": V("absent", "zl"), "gone": V("absent"), "num": lambda e: 5, "const": "c"})]\n'
        'TRANSFORM_EVENT_5 = [(True, [("target", V("absent2")), ("t2", V("zl"))])]\n',
        [{"tags": "a, b", "arr": '["x", 1, {"k": 2}]', "doc": '{"list": ["p", "q"]}', "zl": "x,y", "zr": "1,2,3",
          "target": "t"},
         {"tags": "solo", "arr": "[]", "doc": '{"list": "[\\"r\\", \\"s\\"]"}', "zl": '["a b", "c"]',
          "zr": '["1","2"]'},
         {"tags": "", "doc": "not json"}],
    ),
    "fields": (
        HEADER
        + 'KEEP_FIELDS_1 = ["a.*", F_TIME, F_META]\n'
        'DROP_FIELDS_2 = "ab"\n'
        'RENAME_FIELDS_3 = {"a(\\d)": "num", "ac": "", "__topic__": "topic"}\n'
        'ALIAS_4 = {"num": "n2", "n2": "n3"}\n'
        'RENAME_FIELDS_5 = None\n',
        [{"a1": "1", "a2": "2", "ab": "x", "ac": "y", "b": "z", "__time__": "1", "__topic__": "t",
          "__tag__:k": "v", "__source__": "s"}],
    ),
    "functions": (
        HEADER
        + "def sls_en_split(event):\n"
        "    return [dict(event, part=str(i)) for i in range(int(event.get('parts', '1')))]\n"
        "KEEP_EVENT_x = lambda e: False\n"
        "DROP_EVENT_y = EMPTY('zzz')\n"
        "@condition({'part': '1'}, pass_meta=False)\n"
        "def sls_en_meta(event):\n"
        "    event['meta_seen'] = str(sorted(k for k in event if k.startswith('__')))\n"
        "    return event\n"
        "def sls_eu_boom(event):\n"
        "    if event.get('boom'):\n"
        "        raise ValueError('boom')\n"
        "    return {'ok': '1'}\n"
        "@condition(True)\n"
        "def sls_en_guarded(event):\n"
        "    raise RuntimeError('swallowed')\n"
        "DROP_FIELDS_z = 'nothing'\n"
        "DROP_FIELDS_z = 'gone'\n",
        [{"parts": "3", "__time__": "1", "__tag__:t": "v", "gone": "g"}, {"parts": "0"}, {"boom": "1"},
         {"parts": "1", "gone": "x"}],
    ),
    "aliasing": (
        HEADER
        + "def sls_en_twice(e):\n    return [e, e]\n"
        'TRANSFORM_EVENT_1 = (True, {"n": lambda e: e.get("n", "") + "x"})\n'
        'TRANSFORM_EVENT_2 = (True, [("v", V("n")), ("w", SPLIT)])\n',
        [{"a": "1"}, {"w": "p,q"}],
    ),
    "registered_twice": (
        HEADER
        + "def sls_en_mark(e):\n"
        "    return [dict(e, n=e.get('n', '') + 'a'), dict(e, n=e.get('n', '') + 'b')]\n"
        "TRANSFORM_EVENT_x = (True, {'n': lambda e: e['n'] + '.'})\n"
        "KEEP_EVENT_ref = sls_en_mark and True\n"
        "TRANSFORM_EVENT_q = ({'q': True}, {'has_q': '1'})\n",
        [{}, {"q": ""}],
    ),
    "last_list": (
        HEADER
        + 'KEEP_EVENT_1 = True\n'
        'TRANSFORM_EVENT_2 = [(True, ("v", SPLIT))]\n',
        [{"v": "a,b"}, {"v": "solo"}, {"v": ""}],
    ),
    "dispatch_lists": (
        HEADER
        + 'TRANSFORM_EVENT_1 = [(True, ("v", SPLIT)), ({"v": "a"}, {"hit": "a"}), ({"v": "b"}, DROP)]\n'
        'DISPATCH_EVENT_2 = [({"v": "a"}, [{"d": "first"}, KEEP]), ({"v": ".*"}, {"d": "second"}),\n'
        '    ({"v": "a"}, {"d": "never"})]\n'
        'DISPATCH_EVENT_3 = ({"d": "second"}, [DROP_F("d"), RENAME({"v": "value"}), KEEP_F(["value", "hit"])])\n'
        'TRANSFORM_EVENT_4 = [(True, KV_F("kvs")), (True, ("x", "y", "z", "w"))]\n',
        [{"v": "a,b,c", "kvs": "m=1"}, {"v": "c"}],
    ),
}

#: Configs whose loading must fail with SettingError.
BAD_CONFIGS: Dict[str, str] = {
    "bad_condition": HEADER + 'KEEP_EVENT_1 = "*"\n',
    "bad_fields": HEADER + "KEEP_FIELDS_1 = 5\n",
    "bad_rename": HEADER + 'RENAME_FIELDS_1 = ["a"]\n',
    "bad_regex": HEADER + 'TRANSFORM_EVENT_1 = [(True, ("a", REGEX("(")))]\n',
    "bad_lookup": HEADER + 'TRANSFORM_EVENT_1 = [(True, ("a", LOOKUP({"a": "b"}, ["x"])))]\n',
    "bad_jmes": HEADER + 'TRANSFORM_EVENT_1 = [(True, ("a", JSON(jmes="[[")))]\n',
    "bad_v": HEADER + 'TRANSFORM_EVENT_1 = [(True, {"a": V()})]\n',
}
