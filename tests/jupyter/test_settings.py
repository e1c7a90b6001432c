"""The ``[__jupyter_magic__]`` section of ``~/.aliyunlogcli``: read, written in place, the rest of the file kept."""

from __future__ import annotations

import configparser
import os
import stat
from pathlib import Path

import pytest

pytest.importorskip("IPython", reason="the Jupyter extension needs IPython (the [jupyter] extra)")
pytest.importorskip("pandas", reason="the Jupyter extension needs pandas (the [jupyter] extra)")

from aliyun.log.ext.jupyter.settings import (
    MagicSettings,
    SettingsFileError,
    load_settings,
    save_settings,
    settings_path,
)

SETTINGS = MagicSettings("cn-hangzhou.log.aliyuncs.com", "LTAIexample", "s3cr3t%value", "my-project", "web-access")


def test_a_missing_file_reads_as_empty_settings(home: Path) -> None:
    assert settings_path() == str(home / ".aliyunlogcli")
    assert load_settings() == MagicSettings()
    assert MagicSettings().missing() == ["region-endpoint", "access-id", "access-key", "project", "logstore"]


def test_saved_settings_read_back_with_the_reference_key_names(home: Path) -> None:
    save_settings(SETTINGS)
    assert load_settings() == SETTINGS
    parser = configparser.RawConfigParser()
    parser.read(home / ".aliyunlogcli")
    assert dict(parser["__jupyter_magic__"]) == {
        "region-endpoint": "cn-hangzhou.log.aliyuncs.com", "access-id": "LTAIexample",
        "access-key": "s3cr3t%value", "project": "my-project", "logstore": "web-access"}
    assert stat.S_IMODE(os.stat(home / ".aliyunlogcli").st_mode) == 0o600


def test_saving_keeps_other_sections_comments_and_unknown_keys(home: Path) -> None:
    original = (
        "# accounts of the CLI\n"
        "[main]\n"
        "access-id = main-id\n"
        "access-key = main-key  ; keep me\n"
        "\n"
        "[__jupyter_magic__]\n"
        "# the notebook account\n"
        "project = old-project\n"
        "extra-setting = kept\n"
        "project = duplicate\n"
        "\n"
        "[__logging__]\n"
        "level = info\n"
    )
    (home / ".aliyunlogcli").write_text(original)
    save_settings(SETTINGS)
    text = (home / ".aliyunlogcli").read_text()
    assert text.startswith("# accounts of the CLI\n[main]\naccess-id = main-id\naccess-key = main-key  ; keep me\n")
    assert "# the notebook account\nproject = my-project\nextra-setting = kept\n" in text
    assert "duplicate" not in text and "old-project" not in text
    assert text.endswith("logstore = web-access\n\n[__logging__]\nlevel = info\n")
    assert load_settings() == SETTINGS
    save_settings(SETTINGS)  # idempotent
    assert (home / ".aliyunlogcli").read_text() == text


def test_missing_keys_read_as_empty(home: Path) -> None:
    (home / ".aliyunlogcli").write_text("[__jupyter_magic__]\nproject = p1\n")
    settings = load_settings()
    assert settings == MagicSettings(project="p1")
    assert "access-key" in settings.missing() and "project" not in settings.missing()


def test_a_broken_file_is_a_one_line_error(home: Path) -> None:
    (home / ".aliyunlogcli").write_text("no section header\n")
    with pytest.raises(SettingsFileError, match=r"cannot read .*\.aliyunlogcli") as info:
        load_settings()
    assert "\n" not in str(info.value)


def test_values_must_be_one_line_and_secrets_stay_out_of_repr(home: Path) -> None:
    with pytest.raises(ValueError, match="access-key must be one line"):
        save_settings(MagicSettings("e", "i", "a\nb", "p", "l"))
    assert not (home / ".aliyunlogcli").exists()
    assert "s3cr3t" not in repr(SETTINGS) and "LTAIexample" in repr(SETTINGS)
