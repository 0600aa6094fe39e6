"""Name keys on synthetic populations: how often the same name gets the same key across scripts
and systems, how often different names share one, and how fast the generator is.

Baselines: the raw name case-folded, and the name written in ICAO 9303 (what a passport would
print) case-folded. Run: ``.venv/bin/python bench/linkage_keys_bench.py``.
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace

from palermo.linkage.core.names import name_key, name_keys, normalise
from palermo.linkage.core.synthetic import (
    DEFAULT_SOURCES,
    NATIONALITIES,
    SPELLINGS,
    SourceProfile,
    generate,
    name_list,
)
from palermo.linkage.core.translit import transliterate

KeyFunction = Callable[[str], str]


def icao_key(name: str) -> str:
    return normalise(transliterate(name, "icao_9303"))


KEYS: dict[str, KeyFunction] = {
    "palermo name_key": name_key,
    "baseline: raw, case-folded": normalise,
    "baseline: ICAO 9303, case-folded": icao_key,
}


def noise_free(spelling: str) -> SourceProfile:
    return SourceProfile(
        spelling, capture=1.0, spellings=((spelling, 1.0),), typo_rate=0.0, swap_rate=0.0,
        date_swap_rate=0.0, year_only_rate=0.0, missing_birth_rate=0.0, missing_sex_rate=0.0,
        missing_citizenship_rate=0.0, patronymic_rate=1.0, duplicate_rate=0.0,
    )


def spelling_agreement(n: int, seed: int) -> None:
    """Each spelling of each name against the person's own Cyrillic, without typos or swaps;
    last, the Soviet-era Russian form of Uzbek and Tajik names (``soviet_form``)."""
    soviet = replace(noise_free("cyrillic"), name="soviet-era", soviet_rate=1.0)
    population = generate(n, [*(noise_free(s) for s in SPELLINGS), soviet], seed=seed)
    people = {person.person_id: person for person in population.people}
    print(f"\n1. Same name, other spelling, no typos ({n} people, given and family names)")
    print(f"   {'spelling':16} " + " ".join(f"{label[:30]:>32}" for label in KEYS))
    misses: Counter[tuple[str, str]] = Counter()
    for spelling, records in population.lists.items():
        if spelling == "soviet-era":
            records = [r for r in records if people[r.person_id].citizenship in ("UZ", "TJ")]
        row = []
        for key in KEYS.values():
            same = total = 0
            for record in records:
                person = people[record.person_id]
                for written, native in ((record.given_name, person.given_name),
                                        (record.family_name, person.family_name)):
                    total += 1
                    if key(written) == key(native):
                        same += 1
                    elif key is name_key:
                        misses[(native, written)] += 1
            row.append(same / total)
        print(f"   {spelling:16} " + " ".join(f"{share:>32.4f}" for share in row))
    if misses:
        print("   most frequent misses of name_key (own Cyrillic → written):")
        for (native, written), count in misses.most_common(12):
            keys = f"{name_key(native)} ≠ {name_key(written)}"
            print(f"     {count:5d}  {native} → {written}: {keys}")


def pair_agreement(n: int, seed: int, *, slips: bool) -> None:
    """True pairs of the default four lists, by script of the pair; with the sources' typos and
    name-order swaps, or without them (``slips=False``: spelling systems, Soviet-era forms and
    missing values only)."""
    sources = list(DEFAULT_SOURCES[:4])
    if not slips:
        sources = [replace(source, typo_rate=0.0, swap_rate=0.0) for source in sources]
    population = generate(n, sources, seed=seed)
    records = {record.key: record for record in population.records()}
    what = "with their typos and swaps" if slips else "without typos and swaps"
    print(f"\n2. True pairs of records, default four lists {what} ({n} people)")
    for cross in (True, False):
        pairs = population.true_pairs(cross_script=cross)
        counts: Counter[str] = Counter()
        for a, b in pairs:
            first, second = records[a], records[b]
            ka = name_keys(first.given_name, first.family_name, first.patronymic)
            kb = name_keys(second.given_name, second.family_name, second.patronymic)
            counts["given"] += ka.given == kb.given
            counts["family"] += ka.family == kb.family
            counts["both"] += ka.given == kb.given and ka.family == kb.family
            counts["tokens"] += ka.tokens == kb.tokens
            counts["raw both"] += (
                normalise(first.given_name) == normalise(second.given_name)
                and normalise(first.family_name) == normalise(second.family_name)
            )
            if ka.patronymic and kb.patronymic:
                counts["patronymic pairs"] += 1
                counts["patronymic"] += ka.patronymic == kb.patronymic
        label = "cross-script" if cross else "same-script"
        total = len(pairs)
        print(f"   {label} pairs: {total}")
        for what in ("given", "family", "both", "tokens"):
            print(f"     same {what:7} key: {counts[what] / total:.4f}")
        print(f"     same raw given and family (baseline): {counts['raw both'] / total:.4f}")
        if counts["patronymic pairs"]:
            share = counts["patronymic"] / counts["patronymic pairs"]
            print(f"     same patronymic key where both have one: {share:.4f}")


def collisions() -> None:
    """Different names of the lists that share a key."""
    print("\n3. Different names sharing a key (the name lists, every nationality)")
    for kind in ("given", "family"):
        names: set[str] = set()
        for code in NATIONALITIES:
            for name_kind in ("given_male", "given_female") if kind == "given" else ("family",):
                names.update(name_list(code, name_kind))
        for label, key in KEYS.items():
            groups: defaultdict[str, list[str]] = defaultdict(list)
            for name in sorted(names):
                groups[key(name)].append(name)
            shared = [group for group in groups.values() if len(group) > 1]
            in_shared = sum(len(group) for group in shared)
            pairs = sum(len(group) * (len(group) - 1) // 2 for group in shared)
            all_pairs = len(names) * (len(names) - 1) // 2
            print(f"   {kind:6} {label[:34]:34} names {len(names):4d}  keys {len(groups):4d}  "
                  f"names sharing a key {in_shared:3d} ({in_shared / len(names):.3f})  "
                  f"colliding pairs {pairs / all_pairs:.5f}")
            if key is name_key:
                examples = ["/".join(group) for group in shared[:10]]
                print(f"          e.g. {'; '.join(examples)}")


def generation_speed() -> None:
    """Two lists of about 100,000 records each."""
    lists = [replace(DEFAULT_SOURCES[0], capture=0.25), replace(DEFAULT_SOURCES[2], capture=0.25)]
    start, cpu = time.perf_counter(), time.process_time()
    population = generate(400_000, lists, seed=1)
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    sizes = [len(records) for records in population.lists.values()]
    print(f"\n4. generate(400000 people, 2 lists): {sizes} records in {elapsed:.2f} s "
          f"({used:.2f} s CPU)")
    start, cpu = time.perf_counter(), time.process_time()
    for record in population.lists["shelter"]:
        name_keys(record.given_name, record.family_name, record.patronymic)
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"   name_keys of the {sizes[1]} shelter records: {elapsed:.2f} s ({used:.2f} s CPU)")


def main() -> int:
    spelling_agreement(4000, seed=11)
    pair_agreement(6000, seed=12, slips=True)
    pair_agreement(6000, seed=12, slips=False)
    collisions()
    generation_speed()
    return 0


if __name__ == "__main__":
    sys.exit(main())
