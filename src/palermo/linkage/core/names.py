"""Comparable keys for personal names written in any script or transliteration system.

"Шерзод Раҳимов", "Sherzod Rakhimov", "SHERZOD RAHIMOV" and "Scherzod Rahimoff" all give the keys
``sherzod`` and ``rahimov``. The rules are data (``tables/key.toml``, ``tables/variants.toml``);
the design and its measured quality are in ``palermo/linkage/README.md``.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "NameKeys",
    "family_root",
    "name_key",
    "name_keys",
    "name_tokens",
    "normalise",
    "patronymic_key",
]

# Every apostrophe-like mark becomes "'": Uzbek oʻ/gʻ (U+02BB, U+2018), tutuq belgisi ʼ (U+02BC),
# ь/ъ in MVD and ISO 9 (' " ʹ ʺ), and what keyboards produce instead (` ´ ’).
_APOSTROPHES = dict.fromkeys(map(ord, "'`´‘’ʻʼʹʺ′‛"), "'")
_SEPARATORS = re.compile(r"[\s,;/|()\[\]{}<>\"“”«»_.:!?*+=#&@0-9]+")
_TOKEN_SPLIT = re.compile(r"[\s]+")
_JOINERS = re.compile(r"[-‐‑‒–—']+")


def _load(name: str) -> dict[str, Any]:
    path = resources.files("palermo.linkage.core").joinpath("tables", name)
    return tomllib.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class _KeyRules:
    cyrillic: dict[str, str]
    latin: dict[str, str]
    rules: tuple[tuple[re.Pattern[str], str], ...]
    endings: tuple[tuple[str, str], ...]
    spell: dict[str, str]
    variants: dict[str, str]
    markers: frozenset[str]
    marker_suffixes: tuple[str, ...]


@lru_cache(maxsize=1)
def _rules() -> _KeyRules:
    key = _load("key.toml")
    rules = tuple(
        (re.compile(pattern), replacement) for pattern, replacement in key["rewrite"]["rules"]
    )
    partial = _KeyRules(
        cyrillic=dict(key["cyrillic"]),
        latin=dict(key["latin"]),
        rules=rules,
        endings=tuple(sorted(key["endings"].items(), key=lambda item: -len(item[0]))),
        spell=dict(key["spell"]),
        variants={},
        markers=frozenset(),
        marker_suffixes=(),
    )
    table = _load("variants.toml")
    variants: dict[str, str] = {}
    for spellings in table["classes"]:
        canonical = _skeleton(partial, spellings[0])
        for spelling in spellings:
            variants[_skeleton(partial, spelling)] = canonical
    markers = frozenset(_skeleton(partial, marker) for marker in table["patronymic_markers"])
    # Only the long markers are stripped when written together with the father's name: a short
    # one ("uly", "bin") would cut real names.
    suffixes = tuple(sorted((m for m in markers if len(m) >= 4), key=len, reverse=True))
    return _KeyRules(
        cyrillic=partial.cyrillic,
        latin=partial.latin,
        rules=rules,
        endings=partial.endings,
        spell=partial.spell,
        variants=variants,
        markers=markers,
        marker_suffixes=suffixes,
    )


def normalise(text: str) -> str:
    """NFKC, case-folded text with one kind of apostrophe, no other punctuation, single spaces.

    Letters keep their diacritics (š, ў, ғ carry information the key needs); hyphens and
    apostrophes inside a word are kept, everything else that is not a letter becomes a space.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    # Precomposed letters only: a stray combining mark (from NFD input) is dropped.
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = _SEPARATORS.sub(" ", folded)
    words = []
    for word in folded.split():
        word = word.strip("-'‐‑‒–—")
        if word:
            words.append(word)
    return " ".join(words)


