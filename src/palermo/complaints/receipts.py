"""Receipt codes: 140 random bits the complainant keeps, stored only as a keyed HMAC.

A code is 28 characters of Crockford's base32 (no I, L, O or U), shown in groups of four. Its
entropy makes a slow hash unnecessary: nobody can try 2^140 codes, and the HMAC key (derived
from ``PALERMO_INDEX_KEY``, which is not in the database) stops anyone holding only the database
from checking a guess at all.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 28  # 28 × 5 = 140 bits
GROUP = 4
_PURPOSE = b"palermo complaints receipt code v1"
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    """``ABCD-EFGH-…`` for reading aloud and writing down."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise(typed: str) -> str:
    """What a person typed, as the code: case, spaces, dashes and look-alike letters forgiven."""
    kept = "".join(ch for ch in typed.upper() if ch.isalnum())
    return kept.translate(_READ_AS)


def _key() -> bytes:
    index_key: bytes = settings.PALERMO_INDEX_KEY
    return hmac.new(index_key, _PURPOSE, hashlib.sha256).digest()


def mac_of(code: str) -> str:
    """The stored form of a code; empty for anything that cannot be a code."""
    code = normalise(code)
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return ""
    return hmac.new(_key(), code.encode(), hashlib.sha256).hexdigest()
