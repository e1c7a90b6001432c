"""The helpers only the original SDK's module paths had: Util, base64 helpers, AuthV1/AuthV4, Compressor, the
LogGroup protobuf messages and the version constants."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import zlib
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, Dict

import pytest
import requests
from aliyun.log.compress import Compressor, CompressType, lz_compresss, lz_decompress
from aliyun.log.util import (
    UTC,
    PrefixLoggerAdapter,
    Util,
    base64_decodestring,
    base64_encodestring,
    is_stats_query,
    object_name_encode,
    parse_timestamp,
    require_python3,
    utc,
)

import aliyun.log
from aliyun.log.auth import (
    AUTH_VERSION_1,
    AUTH_VERSION_4,
    AuthV1,
    AuthV4,
    SignerV1,
    StaticCredentialsProvider,
    make_auth,
)
from aliyun.log.codec import encode_log_group, flatten_log_groups
from aliyun.log.emulator import Emulator

# -- util ------------------------------------------------------------------------------------------------------------


def test_base64_helpers_round_trip_text_and_bytes() -> None:
    assert base64_encodestring("hello") == "aGVsbG8=\n"
    assert base64_encodestring(b"hello") == "aGVsbG8=\n"
    assert base64_decodestring("aGVsbG8=\n") == "hello"
    long = "x" * 100
    assert base64_encodestring(long).count("\n") == 2  # MIME lines of 76 characters
    assert base64_decodestring(base64_encodestring("中文")) == "中文"


def test_util_signing_pieces_agree_with_the_signer() -> None:
    assert Util.cal_md5(b"abc") == hashlib.md5(b"abc").hexdigest().upper()
    assert Util.hmac_sha1("content", "key") == Util.hmac_sha1(b"content", b"key")
    assert base64.b64decode(Util.hmac_sha1("content", "key")) == hmac.new(b"key", b"content", hashlib.sha1).digest()
    headers = {"x-log-b": "2", "x-acs-a": "1", "x-log-meta-x": "no", "Content-Type": "no", "X-Log-C": "3"}
    assert Util.canonicalized_log_headers(headers) == "X-Log-C:3\nx-acs-a:1\nx-log-b:2\n"
    assert Util.canonicalized_resource("/logstores", {"b": "2", "a": b"1"}) == "/logstores?a=1&b=2"
    assert Util.canonicalized_resource("/logstores", {}) == "/logstores"


def test_util_header_and_value_helpers() -> None:
    headers = {"X-Log-Count": "3", "x-log-cursor": "c"}
    assert Util.h_v_t(headers, "x-log-count") == "3"
    assert Util.h_v_t(headers, "x-log-cursor") == "c"
    with pytest.raises(ValueError, match="x-log-missing"):
        Util.h_v_t(headers, "x-log-missing")
    assert Util.h_v_td(headers, "x-log-missing", "d") == "d"
    assert Util.v_or_d(None, 5) == 5 and Util.v_or_d(0, 5) == 0
    assert Util.convert_unicode_to_str({b"k": [b"v", "w"]}) == {"k": ["v", "w"]}
    assert Util.url_encode({"a": "x y", "b": ["1", "2"]}) == "a=x+y&b=1&b=2"


def test_util_ip_helpers() -> None:
    assert Util.is_row_ip("10.0.0.1") and not Util.is_row_ip("10.0.0.256") and not Util.is_row_ip("host")
    assert Util.is_row_ip(Util.get_host_ip("127.0.0.1"))


def test_timezone_query_and_misc_helpers() -> None:
    assert datetime(2024, 1, 1, tzinfo=utc).utcoffset() == timedelta(0) and UTC().tzname(None) == "UTC"
    assert parse_timestamp("2024-01-01 00:00:00+00:00") == 1704067200
    assert is_stats_query("* | select count(1)") and is_stats_query("a and b |\nSELECT x")
    assert not is_stats_query('error and "| select"') and not is_stats_query("") and not is_stats_query(None)
    assert object_name_encode("a b/c") == "a%20b/c"

    @require_python3
    def double(x: int) -> int:
        return x * 2

    assert double(2) == 4


def test_prefix_logger_adapter(caplog: pytest.LogCaptureFixture) -> None:
    adapter = PrefixLoggerAdapter("[shard 1] ", {"shard": 1}, logging.getLogger("aliyun.log.test"), {})
    with caplog.at_level(logging.INFO, logger="aliyun.log.test"):
        adapter.info("started")
    assert caplog.records[0].getMessage() == "[shard 1] started" and caplog.records[0].shard == 1  # type: ignore


# -- compress --------------------------------------------------------------------------------------------------------


def test_compressor_round_trips_and_reports_log_exceptions() -> None:
    data = b"log line " * 100
    for kind in (CompressType.LZ4, CompressType.UNCOMPRESSED):
        assert Compressor.decompress(Compressor.compress(data, kind), len(data), kind) == data
    assert lz_decompress(len(data), lz_compresss(data)) == data
    assert str(CompressType.LZ4) == "lz4" and str(CompressType.UNCOMPRESSED) == ""
    assert CompressType.from_nullable_str("zstd") is CompressType.ZSTD
    assert CompressType.from_nullable_str(None) is CompressType.default_compress_type() is CompressType.LZ4
    with pytest.raises(aliyun.log.LogException) as bad:
        Compressor.decompress(b"garbage", 1000, CompressType.LZ4)
    assert bad.value.get_error_code() == "DecompressError"
    with pytest.raises(aliyun.log.LogException) as unknown:
        Compressor.compress(data, "lz4")  # type: ignore[arg-type]
    assert unknown.value.get_error_code() == "UnsupportedCompressType"


def test_decompress_response_follows_the_headers() -> None:
    data = b"payload" * 50
    lz4_headers = {"x-log-compresstype": "lz4", "x-log-bodyrawsize": str(len(data))}
    assert Compressor.decompress_response(lz4_headers, lz_compresss(data)) == data
    deflate = {"X-Log-Compresstype": "deflate", "X-Log-Bodyrawsize": str(len(data))}
    assert Compressor.decompress_response(deflate, zlib.compress(data)) == data
    assert Compressor.decompress_response({}, b"plain") == b"plain"
    with pytest.raises(aliyun.log.LogException) as bad:
        Compressor.decompress_response({"x-log-compresstype": "snappy", "x-log-bodyrawsize": "5"}, b"x")
    assert bad.value.get_error_code() == "UnsupportedCompressType"


def test_zstd_through_the_legacy_functions() -> None:
    pytest.importorskip("zstandard")
    from aliyun.log.compress import zstd_compress, zstd_decompress

    assert zstd_decompress(5, zstd_compress(b"hello")) == b"hello"


# -- signing ---------------------------------------------------------------------------------------------------------


def _list_projects(emulator: Emulator, auth: Any, **sign_options: Any) -> requests.Response:
    headers: Dict[str, str] = {"x-log-apiversion": "0.6.0", "x-log-bodyrawsize": "0",
                               "Host": emulator.endpoint.split("://", 1)[1]}
    params = {"offset": "0", "size": "10"}
    auth.sign_request("GET", "/", params, headers, None, **sign_options)
    return requests.get(emulator.endpoint + "/", params=params, headers=headers, timeout=30)


@pytest.mark.parametrize("version", [AUTH_VERSION_1, AUTH_VERSION_4])
def test_legacy_auth_objects_sign_requests_the_service_accepts(emulator: Emulator, version: str) -> None:
    auth = make_auth(StaticCredentialsProvider(*emulator.credentials), version, "cn-hangzhou")
    assert isinstance(auth, AuthV4 if version == AUTH_VERSION_4 else AuthV1)
    answer = _list_projects(emulator, auth)
    assert answer.status_code == 200, answer.text
    wrong = make_auth(StaticCredentialsProvider(emulator.credentials[0], "wrong-secret"), version, "cn-hangzhou")
    refused = _list_projects(emulator, wrong)
    assert refused.status_code in (401, 403), refused.text


def test_auth_v1_headers_match_our_signer() -> None:
    provider = StaticCredentialsProvider("id", "secret", "token")
    ours: Dict[str, str] = {"x-log-apiversion": "0.6.0"}
    theirs = dict(ours)
    AuthV1(provider).sign_request("POST", "/logstores", {"a": "1"}, theirs, b"body")
    signed_at = parsedate_to_datetime(theirs["Date"]).timestamp()
    SignerV1().sign("POST", "/logstores", {"a": "1"}, ours, b"body", provider.get_credentials(), now=signed_at)
    assert theirs == ours and theirs["x-acs-security-token"] == "token"
    unhashed: Dict[str, str] = {}
    AuthV1(provider).sign_request("POST", "/logstores", None, unhashed, b"body", compute_content_hash=False)
    assert "Content-MD5" not in unhashed


def test_auth_accepts_credentials_of_the_original_shape() -> None:
    class OriginalCredentials:
        def get_access_key_id(self) -> str:
            return "id"

        def get_access_key_secret(self) -> str:
            return "secret"

        def get_security_token(self) -> str:
            return ""

    class Provider:
        def get_credentials(self) -> OriginalCredentials:
            return OriginalCredentials()

    headers: Dict[str, str] = {}
    AuthV4(Provider(), "cn-hangzhou").sign_request("GET", "/", {}, headers, None)
    assert headers["Authorization"].startswith("SLS4-HMAC-SHA256 Credential=id/")
    assert "x-acs-security-token" not in headers


# -- protobuf messages -----------------------------------------------------------------------------------------------


def test_loggroup_messages_parse_and_serialize_our_wire_format() -> None:
    from aliyun.log.log_logs_pb2 import LogGroup as TextLogGroup
    from aliyun.log.log_logs_pb2 import LogGroupList
    from aliyun.log.proto import LogGroupRaw

    wire = encode_log_group([{"__time__": 1700000000, "k": "v"}], topic="t", source="s", logtags=[("tk", "tv")])
    group = TextLogGroup()
    group.ParseFromString(wire)
    assert (group.Topic, group.Source, group.Logs[0].Time) == ("t", "s", 1700000000)
    assert (group.Logs[0].Contents[0].Key, group.Logs[0].Contents[0].Value) == ("k", "v")
    assert group.LogTags[0].Key == "tk"
    assert aliyun.log.LogGroup is LogGroupRaw  # top level: bytes values, as the original exported it
    raw = aliyun.log.LogGroup()
    raw.ParseFromString(group.SerializeToString())
    assert raw.Logs[0].Contents[0].Value == b"v"
    built = LogGroupList()
    built.LogGroups.add().CopyFrom(group)
    assert flatten_log_groups(built.SerializeToString())[0]["k"] == "v"


def test_version_constants_are_what_we_send() -> None:
    from aliyun.log.transport import default_user_agent
    from aliyun.log.version import API_VERSION, ES_MIGRATION_USER_AGENT, LOGGING_HANDLER_USER_AGENT, USER_AGENT

    assert default_user_agent() == USER_AGENT and API_VERSION == "0.6.0"
    assert LOGGING_HANDLER_USER_AGENT.startswith(USER_AGENT) and ES_MIGRATION_USER_AGENT.startswith(USER_AGENT)
