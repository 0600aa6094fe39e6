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


def _one_pass(text: str) -> str:
    # NFKC before and after case folding is Unicode's NFKC_Casefold recipe: folding can produce
    # sequences that are no longer NFKC.
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    kept = []
    for char in text.replace("ё", "е"):
        category = unicodedata.category(char)
        if category == "Cf":
            continue
        kept.append(" " if category == "Pd" else char)
    return " ".join("".join(kept).split())


def normalise(value: str) -> str:
    """The form two spellings of the same name share.

    NFKC and case folding (full-width letters, ligatures, composed and decomposed accents, case),
    ``ё`` read as ``е`` (Russian writing mostly omits the diaeresis), every dash as a space
    (``Анна-Мария`` = ``Анна Мария``), invisible format characters (zero-width space, soft
    hyphen) dropped, and runs of whitespace collapsed.
    """
    text = _one_pass(value)
    # Dropping an invisible character can join a letter to a combining mark that NFKC then
    # composes (``е`` + zero-width space + diaeresis), so repeat until nothing changes; two
    # passes settle every input seen so far, the bound only guards against a pathological one.
    for _ in range(3):
        again = _one_pass(text)
        if again == text:
            break
        text = again
    return text


def blind_index(value: str, *, purpose: str) -> str:
    """The index of ``value`` for the index named ``purpose`` (e.g. ``cases.Person.name``)."""
    key: bytes = settings.PALERMO_INDEX_KEY
    message = purpose.encode() + b"\x00" + normalise(value).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:DIGEST_HEX]
