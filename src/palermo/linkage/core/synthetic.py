"""Synthetic populations recorded on several organisations' lists, with the truth known.

People are drawn from Russian, Uzbek, Tajik and Kyrgyz name lists (``data/*.txt``, in their own
Cyrillic); each source records a person with its capture probability, in its own script and
transliteration system, with typos, swapped name order, swapped day and month, a birth year
instead of the date, and missing sex or citizenship at the rates its profile sets.
``generate(...)`` is deterministic for a seed.
"""

from __future__ import annotations

import csv
import random
import re
import tomllib
from bisect import bisect
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate, combinations
from pathlib import Path
from typing import Any

import numpy as np

from palermo.linkage.core.records import PairKey, Record, pair_key
from palermo.linkage.core.translit import detect_script, transliterate

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_SOURCES",
    "NATIONALITIES",
    "SPELLINGS",
    "Person",
    "Population",
    "SourceProfile",
    "SyntheticRecord",
    "NAME_KINDS",
    "generate",
    "name_list",
    "russian_patronymic",
    "soviet_form",
]

NATIONALITIES = {"RU": 0.2, "UZ": 0.4, "TJ": 0.25, "KG": 0.15}
"""Citizenships of the people drawn and their default shares (migrant workers in Russia)."""

SPELLINGS = (
    "cyrillic",  # Russian officials' Cyrillic: Central Asian letters replaced (Раҳимов → Рахимов)
    "native",  # the person's own Cyrillic (Раҳимов)
    "national_latin",  # Uzbek Latin for Uzbeks, ICS-630-01 for Tajiks and Kyrgyz, ICAO otherwise
    "passport",  # ICAO 9303 (older passports: GOST 52535 or MVD-310) of the Russian Cyrillic
    "heard",  # Latin written by ear, letter by letter (data/heard.toml)
    "bgn",  # BGN/PCGN, as English-language NGOs and press write names
)
"""Ways a source writes names; a transliteration system id (``translit.SYSTEMS``) also works."""

CSV_COLUMNS = (
    "record_id",
    "given_name",
    "family_name",
    "patronymic",
    "birth_date",
    "birth_year",
    "sex",
    "citizenship",
)
"""The columns of a list file of ``palermo link`` (DESIGN.md, Contracts)."""

_NATIVE_SYSTEMS = {"uzbek_latin", "uzbek_ics", "tajik_ics", "tajik_bgn_pcgn", "kyrgyz_ics",
                   "kyrgyz_bgn_pcgn"}
_RUSSIFY = str.maketrans(
    {"ў": "у", "қ": "к", "ғ": "г", "ҳ": "х", "ӣ": "и", "ӯ": "у", "ҷ": "дж", "ң": "н", "ө": "о",
     "ү": "у", "ъ": "", "Ў": "У", "Қ": "К", "Ғ": "Г", "Ҳ": "Х", "Ӣ": "И", "Ӯ": "У", "Ҷ": "Дж",
     "Ң": "Н", "Ө": "О", "Ү": "У"}
)
_CYRILLIC_LETTERS = "абвгдежзийклмнопрстуфхцчшыэюя"
_LATIN_LETTERS = "abcdefghijklmnoprstuvyz"
_VOWELS = "аеёиоуыэюяaeiouy"


@dataclass(frozen=True)
class SourceProfile:
    """One organisation's list: who it records and how it writes them.

    ``spellings`` are (spelling, weight) pairs: one of ``SPELLINGS`` or a transliteration system.
    Rates are per record (``typo_rate`` per name field). ``soviet_rate`` is the share of
    Uzbek and Tajik people whose names the source writes in the Soviet-era Russian form of older
    documents (Собиров → Сабиров, Ёдгор → Ядгар; see ``soviet_form``) when it writes from Russian
    Cyrillic. ``citizenships`` limits the list to people of those citizenships (an embassy
    records its own nationals); empty means everyone.
    """

    name: str
    capture: float
    spellings: tuple[tuple[str, float], ...]
    typo_rate: float = 0.02
    swap_rate: float = 0.03
    date_swap_rate: float = 0.02
    year_only_rate: float = 0.05
    missing_birth_rate: float = 0.01
    missing_sex_rate: float = 0.02
    missing_citizenship_rate: float = 0.03
    patronymic_rate: float = 0.7
    duplicate_rate: float = 0.01
    soviet_rate: float = 0.0
    citizenships: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        rates = {k: v for k, v in vars(self).items() if k.endswith("_rate") or k == "capture"}
        for name, value in rates.items():
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{self.name}: {name} must be between 0 and 1, not {value}")
        if not self.spellings or any(weight < 0 for _, weight in self.spellings):
            raise ValueError(f"{self.name}: spellings need at least one non-negative weight")


