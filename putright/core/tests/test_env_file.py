"""The demo's var/local.env: read once at start, never over the environment, and a bad line is named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from putright.env import load_env_file


def test_values_fill_only_what_the_environment_leaves_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUTRIGHT_TEST_SET", "from the environment")
    monkeypatch.delenv("PUTRIGHT_TEST_UNSET", raising=False)
    env_file = tmp_path / "local.env"
    env_file.write_text("# a comment\n\nPUTRIGHT_TEST_SET=from the file\nPUTRIGHT_TEST_UNSET = kept = whole\n")

    load_env_file(env_file)

    assert os.environ["PUTRIGHT_TEST_SET"] == "from the environment"
    assert os.environ["PUTRIGHT_TEST_UNSET"] == "kept = whole"
    monkeypatch.delenv("PUTRIGHT_TEST_UNSET")


def test_a_missing_file_is_fine(tmp_path: Path) -> None:
    load_env_file(tmp_path / "absent.env")


def test_a_line_without_a_name_says_where(tmp_path: Path) -> None:
    env_file = tmp_path / "local.env"
    env_file.write_text("DEBUG=1\nthis is not a setting\n")
    with pytest.raises(ImproperlyConfigured, match=r"line 2: expected NAME=value"):
        load_env_file(env_file)
