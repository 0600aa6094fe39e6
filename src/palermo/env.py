"""Reading configuration from the environment: every helper fails loudly on a bad value.

Each variable may also be given as ``NAME_FILE``, the path of a file holding the value
(for Docker/systemd secrets). Nothing here imports Django, so settings can use it freely.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Mapping
from pathlib import Path


class ConfigError(Exception):
    """A configuration value is missing or malformed; the message says which and how to fix it."""


def raw(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The value of ``name`` or of the file named by ``name_FILE``; None when neither is set."""
    env = os.environ if environ is None else environ
    value = env.get(name)
    file_name = env.get(f"{name}_FILE")
    if value is not None and file_name is not None:
        raise ConfigError(f"{name} and {name}_FILE are both set; set only one.")
    if file_name is not None:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE={file_name!r} cannot be read: {exc.strerror}.") from exc
    if value is None or value.strip() == "":
        return None
    return value.strip()


def required(name: str, hint: str, environ: Mapping[str, str] | None = None) -> str:
    value = raw(name, environ)
    if value is None:
        raise ConfigError(f"{name} is not set. {hint}")
    return value


def boolean(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    value = raw(name, environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={value!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def integer(
    name: str, default: int, minimum: int = 0, environ: Mapping[str, str] | None = None
) -> int:
    value = raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a whole number.") from None
    if number < minimum:
        raise ConfigError(f"{name}={number} is below the minimum of {minimum}.")
    return number


def host_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    value = raw(name, environ)
    if value is None:
        return default
    hosts = [h.strip() for h in value.split(",") if h.strip()]
    if not hosts:
        raise ConfigError(f"{name} is set but names no host.")
    if "*" in hosts:
        raise ConfigError(f"{name} may not contain '*'; list the host names palermo is served on.")
    return hosts


def secret_bytes(name: str, value: str, *, length: int = 32) -> bytes:
    """Decode a base64 secret of exactly ``length`` bytes (how the key variables are written)."""
    try:
        key = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ConfigError(f"{name} is not valid base64.") from None
    if len(key) != length:
        raise ConfigError(
            f"{name} decodes to {len(key)} bytes; it must be {length} random bytes, "
            "base64-encoded (generate one with: "
            f"openssl rand -base64 {length})."
        )
    return key


def key_ring(name: str, value: str) -> dict[str, bytes]:
    """Parse ``id:base64key,id:base64key`` (newest first) into an ordered ``{id: key}``."""
    ring: dict[str, bytes] = {}
    for position, item in enumerate(value.split(","), start=1):
        item = item.strip()
        key_id, sep, encoded = item.partition(":")
        if not sep or not key_id or not encoded:
            raise ConfigError(f"{name}: entry {position} is not of the form id:base64key.")
        if not key_id.isascii() or not key_id.replace("-", "").replace("_", "").isalnum():
            raise ConfigError(
                f"{name}: key id {key_id!r} may hold only letters, digits, '-' and '_'."
            )
        if key_id in ring:
            raise ConfigError(f"{name}: key id {key_id!r} appears twice.")
        ring[key_id] = secret_bytes(f"{name} (key {key_id!r})", encoded.strip())
    return ring
