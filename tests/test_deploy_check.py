"""``palermo check --deploy`` passes, without a single warning, under production settings."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path


def production_environment(data_dir: Path) -> dict[str, str]:
    """What an operator sets: fresh keys, the served host, a data folder; no demo, no tests."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("PALERMO_")
        and name not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
    }

    def key() -> str:
        return base64.b64encode(secrets.token_bytes(32)).decode()

    environ.update(
        PALERMO_SECRET_KEY=secrets.token_urlsafe(50),
        PALERMO_DATA_KEYS=f"2025a:{key()}",
        PALERMO_INDEX_KEY=key(),
        PALERMO_AUDIT_KEY=key(),
        PALERMO_ALLOWED_HOSTS="palermo.example.org",
        PALERMO_DATA_DIR=str(data_dir),
    )
    return environ


def run_palermo(*args: str, environ: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console script, fixed argv
        [sys.executable, "-m", "palermo", *args],
        env=environ,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_settings(tmp_path: Path) -> None:
    result = run_palermo(
        "check", "--deploy", "--fail-level", "WARNING",
        environ=production_environment(tmp_path / "var"), cwd=tmp_path,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output


def test_check_deploy_fails_without_the_keys(tmp_path: Path) -> None:
    environ = production_environment(tmp_path / "var")
    del environ["PALERMO_AUDIT_KEY"]
    result = run_palermo("check", "--deploy", environ=environ, cwd=tmp_path)
    assert result.returncode == 2
    assert "PALERMO_AUDIT_KEY is not set" in result.stderr


def test_check_deploy_warns_when_cookies_are_not_secure(tmp_path: Path) -> None:
    """The check sees what it should: demo settings on a public host do not pass."""
    environ = production_environment(tmp_path / "var")
    environ["PALERMO_DEMO"] = "1"
    result = run_palermo(
        "check", "--deploy", "--fail-level", "WARNING", environ=environ, cwd=tmp_path
    )
    assert result.returncode != 0
    assert "security.W012" in result.stdout + result.stderr  # SESSION_COOKIE_SECURE
