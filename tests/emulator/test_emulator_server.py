"""HTTP behaviour: keep-alive, framing errors, response headers, control plane, internal errors, CLI."""

from __future__ import annotations

import http.client
import json
import re
import socket

import pytest

from aliyun.log.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator
from aliyun.log.emulator.__main__ import main

from .emulator_helpers import Client, error_of, make_group


def raw_exchange(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def test_defaults_and_credentials() -> None:
    emu = Emulator()
    assert emu.credentials == (DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET)
    assert emu.credentials == ("sls-emulator-dev-key", "sls-emulator-dev-secret")
    assert not emu.running
    with emu:
        assert emu.running and emu.port > 0 and emu.endpoint == f"http://127.0.0.1:{emu.port}"
    assert not emu.running
    assert Emulator(access_keys=["a:b", ("c", "d")]).credentials == ("a", "b")
    with pytest.raises(ValueError):
        Emulator(access_keys=["nocolon"])


def test_response_headers_and_keep_alive(emu: Emulator, api: Client) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=5)
    for _ in range(3):  # one connection, several requests
        conn.request("GET", "/_emulator/health")
        response = conn.getresponse()
        body = response.read()
        assert response.status == 200 and json.loads(body)["status"] == "ok"
        names = [name for name, _ in response.getheaders()]
        for name in names:  # lowercase or Title-Case only (Python SDK looks up both)
            assert name in (name.lower(), name.title()), name
        headers = {k.lower(): v for k, v in response.getheaders()}
        assert re.fullmatch(r"[0-9A-F]{24}", headers["x-log-requestid"])
        assert headers["server"] == "AliyunSLS" and headers["x-log-time"].isdigit()
        assert headers["content-type"] == "application/json" and headers["date"].endswith(" GMT")
        assert int(headers["content-length"]) == len(body)
    conn.close()
    ids = {api.request("GET", "/").headers["x-log-requestid"] for _ in range(5)}
    assert len(ids) == 5


def test_chunked_body_needs_content_length(emu: Emulator) -> None:
    answer = raw_exchange(
        emu.port,
        b"POST /logstores HTTP/1.1\r\nHost: p.127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    )
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 411 ")
    assert json.loads(body)["errorCode"] == "MissingContentLength"


def test_malformed_request_line(emu: Emulator) -> None:
    answer = raw_exchange(emu.port, b"NONSENSE\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400 ")


def test_expect_continue(emu: Emulator, api: Client) -> None:
    api.create_logstore("expect", shard_count=1)
    response = api.put("expect", make_group(), headers={"Expect": "100-continue"})
    assert response.status_code == 200


def test_reset_control_plane() -> None:
    with Emulator() as emu:
        api = Client(emu.endpoint, *emu.credentials, project="to-be-reset")
        api.create_project("to-be-reset")
        api.create_logstore("ls-reset", shard_count=1)
        api.ok(api.put("ls-reset", make_group()))
        health = api.session.get(emu.endpoint + "/_emulator/health").json()
        assert health["projects"] == 1 and health["logGroups"] == 1 and health["storage"] == "memory"
        # the control plane needs a signed request (no --allow-unsigned-control here), even from loopback
        assert error_of(api.session.post(emu.endpoint + "/_emulator/reset"))[0] in (400, 401)
        assert api.ok(api.request("GET", "/")).json()["projectName"] == "to-be-reset"
        api.ok(api.request("POST", "/_emulator/reset", project=None))
        assert error_of(api.request("GET", "/")) == (404, "ProjectNotExist")
        api.create_project("to-be-reset")  # and the emulator is usable again
        emu.reset()
        assert api.ok(api.request("GET", "/", project=None)).json()["total"] == 0
        api.close()


def test_unexpected_exception_is_a_500_with_error_body(emu: Emulator, api: Client, monkeypatch, caplog) -> None:
    from aliyun.log.emulator.handlers import logstores

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(logstores, "normalise", boom)
    with caplog.at_level("ERROR", logger="aliyun.log.emulator"):
        response = api.request("POST", "/logstores", json_body={"logstoreName": "boom", "ttl": 1, "shardCount": 1})
    assert error_of(response) == (500, "InternalServerError")
    assert any("unexpected error" in r.getMessage() for r in caplog.records)


def test_in_memory_and_data_dir_modes(tmp_path) -> None:
    for kwargs in ({}, {"data_dir": str(tmp_path / "data")}):
        with Emulator(**kwargs) as emu:
            api = Client(emu.endpoint, *emu.credentials, project="mode-project")
            api.create_project("mode-project")
            api.create_logstore("mode-ls", shard_count=1)
            api.ok(api.put("mode-ls", make_group([{"m": "1"}])))
            assert len(api.pull_all("mode-ls", 0)) == 1
            api.close()
    # the data dir is reloaded, a second emulator cannot open it while the first runs
    with Emulator(data_dir=str(tmp_path / "data")) as emu:
        api = Client(emu.endpoint, *emu.credentials, project="mode-project")
        assert len(api.pull_all("mode-ls", 0)) == 1
        from aliyun.log.emulator.storage import StorageError

        with pytest.raises(StorageError, match="in use"):
            Emulator(data_dir=str(tmp_path / "data")).start()
        api.close()


def test_incompatible_data_dir_is_refused(tmp_path) -> None:
    import sqlite3

    from aliyun.log.emulator.storage import DB_FILE_NAME, StorageError

    with Emulator(data_dir=str(tmp_path)):
        pass
    conn = sqlite3.connect(str(tmp_path / DB_FILE_NAME))
    conn.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="schema version 999"):
        Emulator(data_dir=str(tmp_path)).start()
    assert main(["--port", "0", "--data-dir", str(tmp_path)]) == 2


def test_cli_rejects_bad_access_key(capsys) -> None:
    assert main(["--port", "0", "--access-key", "broken"]) == 2
    assert "ID:SECRET" in capsys.readouterr().err
