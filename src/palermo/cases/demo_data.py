"""Synthetic, reproducible cases for the demo and the benchmarks.

``generate(seed=…, count=…)`` yields plain case records drawn from the patterns of
``demo_patterns`` with names from ``demo_names``, from one ``random.Random(seed)`` and dates counted
back from a fixed anchor, so a seed always gives the same cases. ``seed`` stores them in bulk
through ``demo_writer``, in batches of ``batch_size`` cases, one transaction and audit row each.
"""

from __future__ import annotations

import contextlib
import datetime
import multiprocessing
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import connection

from palermo.cases import codes
from palermo.cases.demo_names import (
    COUNTRIES,
    EXTRA_LANGUAGES,
    Country,
    Name,
    feminine,
    passport,
    work_patent,
)
from palermo.cases.demo_patterns import DAGESTAN_NAMES, PATTERNS, PROFILES, Pattern
from palermo.cases.demo_writer import PreparedBatch, prepare_batch, write_prepared
from palermo.core.blind_index import normalise
from palermo.screening.demo import seed_screenings

#: Every date is counted back from here, never from today, so a seed gives the same cases on any
#: day; codes carry its year.
ANCHOR = datetime.date(2026, 10, 31)
#: What ``palermo demo`` loads.
DEMO_SEED = 2026
DEMO_CASES = 300
#: The demo organisations' share of the demo cases (keys of ``accounts.demo.ORGANISATIONS``).
DEMO_SPREAD: tuple[tuple[str, float], ...] = (
    ("A", 0.30), ("B", 0.20), ("legal", 0.22), ("inspectorate", 0.20), ("national", 0.08),
)
BATCH_SIZE = 2_000
#: Marks the audit rows of the demo load, which is how a second ``palermo demo`` knows it is done.
DEMO_MARK = "palermo-demo"


@dataclass
class PersonRecord:
    fields: dict[str, Any]


@dataclass
class CaseRecord:
    organisation: str
    pattern: str
    persons: list[PersonRecord]
    fields: dict[str, Any]
    events: list[dict[str, Any]] = field(default_factory=list)
    perpetrators: list[dict[str, Any]] = field(default_factory=list)


# --- Generation (pure: no database) ------------------------------------------------------------