def _plain_latin(rules: _KeyRules, token: str) -> str:
    """One normalised token spelt in plain Latin: Cyrillic letters and Latin diacritics replaced."""
    out = []
    for ch in token:
        if ch in rules.cyrillic:
            out.append(rules.cyrillic[ch])
        elif ch in rules.latin:
            out.append(rules.latin[ch])
        elif ch == "'" or ("a" <= ch <= "z"):
            out.append(ch)
        else:
            # A letter of another script or an unknown diacritic: its base letter if it has one.
            base = unicodedata.normalize("NFKD", ch)[:1]
            if "a" <= base <= "z":
                out.append(base)
    return "".join(out)


def _collapse(text: str) -> str:
    return re.sub(r"(.)\1+", r"\1", text)


def _rewrite(rules: _KeyRules, token: str) -> str:
    """The rules of key.toml applied to one normalised token, before doubled letters collapse."""
    text = _plain_latin(rules, _JOINERS.sub(lambda m: "'" if m.group() == "'" else "", token))
    for pattern, replacement in rules.rules:
        text = pattern.sub(replacement, text)
    # ICAO writes е after vowels and ь as e, BGN and MVD-782 as ye: Aliev | Aliyev.
    return text.replace("ie", "e")


def _finish(rules: _KeyRules, text: str) -> str:
    text = _collapse(text.replace("ie", "e"))
    for ending, replacement in rules.endings:
        if text.endswith(ending) and len(text) > len(ending) + 1:
            text = text[: -len(ending)] + replacement
            break
    return text


def _skeleton(rules: _KeyRules, spelling: str) -> str:
    """The key of one spelling before name-variant classes are applied."""
    return _finish(rules, _rewrite(rules, normalise(spelling).replace(" ", "")))


# Endings after which a stem is looked up in the variant classes: Magomedov, Magomedova,
# Mukhammadovich (Russian), Mukhammadzoda (Tajik), Mukhammadiev.
_STEM_ENDINGS = ("ovna", "evna", "oviC", "eviC", "ova", "eva", "ov", "ev", "zoda", "zod", "ina")


def _apply_variants(rules: _KeyRules, key: str) -> str:
    if key in rules.variants:
        return rules.variants[key]
    for ending in _STEM_ENDINGS:
        stem = key[: -len(ending)]
        if key.endswith(ending) and len(stem) >= 3:
            for candidate in (stem, stem + "i"):
                if candidate in rules.variants:
                    return rules.variants[candidate] + ending
    return key


