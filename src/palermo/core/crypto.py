"""AES-256-GCM encryption of field values under a key ring that is not ``SECRET_KEY``.

A ciphertext is the text ``pe1.<key id>.<base64url(nonce || ciphertext+tag)>``: it names the key it
was made with, so keys can be rotated (``palermo rotate-keys``) while old records stay readable.
The field's identity (``app.Model.field``) is bound in as associated data, so a ciphertext copied
into another column does not decrypt.
"""

from __future__ import annotations

import base64
import binascii
import functools
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "pe1"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(Exception):
    """A stored value cannot be decrypted; the message says why without revealing the value."""


def key_ring() -> dict[str, bytes]:
    """The configured keys, newest first (``PALERMO_DATA_KEYS``)."""
    ring: dict[str, bytes] = settings.PALERMO_DATA_KEYS
    return ring


def current_key_id() -> str:
    return next(iter(key_ring()))


@functools.lru_cache(maxsize=16)
def _aead(key: bytes) -> AESGCM:
    # Building the cipher object costs more than sealing a short value; keyed by the key itself,
    # so a changed key ring never reuses an old one.
    return AESGCM(key)


def encrypt(plaintext: bytes, *, context: str, key_id: str | None = None) -> str:
    """Encrypt under the newest key (or ``key_id``), binding ``context`` as associated data."""
    ring = key_ring()
    key_id = key_id or current_key_id()
    if key_id not in ring:
        raise ValueError(f"key {key_id!r} is not in PALERMO_DATA_KEYS; cannot encrypt with it.")
    nonce = os.urandom(NONCE_BYTES)
    sealed = _aead(ring[key_id]).encrypt(nonce, plaintext, context.encode())
    body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return f"{PREFIX}.{key_id}.{body}"


def key_id_of(token: str) -> str:
    """The key id a ciphertext names, without decrypting it."""
    prefix, _, rest = token.partition(".")
    key_id, dot, _body = rest.partition(".")
    if prefix != PREFIX or not dot:
        raise DecryptionError("stored value is not a palermo ciphertext (was it written in clear?)")
    return key_id


def decrypt(token: str, *, context: str) -> bytes:
    key_id = key_id_of(token)
    ring = key_ring()
    if key_id not in ring:
        raise DecryptionError(
            f"a value in {context} was encrypted with key {key_id!r}, which is not in "
            "PALERMO_DATA_KEYS; add that key back to the ring (after the newest one)."
        )
    body = token.split(".", 2)[2]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise DecryptionError(f"a value in {context} is damaged (bad encoding).") from None
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError(f"a value in {context} is damaged (too short).")
    nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    try:
        return _aead(ring[key_id]).decrypt(nonce, sealed, context.encode())
    except InvalidTag:
        raise DecryptionError(
            f"a value in {context} does not decrypt with key {key_id!r}: either that key in "
            "PALERMO_DATA_KEYS is not the one the data was written with, or the value was altered."
        ) from None


def reencrypt(token: str, *, context: str) -> str:
    """The same plaintext under the newest key; the plaintext never leaves this function."""
    return encrypt(decrypt(token, context=context), context=context)