DEFAULT_SOURCES = (
    SourceProfile(
        "police",
        capture=0.35,
        spellings=(("cyrillic", 1.0),),
        typo_rate=0.01,
        swap_rate=0.05,
        year_only_rate=0.02,
        missing_sex_rate=0.01,
        missing_citizenship_rate=0.02,
        patronymic_rate=0.8,
        duplicate_rate=0.02,
        soviet_rate=0.1,
    ),
    SourceProfile(
        "embassy",
        capture=0.3,
        spellings=(("national_latin", 0.6), ("native", 0.2), ("passport", 0.2)),
        typo_rate=0.01,
        swap_rate=0.02,
        year_only_rate=0.03,
        missing_sex_rate=0.0,
        missing_citizenship_rate=0.0,
        patronymic_rate=0.9,
        citizenships=("UZ", "TJ", "KG"),
    ),
    SourceProfile(
        "shelter",
        capture=0.25,
        spellings=(("passport", 0.85), ("cyrillic", 0.15)),
        typo_rate=0.02,
        swap_rate=0.03,
        year_only_rate=0.05,
        patronymic_rate=0.5,
    ),
    SourceProfile(
        "hotline",
        capture=0.2,
        spellings=(("heard", 0.6), ("cyrillic", 0.4)),
        typo_rate=0.03,
        swap_rate=0.1,
        date_swap_rate=0.03,
        year_only_rate=0.4,
        missing_birth_rate=0.1,
        missing_sex_rate=0.1,
        missing_citizenship_rate=0.3,
        patronymic_rate=0.2,
        duplicate_rate=0.03,
        soviet_rate=0.1,
    ),
    SourceProfile(
        "ngo",
        capture=0.2,
        spellings=(("bgn", 0.6), ("national_latin", 0.2), ("heard", 0.2)),
        typo_rate=0.02,
        swap_rate=0.05,
        year_only_rate=0.1,
        missing_sex_rate=0.03,
        missing_citizenship_rate=0.05,
        patronymic_rate=0.3,
    ),
)
"""Police (Cyrillic), embassies (Uzbek Latin, native Cyrillic, passports), a shelter (passport),
a hotline (by ear), a foreign NGO (BGN/PCGN): ``generate(n, 3, …)`` takes the first three."""


@dataclass(frozen=True)
class Person:
    """One true person: names in their own Cyrillic, the patronymic as their documents have it."""

    person_id: str
    citizenship: str
    sex: str
    given_name: str
    family_name: str
    father_name: str
    patronymic: str
    birth_date: date


@dataclass(frozen=True)
class SyntheticRecord:
    """A record as a source wrote it, with the true ``person_id`` it belongs to."""

    list_name: str
    record_id: str
    given_name: str
    family_name: str
    patronymic: str
    birth_date: date | None
    birth_year: int | None
    sex: str
    citizenship: str
    person_id: str
    spelling: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.list_name, self.record_id)

    def to_record(self) -> Record:
        """The record without its truth, as ``palermo link`` reads it."""
        return Record(
            list_name=self.list_name,
            record_id=self.record_id,
            given_name=self.given_name,
            family_name=self.family_name,
            patronymic=self.patronymic,
            birth_date=self.birth_date,
            birth_year=self.birth_year,
            sex=self.sex,
            citizenship=self.citizenship,
        )

    def script(self) -> str:
        """"Cyrl", "Latn" or "mixed": the script the names are written in."""
        return detect_script(f"{self.given_name} {self.family_name}")


