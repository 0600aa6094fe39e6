"""Capture histories: reading a CSV into a table of counts per history, and cleaning its lists.

A history is stored as a bit mask: bit ``i`` set means "on list ``i``". ``counts[h]`` is the
number of people with history ``h``; ``counts[0]`` (on no list) is never observed and stays 0.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

MAX_LISTS = 10
COUNT_COLUMN = "count"
MAX_FILE_BYTES = 200 * 1024 * 1024


class HistoryFileError(ValueError):
    """The file cannot be read as capture histories; the message is one line for the user."""


@dataclass(frozen=True)
class CaptureTable:
    """Counts of people per capture history over named lists."""

    lists: tuple[str, ...]
    counts: NDArray[np.int64]  # length 2**len(lists); index = history bit mask
    dropped_lists: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def n_lists(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        return int(self.counts.sum())

    def list_sizes(self) -> dict[str, int]:
        masks = np.arange(self.counts.size)
        return {
            name: int(self.counts[(masks >> i) & 1 == 1].sum()) for i, name in enumerate(self.lists)
        }

    def overlap(self, i: int, j: int) -> int:
        """People on both list ``i`` and list ``j`` (whatever other lists they are on)."""
        both = (1 << i) | (1 << j)
        masks = np.arange(self.counts.size)
        return int(self.counts[(masks & both) == both].sum())

    def rows(self) -> list[tuple[tuple[int, ...], int]]:
        """The observed histories (count > 0) as (0/1 per list, count), in mask order."""
        out = []
        for mask in np.flatnonzero(self.counts):
            bits = tuple((int(mask) >> i) & 1 for i in range(self.n_lists))
            out.append((bits, int(self.counts[mask])))
        return out


def table_from_rows(
    lists: Sequence[str], rows: Sequence[tuple[Sequence[int], int]]
) -> CaptureTable:
    """A table from (history, count) pairs, histories as 0/1 per list; repeated histories add up.

    Lists that hold no one, everyone, or exactly the people of an earlier list are dropped and
    reported. Raises ``HistoryFileError`` when fewer than two (or more than ``MAX_LISTS``)
    usable lists remain.
    """
    names = tuple(lists)
    if not names:
        raise HistoryFileError("no list columns: expected one 0/1 column per list")
    merged: dict[tuple[int, ...], int] = {}
    for bits, count in rows:
        key = tuple(1 if b else 0 for b in bits)
        if len(key) != len(names):
            raise ValueError("a history does not have one 0/1 value per list")
        if not any(key) and count > 0:
            raise HistoryFileError(
                "a history on no list has a count: people on no list cannot be observed"
            )
        if count < 0:
            raise HistoryFileError("a count is negative")
        merged[key] = merged.get(key, 0) + int(count)
    total = sum(merged.values())
    if total == 0:
        raise HistoryFileError("no one is on any list (all counts are 0)")
    keep: list[int] = []
    dropped: list[str] = []
    warnings: list[str] = []
    for i, name in enumerate(names):
        size = sum(c for b, c in merged.items() if b[i])
        if size == 0:
            dropped.append(name)
            warnings.append(f"list {name} has no one on it and was dropped")
            continue
        if size == total:
            dropped.append(name)
            warnings.append(
                f"list {name} holds everyone observed (it says nothing about who is missed) "
                "and was dropped"
            )
            continue
        twin = next(
            (k for k in keep if all(b[i] == b[k] for b, c in merged.items() if c > 0)), None
        )
        if twin is not None:
            dropped.append(name)
            warnings.append(
                f"list {name} holds exactly the same people as list {names[twin]} and was dropped"
            )
            continue
        keep.append(i)
    if len(keep) < 2:
        raise HistoryFileError(
            f"fewer than 2 usable lists ({len(keep)} left after dropping "
            f"{', '.join(dropped) or 'none'}): an estimate needs at least two overlapping sources"
        )
    if len(keep) > MAX_LISTS:
        raise HistoryFileError(f"{len(keep)} usable lists: at most {MAX_LISTS} are supported")
    counts = np.zeros(1 << len(keep), dtype=np.int64)
    for bits, count in merged.items():
        counts[sum(1 << new_i for new_i, old_i in enumerate(keep) if bits[old_i])] += count
    return CaptureTable(
        lists=tuple(names[i] for i in keep),
        counts=counts,
        dropped_lists=tuple(dropped),
        warnings=tuple(warnings),
    )


def table_from_counts(lists: Sequence[str], counts: NDArray[np.int64]) -> CaptureTable:
    """A table from dense counts indexed by history bit mask (cleaned like ``table_from_rows``)."""
    t = len(lists)
    rows = [
        (tuple((int(mask) >> i) & 1 for i in range(t)), int(counts[mask]))
        for mask in np.flatnonzero(counts)
    ]
    return table_from_rows(lists, rows)


def _zero_one(value: str, *, line: int, column: str) -> int:
    value = value.strip()
    if value == "1":
        return 1
    if value == "0":
        return 0
    shown = value if len(value) <= 20 else value[:20] + "…"
    raise HistoryFileError(f"line {line}, column {column!r}: {shown!r} is not 0 or 1")


def _count(value: str, *, line: int) -> int:
    value = value.strip()
    shown = value if len(value) <= 20 else value[:20] + "…"
    if not value.isascii() or not value.isdigit():
        if value.startswith("-") and value[1:].isdigit():
            raise HistoryFileError(f"line {line}: count {shown!r} is negative")
        raise HistoryFileError(f"line {line}: count {shown!r} is not a whole number")
    if len(value) > 12:
        raise HistoryFileError(f"line {line}: count {shown!r} is implausibly large")
    return int(value)


def parse_histories(text: str, *, id_column: str | None = None) -> CaptureTable:
    """Capture histories from CSV text.

    With a ``count`` column: one row per history. Otherwise one row per person, every column a
    list (0/1) except ``id_column`` when given (each id at most once).
    """
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise HistoryFileError(f"not a valid CSV file: {exc}") from None
    numbered = [(n, r) for n, r in enumerate(records, start=1) if any(c.strip() for c in r)]
    if not numbered:
        raise HistoryFileError("the file is empty: expected a header row of list names")
    header_line, raw_header = numbered[0]
    header = [h.strip() for h in raw_header]
    if any(not h for h in header):
        raise HistoryFileError(f"line {header_line}: a column has no name")
    seen: set[str] = set()
    for h in header:
        if h in seen:
            raise HistoryFileError(f"line {header_line}: column {h!r} appears twice")
        seen.add(h)
    count_at: int | None = None
    id_at: int | None = None
    if id_column is not None:
        if id_column not in header:
            raise HistoryFileError(f"no column named {id_column!r} (the --id-column)")
        id_at = header.index(id_column)
        if COUNT_COLUMN in header:
            raise HistoryFileError(
                f"a {COUNT_COLUMN!r} column with --id-column: give one row per person "
                "(with an id) or one row per history (with a count), not both"
            )
    elif COUNT_COLUMN in header:
        count_at = header.index(COUNT_COLUMN)
    list_at = [i for i in range(len(header)) if i not in (count_at, id_at)]
    lists = [header[i] for i in list_at]
    if not lists:
        raise HistoryFileError("no list columns: expected one 0/1 column per list")
    if len(lists) > 1000:
        raise HistoryFileError(f"{len(lists)} list columns: at most {MAX_LISTS} are supported")
    histories: dict[tuple[int, ...], int] = {}
    ids: set[str] = set()
    for line, record in numbered[1:]:
        if len(record) != len(header):
            raise HistoryFileError(
                f"line {line}: {len(record)} fields where the header has {len(header)}"
            )
        bits = tuple(_zero_one(record[i], line=line, column=header[i]) for i in list_at)
        if id_at is not None:
            person = record[id_at].strip()
            if not person:
                raise HistoryFileError(f"line {line}: the id column {id_column!r} is empty")
            if person in ids:
                raise HistoryFileError(
                    f"line {line}: id {person[:40]!r} appears on two rows "
                    "(one row per person, with a 0/1 column per list)"
                )
            ids.add(person)
        count = 1 if count_at is None else _count(record[count_at], line=line)
        if not any(bits) and count > 0:
            raise HistoryFileError(
                f"line {line}: a history on no list (all 0) cannot be observed"
                + ("" if count_at is None else "; give it count 0 or leave it out")
            )
        histories[bits] = histories.get(bits, 0) + count
    if not histories:
        raise HistoryFileError("no data rows after the header")
    return table_from_rows(lists, list(histories.items()))


def read_histories(path: str | Path, *, id_column: str | None = None) -> CaptureTable:
    """Capture histories from a UTF-8 CSV file (``-`` reads standard input)."""
    try:
        if str(path) == "-":
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise HistoryFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise HistoryFileError(f"{path} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HistoryFileError(
            f"{path} is not UTF-8 text (byte {exc.start}): save it as UTF-8 CSV"
        ) from None
    if "\x00" in text:
        raise HistoryFileError(f"{path} contains NUL bytes: it is not a text CSV file")
    return parse_histories(text, id_column=id_column)
