import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from kehoach.lib.env import env_bool, env_int, env_list, env_secret


def _run(env_changes, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEHOACH_")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser fixture
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "-m", "kehoach", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_env_bool_refuses_unknown_values(monkeypatch):
    monkeypatch.setenv("KEHOACH_X", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("KEHOACH_X")
    monkeypatch.setenv("KEHOACH_X", "off")
    assert env_bool("KEHOACH_X", default=True) is False


def test_env_helpers_read_lists_ints_and_secret_files(monkeypatch, tmp_path):
    monkeypatch.setenv("KEHOACH_L", "a, b,,c")
    monkeypatch.setenv("KEHOACH_I", "12")
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("KEHOACH_S_FILE", str(secret))
    assert env_list("KEHOACH_L") == ["a", "b", "c"]
    assert env_int("KEHOACH_I", 1) == 12
    assert env_secret("KEHOACH_S") == "s3cret"


@pytest.mark.slow
def test_production_without_secret_key_fails_loudly(tmp_path):
    result = _run({"KEHOACH_DEBUG": "0", "KEHOACH_DATA_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "KEHOACH_SECRET_KEY" in result.stderr


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _run(
        {
            "KEHOACH_DEBUG": "0",
            "KEHOACH_SECRET_KEY": "x" * 60 + "-Prod-9f3",
            "KEHOACH_DATA_DIR": str(tmp_path),
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