@dataclass
class Population:
    """The people, the lists as recorded, and the truth that joins them.

    ``n_people`` is the true population size; ``people`` holds those on at least one list (the
    others were drawn too but nobody recorded them: the dark figure an estimate looks for).
    """

    n_people: int
    people: list[Person]
    lists: dict[str, list[SyntheticRecord]] = field(default_factory=dict)

    def records(self) -> list[SyntheticRecord]:
        """Every record of every list, list by list."""
        return [record for records in self.lists.values() for record in records]

    def truth(self) -> dict[tuple[str, str], str]:
        """(list name, record id) → person id."""
        return {record.key: record.person_id for record in self.records()}

    def clusters(self) -> dict[str, list[tuple[str, str]]]:
        """Person id → the records of that person, for every person on at least one list."""
        found: dict[str, list[tuple[str, str]]] = {}
        for record in self.records():
            found.setdefault(record.person_id, []).append(record.key)
        return found

    def true_pairs(self, *, cross_script: bool | None = None) -> set[PairKey]:
        """Every pair of records of the same person (within a list too), as ``pair_key``s.

        ``cross_script=True`` keeps the pairs whose names are written in different scripts,
        ``False`` those in the same script.
        """
        scripts = {record.key: record.script() for record in self.records()}
        pairs: set[PairKey] = set()
        for keys in self.clusters().values():
            for a, b in combinations(keys, 2):
                if cross_script is None or (scripts[a] != scripts[b]) == cross_script:
                    pairs.add(pair_key(a, b))
        return pairs

    def histories(self) -> dict[tuple[int, ...], int]:
        """The true capture histories (1 = on that list, in ``lists`` order) and their counts."""
        names = list(self.lists)
        on: dict[str, set[int]] = {}
        for index, name in enumerate(names):
            for record in self.lists[name]:
                on.setdefault(record.person_id, set()).add(index)
        counts = Counter(tuple(int(i in found) for i in range(len(names))) for found in on.values())
        return dict(sorted(counts.items(), reverse=True))

    def write_csv(self, directory: str | Path) -> list[Path]:
        """Write each list as ``<list name>.csv`` in the ``palermo link`` format; the paths."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, records in self.lists.items():
            path = folder / f"{name}.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(CSV_COLUMNS)
                for r in records:
                    writer.writerow(
                        [
                            r.record_id,
                            r.given_name,
                            r.family_name,
                            r.patronymic,
                            r.birth_date.isoformat() if r.birth_date else "",
                            r.birth_year if r.birth_year is not None else "",
                            r.sex,
                            r.citizenship,
                        ]
                    )
            paths.append(path)
        return paths


# ---------------------------------------------------------------------------------------------
# Name lists and the people drawn from them


def _read_names(filename: str) -> tuple[str, ...]:
    text = resources.files("palermo.linkage.core").joinpath("data", filename).read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and line[0] != "#")


NAME_KINDS = ("given_male", "given_female", "family")


def name_list(citizenship: str, kind: str) -> tuple[str, ...]:
    """The names of one list (``NAME_KINDS``; family names in the masculine) of one citizenship."""
    if citizenship not in NATIONALITIES or kind not in NAME_KINDS:
        raise ValueError(f"no name list {citizenship!r}, {kind!r}")
    return _read_names(f"{citizenship.lower()}_{kind}.txt")


@cache
def _names(filename: str) -> tuple[tuple[str, ...], np.ndarray]:
    """A name list and its cumulative Zipf-like frequencies: a few names common, most rare."""
    names = _read_names(filename)
    cumulative = np.cumsum(1.0 / (np.arange(len(names)) + 3.0))
    return names, cumulative / cumulative[-1]


def _draw_names(filename: str, quantiles: np.ndarray) -> list[str]:
    """The names at the given quantiles (0 ≤ q < 1) of the list's frequency distribution."""
    names, cumulative = _names(filename)
    indices = np.minimum(np.searchsorted(cumulative, quantiles, side="right"), len(names) - 1)
    return [names[i] for i in indices.tolist()]


def _feminine_family(name: str) -> str:
    for masculine, feminine in (
        ("ский", "ская"),
        ("ов", "ова"),
        ("ев", "ева"),
        ("ёв", "ёва"),
        ("ин", "ина"),
    ):
        if name.endswith(masculine):
            return name[: -len(masculine)] + feminine
    return name  # -зода, Ким, Цой: the same for women


