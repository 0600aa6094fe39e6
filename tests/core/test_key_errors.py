"""A wrong or missing key stops palermo with a clear message; it never yields corrupt data."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks

from palermo.core import crypto
from palermo.core.checks import check_data_keys
from palermo.core.models import KeyCanary
from tests.testapp.models import Secret

KEY_A = base64.b64encode(b"A" * 32).decode()
KEY_B = base64.b64encode(b"B" * 32).decode()


def palermo(
    tmp_path: Path, *args: str, **overrides: str | None
) -> subprocess.CompletedProcess[str]:
    """Run the console script with production settings and nothing from this test run's env."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PALERMO_DATA_DIR": str(tmp_path),
        "PALERMO_SECRET_KEY": "s" * 60,
        "PALERMO_DATA_KEYS": f"main:{KEY_A}",
        "PALERMO_INDEX_KEY": base64.b64encode(b"i" * 32).decode(),
        "PALERMO_AUDIT_KEY": base64.b64encode(b"a" * 32).decode(),
        "PALERMO_ALLOWED_HOSTS": "palermo.example.org",
    }
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "palermo", *args],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )


def test_palermo_check_without_data_keys_stops_with_one_line_naming_the_variable(tmp_path):
    result = palermo(tmp_path, "check", PALERMO_DATA_KEYS=None)
    assert result.returncode != 0
    message = result.stderr.strip()
    assert "\n" not in message
    assert "PALERMO_DATA_KEYS is not set" in message
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("main:not-base64!", "PALERMO_DATA_KEYS (key 'main') is not valid base64"),
        (f"main:{base64.b64encode(b'short').decode()}", "decodes to 5 bytes"),
        (KEY_A, "entry 1 is not of the form id:base64key"),
        (f"main:{KEY_A},main:{KEY_B}", "key id 'main' appears twice"),
    ],
)
def test_palermo_check_with_a_malformed_key_ring_says_what_is_wrong(tmp_path, value, expected):
    result = palermo(tmp_path, "check", PALERMO_DATA_KEYS=value)
    assert result.returncode != 0
    assert expected in result.stderr
    assert "\n" not in result.stderr.strip()


def test_palermo_refuses_to_start_when_a_key_changed_under_the_same_id(tmp_path):
    migrated = palermo(tmp_path, "migrate", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    assert palermo(tmp_path, "check").returncode == 0

    result = palermo(tmp_path, "check", PALERMO_DATA_KEYS=f"main:{KEY_B}")
    assert result.returncode != 0
    assert "palermo.E001" in result.stderr
    assert "key 'main' in PALERMO_DATA_KEYS is not the key that data was encrypted with" in (
        result.stderr
    )


def test_a_changed_key_is_a_critical_startup_error_naming_the_key(db, settings):
    settings.PALERMO_DATA_KEYS = {"k2": settings.PALERMO_DATA_KEYS["k2"], "k1": b"c" * 32}
    messages = check_data_keys()
    assert [(m.level, m.id) for m in messages] == [(checks.CRITICAL, "palermo.E001")]
    assert "'k1'" in messages[0].msg
    assert any(m.id == "palermo.E001" for m in checks.run_checks())


def test_a_key_removed_while_data_may_use_it_is_a_critical_startup_error(db, settings):
    settings.PALERMO_DATA_KEYS = {"k2": settings.PALERMO_DATA_KEYS["k2"]}
    messages = check_data_keys()
    assert [m.id for m in messages] == ["palermo.E001"]
    assert "'k1', which is missing from PALERMO_DATA_KEYS" in messages[0].msg


def test_the_right_keys_pass_the_startup_check(db):
    assert check_data_keys() == []


def test_a_new_newest_key_is_recorded_by_the_first_startup_check(db, settings):
    ring = dict(settings.PALERMO_DATA_KEYS)
    settings.PALERMO_DATA_KEYS = {"k9": b"9" * 32, **ring}
    assert check_data_keys() == []
    assert KeyCanary.objects.filter(key_id="k9").exists()
    # A second process given other bytes under the same id is refused before it writes.
    settings.PALERMO_DATA_KEYS = {"k9": b"8" * 32, **ring}
    assert ["'k9'" in m.msg for m in check_data_keys()] == [True]


def test_reading_a_value_whose_key_is_not_in_the_ring_raises_a_clear_decryption_error(
    org_a, settings
):
    k1 = settings.PALERMO_DATA_KEYS["k1"]
    settings.PALERMO_DATA_KEYS = {"k1": k1}
    secret = Secret.objects.create(organisation=org_a, name="Мария Кузнецова")
    settings.PALERMO_DATA_KEYS = {"k2": b"d" * 32}
    with pytest.raises(crypto.DecryptionError) as caught:
        Secret.objects.get(pk=secret.pk)
    message = str(caught.value)
    assert "testapp.Secret.name was encrypted with key 'k1'" in message
    assert "not in PALERMO_DATA_KEYS" in message
    assert "Мария" not in message


def test_a_wrong_key_under_the_right_id_raises_instead_of_returning_garbage(org_a, settings):
    secret = Secret.objects.create(organisation=org_a, name="Мария Кузнецова")
    settings.PALERMO_DATA_KEYS = {"k2": b"e" * 32}
    with pytest.raises(crypto.DecryptionError, match="does not decrypt with key 'k2'"):
        Secret.objects.get(pk=secret.pk)