def _weighted(rng: random.Random, choices: Sequence[tuple[str, float]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _person(rng: random.Random, country: Country, *, female: bool, birth_year: int,
            documents_withheld: bool, migrant: bool) -> PersonRecord:
    given: Name = rng.choice(country.female if female else country.male)
    family: Name = rng.choice(country.family)
    if female and not country.latin_script:
        family = feminine(family)
    patronymic = ""
    if country.patronymics and rng.random() < 0.8:
        patronymic = rng.choice(country.patronymics)[1 if female else 0]
    aliases: list[str] = []
    if country.latin_script:
        # Own script is Latin; the passport drops Vietnamese diacritics; police may write Cyrillic.
        native_given, native_family = given[0], family[0]
        latin_given, latin_family = given[1], family[1]
        if rng.random() < country.cyrillic_records:
            aliases.append(f"{family[2]} {given[2]}")
    else:
        native_given, native_family = given[0], family[0]
        latin_given, latin_family = rng.choice(given[1:]), family[1]
        # Other documents spell the family name differently (migration card, patent, consulate).
        for variant in family[2:]:
            if rng.random() < 0.6:
                aliases.append(f"{latin_given} {variant}")
    birth_date = datetime.date(birth_year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    documents = [passport(rng, country.code)]
    if migrant and rng.random() < 0.5:
        documents.append(work_patent(rng))
    if documents_withheld:
        documents[0]["withheld"] = "by the employer"
    languages = list(country.languages)
    if country.code in EXTRA_LANGUAGES:
        languages.insert(1, rng.choice(EXTRA_LANGUAGES[country.code]))
    return PersonRecord({
        "given_name": native_given, "family_name": native_family, "patronymic": patronymic,
        "given_name_latin": latin_given, "family_name_latin": latin_family,
        "patronymic_latin": "", "aliases": aliases, "birth_date": birth_date,
        "documents": documents, "contacts": [], "addresses": [],
        "gender": codes.Gender.FEMININE if female else codes.Gender.MASCULINE,
        "birth_year": birth_year, "citizenships": [country.code], "languages": languages,
    })


def _perpetrator_name(rng: random.Random, source: str, country: Country, *,
                      female: bool) -> str:
    if source == "official" or rng.random() < 0.15:
        return ""  # unknown, or an institution (the details say which)
    if source == "DAG":
        return "" if female else rng.choice(DAGESTAN_NAMES)
    pool = COUNTRIES["RU"] if source == "RU" else country
    given = rng.choice(pool.female if female else pool.male)[0]
    family = rng.choice(pool.family)
    if pool.latin_script:
        return f"{family[0]} {given}"  # Vietnamese order; harmless for the others
    return f"{given} {(feminine(family) if female else family)[0]}"


def _case(rng: random.Random, organisation: str, pattern: Pattern) -> CaseRecord:
    origin = _weighted(rng, pattern.origins)
    country = COUNTRIES[origin]
    dest_country, dest_region, place = rng.choice(pattern.destinations)
    place = place.replace("{n}", str(rng.randint(1, 40)))
    opened = ANCHOR - datetime.timedelta(days=rng.randrange(4 * 365))
    started = opened - datetime.timedelta(days=rng.randint(30, 900))
    ended: datetime.date | None = opened - datetime.timedelta(days=rng.randint(0, 60))
    if pattern.key == "prison_labour" or rng.random() < 0.1:
        ended = None  # still going on when the case was opened
    months = max(1, ((ended or opened) - started).days // 30)
    means = list(pattern.means_always) + rng.sample(pattern.means_pool, rng.randint(1, 3))
    minor = rng.random() < pattern.minor_share
    age = rng.randint(12, 17) if minor else rng.randint(*pattern.ages)
    female = rng.random() < pattern.female_share
    migrant = origin not in ("RU", dest_country)
    withheld = codes.MeansOfControl.WITHHOLDS_DOCUMENTS in means
    people = [_person(rng, country, female=female, birth_year=started.year - age,
                      documents_withheld=withheld, migrant=migrant)]
    if rng.random() < pattern.group_share:
        people.append(_person(rng, country, female=rng.random() < pattern.female_share,
                              birth_year=started.year - rng.randint(*pattern.ages),
                              documents_withheld=withheld, migrant=migrant))

    origin_region = rng.choice(country.regions)
    recruitment_country, recruitment_region = origin, origin_region
    if pattern.key == "prison_labour":
        recruitment_country, recruitment_region = "RU", dest_region
    recruited_at = origin_region
    if pattern.key == "military_recruitment":
        recruitment_country = "RU"
        recruitment_region = rng.choice(COUNTRIES["RU"].regions)
        recruited_at = (f"ИК-{rng.randint(1, 40)}, {recruitment_region}" if origin == "RU"
                        else f"миграционный центр, {recruitment_region}")

    exploitation = list(pattern.exploitation)
    if minor and codes.Exploitation.CHILD_LABOUR not in exploitation:
        exploitation.append(codes.Exploitation.CHILD_LABOUR)
    status = _weighted(rng, (("Active", 45), ("FollowUp", 25), ("Closed", 20),
                             ("ClosedReferred", 10)))
    trafficking_status = _weighted(rng, (
        (codes.TraffickingStatus.POSSIBLE, 60), (codes.TraffickingStatus.ACTUAL, 30),
        (codes.TraffickingStatus.NOT_A_VICTIM, 10)))
    decided_by = ""
    if trafficking_status != codes.TraffickingStatus.POSSIBLE:
        decided_by = rng.choice((codes.DecidingOrganisation.NGO, codes.DecidingOrganisation.POLICE,
                                 codes.DecidingOrganisation.COURT_OR_PROSECUTION))
    closed_on = None
    if status.startswith("Closed"):
        closed_on = min(ANCHOR, opened + datetime.timedelta(days=rng.randint(20, 400)))

    slots = {
        "origin": origin_region, "region": dest_region, "place": place, "months": months,
        "hours": rng.randint(*pattern.hours), "promise": rng.choice((40, 50, 60, 80, 100)) * 1000,
        "debt": rng.randint(3, 40) * 10_000, "wage": rng.randint(100, 400),
        "eur": rng.randint(1, 4), "recruited_at": recruited_at,
        # Russian verbs and pronouns agree with the person's gender.
        "a": "а" if female else "", "went": "ла" if female else "ёл",
        "a_alone": "у" if female else "ого",
    }
    for slot, values in pattern.extra.items():
        if slot != "migrant":
            slots[slot] = rng.choice(values)
    russian, english = rng.choice(pattern.narratives)
    if pattern.key == "military_recruitment" and origin != "RU":
        russian, english = pattern.extra["migrant"]
    narrative = (russian if rng.random() < 0.7 else english).format(**slots)
    if origin == "NG" and pattern.key == "sexual_exploitation":
        narrative += (" Перед отъездом из Бенин-Сити заставили принести клятву («джуджу») "
                      f"вернуть долг {rng.randint(3, 6) * 10_000} евро.")

    events = []
    if pattern.recruitment or pattern.key == "military_recruitment":
        events.append({"event_type": codes.EventType.RECRUITMENT,
                       "country": recruitment_country, "region": recruitment_region,
                       "place": recruited_at,
                       "date": started - datetime.timedelta(days=rng.randint(1, 30))})
    if recruitment_country != dest_country or rng.random() < 0.4:
        events.append({"event_type": codes.EventType.TRANSIT, "country": dest_country,
                       "region": dest_region, "place": "вокзал / аэропорт прибытия",
                       "date": started - datetime.timedelta(days=rng.randint(0, 3))})
    events.append({"event_type": codes.EventType.EXPLOITATION, "country": dest_country,
                   "region": dest_region, "place": place, "date": started})

    perpetrators = []
    for spec in pattern.perpetrators:
        if rng.random() >= spec.share:
            continue
        perp_female = rng.random() < spec.female_share
        citizenship = {"RU": "RU", "DAG": "RU", "official": "RU"}.get(spec.names, origin)
        perpetrators.append({
            "roles": list(spec.roles),
            "name": _perpetrator_name(rng, spec.names, country, female=perp_female),
            "details": rng.choice(spec.details_female if perp_female and spec.details_female
                                  else spec.details),
            "gender": codes.Gender.FEMININE if perp_female else codes.Gender.MASCULINE,
            "citizenship": citizenship,
        })

    return CaseRecord(
        organisation=organisation, pattern=pattern.key, persons=people, events=events,
        perpetrators=perpetrators,
        fields={
            "case_type": pattern.case_type, "status": status,
            "trafficking_status": trafficking_status, "status_decided_by": decided_by,
            "exploitation": exploitation, "industry": rng.choice(pattern.industries),
            "sex_exploitation": (rng.sample(pattern.sex_exploitation, rng.randint(1, 2))
                                 if pattern.sex_exploitation else []),
            "means_of_control": sorted(set(means)),
            "recruitment": (rng.sample(pattern.recruitment, rng.randint(1, 2))
                            if pattern.recruitment else []),
            "relationship": rng.choice(pattern.relationships),
            "age_when_trafficked": age,
            "recruitment_country": recruitment_country, "recruitment_region": recruitment_region,
            "exploitation_country": dest_country, "exploitation_region": dest_region,
            "opened_on": opened, "exploitation_started_on": started,
            "exploitation_ended_on": ended, "closed_on": closed_on, "narrative": narrative,
        },
    )


def case_record(seed: int, index: int,
                spread: Sequence[tuple[str, float]] = DEMO_SPREAD) -> CaseRecord:
    """Case number ``index`` of ``seed``: each case has its own random stream, so any slice of a
    seed's cases can be generated on its own (in parallel) and gives the same cases."""
    rng = random.Random(f"{seed}:{index}")  # noqa: S311 - reproducible fake data, not secrets
    key = rng.choices([k for k, _ in spread], weights=[w for _, w in spread])[0]
    profile = list(PROFILES.get(key, PROFILES["any"]).items())
    return _case(rng, key, PATTERNS[_weighted(rng, profile)])


def generate(*, seed: int, count: int, start: int = 0,
             spread: Sequence[tuple[str, float]] = DEMO_SPREAD) -> Iterator[CaseRecord]:
    """Cases ``start`` to ``start + count`` of ``seed``, each owned by one of ``spread``'s
    organisation keys (drawn by weight); a key with a profile in ``demo_patterns.PROFILES`` gets
    its kind of cases."""
    for index in range(start, start + count):
        yield case_record(seed, index, spread)


@dataclass(frozen=True)
class SeedResult:
    cases: int
    persons: int
    batches: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


def _prepare_slice(seed: int, start: int, count: int, spread: Sequence[tuple[str, float]],
                   organisations: Mapping[str, int],
                   created_by: Mapping[str, int | None]) -> PreparedBatch:
    records = list(generate(seed=seed, count=count, start=start, spread=spread))
    return prepare_batch(records, organisations=organisations, created_by=created_by)


def seed(*, seed: int, count: int, organisations: Mapping[str, int],
         spread: Sequence[tuple[str, float]] = DEMO_SPREAD,
         created_by: Mapping[str, int | None] | None = None, batch_size: int = BATCH_SIZE,
         workers: int = 0, detail: Mapping[str, Any] | None = None,
         progress: Callable[[int], None] | None = None, screenings: bool = True) -> SeedResult:
    """Generate ``count`` cases of ``seed`` and store them, one transaction per batch.

    ``organisations`` maps ``spread``'s keys to organisation ids (``created_by`` to the user
    named as creator, if any). With ``workers`` > 0, batches are generated and encrypted in that
    many forked processes while this one writes; the cases are the same. ``progress`` is called
    with each committed batch's number of cases. With ``screenings``, each batch's cases also
    get a screening (and the decided ones a signed decision) from ``screening.demo``.
    """
    creators = dict(created_by or {})
    owners = dict(organisations)
    slices = [(start, min(batch_size, count - start)) for start in range(0, count, batch_size)]
    begin = time.perf_counter()
    cases = persons = 0

    def store(batch: PreparedBatch) -> None:
        nonlocal cases, persons
        case_ids = write_prepared(batch, code_year=ANCHOR.year,
                                  detail={"seed": seed, **(detail or {})})
        if screenings:
            seed_screenings(case_ids, seed=seed)
        cases += len(batch.cases)
        persons += len(batch.persons)
        if progress:
            progress(len(batch.cases))

    with _large_page_cache():
        _store_all(slices, store, seed=seed, spread=spread, owners=owners, creators=creators,
                   workers=workers)
    return SeedResult(cases=cases, persons=persons, batches=len(slices),
                      seconds=time.perf_counter() - begin)


@contextlib.contextmanager
def _large_page_cache() -> Iterator[None]:
    """On SQLite, a 256 MB page cache while seeding: the search-token index takes inserts all
    over the file, and the default 2 MB cache would read most of its pages back from disk."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _store_all(slices: Sequence[tuple[int, int]], store: Callable[[PreparedBatch], None], *,
               seed: int, spread: Sequence[tuple[str, float]], owners: Mapping[str, int],
               creators: Mapping[str, int | None], workers: int) -> None:
    if workers > 0 and len(slices) > 1:
        # fork: the workers inherit the configured Django and never touch the database.
        normalise("é")  # builds its table once, before the workers are forked
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            todo = iter(slices)
            pending = [pool.submit(_prepare_slice, seed, start, size, spread, owners, creators)
                       for start, size in islice(todo, workers * 2)]
            while pending:
                batch = pending.pop(0).result()
                for start, size in islice(todo, 1):
                    pending.append(pool.submit(_prepare_slice, seed, start, size, spread,
                                               owners, creators))
                store(batch)
    else:
        for start, size in slices:
            store(_prepare_slice(seed, start, size, spread, owners, creators))
