"""Record linkage accuracy and speed (docs/linkage.md, Figures): on generated lists with known
truth, pairwise precision, recall and F1 of palermo's linkage, of the splink baseline (Jaro-Winkler
on names as written) and of the privacy-preserving (Bloom-filter) mode, overall and for pairs
written in different scripts; then the time to link two lists of 100,000 records.

    .venv/bin/python bench/linkage_bench.py            # the full run (several minutes)
    .venv/bin/python bench/linkage_bench.py --quick    # small sizes, to check it works

Pure core: no Django, no database.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from palermo.linkage.core.baseline import link_baseline
from palermo.linkage.core.bloom import encode
from palermo.linkage.core.encoded import link_encoded
from palermo.linkage.core.engine import LinkResult, link
from palermo.linkage.core.evaluate import Score, Scores, pairwise
from palermo.linkage.core.records import Record
from palermo.linkage.core.synthetic import DEFAULT_SOURCES, Population, generate

TARGET_F1 = 0.95
TARGET_CROSS_F1 = 0.90
TARGET_OVER_BASELINE = 0.15
TARGET_ENCODED_GAP = 0.03
TARGET_SECONDS = 120.0


def line(label: str, figure: str, note: str = "") -> None:
    print(f"  {label:<46} {figure:>24}  {note}".rstrip())


def verdict(ok: bool) -> str:
    return "meets the target" if ok else "MISSES the target"


def show(label: str, score: Score) -> None:
    line(
        label,
        f"P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}",
        f"({score.true_pairs:,} true pairs, {score.found_pairs:,} found)",
    )


def timed(work: Callable[[], LinkResult]) -> tuple[LinkResult, float, float]:
    """The result, wall-clock seconds and CPU seconds of this process (all threads)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def accuracy(people: int, seed: int) -> None:
    population = generate(people, 5, seed=seed)
    records = [record.to_record() for record in population.records()]
    truth = population.truth()
    sizes = ", ".join(f"{name} {len(rows):,}" for name, rows in population.lists.items())
    print(f"Accuracy: {people:,} people, five lists ({sizes}); seed {seed}")
    secret = secrets.token_bytes(32)

    def encoded_run() -> LinkResult:
        return link_encoded([encode(record, secret) for record in records])

    runs: dict[str, Scores] = {}
    for name, work in (
        ("palermo (clear text)", lambda: link(records)),
        ("baseline (splink, Jaro-Winkler on raw names)", lambda: link_baseline(records)),
        ("palermo (Bloom-filter encodings)", encoded_run),
    ):
        result, wall, _ = timed(work)
        runs[name] = pairwise(result.cluster(), truth, records)
        print(f"  {name}: {wall:.1f} s, {len(result.uncertain):,} pairs for review")
        show("    overall", runs[name].overall)
        show("    cross-script", runs[name].cross_script)
    clear, base, coded = runs.values()
    print("Against the targets:")
    line("F1 overall (≥ 0.95)", f"{clear.overall.f1:.3f}", verdict(clear.overall.f1 >= TARGET_F1))
    line("F1 cross-script (≥ 0.90)", f"{clear.cross_script.f1:.3f}",
         verdict(clear.cross_script.f1 >= TARGET_CROSS_F1))
    gain = clear.cross_script.f1 - base.cross_script.f1
    line("cross-script F1 above the baseline (≥ 0.15)", f"{gain:+.3f}",
         verdict(gain >= TARGET_OVER_BASELINE))
    gap = clear.overall.f1 - coded.overall.f1
    line("encoded F1 below clear text (≤ 0.03)", f"{gap:+.3f}", verdict(gap <= TARGET_ENCODED_GAP))
    cross_gap = clear.cross_script.f1 - coded.cross_script.f1
    line("encoded cross-script F1 below clear text", f"{cross_gap:+.3f}")


def two_lists(size: int, seed: int) -> tuple[list[Record], Population]:
    """Two lists of exactly ``size`` records each: police (Cyrillic) and a shelter (passports)."""
    police, shelter = DEFAULT_SOURCES[0], DEFAULT_SOURCES[2]
    population = generate(
        int(size / 0.4) + 1000, [replace(police, capture=0.4), replace(shelter, capture=0.4)],
        seed=seed,
    )
    records: list[Record] = []
    for name in ("police", "shelter"):
        rows = population.lists[name]
        if len(rows) < size:
            raise SystemExit(f"the generator gave {len(rows):,} {name} records, not {size:,}")
        records += [row.to_record() for row in rows[:size]]
    return records, population


def speed(size: int, seed: int, encoded: bool) -> None:
    records, population = two_lists(size, seed)
    keys = {record.key for record in records}
    truth = {key: person for key, person in population.truth().items() if key in keys}
    print(f"Speed: two lists of {size:,} records (police in Cyrillic, shelter from passports); "
          f"{os.cpu_count()} CPU cores")
    result, wall, cpu = timed(lambda: link(records))
    scores = pairwise(result.cluster(), truth, records)
    line(f"palermo link, {size:,} × {size:,}", f"{wall:.1f} s",
         f"CPU {cpu:.1f} s; {verdict(wall <= TARGET_SECONDS)} (≤ {TARGET_SECONDS:.0f} s)")
    show("  F1 at this size", scores.overall)
    if encoded:
        secret = secrets.token_bytes(32)
        start = time.perf_counter()
        coded = [encode(record, secret) for record in records]
        encoding = time.perf_counter() - start
        result, wall, cpu = timed(lambda: link_encoded(coded))
        line("  encoding both lists", f"{encoding:.1f} s")
        line("  linking the encodings", f"{wall:.1f} s", f"CPU {cpu:.1f} s")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small sizes (a minute)")
    parser.add_argument("--people", type=int, default=None, help="people in the accuracy run")
    parser.add_argument("--size", type=int, default=None, help="records per list, speed run")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    logging.getLogger("splink").setLevel(logging.ERROR)
    people = args.people or (3_000 if args.quick else 20_000)
    size = args.size or (10_000 if args.quick else 100_000)
    accuracy(people, args.seed)
    speed(size, args.seed, encoded=True)


if __name__ == "__main__":
    main()