def russian_patronymic(father: str, sex: str) -> str:
    """The Russian-style patronymic of a child of ``father``: Анвар → Анварович / Анваровна."""
    male = sex != "F"
    if father == "Илья":
        return "Ильич" if male else "Ильинична"
    if father.endswith("ий"):
        stem, soft = father[:-2] + "ь", True
    elif father.endswith(("й", "ь")):
        stem, soft = father[:-1], True
    elif father[-1] in "аеиоуыэюяӣӯ":
        stem, soft = father, True
    else:
        stem, soft = father, False
    if soft:
        return stem + ("евич" if male else "евна")
    return stem + ("ович" if male else "овна")


_EARLIEST_BIRTH = date(1965, 1, 1).toordinal()
_BIRTH_DAYS = 42 * 365


def _person(
    index: int, citizenship: str, male: bool, names: tuple[str, str, str], draws: Sequence[float]
) -> Person:
    """The person ``index`` from their citizenship, sex, drawn names and two uniform draws."""
    given, family, father = names
    sex = "M" if male else "F"
    if not male:
        family = _feminine_family(family)
    style = draws[0]
    if citizenship == "UZ" and style < 0.4:
        patronymic = f"{father} {'ўғли' if male else 'қизи'}"
    elif citizenship == "KG" and style < 0.4:
        patronymic = f"{father} {'уулу' if male else 'кызы'}"
    elif citizenship == "TJ" and style < 0.2:
        patronymic = ""
    else:
        patronymic = russian_patronymic(_russify(father), sex)
    return Person(
        person_id=f"P{index + 1:07d}",
        citizenship=citizenship,
        sex=sex,
        given_name=given,
        family_name=family,
        father_name=father,
        patronymic=patronymic,
        birth_date=date.fromordinal(_EARLIEST_BIRTH + int(draws[1] * _BIRTH_DAYS)),
    )


_SOVIET_KEEP = re.compile(r"(ович|овна|ов|ова|ев|ева|зода|угли|ўғли|кизи|қизи)$")


@lru_cache(maxsize=100_000)
def soviet_form(name: str) -> str:
    """An Uzbek or Tajik name (or patronymic) as Soviet-era Russian documents wrote it.

    The Uzbek and Tajik о (a long a) is written а, ё is я, and the Central Asian letters are
    replaced (stats-linkage.md §4.3, kun.uz 2022-04-01): Собиров → Сабиров, Тожиев → Таджиев,
    Ёдгор → Ядгар, Раҳмонов → Рахманов, Абдулло → Абдулла. The Russian endings -ов, -ович stay.
    """
    words = []
    for word in name.split(" "):
        keep = _SOVIET_KEEP.search(word)
        stem, ending = word, ""
        if keep and keep.start() >= 2:
            stem, ending = word[: keep.start()], keep.group()
        stem = stem.replace("о", "а").replace("О", "А").replace("ё", "я").replace("Ё", "Я")
        stem = stem.replace("ж", "дж") if stem[:1] != "Ж" else "Дж" + stem[1:].replace("ж", "дж")
        words.append(_russify(stem + ending))
    return " ".join(words)


@lru_cache(maxsize=100_000)
def _russify(text: str) -> str:
    """A name in the Cyrillic of Russian officials: Раҳимов → Рахимов, Ҷамшед → Джамшед."""
    # Саидҷон is Саиджон, not Саидджон.
    return text.replace("дҷ", "дж").translate(_RUSSIFY)


# ---------------------------------------------------------------------------------------------
# Writing a name the way a source writes it


@lru_cache(maxsize=1)
def _heard_table() -> dict[str, Any]:
    path = resources.files("palermo.linkage.core").joinpath("data", "heard.toml")
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    table["letters"] = {k: _choices(v) for k, v in table["letters"].items()}
    table["iotated_e"]["spellings"] = _choices(table["iotated_e"]["spellings"])
    return table


