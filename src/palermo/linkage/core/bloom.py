"""Privacy-preserving encodings of a record: keyed Bloom filters of the name keys (Schnell,
Bachteler and Reiher 2009) and keyed hashes of the rest, so a coordinator can link lists whose
holders may not share names, without learning a name.

Each name key (from ``names.name_keys``: the same key whatever the script) is cut into padded
bigrams; each bigram sets ``k`` of the filter's ``l = 1024`` bits. The bit positions come from
HMAC-SHA256 of the bigram under a key derived from the shared secret and the field ("random
hashing", which Schnell and Borgs recommend over the double hashing of the 2009 paper because the
latter leaks through its regular bit patterns); ``k`` per field is that field's weight. Birth
date, year, sex and citizenship are compared for equality only, so they travel as keyed hashes
(HMAC-SHA256, 64 bits). Without the secret, neither can be turned back into names or dates by
trying candidates.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from palermo.linkage.core.features import record_keys
from palermo.linkage.core.records import Record

FILTER_BITS = 1024
FILTER_BYTES = FILTER_BITS // 8
# Hash functions per bigram: the field's weight. Given and family names carry the identity;
# the patronymic, often missing or recorded differently, weighs less.
FIELD_HASHES = {"given": 20, "family": 20, "patronymic": 10}
HASH_HEX = 16  # 64 bits: collisions among a country's records are negligible
MINIMUM_SECRET_BYTES = 16
SCHEME = "palermo-bloom-1"


class KeyFileError(ValueError):
    """A key file that does not hold one base64 secret of at least 16 bytes."""


def read_key(path: str | Path) -> bytes:
    """The shared secret: one line of base64 (whitespace ignored), at least 16 bytes decoded."""
    path = Path(path)
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise KeyFileError(f"{path.name}: no such key file") from None
    except (UnicodeDecodeError, OSError):
        raise KeyFileError(f"{path.name}: not a readable base64 key file") from None
    try:
        secret = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise KeyFileError(f"{path.name}: the key is not base64") from None
    if len(secret) < MINIMUM_SECRET_BYTES:
        raise KeyFileError(
            f"{path.name}: the key holds {len(secret)} bytes, fewer than {MINIMUM_SECRET_BYTES}"
        )
    return secret


@lru_cache(maxsize=64)
def derive(secret: bytes, purpose: str) -> bytes:
    """A separate key per purpose, so one field's encoding says nothing about another's."""
    return hmac.new(secret, f"{SCHEME}:{purpose}".encode(), hashlib.sha256).digest()


def key_check(secret: bytes) -> str:
    """A short fingerprint of the secret: files encoded with different secrets cannot be linked,
    and this lets the coordinator tell, without learning the secret."""
    return derive(secret, "key-check").hex()[:HASH_HEX]


def bigrams(text: str) -> list[str]:
    """The padded bigrams of ``text``: "ali" → " a", "al", "li", "i " (none for empty text)."""
    if not text:
        return []
    padded = f" {text} "
    return [padded[i : i + 2] for i in range(len(padded) - 1)]


def positions(token: str, field_key: bytes, hashes: int, bits: int = FILTER_BITS) -> list[int]:
    """The ``hashes`` bit positions of one token: HMAC-SHA256 output read as 16-bit integers
    modulo ``bits`` (extended with a counter when more than 16 positions are needed)."""
    found: list[int] = []
    block = 0
    while len(found) < hashes:
        digest = hmac.new(field_key, f"{block}:{token}".encode(), hashlib.sha256).digest()
        for start in range(0, len(digest), 2):
            found.append(int.from_bytes(digest[start : start + 2], "big") % bits)
            if len(found) == hashes:
                break
        block += 1
    return found


def bloom_filter(tokens: list[str], field_key: bytes, hashes: int, bits: int = FILTER_BITS) -> int:
    """The Bloom filter of ``tokens`` as an integer whose bit *i* is the filter's position *i*."""
    value = 0
    for token in tokens:
        for position in positions(token, field_key, hashes, bits):
            value |= 1 << position
    return value


def dice(a: int, b: int) -> float:
    """The Dice coefficient of two filters: 2|A∩B| / (|A| + |B|); 0 when both are empty."""
    total = a.bit_count() + b.bit_count()
    return 2 * (a & b).bit_count() / total if total else 0.0


def to_text(value: int) -> str:
    return base64.b64encode(value.to_bytes(FILTER_BYTES, "big")).decode("ascii")


def from_text(text: str) -> int:
    raw = base64.b64decode(text, validate=True)
    if len(raw) != FILTER_BYTES:
        raise ValueError(f"a filter of {len(raw)} bytes, not {FILTER_BYTES}")
    return int.from_bytes(raw, "big")


@lru_cache(maxsize=200_000)
def field_filter(secret: bytes, field: str, key: str) -> int:
    """The filter of one name key in one field (computed once per distinct key)."""
    return bloom_filter(bigrams(key), derive(secret, field), FIELD_HASHES[field])


def keyed_hash(secret: bytes, purpose: str, value: str) -> str:
    """A keyed hash of a value compared only for equality; empty for an unknown value."""
    if not value:
        return ""
    return hmac.new(derive(secret, purpose), value.encode(), hashlib.sha256).hexdigest()[:HASH_HEX]


@dataclass(frozen=True, slots=True)
class EncodedRecord:
    """A record as the coordinator sees it: its id and list, filters and keyed hashes only.

    Filters are integers (0 when the field is empty); hashes are hex strings ("" when unknown).
    ``given_hash`` and ``family_hash`` share one key so a swapped given and family name shows.
    """

    list_name: str
    record_id: str
    given: int
    family: int
    patronymic: int
    given_hash: str
    family_hash: str
    patronymic_hash: str
    birth_year: str
    birth_year_next: str
    birth_date: str
    birth_date_swapped: str
    birth_year_month: str
    birth_month_day: str
    sex: str
    citizenship: str


def _swapped(birth: date | None) -> str:
    if birth is None or birth.day > 12 or birth.day == birth.month:
        return ""
    return f"{birth.year:04d}-{birth.day:02d}-{birth.month:02d}"


def encode(record: Record, secret: bytes) -> EncodedRecord:
    """Encode one record with the shared secret; nothing but ``record_id`` stays in clear."""
    keys = record_keys(record)
    year = record.birth_year
    birth = record.birth_date
    return EncodedRecord(
        list_name=record.list_name,
        record_id=record.record_id,
        given=field_filter(secret, "given", keys.given),
        family=field_filter(secret, "family", keys.family),
        patronymic=field_filter(secret, "patronymic", keys.patronymic),
        given_hash=keyed_hash(secret, "name", keys.given),
        family_hash=keyed_hash(secret, "name", keys.family),
        patronymic_hash=keyed_hash(secret, "patronymic", keys.patronymic),
        birth_year=keyed_hash(secret, "year", str(year) if year else ""),
        birth_year_next=keyed_hash(secret, "year", str(year + 1) if year else ""),
        birth_date=keyed_hash(secret, "date", birth.isoformat() if birth else ""),
        birth_date_swapped=keyed_hash(secret, "date", _swapped(birth)),
        birth_year_month=keyed_hash(secret, "year-month", birth.isoformat()[:7] if birth else ""),
        birth_month_day=keyed_hash(secret, "month-day", birth.isoformat()[5:] if birth else ""),
        sex=keyed_hash(secret, "sex", record.sex),
        citizenship=keyed_hash(secret, "citizenship", record.citizenship),
    )
