"""Linkage on encodings alone: the encoded list file (``palermo link --encode``), its reader, and
the splink model the coordinator runs on Dice similarities of the filters and equality of the
keyed hashes (``palermo link --encoded``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from palermo.linkage.core import bloom
from palermo.linkage.core.engine import (
    DEFAULT_REVIEW_BAND,
    DEFAULT_SEED,
    DEFAULT_THRESHOLD,
    LinkResult,
    check_options,
    check_unique,
    result_from_scores,
)
from palermo.linkage.core.model import (
    BIRTH_DIFFERENT_M,
    NameSql,
    exact_comparison,
    level,
    name_comparison,
    patronymic_comparison,
)
from palermo.linkage.core.records import LinkInputError, Record
from palermo.linkage.core.splink_runner import ModelSpec, score

FILTER_COLUMNS = ("given", "family", "patronymic")
HASH_COLUMNS = (
    "given_hash", "family_hash", "patronymic_hash", "birth_year", "birth_year_next", "birth_date",
    "birth_date_swapped", "birth_year_month", "birth_month_day", "sex", "citizenship",
)
FILE_COLUMNS = ("record_id", "key_check", *FILTER_COLUMNS, *HASH_COLUMNS)

# Dice similarity of two name filters: the same key gives 1; one changed letter in a name of
# eight about 0.8; unrelated names of that length about 0.1–0.3.
DICE_CLOSE = 0.85
DICE_RELATED = 0.70


def write_encoded(records: Sequence[Record], secret: bytes) -> str:
    """The encoded list as CSV text (UTF-8, one row per record)."""
    check = bloom.key_check(secret)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FILE_COLUMNS)
    for record in records:
        encoded = bloom.encode(record, secret)
        writer.writerow([
            encoded.record_id,
            check,
            *(
                bloom.to_text(getattr(encoded, name)) if getattr(encoded, name) else ""
                for name in FILTER_COLUMNS
            ),
            *(getattr(encoded, name) for name in HASH_COLUMNS),
        ])
    return out.getvalue()


def _hash_ok(text: str) -> bool:
    return text == "" or (
        len(text) == bloom.HASH_HEX and all(c in "0123456789abcdef" for c in text)
    )


def read_encoded(path: str | Path) -> tuple[str, list[bloom.EncodedRecord]]:
    """Read an encoded list: (its key check, its records). The list is named after the file's
    stem. Raises :class:`LinkInputError` with one line naming the file, row and column."""
    path = Path(path)
    name = path.stem
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header != list(FILE_COLUMNS):
                raise LinkInputError(
                    f"{path.name}, row 1: not an encoded list (expected the columns "
                    f"{','.join(FILE_COLUMNS)})"
                )
            check = ""
            records: list[bloom.EncodedRecord] = []
            seen: dict[str, int] = {}
            for row_number, row in enumerate(reader, start=2):
                records.append(_encoded_row(path, row_number, row, name))
                record_id = records[-1].record_id
                if record_id in seen:
                    raise LinkInputError(
                        f"{path.name}, row {row_number}, column record_id: {record_id!r} "
                        f"already on row {seen[record_id]}"
                    )
                seen[record_id] = row_number
                if check and row[1] != check:
                    raise LinkInputError(
                        f"{path.name}, row {row_number}, column key_check: rows encoded with "
                        "different keys"
                    )
                check = row[1]
    except UnicodeDecodeError:
        raise LinkInputError(f"{path.name}: not UTF-8 text") from None
    except csv.Error as exc:
        raise LinkInputError(f"{path.name}: not a readable CSV file ({exc})") from None
    except FileNotFoundError:
        raise LinkInputError(f"{path.name}: no such file") from None
    except IsADirectoryError:
        raise LinkInputError(f"{path.name}: is a folder, not a file") from None
    return check, records


def _encoded_row(path: Path, row_number: int, row: list[str], name: str) -> bloom.EncodedRecord:
    where = f"{path.name}, row {row_number}"
    if len(row) != len(FILE_COLUMNS):
        raise LinkInputError(f"{where}: {len(row)} fields, not {len(FILE_COLUMNS)}")
    values = dict(zip(FILE_COLUMNS, row, strict=True))
    if not values["record_id"]:
        raise LinkInputError(f"{where}, column record_id: empty")
    filters: dict[str, int] = {}
    for column in FILTER_COLUMNS:
        try:
            filters[column] = bloom.from_text(values[column]) if values[column] else 0
        except ValueError:
            raise LinkInputError(f"{where}, column {column}: not a Bloom filter") from None
    for column in ("key_check", *HASH_COLUMNS):
        if not _hash_ok(values[column]) or (column == "key_check" and not values[column]):
            raise LinkInputError(f"{where}, column {column}: not a keyed hash")
    return bloom.EncodedRecord(
        list_name=name,
        record_id=values["record_id"],
        given=filters["given"],
        family=filters["family"],
        patronymic=filters["patronymic"],
        **{column: values[column] for column in HASH_COLUMNS},
    )


def _dice_sql(column: str) -> str:
    left, right = f"{column}_l", f"{column}_r"
    return (
        f"(2.0 * bit_count({left} & {right}) / (bit_count({left}) + bit_count({right})))"
    )


def _filter_sql(column: str, hashed: str | None) -> NameSql:
    """A name filter: the same key by its keyed hash (or Dice 1), close and related by Dice."""
    left, right = f"{column}_l", f"{column}_r"
    return NameSql(
        missing=f"{left} IS NULL OR {right} IS NULL",
        same=f"{hashed}_l = {hashed}_r" if hashed else f"{_dice_sql(column)} >= 0.999",
        close=f"{_dice_sql(column)} >= {DICE_CLOSE}",
        related=f"{_dice_sql(column)} >= {DICE_RELATED}",
    )


SWAPPED = "given_hash_l = family_hash_r AND family_hash_l = given_hash_r"


def _birth_comparison() -> dict[str, Any]:
    return {
        "output_column_name": "birth",
        "comparison_levels": [
            level("birth_year_l IS NULL OR birth_year_r IS NULL", "missing", 0, 0, null=True),
            level("birth_date_l = birth_date_r", "same date", 0.80, 0.0002),
            level(
                "birth_date_swapped_l = birth_date_r OR birth_date_l = birth_date_swapped_r",
                "day and month swapped",
                0.04,
                0.00002,
            ),
            level(
                "birth_year_l = birth_year_r AND (birth_date_l IS NULL OR birth_date_r IS NULL)",
                "same year, one date unknown",
                0.08,
                0.02,
            ),
            level(
                "birth_year_month_l = birth_year_month_r",
                "same year and month, other day",
                0.02,
                0.002,
            ),
            level(
                "birth_month_day_l = birth_month_day_r",
                "same day and month, other year",
                0.02,
                0.0027,
            ),
            level("birth_year_l = birth_year_r", "same year, other date", 0.02, 0.02),
            level(
                "birth_year_next_l = birth_year_r OR birth_year_l = birth_year_next_r",
                "a year apart",
                0.03,
                0.05,
            ),
            # m fixed: a birth date two or more years off is rare for one person, but EM on
            # lists full of namesakes learns otherwise (it takes namesakes for matches).
            level("ELSE", "different", BIRTH_DIFFERENT_M, 0.91, fix_m=True),
        ],
    }


ENCODED_MODEL = ModelSpec(
    comparisons=[
        name_comparison(
            "given", _filter_sql("given", "given_hash"), SWAPPED, counts_swap=True,
            tf="given_hash",
        ),
        name_comparison(
            "family", _filter_sql("family", "family_hash"), SWAPPED, counts_swap=False,
            tf="family_hash",
        ),
        patronymic_comparison("patronymic", _filter_sql("patronymic", "patronymic_hash")),
        _birth_comparison(),
        exact_comparison("sex", 0.98, 0.5),
        exact_comparison("citizenship", 0.95, 0.3),
    ],
    blocking_rules=(
        "l.family_hash = r.family_hash AND l.birth_year = r.birth_year",
        "l.given_hash = r.given_hash AND l.birth_year = r.birth_year",
        "l.given_hash = r.given_hash AND l.family_hash = r.family_hash",
        "l.birth_date = r.birth_date",
        "l.given_hash = r.family_hash AND l.family_hash = r.given_hash",
    ),
    training_rules=(
        (
            "l.given_hash = r.given_hash AND l.family_hash = r.family_hash "
            "AND l.patronymic_hash = r.patronymic_hash",
            "l.given_hash = r.given_hash AND l.family_hash = r.family_hash",
        ),
        ("l.birth_date = r.birth_date",),
    ),
    deterministic_rules=(
        "l.given_hash = r.given_hash AND l.family_hash = r.family_hash "
        "AND l.birth_date = r.birth_date",
    ),
)


def _columns(records: Sequence[bloom.EncodedRecord]) -> dict[str, list[Any]]:
    columns: dict[str, list[Any]] = {"unique_id": list(range(len(records)))}
    for column in FILTER_COLUMNS:
        columns[column] = [
            getattr(r, column).to_bytes(bloom.FILTER_BYTES, "big") if getattr(r, column) else None
            for r in records
        ]
    for column in HASH_COLUMNS:
        columns[column] = [getattr(r, column) or None for r in records]
    return columns


def link_encoded(
    records: Sequence[bloom.EncodedRecord],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    review_band: tuple[float, float] = DEFAULT_REVIEW_BAND,
    seed: int = DEFAULT_SEED,
) -> LinkResult:
    """Link and deduplicate encoded lists (all encoded with one secret)."""
    check_options(threshold, review_band)
    keys = [(record.list_name, record.record_id) for record in records]
    check_unique(keys)
    scored = score(
        _columns(records),
        ENCODED_MODEL,
        lower=min(review_band[0], threshold),
        seed=seed,
        types={
            "unique_id": pa.int64(),
            **{column: pa.binary() for column in FILTER_COLUMNS},
            **{column: pa.string() for column in HASH_COLUMNS},
        },
        bit_columns=FILTER_COLUMNS,
    )
    years = {
        (record.list_name, record.record_id): (record.birth_year, record.birth_year_next)
        for record in records
    }
    return result_from_scores(
        keys, scored, threshold=threshold, review_band=review_band, birth_years=years
    )
