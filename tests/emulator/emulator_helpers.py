"""Helpers for the emulator tests: a signing HTTP client on ``requests``, LogGroup building / parsing with a
test-only protobuf schema (independent of the SDK codec and of the emulator), and clocks."""

from __future__ import annotations

import json
import os
import zlib
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple
from urllib.parse import urlencode, urlsplit

import lz4.block
import requests
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

from aliyun.log.auth import Credentials, SignerV1, SignerV4

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _build_classes():  # type: ignore[no-untyped-def]
    f = descriptor_pb2.FieldDescriptorProto
    pkg = "emulator_tests_pb"
    proto = descriptor_pb2.FileDescriptorProto(name=f"{pkg}.proto", package=pkg, syntax="proto2")
    log = proto.message_type.add(name="Log")
    content = log.nested_type.add(name="Content")
    content.field.add(name="Key", number=1, type=f.TYPE_STRING, label=f.LABEL_REQUIRED)
    content.field.add(name="Value", number=2, type=f.TYPE_BYTES, label=f.LABEL_REQUIRED)
    log.field.add(name="Time", number=1, type=f.TYPE_UINT32, label=f.LABEL_REQUIRED)
    log.field.add(
        name="Contents", number=2, type=f.TYPE_MESSAGE, label=f.LABEL_REPEATED, type_name=f".{pkg}.Log.Content"
    )
    log.field.add(name="Time_ns", number=4, type=f.TYPE_FIXED32, label=f.LABEL_OPTIONAL)
    tag = proto.message_type.add(name="LogTag")
    tag.field.add(name="Key", number=1, type=f.TYPE_STRING, label=f.LABEL_REQUIRED)
    tag.field.add(name="Value", number=2, type=f.TYPE_STRING, label=f.LABEL_REQUIRED)
    group = proto.message_type.add(name="LogGroup")
    group.field.add(name="Logs", number=1, type=f.TYPE_MESSAGE, label=f.LABEL_REPEATED, type_name=f".{pkg}.Log")
    group.field.add(name="Reserved", number=2, type=f.TYPE_STRING, label=f.LABEL_OPTIONAL)
    group.field.add(name="Topic", number=3, type=f.TYPE_STRING, label=f.LABEL_OPTIONAL)
    group.field.add(name="Source", number=4, type=f.TYPE_STRING, label=f.LABEL_OPTIONAL)
    group.field.add(name="LogTags", number=6, type=f.TYPE_MESSAGE, label=f.LABEL_REPEATED, type_name=f".{pkg}.LogTag")
    glist = proto.message_type.add(name="LogGroupList")
    glist.field.add(
        name="LogGroups", number=1, type=f.TYPE_MESSAGE, label=f.LABEL_REPEATED, type_name=f".{pkg}.LogGroup"
    )
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    get = lambda name: message_factory.GetMessageClass(pool.FindMessageTypeByName(f"{pkg}.{name}"))  # noqa: E731
    return get("LogGroup"), get("LogGroupList")


LogGroup, LogGroupList = _build_classes()


def make_group(
    logs: Sequence[Dict[str, Any]] = ({"key": "value"},),
    *,
    time: int = 1700000000,
    topic: Optional[str] = None,
    source: Optional[str] = None,
    tags: Sequence[Tuple[str, str]] = (),
) -> bytes:
    """A serialized LogGroup; each log is a dict of contents, all logs at ``time``."""
    group = LogGroup()
    for item in logs:
        log = group.Logs.add()
        log.Time = time
        for key, value in item.items():
            content = log.Contents.add()
            content.Key = key
            content.Value = value.encode("utf-8") if isinstance(value, str) else value
    if topic is not None:
        group.Topic = topic
    if source is not None:
        group.Source = source
    for key, value in tags:
        tag = group.LogTags.add()
        tag.Key = key
        tag.Value = value
    return group.SerializeToString()


