"""The app's one door to the pure linkage core (``palermo.linkage.core``): link records in clear
or as keyed Bloom filters, describe each scored pair by per-field agreement levels, and cluster
stored pairs after review. Plain data in and out; nothing here reads the database."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings

from palermo.linkage.core import bloom, engine
from palermo.linkage.core.clusters import BirthYear, ScoredPair, build_clusters, decided_links
from palermo.linkage.core.encoded import DICE_CLOSE, link_encoded
from palermo.linkage.core.names import name_keys
from palermo.linkage.core.records import PairKey, Record

#: Separates the Bloom-filter key from every other use of the index key.
BLOOM_CONTEXT = b"palermo.linkage bloom-filter key v1"
SEED = 1234

#: The agreement levels a reviewer sees, per field, in this order.
FIELDS = ("family_name", "given_name", "patronymic", "birth", "sex", "citizenship")


def bloom_key() -> bytes:
    """The server's Bloom-filter key: HMAC-SHA256 of a fixed context under the index key."""
    return hmac.new(settings.PALERMO_INDEX_KEY, BLOOM_CONTEXT, hashlib.sha256).digest()


@dataclass(frozen=True)
class Found:
    """A scored pair of records (by record id) with its per-field agreement levels."""

    left: str
    right: str
    probability: float
    agreement: dict[str, str]


def _same(a: str | None, b: str | None) -> str:
    if not a or not b:
        return "missing"
    return "agree" if a == b else "differ"


def _birth(a: Record, b: Record) -> str:
    if a.birth_date and b.birth_date:
        if a.birth_date == b.birth_date:
            return "date"
        return "year" if a.birth_date.year == b.birth_date.year else "differ"
    if a.birth_year and b.birth_year:
        return "year" if a.birth_year == b.birth_year else "differ"
    return "missing"


def agreement(a: Record, b: Record) -> dict[str, str]:
    """Per-field levels of two records in clear: name keys agree or differ (after
    transliteration), birth "date" / "year" / "differ", sex and citizenship; "missing" when
    either lacks the field. Levels only: never a value."""
    keys_a = name_keys(a.given_name, a.family_name, a.patronymic)
    keys_b = name_keys(b.given_name, b.family_name, b.patronymic)
    return {
        "family_name": _same(keys_a.family, keys_b.family),
        "given_name": _same(keys_a.given, keys_b.given),
        "patronymic": _same(keys_a.patronymic, keys_b.patronymic),
        "birth": _birth(a, b),
        "sex": _same(a.sex, b.sex),
        "citizenship": _same(a.citizenship, b.citizenship),
    }


def _filters(a: int, b: int) -> str:
    if not a or not b:
        return "missing"
    similarity = bloom.dice(a, b)
    if similarity == 1.0:
        return "agree"
    return "close" if similarity >= DICE_CLOSE else "differ"


def _hashes(a: str, b: str) -> str:
    return _same(a, b)


def encoded_agreement(a: bloom.EncodedRecord, b: bloom.EncodedRecord) -> dict[str, str]:
    """Per-field levels of two encoded records: the Dice similarity of the name filters
    (identical, similar, different) and equality of the keyed hashes of the rest."""
    if a.birth_date and b.birth_date and a.birth_date == b.birth_date:
        birth = "date"
    elif a.birth_year and b.birth_year:
        birth = "year" if a.birth_year == b.birth_year else "differ"
    else:
        birth = "missing"
    return {
        "family_name": _filters(a.family, b.family),
        "given_name": _filters(a.given, b.given),
        "patronymic": _filters(a.patronymic, b.patronymic),
        "birth": birth,
        "sex": _hashes(a.sex, b.sex),
        "citizenship": _hashes(a.citizenship, b.citizenship),
    }


def link(records: Sequence[Record], *, encoded: bool, threshold: float,
         review_low: float) -> list[Found]:
    """Every pair the engine scored at or above ``review_low``, with its agreement levels.

    ``encoded``: the records are first encoded with the server's key (``bloom_key``) and the
    engine links the encodings alone."""
    band = (review_low, threshold)
    if encoded:
        key = bloom_key()
        codes = [bloom.encode(record, key) for record in records]
        result = link_encoded(codes, threshold=threshold, review_band=band, seed=SEED)
        by_code = {(code.list_name, code.record_id): code for code in codes}
        return [Found(left=pair.left[1], right=pair.right[1], probability=pair.probability,
                      agreement=encoded_agreement(by_code[pair.left], by_code[pair.right]))
                for pair in result.pairs]
    result = engine.link(records, threshold=threshold, review_band=band, seed=SEED)
    by_key = {record.key: record for record in records}
    return [Found(left=pair.left[1], right=pair.right[1], probability=pair.probability,
                  agreement=agreement(by_key[pair.left], by_key[pair.right]))
            for pair in result.pairs]


@dataclass(frozen=True)
class Member:
    cluster: int
    match_probability: float | None


def birth_year_tokens(year: int | None) -> BirthYear:
    """A birth year as the engine's clustering rule compares it (unknown: empty)."""
    return (str(year), str(year + 1)) if year else ("", "")


def cluster(records: Iterable[tuple[str, str]],
            pairs: Iterable[tuple[tuple[str, str], tuple[str, str], float]],
            decisions: Mapping[PairKey, bool], threshold: float,
            birth_years: Mapping[tuple[str, str], BirthYear] | None = None,
            ) -> dict[tuple[str, str], Member]:
    """Clusters of ``records`` ((list, id) keys) from the stored pairs and the reviewers'
    decisions, exactly as the engine clusters its own result: with ``birth_years``, no link
    other than an accepted one puts records born two or more years apart into one person."""
    keys = list(records)
    scored = [ScoredPair(left, right, probability) for left, right, probability in pairs]
    links = decided_links(scored, threshold, decisions)
    lists = tuple(dict.fromkeys(name for name, _ in keys))
    found = build_clusters(lists, keys, links, birth_years)
    return {key: Member(found[key].cluster_id, found[key].match_probability) for key in keys}
