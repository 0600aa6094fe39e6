"""Blind indexes: a keyed HMAC of a normalised value, for exact search on encrypted fields.

The index key (``PALERMO_INDEX_KEY``) is separate from the data keys. Each index has its own
purpose string mixed in, so equal values in different fields give different index values.
Never index low-entropy values (sex, year, nationality): their index would be guessable.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import sys
import unicodedata

from django.conf import settings

DIGEST_HEX = 32  # 128 bits: collisions are negligible at any registry size


@functools.cache
def _format_or_dash() -> re.Pattern[str]:
    """Any character of category Cf (dropped) or Pd (read as a space)."""
    chars = [chr(c) for c in range(sys.maxunicode + 1)
             if unicodedata.category(chr(c)) in ("Cf", "Pd")]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


def _one_pass(text: str) -> str:
    if text.isascii():
        # The same result as below, without the Unicode tables: NFKC leaves ASCII as it is,
        # folding is lower(), the only dash is "-" and ASCII has no format characters.
        return " ".join(text.lower().replace("-", " ").split())
    # NFKC before and after case folding is Unicode's NFKC_Casefold recipe: folding can produce
    # sequences that are no longer NFKC.
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    if not _format_or_dash().search(text):
        return " ".join(text.replace("ё", "е").split())
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


@functools.lru_cache(maxsize=64)
def _keyed(key: bytes, purpose: str) -> hmac.HMAC:
    # The HMAC state after key and purpose: each index copies it instead of starting over.
    return hmac.new(key, purpose.encode() + b"\x00", hashlib.sha256)


def blind_index(value: str, *, purpose: str) -> str:
    """The index of ``value`` for the index named ``purpose`` (e.g. ``cases.Person.name``)."""
    key: bytes = settings.PALERMO_INDEX_KEY
    mac = _keyed(key, purpose).copy()
    mac.update(normalise(value).encode())
    return mac.hexdigest()[:DIGEST_HEX]
