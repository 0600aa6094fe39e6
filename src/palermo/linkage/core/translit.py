"""Transliteration between Cyrillic and Latin under the systems names are really written in.

Each system is a table in ``tables/<id>.toml`` (letters, context rules, its source); this module
only applies them. ``transliterate("Юлия Щеглова", "icao_9303")`` → ``"Iuliia Shcheglova"``.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["SYSTEMS", "Rule", "System", "detect_script", "system", "transliterate"]

SYSTEMS = (
    "icao_9303",
    "gost_52535",
    "mvd_310",
    "mvd_782",
    "mvd_310_fr",
    "iso_9",
    "gost_779_b",
    "bgn_pcgn",
    "uzbek_latin",
    "uzbek_cyrillic",
    "uzbek_ics",
    "tajik_ics",
    "tajik_bgn_pcgn",
    "kyrgyz_ics",
    "kyrgyz_bgn_pcgn",
)
"""Every system's id: the Russian passport and library systems, then the Central Asian ones."""

WORD_START = "^"
WORD_END = "$"
_APOSTROPHES = dict.fromkeys(map(ord, "`´‘’ʻʼ′‛"), "'")


@dataclass(frozen=True)
class Rule:
    """Source ``letters`` are written ``value`` when the letter before is in ``after`` and the
    one after in ``before`` ("^" and "$" stand for the start and the end of the word; an empty
    set means any neighbour)."""

    letters: str
    value: str
    after: str = ""
    before: str = ""

    def applies(self, word: str, start: int) -> bool:
        if not word.startswith(self.letters, start):
            return False
        end = start + len(self.letters)
        if self.after:
            previous = word[start - 1] if start > 0 else None
            if not (previous is None and WORD_START in self.after) and (
                previous is None or previous not in self.after
            ):
                return False
        if self.before:
            following = word[end] if end < len(word) else None
            if not (following is None and WORD_END in self.before) and (
                following is None or following not in self.before
            ):
                return False
        return True


@dataclass(frozen=True)
class System:
    """One transliteration system as its table describes it."""

    id: str
    name: str
    used_for: str
    source: str
    from_script: str
    to_script: str
    letters: dict[str, str]
    rules: tuple[Rule, ...]
    fold_apostrophes: bool

    def word(self, word: str) -> str:
        """One lower-case word of the source script in the target script."""
        out: list[str] = []
        i = 0
        while i < len(word):
            for rule in self.rules:
                if rule.applies(word, i):
                    out.append(rule.value)
                    i += len(rule.letters)
                    break
            else:
                out.append(self.letters.get(word[i], word[i]))
                i += 1
        return "".join(out)


def _read(system_id: str) -> dict[str, Any]:
    if system_id not in SYSTEMS:
        raise ValueError(f"unknown transliteration system {system_id!r}")
    path = resources.files("palermo.linkage.core").joinpath("tables", f"{system_id}.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


@cache
def system(system_id: str) -> System:
    """The system ``system_id`` (one of ``SYSTEMS``), with what it extends merged in."""
    table = _read(system_id)
    letters: dict[str, str] = {}
    rules: list[Rule] = []
    own_rules = [Rule(**rule) for rule in table.get("rules", [])]
    if "extends" in table:
        parent = system(table["extends"])
        overridden = set(table.get("letters", {})) | {rule.letters for rule in own_rules}
        letters.update(parent.letters)
        rules.extend(rule for rule in parent.rules if rule.letters not in overridden)
    letters.update(table.get("letters", {}))
    rules.extend(own_rules)
    # Longest source sequence first; among equals, a rule with a context before one without.
    rules.sort(key=lambda rule: (-len(rule.letters), not (rule.after or rule.before)))
    return System(
        id=table["id"],
        name=table["name"],
        used_for=table["used_for"],
        source=table["source"],
        from_script=table["from_script"],
        to_script=table["to_script"],
        letters=letters,
        rules=tuple(rules),
        fold_apostrophes=bool(table.get("fold_apostrophes", False)),
    )


def _restore_case(source: str, target: str) -> str:
    """``target`` in the case pattern of ``source``: UPPER, Title or lower."""
    letters = [ch for ch in source if ch.isalpha()]
    if not letters or not target:
        return target
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return target.upper()
    if letters[0].isupper():
        return target[0].upper() + target[1:]
    return target


def _words(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into runs of letters (with apostrophes) and runs of anything else."""
    runs: list[tuple[str, bool]] = []
    for ch in text:
        is_letter = ch.isalpha() or ch == "'" or unicodedata.category(ch) in ("Lm", "Mn")
        if runs and runs[-1][1] == is_letter:
            runs[-1] = (runs[-1][0] + ch, is_letter)
        else:
            runs.append((ch, is_letter))
    return runs


def transliterate(text: str, system_id: str) -> str:
    """``text`` written under ``system_id``; characters the table does not know stay as they are.

    Case follows the source word by word: ЩЕГЛОВА → SHCHEGLOVA, Щеглова → Shcheglova.
    """
    chosen = system(system_id)
    if chosen.fold_apostrophes:
        text = text.translate(_APOSTROPHES)
    out: list[str] = []
    for run, is_letter in _words(unicodedata.normalize("NFC", text)):
        if not is_letter:
            out.append(run)
            continue
        lower = chosen.word(run.lower())
        out.append(_restore_case(run, lower))
    return "".join(out)


def detect_script(text: str) -> str:
    """"Cyrl", "Latn", "mixed" (letters of both) or "" (no letters of either) for ``text``."""
    scripts = set()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if name.startswith("CYRILLIC"):
                scripts.add("Cyrl")
            elif name.startswith("LATIN"):
                scripts.add("Latn")
    if len(scripts) > 1:
        return "mixed"
    return scripts.pop() if scripts else ""
