"""Blind indexes: a keyed HMAC of a normalised value, for exact search on encrypted fields.

The index key (``PALERMO_INDEX_KEY``) is separate from the data keys. Each index has its own
purpose string mixed in, so equal values in different fields give different index values.
Never index low-entropy values (sex, year, nationality): their index would be guessable.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from django.conf import settings

DIGEST_HEX = 32  # 128 bits: collisions are negligible at any registry size


def normalise(value: str) -> str:
    """Unicode NFKC, case-folded, with ``ё`` as ``е`` and runs of whitespace and hyphens unified."""
    text = unicodedata.normalize("NFKC", value).casefold().replace("ё", "е")
    text = text.replace("-", " ").replace("\u2010", " ").replace("\u2011", " ")
    return " ".join(text.split())


def blind_index(value: str, *, purpose: str) -> str:
    """The index of ``value`` for the index named ``purpose`` (e.g. ``cases.Person.name``)."""
    key: bytes = settings.PALERMO_INDEX_KEY
    message = purpose.encode() + b"\x00" + normalise(value).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:DIGEST_HEX]