def _choices(pairs: Sequence[Sequence[Any]]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    return tuple(str(p[0]) for p in pairs), tuple(accumulate(float(p[1]) for p in pairs))


def _pick(rng: random.Random, choices: tuple[tuple[str, ...], tuple[float, ...]]) -> str:
    values, cumulative = choices
    if len(values) == 1:
        return values[0]
    return values[bisect(cumulative, rng.random() * cumulative[-1])]


def _heard(rng: random.Random, cyrillic: str) -> str:
    """Latin written by ear from Russian Cyrillic, each letter's spelling drawn on its own."""
    table = _heard_table()
    letters = table["letters"]
    iotated = table["iotated_e"]
    habits = table["habits"]
    words = []
    for word in cyrillic.split(" "):
        out = []
        previous = ""
        for ch in word.lower():
            if ch == previous and rng.random() < habits["single_for_double"]:
                continue
            if ch == "е" and (not previous or previous in iotated["after"]):
                out.append(_pick(rng, iotated["spellings"]))
            elif ch in letters:
                out.append(_pick(rng, letters[ch]))
            else:
                out.append(ch)
            previous = ch
        spelt = "".join(out)
        if spelt.endswith("ov") and rng.random() < habits["off_for_ov"]:
            spelt = spelt[:-2] + "off"
        words.append(spelt[:1].upper() + spelt[1:] if word[:1].isupper() else spelt)
    return " ".join(words)


@lru_cache(maxsize=200_000)
def _systematic(text: str, system_id: str) -> str:
    return transliterate(text, system_id)


def _pick_weighted(u: float, pairs: Sequence[tuple[str, float]]) -> str:
    """The value at quantile ``u`` of (value, weight) pairs."""
    point = u * sum(weight for _, weight in pairs)
    for value, weight in pairs:
        point -= weight
        if point < 0:
            return value
    return pairs[-1][0]


_UZBEK_APOSTROPHES = (("ʻ", 0.5), ("'", 0.3), ("‘", 0.1), ("", 0.1))
_PASSPORT_SYSTEMS = (("icao_9303", 0.75), ("gost_52535", 0.1), ("mvd_310", 0.15))


@dataclass(frozen=True)
class _Style:
    """The choices a source makes once for a whole record."""

    spelling: str
    system_id: str = ""
    apostrophe: str = "ʻ"
    strip_marks: bool = False
    upper: bool = False
    dzh: bool = False
    soviet: bool = False


def _style(rng: random.Random, person: Person, spelling: str, soviet_rate: float) -> _Style:
    nationality = person.citizenship
    soviet = nationality in ("UZ", "TJ") and soviet_rate > 0 and rng.random() < soviet_rate
    if spelling == "cyrillic":
        return _Style(spelling, dzh=nationality == "UZ" and rng.random() < 0.5, soviet=soviet)
    if spelling in ("heard", "bgn") and soviet:
        system_id = "bgn_pcgn" if spelling == "bgn" else ""
        return _Style(spelling, system_id, strip_marks=rng.random() < 0.7, soviet=True)
    if spelling == "national_latin":
        if nationality == "UZ":
            mark = _pick_weighted(rng.random(), _UZBEK_APOSTROPHES)
            return _Style(spelling, "uzbek_latin", apostrophe=mark)
        system_id = {"TJ": "tajik_ics", "KG": "kyrgyz_ics"}.get(nationality, "icao_9303")
        return _Style(spelling, system_id)
    if spelling == "passport":
        system_id = _pick_weighted(rng.random(), _PASSPORT_SYSTEMS)
        return _Style(spelling, system_id, upper=rng.random() < 0.5)
    if spelling == "bgn":
        system_id = {"TJ": "tajik_bgn_pcgn", "KG": "kyrgyz_bgn_pcgn"}.get(nationality, "bgn_pcgn")
        # English-language writers mostly leave out BGN/PCGN's marks.
        return _Style(spelling, system_id, strip_marks=rng.random() < 0.7)
    if spelling in ("native", "heard"):
        return _Style(spelling)
    return _Style(spelling, spelling)


def _spell(rng: random.Random, style: _Style, text: str) -> str:
    """``text`` (one of a person's names in their own Cyrillic) written in ``style``."""
    if not text or style.spelling == "native":
        return text
    russian = soviet_form(text) if style.soviet else _russify(text)
    if style.spelling == "cyrillic":
        # Жамшид is Джамшид to a Russian clerk.
        return "Дж" + russian[1:] if style.dzh and russian[:1] == "Ж" else russian
    if style.spelling == "heard":
        return _heard(rng, russian)
    native = style.system_id in _NATIVE_SYSTEMS and not style.soviet
    written = _systematic(text if native else russian, style.system_id)
    if style.apostrophe != "ʻ":
        written = written.replace("ʻ", style.apostrophe)
    if style.strip_marks:
        written = written.replace("·", "").replace("’", "").replace("”", "")
    return written.upper() if style.upper else written


def _typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: a letter replaced, dropped, doubled or two neighbours swapped."""
    positions = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(positions) < 3:
        return text
    i = rng.choice(positions[1:])  # the first letter is the one people get right
    kind = rng.randrange(4)
    if kind == 0:
        alphabet = _CYRILLIC_LETTERS if detect_script(text[i]) == "Cyrl" else _LATIN_LETTERS
        letter = rng.choice(alphabet)
        return text[:i] + (letter.upper() if text[i].isupper() else letter) + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    if kind == 2:
        return text[:i] + text[i] + text[i:]
    j = i + 1 if i + 1 < len(text) and text[i + 1].isalpha() else i - 1
    a, b = min(i, j), max(i, j)
    return text[:a] + text[b] + text[a] + text[b + 1 :]


def _record(
    rng: random.Random, person: Person, source: SourceProfile, record_id: str
) -> SyntheticRecord:
    spelling = _pick_weighted(rng.random(), source.spellings)
    style = _style(rng, person, spelling, source.soviet_rate)
    given = _spell(rng, style, person.given_name)
    family = _spell(rng, style, person.family_name)
    patronymic = ""
    if person.patronymic and rng.random() < source.patronymic_rate:
        patronymic = _spell(rng, style, person.patronymic)
    if rng.random() < source.typo_rate:
        given = _typo(rng, given)
    if rng.random() < source.typo_rate:
        family = _typo(rng, family)
    if patronymic and rng.random() < source.typo_rate:
        patronymic = _typo(rng, patronymic)
    if rng.random() < source.swap_rate:
        given, family = family, given
    true_date = person.birth_date
    born: date | None = true_date
    year: int | None = true_date.year
    draw = rng.random()
    if draw < source.missing_birth_rate:
        born, year = None, None
    elif draw < source.missing_birth_rate + source.year_only_rate:
        born = None
    elif (
        rng.random() < source.date_swap_rate
        and true_date.day <= 12
        and true_date.day != true_date.month
    ):
        born = date(true_date.year, true_date.day, true_date.month)
    sex = "" if rng.random() < source.missing_sex_rate else person.sex
    citizenship = "" if rng.random() < source.missing_citizenship_rate else person.citizenship
    return SyntheticRecord(
        list_name=source.name,
        record_id=record_id,
        given_name=given,
        family_name=family,
        patronymic=patronymic,
        birth_date=born,
        birth_year=year,
        sex=sex,
        citizenship=citizenship,
        person_id=person.person_id,
        spelling=style.spelling,
    )


def _profiles(lists: Sequence[SourceProfile] | int) -> list[SourceProfile]:
    if isinstance(lists, int):
        if lists < 1:
            raise ValueError("at least one list is needed")
        rounds = (lists + len(DEFAULT_SOURCES) - 1) // len(DEFAULT_SOURCES)
        repeated = [
            replace(p, name=p.name if n == 0 else f"{p.name}{n + 1}")
            for n in range(rounds)
            for p in DEFAULT_SOURCES
        ]
        return repeated[:lists]
    profiles = list(lists)
    if not profiles:
        raise ValueError("at least one list is needed")
    names = [p.name for p in profiles]
    if len(set(names)) != len(names):
        raise ValueError(f"list names must differ: {names}")
    return profiles


def generate(
    n_people: int,
    lists: Sequence[SourceProfile] | int = 4,
    *,
    seed: int,
    capture: float | None = None,
    nationalities: Mapping[str, float] | None = None,
    male_share: float = 0.6,
    heterogeneity: float = 0.0,
) -> Population:
    """``n_people`` true people and the lists that record some of them.

    ``lists`` are source profiles, or a number: the first of ``DEFAULT_SOURCES`` (police,
    embassy, shelter, hotline, NGO; more than five repeat them as police2, …). ``capture``
    replaces every profile's capture probability. ``nationalities`` are citizenship shares
    (default ``NATIONALITIES``). With ``heterogeneity`` 0 the lists record people independently;
    above 0, each person has a visibility (gamma-distributed, mean 1, that coefficient of
    variation) multiplying every list's capture probability, so that the lists overlap more
    than independence predicts, as real lists do (the case for the estimators' heterogeneity
    models). The same arguments always give the same population.
    """
    if n_people < 0:
        raise ValueError("n_people cannot be negative")
    if heterogeneity < 0:
        raise ValueError("heterogeneity cannot be negative")
    if not 0.0 <= male_share <= 1.0:
        raise ValueError("male_share must be between 0 and 1")
    profiles = _profiles(lists)
    if capture is not None:
        profiles = [replace(p, capture=capture) for p in profiles]
    shares = dict(nationalities or NATIONALITIES)
    unknown = set(shares) - set(NATIONALITIES)
    if unknown or not shares or min(shares.values()) < 0 or sum(shares.values()) <= 0:
        raise ValueError(f"nationalities must be non-negative shares of {sorted(NATIONALITIES)}")
    codes = list(shares)
    weights = np.array([shares[code] for code in codes], dtype=float)

    # Who everyone is and who records them is drawn for the whole population at once; the names
    # of a person are only written out if some list holds them.
    gen = np.random.default_rng(seed)
    nationality = gen.choice(len(codes), size=n_people, p=weights / weights.sum())
    male = gen.random(n_people) < male_share
    draws = gen.random((n_people, 5))
    given = [""] * n_people
    family = [""] * n_people
    father = [""] * n_people
    for number, code in enumerate(codes):
        for is_male in (True, False):
            rows = np.flatnonzero((nationality == number) & (male == is_male))
            prefix = code.lower()
            gender = "male" if is_male else "female"
            drawn = (
                _draw_names(f"{prefix}_given_{gender}.txt", draws[rows, 0]),
                _draw_names(f"{prefix}_family.txt", draws[rows, 1]),
                _draw_names(f"{prefix}_given_male.txt", draws[rows, 2]),
            )
            for row, g, f, h in zip(rows.tolist(), *drawn, strict=True):
                given[row], family[row], father[row] = g, f, h
    visibility = np.ones(n_people)
    if heterogeneity > 0:
        shape = 1.0 / heterogeneity**2
        visibility = gen.gamma(shape, 1.0 / shape, size=n_people)
    on_lists = []
    for source in profiles:
        captured = gen.random(n_people) < np.minimum(1.0, source.capture * visibility)
        if source.citizenships:
            allowed = [i for i, code in enumerate(codes) if code in source.citizenships]
            captured &= np.isin(nationality, allowed)
        twice = gen.random(n_people) < source.duplicate_rate
        on_lists.append((captured, twice))
    # Not for security: a reproducible stream for the spelling choices.
    rng = random.Random(int(gen.integers(2**62)))  # noqa: S311

    observed = np.zeros(n_people, dtype=bool)
    for captured, _ in on_lists:
        observed |= captured
    people = {
        i: _person(
            i, codes[nationality[i]], bool(male[i]), (given[i], family[i], father[i]),
            draws[i, 3:].tolist(),
        )
        for i in np.flatnonzero(observed).tolist()
    }
    population = Population(n_people=n_people, people=list(people.values()))
    for source, (captured, twice) in zip(profiles, on_lists, strict=True):
        entries = np.flatnonzero(captured).tolist()
        entries += np.flatnonzero(captured & twice).tolist()
        # Records in a shuffled order, so that neither order nor id reveals the person.
        rng.shuffle(entries)
        population.lists[source.name] = [
            _record(rng, people[index], source, f"{source.name}-{number:06d}")
            for number, index in enumerate(entries, start=1)
        ]
    return population