def compress(data: bytes, compress_type: str) -> bytes:
    if compress_type == "lz4":
        return lz4.block.compress(data, store_size=False)
    if compress_type == "zstd":
        import zstandard

        return zstandard.ZstdCompressor(level=1).compress(data)
    if compress_type == "deflate":
        return zlib.compress(data)
    assert compress_type == ""
    return data


def decompress(data: bytes, compress_type: Optional[str], raw_size: int) -> bytes:
    if not compress_type:
        return data
    if compress_type == "lz4":
        return lz4.block.decompress(data, uncompressed_size=raw_size)
    if compress_type == "zstd":
        import zstandard

        return zstandard.ZstdDecompressor().decompress(data, max_output_size=raw_size)
    if compress_type == "deflate":
        return zlib.decompress(data)
    raise AssertionError(compress_type)


def group_contents(group: Any) -> List[Dict[str, str]]:
    return [{c.Key: c.Value.decode("utf-8") for c in log.Contents} for log in group.Logs]


class Clock:
    """A settable clock: ``clock()`` returns ``clock.now``."""

    def __init__(self, now: float) -> None:
        self.now = float(now)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Client:
    """Signs requests with the SDK's signers and sends them with ``requests`` (Host = ``<project>.<host>``)."""

    def __init__(
        self,
        endpoint: str,
        access_key_id: str,
        access_key_secret: str,
        *,
        project: Optional[str] = None,
        signer: Any = None,
        clock: Any = None,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.hostname = urlsplit(endpoint).hostname or "127.0.0.1"
        self.credentials = Credentials(access_key_id, access_key_secret)
        self.project = project
        self.signer = signer or SignerV1()
        self.clock = clock
        self.session = requests.Session()

    def close(self) -> None:
        self.session.close()

    def v4(self, region: str = "cn-hangzhou") -> Client:
        other = Client(
            self.endpoint,
            self.credentials.access_key_id,
            self.credentials.access_key_secret,
            project=self.project,
            signer=SignerV4(region),
            clock=self.clock,
        )
        return other

    def request(
        self,
        method: str,
        path: str,
        params: Optional[Dict[str, str]] = None,
        body: bytes = b"",
        *,
        json_body: Any = None,
        headers: Optional[Dict[str, str]] = None,
        project: Any = ...,
        compress_type: Optional[str] = None,
        now: Optional[float] = None,
        host: Optional[str] = None,
    ) -> requests.Response:
        project = self.project if project is ... else project
        hdrs: Dict[str, str] = {
            "Host": host or (f"{project}.{self.hostname}" if project else self.hostname),
            "x-log-apiversion": "0.6.0",
        }
        if json_body is not None:
            body = json.dumps(json_body).encode("utf-8")
            hdrs["Content-Type"] = "application/json"
        if compress_type:
            raw = body
            body = compress(raw, compress_type)
            hdrs["x-log-compresstype"] = compress_type
            hdrs["x-log-bodyrawsize"] = str(len(raw))
        else:
            hdrs["x-log-bodyrawsize"] = str(len(body))
        hdrs.update(headers or {})
        params = {k: str(v) for k, v in (params or {}).items()}
        if now is None and self.clock is not None:
            now = self.clock()
        self.signer.sign(method, path, params, hdrs, body, self.credentials, now)
        url = self.endpoint + path + ("?" + urlencode(params) if params else "")
        send: Dict[str, Any] = dict(hdrs)
        send.setdefault("Accept-Encoding", None)  # no requests default ("gzip, deflate") unless asked
        return self.session.request(method, url, data=body, headers=send, timeout=30)

    # Resource helpers ----------------------------------------------------------------------------------------------

    def ok(self, response: requests.Response) -> requests.Response:
        assert response.status_code == 200, (response.status_code, response.text)
        return response

    def create_project(self, name: str, description: str = "") -> None:
        self.ok(self.request("POST", "/", json_body={"projectName": name, "description": description}, project=name))

    def create_logstore(self, name: str, shard_count: int = 2, **fields: Any) -> None:
        body = {"logstoreName": name, "ttl": 30, "shardCount": shard_count}
        body.update(fields)
        self.ok(self.request("POST", "/logstores", json_body=body))

    def shards(self, logstore: str) -> List[Dict[str, Any]]:
        return self.ok(self.request("GET", f"/logstores/{logstore}/shards")).json()

    def put(
        self,
        logstore: str,
        group: bytes,
        *,
        compress_type: Optional[str] = "lz4",
        key: Optional[str] = None,
        headers: Optional[Dict[str, str]] = None,
    ) -> requests.Response:
        path = f"/logstores/{logstore}/shards/" + ("route" if key is not None else "lb")
        params = {"key": key} if key is not None else None
        hdrs = {"Content-Type": "application/x-protobuf"}
        hdrs.update(headers or {})
        return self.request("POST", path, params, group, headers=hdrs, compress_type=compress_type)

    def cursor(self, logstore: str, shard: int, position: Any = "begin") -> str:
        response = self.ok(
            self.request("GET", f"/logstores/{logstore}/shards/{shard}", {"type": "cursor", "from": str(position)})
        )
        return response.json()["cursor"]

    def pull_raw(
        self,
        logstore: str,
        shard: int,
        cursor: str,
        count: int = 1000,
        end_cursor: Optional[str] = None,
        accept: Optional[str] = "lz4",
        type_: str = "log",
    ) -> requests.Response:
        params = {"type": type_, "cursor": cursor, "count": str(count)}
        if end_cursor is not None:
            params["end_cursor"] = end_cursor
        headers = {"Accept": "application/x-protobuf"}
        if accept is not None:
            headers["Accept-Encoding"] = accept
        return self.request("GET", f"/logstores/{logstore}/shards/{shard}", params, headers=headers)

    def pull(self, logstore: str, shard: int, cursor: str, **kwargs: Any) -> Tuple[List[Any], requests.Response]:
        response = self.ok(self.pull_raw(logstore, shard, cursor, **kwargs))
        raw_size = int(response.headers["x-log-bodyrawsize"])
        if raw_size == 0:
            assert response.content == b""
            return [], response
        data = decompress(response.content, response.headers.get("x-log-compresstype"), raw_size)
        assert len(data) == raw_size
        groups = list(LogGroupList.FromString(data).LogGroups)
        assert len(groups) == int(response.headers["x-log-count"])
        return groups, response

    def pull_all(self, logstore: str, shard: int) -> List[Any]:
        cursor = self.cursor(logstore, shard, "begin")
        end = self.cursor(logstore, shard, "end")
        out: List[Any] = []
        while cursor != end:
            groups, response = self.pull(logstore, shard, cursor, end_cursor=end)
            out.extend(groups)
            cursor = response.headers["x-log-cursor"]
        return out


def error_of(response: requests.Response) -> Tuple[int, str]:
    """``(status, errorCode)`` of an error answer (asserting the error body's shape)."""
    body = response.json()
    assert set(body) >= {"errorCode", "errorMessage", "requestId"}, body
    assert body["requestId"] == response.headers["x-log-requestid"]
    return response.status_code, body["errorCode"]


def vectors_file() -> str:
    """The shared signature vectors: tests/unit/data copy first, then $SLS_SHARED_DIR, then <repo>/../shared."""
    candidates = [os.path.join(REPO, "tests", "unit", "data", "signature_vectors.json")]
    shared = os.environ.get("SLS_SHARED_DIR")
    if shared:
        candidates += [
            os.path.join(shared, "testdata", "signature_vectors.json"),
            os.path.join(shared, "signature_vectors.json"),
        ]
    candidates.append(os.path.join(os.path.dirname(REPO), "shared", "testdata", "signature_vectors.json"))
    for path in candidates:
        if os.path.exists(path):
            return path
    raise FileNotFoundError("signature_vectors.json not found in: " + ", ".join(candidates))


def iter_groups(groups: Iterable[Any]) -> List[Dict[str, str]]:
    out: List[Dict[str, str]] = []
    for group in groups:
        out.extend(group_contents(group))
    return out
