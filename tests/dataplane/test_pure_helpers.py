"""Pure helpers of the data plane: pack ids, ``| with_pack_meta``, update data, IP lookups."""

from __future__ import annotations

import pytest

from aliyun.log.emulator.core import ApiError
from aliyun.log.emulator.query.functions.ip import IP_FUNCTIONS
from aliyun.log.emulator.query.rows import json_object_data, pack_fields, parse_pack, row_id, strip_with_pack_meta


def test_pack_round_trip() -> None:
    gid = (7 << 40) | 300
    fields = pack_fields(gid, 12345, 1, 1 << 32)
    assert fields["__tag__:__pack_id__"] == "7-12C"
    assert parse_pack(fields["__tag__:__pack_id__"], fields["__pack_meta__"]) == (gid, 12345)
    assert row_id(fields["__pack_meta__"]) == 12345 and row_id("99") == 99
    for pack_id, pack_meta in (("7-12C", "1|x|abc|300"), ("7-12C", "1|x|5|301"), ("nonsense", "1|x|5|300")):
        with pytest.raises(ApiError):
            parse_pack(pack_id, pack_meta)
    with pytest.raises(ApiError):
        row_id("a|b")


@pytest.mark.parametrize("query, expected", [
    ("status: 500 | with_pack_meta", ("status: 500", True)),
    ("* | WITH_PACK_META ", ("*", True)),
    ("* | select count(1)", ("* | select count(1)", False)),
    ('msg: "a | with_pack_meta"', ('msg: "a | with_pack_meta"', False)),
    (None, (None, False)),
])
def test_strip_with_pack_meta(query: object, expected: object) -> None:
    assert strip_with_pack_meta(query) == expected  # type: ignore[arg-type]


def test_update_data() -> None:
    assert json_object_data('{"a": "1", "n": 2, "o": {"k": true}}') == {"a": "1", "n": "2", "o": '{"k": true}'}
    assert json_object_data('{"__name__": "m"}') == {"__name__": "m"}
    for bad in ("[1]", "{}", "not json", '{"__time__": "1"}', '{"": "1"}', '{"__tag__:a": "1"}', 5):
        with pytest.raises(ApiError):
            json_object_data(bad)


def test_ip_lookups() -> None:
    country = IP_FUNCTIONS["ip_to_country"][0]
    domain = IP_FUNCTIONS["ip_to_domain"][0]
    assert (country("192.168.1.1"), country("192.168.1.1", "en"), domain("192.168.1.1")) == ("内网", "intranet",
                                                                                                "intranet")
    assert (country("114.114.114.114"), domain("114.114.114.114")) == ("中国", "internet")
    assert country("::1") == "内网" and country("2001:db8::1") is None and country(None) is None
    assert IP_FUNCTIONS["ip_to_city"][0]("180.76.76.76", "en") == "Beijing"
