"""Settings come from the environment; production settings pass Django's deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cirkular.web.settings", **env},
        cwd=ROOT,
        check=False,
    )


def test_deploy_check_is_clean_with_debug_off_and_a_secret() -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="k3#" + "a8Zq9-Lm2_pX7" * 5,
        ALLOWED_HOSTS="cirkular.example.se",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_debug_off_without_a_secret_refuses_to_start() -> None:
    result = manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_wrong_boolean_is_refused() -> None:
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "Unexpected value DEBUG='maybe'" in result.stderr


def test_defaults_are_swedish_stockholm_and_sqlite() -> None:
    from django.conf import settings as s

    assert s.LANGUAGE_CODE == "sv"
    assert s.TIME_ZONE == "Europe/Stockholm"
    assert [code for code, _ in s.LANGUAGES] == ["sv", "en"]
    if not os.environ.get("DATABASE_URL"):
        assert s.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    else:
        assert s.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_a_new_home_folder_is_created_for_sqlite(tmp_path: Path) -> None:
    home = tmp_path / "new" / "home"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "cirkular.web.settings", "CIRKULAR_HOME": str(home)},
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (home / "cirkular.sqlite3").is_file()