def _spell(rules: _KeyRules, key: str) -> str:
    for symbol, spelling in rules.spell.items():
        key = key.replace(symbol, spelling)
    return key


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The comparison key of ONE name token in any script or transliteration system.

    Spellings of the same name in Cyrillic, ICAO, GOST, MVD, BGN/PCGN, ISO 9, Uzbek Latin and
    common English or German forms get the same key; "" for a token with no letters.
    Feminine family names keep their ending (Rakhimova ≠ Rakhimov); see ``family_root``.
    """
    rules = _rules()
    skeleton = _skeleton(rules, name)
    return _spell(rules, _apply_variants(rules, skeleton)) if skeleton else ""


def _strip_marker_suffix(rules: _KeyRules, skeleton: str) -> str:
    for suffix in rules.marker_suffixes:
        if skeleton.endswith(suffix) and len(skeleton) - len(suffix) >= 3:
            return skeleton[: -len(suffix)]
    return skeleton


def name_tokens(*parts: str) -> list[str]:
    """Keys of every word of the given name parts, in order, without patronymic markers.

    "Sherzod Anvar oʻgʻli" → ["sherzod", "anvar"]; "Anvarugli" → ["anvar"]; hyphenated names
    stay one token ("Abdu-Rahim" → "abdurahim").
    """
    keys: list[str] = []
    for part in parts:
        keys.extend(_part_tokens(part))
    return keys


@lru_cache(maxsize=200_000)
def _part_tokens(part: str) -> tuple[str, ...]:
    rules = _rules()
    keys: list[str] = []
    for word in _TOKEN_SPLIT.split(normalise(part)):
        skeleton = _skeleton(rules, word)
        if not skeleton or skeleton in rules.markers:
            continue
        skeleton = _strip_marker_suffix(rules, skeleton)
        keys.append(_spell(rules, _apply_variants(rules, skeleton)))
    return tuple(keys)


# Russian-style patronymic endings on the rewritten skeleton (C = ч): -ovich, -evich, -ovna,
# -evna, -ichna, -ich. "ie" is already "e", so Sergeyevich and Sergeevich both end in "eeviC".
_PATRONYMIC_ENDING = re.compile(r"(oviC|eviC|ovna|evna|iCna|iC)$")


@lru_cache(maxsize=200_000)
def patronymic_key(patronymic: str) -> str:
    """The key of the father's given name, from a patronymic written in any of its forms.

    Russian-style "Анварович"/"Anvarovna", Uzbek "Anvar oʻgʻli"/"Анвар қизи", Kyrgyz
    "Anvar uulu" and the bare father's name "Anvar" all give "anvar". A final й after a vowel
    is dropped, since -евич hides it: "Сергеевич", "Sergeyevich" and "Sergey oʻgʻli" give "serge".
    """
    rules = _rules()
    words = [
        word
        for word in _TOKEN_SPLIT.split(normalise(patronymic))
        if word and _skeleton(rules, word) not in rules.markers
    ]
    keys = []
    for word in words:
        rewritten = _rewrite(rules, word)
        match = _PATRONYMIC_ENDING.search(rewritten)
        if match and match.start() >= 2:
            stem = rewritten[: match.start()]
            # Юрий → Юрьевич, Евгений → Евгеньевич: the ий comes back (Игорь → Игоревич reads
            # "igori", a variant class of Igor).
            if match.group(1).startswith("e") and stem[-1] not in "aeiou":
                stem += "i"
            rewritten = stem
        skeleton = _strip_marker_suffix(rules, _finish(rules, rewritten))
        if skeleton:
            key = _apply_variants(rules, skeleton)
            # Сергеевич, Николаевич, Жаныбаевич cannot tell whether the father's name ended in
            # й (Сергей, Николай, Жаныбай) or not (Абдулла → Абдуллаевич): a final й after a
            # vowel is dropped, so "Сергей ўғли" and "Сергеевич" both give "serge".
            if len(key) > 2 and key[-1] == "i" and key[-2] in "aeou":
                key = key[:-1]
            keys.append(_spell(rules, key))
    return " ".join(keys)


_FEMININE = re.compile(r"(ova|eva|ina|skaia|kaia)$")
_MASCULINE_OF = {"ova": "ov", "eva": "ev", "ina": "in", "skaia": "ski", "kaia": "ki"}


def family_root(key: str) -> str:
    """A family-name key without its feminine ending: "rahimova" → "rahimov".

    For comparing relatives or a woman whose record uses her father's masculine form (the
    Kyrgyz and Uzbek practice); ``name_key`` itself keeps the two apart.
    """
    match = _FEMININE.search(key)
    if match and match.start() >= 2:
        return key[: match.start()] + _MASCULINE_OF[match.group(1)]
    return key


@dataclass(frozen=True)
class NameKeys:
    """The keys of one recorded person's name.

    ``tokens`` are the sorted keys of every word of the given and family names, so a record
    whose given and family names were swapped has the same tokens.
    """

    given: str
    family: str
    patronymic: str
    tokens: tuple[str, ...]


def name_keys(given: str, family: str, patronymic: str = "") -> NameKeys:
    """The keys of a name recorded as given name, family name and optional patronymic."""
    given_tokens = name_tokens(given)
    family_tokens = name_tokens(family)
    return NameKeys(
        given=" ".join(given_tokens),
        family=" ".join(family_tokens),
        patronymic=patronymic_key(patronymic),
        tokens=tuple(sorted(given_tokens + family_tokens)),
    )
