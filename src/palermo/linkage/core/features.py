"""What the model compares: each record as a row of transliteration-aware name keys (from
``names.name_keys``) and birth date parts, the same whatever script the name was written in."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyarrow as pa

from palermo.linkage.core.names import NameKeys, name_keys
from palermo.linkage.core.records import Record

COLUMNS = (
    "unique_id",
    "list_name",
    "record_id",
    "given_key",
    "family_key",
    "patronymic_key",
    "given_initial",
    "family_initial",
    "birth_date",
    "birth_year",
    "birth_month",
    "birth_day",
    "sex",
    "citizenship",
)

INTEGER_COLUMNS = ("unique_id", "birth_year", "birth_month", "birth_day")
COLUMN_TYPES = {
    name: pa.int64() if name in INTEGER_COLUMNS else pa.string() for name in COLUMNS
}
"""Fixed types: a column nobody filled (no patronymics at all) must still compare as text."""


@lru_cache(maxsize=200_000)
def _given(name: str) -> str:
    return name_keys(name, "").given


@lru_cache(maxsize=200_000)
def _family(name: str) -> str:
    return name_keys("", name).family


@lru_cache(maxsize=50_000)
def _patronymic(name: str) -> str:
    return name_keys("", "", name).patronymic


def record_keys(record: Record) -> NameKeys:
    """``name_keys`` of the record, each part computed once per distinct spelling (lists repeat
    the same names many times over)."""
    given, family = _given(record.given_name), _family(record.family_name)
    return NameKeys(
        given=given,
        family=family,
        patronymic=_patronymic(record.patronymic),
        tokens=tuple(sorted((given + " " + family).split())),
    )


def _or_none(text: str) -> str | None:
    return text or None


def feature_row(record: Record, unique_id: int) -> dict[str, Any]:
    """One row for the model; empty values become None (splink's null levels)."""
    keys = record_keys(record)
    birth = record.birth_date
    return {
        "unique_id": unique_id,
        "list_name": record.list_name,
        "record_id": record.record_id,
        "given_key": _or_none(keys.given),
        "family_key": _or_none(keys.family),
        "patronymic_key": _or_none(keys.patronymic),
        "given_initial": _or_none(keys.given[:1]),
        "family_initial": _or_none(keys.family[:1]),
        "birth_date": birth.isoformat() if birth else None,
        "birth_year": record.birth_year,
        "birth_month": birth.month if birth else None,
        "birth_day": birth.day if birth else None,
        "sex": _or_none(record.sex),
        "citizenship": _or_none(record.citizenship),
    }


def feature_columns(records: Iterable[Record]) -> dict[str, list[Any]]:
    """The records as columns (what a DuckDB table is built from); ``unique_id`` is the index."""
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for index, record in enumerate(records):
        for name, value in feature_row(record, index).items():
            columns[name].append(value)
    return columns
