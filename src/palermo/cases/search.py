"""Exact search on encrypted names and document numbers through blind-index tokens.

A person's tokens cover every recorded spelling (own script, Latin, aliases) and, for names
written in Cyrillic, their ICAO 9303 Latin transliteration, each with the words in any order:
"Иванов Иван", "Ivan Ivanov" and "IVANOV IVAN" all find the same record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from palermo.core.blind_index import blind_index, normalise

NAME = "cases.Person.name"
DOCUMENT = "cases.Person.document"

# ICAO Doc 9303 (2015) transliteration of Cyrillic, as in Russian passports since 2014.
_ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "і": "i", "ї": "i", "є": "ie", "ґ": "g", "ў": "u", "қ": "k", "ғ": "g", "ҳ": "kh", "ӯ": "u",
    "ӣ": "i", "ҷ": "dzh", "ң": "n", "ү": "u", "ө": "o",
}


def transliterate(text: str) -> str:
    """Cyrillic letters to Latin (ICAO 9303); anything else is kept."""
    return "".join(_ICAO.get(ch, ch) for ch in normalise(text))


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,.'’`\"]+", normalise(text)) if w]


def _name_keys(text: str) -> set[str]:
    """Order-free keys of a name: its words sorted, as written and transliterated."""
    keys = set()
    for variant in (text, transliterate(text)):
        words = _words(variant)
        if words:
            keys.add(" ".join(sorted(words)))
    return keys


def _document_key(number: str) -> str:
    return re.sub(r"[^0-9a-z]", "", transliterate(number))


def person_tokens(person: Any) -> set[str]:
    """Every token under which ``person`` should be found."""
    names: list[str] = []
    for given, family, patronymic in (
        (person.given_name, person.family_name, person.patronymic),
        (person.given_name_latin, person.family_name_latin, person.patronymic_latin),
    ):
        if given or family:
            names.append(f"{given} {family}")
            if patronymic:
                names.append(f"{given} {patronymic} {family}")
    names.extend(str(alias) for alias in (person.aliases or []) if alias)
    tokens = {blind_index(key, purpose=NAME) for name in names for key in _name_keys(name)}
    for document in person.documents or []:
        number = document.get("number", "") if isinstance(document, dict) else str(document)
        key = _document_key(number)
        if key:
            tokens.add(blind_index(key, purpose=DOCUMENT))
    return tokens


def query_tokens(text: str) -> set[str]:
    """Tokens a typed name or document number may match."""
    tokens = {blind_index(key, purpose=NAME) for key in _name_keys(text)}
    key = _document_key(text)
    if key:
        tokens.add(blind_index(key, purpose=DOCUMENT))
    return tokens


def codes_in(text: str) -> Iterable[str]:
    """Case or person codes typed in a search box (``C-2026-000012``, ``p-2026-12``)."""
    for match in re.finditer(r"\b([pc])-(\d{4})-(\d{1,6})\b", text.strip().lower()):
        yield f"{match.group(1).upper()}-{match.group(2)}-{int(match.group(3)):06d}"
