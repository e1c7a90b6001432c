"""Objects end to end: bytes and text, content type, ETag, user metadata, nested names, errors."""

from __future__ import annotations

import hashlib
from typing import Callable

import pytest

from aliyun.log import LogClient, LogException


def test_put_and_get_round_trip(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    content = bytes(range(256)) * 10
    put = client.put_object(project, logstore, "images/2024/cat one.png", content,
                            {"Content-Type": "image/png", "x-log-meta-owner": "ops"})
    assert put.get_etag() == hashlib.md5(content).hexdigest().upper()
    got = client.get_object(project, logstore, "images/2024/cat one.png")
    assert got.get_body() == content and got.get_content_type() == "image/png"
    assert got.get_etag() == put.get_etag() and got.get_headers()["x-log-meta-owner"] == "ops"
    client.put_object(project, logstore, "note.txt", "héllo")
    text = client.get_object(project, logstore, "note.txt")
    assert text.get_body() == "héllo".encode() and text.get_content_type() == "application/octet-stream"
    client.put_object(project, logstore, "note.txt", b"v2")  # overwrite
    assert client.get_object(project, logstore, "note.txt").get_body() == b"v2"


def test_errors(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    with pytest.raises(LogException) as info:
        client.get_object(project, logstore, "missing.bin")
    assert info.value.get_error_code() == "ObjectNotExist"
    with pytest.raises(LogException) as info:
        client.put_object(project, "no-such-store", "a", b"x")
    assert info.value.get_error_code() == "LogStoreNotExist"
    with pytest.raises(LogException) as info:
        client.put_object(project, logstore, "a", 12345)  # type: ignore[arg-type]
    assert info.value.get_error_code() == "InvalidArgument"
