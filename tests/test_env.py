"""Configuration helpers fail loudly, naming the variable and the fix."""

import base64

import pytest

from palermo import env

KEY = base64.b64encode(b"k" * 32).decode()


def test_missing_required_value_names_the_variable():
    with pytest.raises(env.ConfigError, match="PALERMO_AUDIT_KEY is not set"):
        env.required("PALERMO_AUDIT_KEY", "Set it.", environ={})


def test_value_can_come_from_a_file(tmp_path):
    secret = tmp_path / "key"
    secret.write_text(KEY + "\n")
    assert env.raw("X", environ={"X_FILE": str(secret)}) == KEY


def test_unreadable_file_is_reported(tmp_path):
    with pytest.raises(env.ConfigError, match="X_FILE=.*cannot be read"):
        env.raw("X", environ={"X_FILE": str(tmp_path / "absent")})


def test_value_and_file_together_are_refused(tmp_path):
    with pytest.raises(env.ConfigError, match="both set"):
        env.raw("X", environ={"X": "1", "X_FILE": str(tmp_path)})


@pytest.mark.parametrize("text,expected", [("1", True), ("yes", True), ("off", False)])
def test_booleans(text, expected):
    assert env.boolean("B", default=not expected, environ={"B": text}) is expected


def test_bad_boolean_is_refused():
    with pytest.raises(env.ConfigError, match="B='maybe' is not a boolean"):
        env.boolean("B", default=False, environ={"B": "maybe"})


def test_bad_integer_is_refused():
    with pytest.raises(env.ConfigError, match="not a whole number"):
        env.integer("N", default=1, environ={"N": "five"})
    with pytest.raises(env.ConfigError, match="below the minimum"):
        env.integer("N", default=1, minimum=1, environ={"N": "0"})


def test_wildcard_host_is_refused():
    with pytest.raises(env.ConfigError, match="may not contain"):
        env.host_list("H", default=[], environ={"H": "example.org,*"})


def test_key_ring_keeps_order_newest_first():
    other = base64.b64encode(b"o" * 32).decode()
    ring = env.key_ring("R", f"new:{KEY}, old:{other}")
    assert list(ring) == ["new", "old"]
    assert ring["new"] == b"k" * 32


@pytest.mark.parametrize(
    "value,message",
    [
        ("nocolon", "not of the form id:base64key"),
        (f"a:{KEY},a:{KEY}", "appears twice"),
        ("a:not-base64!", "not valid base64"),
        (f"a:{base64.b64encode(b'short').decode()}", "decodes to 5 bytes"),
        (f"bad.id:{KEY}", "may hold only letters"),
    ],
)
def test_bad_key_rings_are_refused(value, message):
    with pytest.raises(env.ConfigError, match=message):
        env.key_ring("PALERMO_DATA_KEYS", value)
