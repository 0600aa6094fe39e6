"""One person as one organisation recorded them, and the reader of a list file (DESIGN.md,
Contracts, ``palermo link``): validation with one-line errors naming the file, row and column."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from palermo.linkage.core.countries import ALPHA_2

REQUIRED_COLUMNS = ("record_id", "given_name", "family_name", "sex", "citizenship")
OPTIONAL_COLUMNS = ("patronymic", "birth_date", "birth_year")
SEXES = ("M", "F", "")
EARLIEST_YEAR = 1880
LATEST_YEAR = 2100
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")

PairKey = tuple[tuple[str, str], tuple[str, str]]
"""A pair of records, each as (list name, record id), the smaller first."""


class LinkInputError(ValueError):
    """A list file that does not follow the contract; the message is one line."""


@dataclass(frozen=True, slots=True)
class Record:
    """One record of one list: names in any script, as written; the rest as the contract codes it.

    ``birth_year`` is filled from ``birth_date`` when only the date is known.
    """

    list_name: str
    record_id: str
    given_name: str
    family_name: str
    patronymic: str = ""
    birth_date: date | None = None
    birth_year: int | None = None
    sex: str = ""
    citizenship: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """(list name, record id): unique across the lists being linked."""
        return (self.list_name, self.record_id)


def pair_key(a: tuple[str, str], b: tuple[str, str]) -> PairKey:
    """The canonical key of an unordered pair of records."""
    return (a, b) if a <= b else (b, a)


def _fail(path: Path, row: int | None, column: str | None, message: str) -> LinkInputError:
    where = path.name
    if row is not None:
        where += f", row {row}"
    if column is not None:
        where += f", column {column}"
    return LinkInputError(f"{where}: {message}")


def _birth(path: Path, row: int, values: dict[str, str]) -> tuple[date | None, int | None]:
    text_date = values.get("birth_date", "").strip()
    text_year = values.get("birth_year", "").strip()
    birth_date: date | None = None
    birth_year: int | None = None
    if text_date:
        if not _ISO_DATE.fullmatch(text_date):
            raise _fail(path, row, "birth_date", f"{text_date!r} is not a date YYYY-MM-DD")
        try:
            birth_date = date.fromisoformat(text_date)
        except ValueError:
            raise _fail(path, row, "birth_date", f"{text_date!r} is not a valid date") from None
        if not EARLIEST_YEAR <= birth_date.year <= LATEST_YEAR:
            raise _fail(path, row, "birth_date", f"{text_date} is not a plausible birth date")
    if text_year:
        if not _YEAR.fullmatch(text_year):
            raise _fail(path, row, "birth_year", f"{text_year!r} is not a four-digit year")
        birth_year = int(text_year)
        if not EARLIEST_YEAR <= birth_year <= LATEST_YEAR:
            raise _fail(path, row, "birth_year", f"{text_year} is not a plausible birth year")
    if birth_date is not None:
        if birth_year is not None and birth_year != birth_date.year:
            raise _fail(path, row, "birth_year", f"{birth_year} contradicts birth_date")
        birth_year = birth_date.year
    return birth_date, birth_year


def parse_rows(path: Path, rows: Iterable[dict[str, str]], list_name: str) -> list[Record]:
    """Records from the rows of a list (rows numbered from 2: the header is row 1)."""
    records: list[Record] = []
    seen: dict[str, int] = {}
    for row, values in enumerate(rows, start=2):
        if None in values:
            raise _fail(path, row, None, "more fields than the header has columns")
        if None in values.values():
            raise _fail(path, row, None, "fewer fields than the header has columns")
        record_id = (values.get("record_id") or "").strip()
        if not record_id:
            raise _fail(path, row, "record_id", "empty")
        if record_id in seen:
            raise _fail(path, row, "record_id", f"{record_id!r} already on row {seen[record_id]}")
        seen[record_id] = row
        given = (values.get("given_name") or "").strip()
        family = (values.get("family_name") or "").strip()
        if not given and not family:
            raise _fail(path, row, "given_name", "neither given_name nor family_name is filled")
        sex = (values.get("sex") or "").strip().upper()
        if sex not in SEXES:
            raise _fail(path, row, "sex", f"{sex!r} is not M, F or empty")
        citizenship = (values.get("citizenship") or "").strip().upper()
        if citizenship and citizenship not in ALPHA_2:
            message = f"{citizenship!r} is not an ISO 3166 alpha-2 code"
            raise _fail(path, row, "citizenship", message)
        birth_date, birth_year = _birth(path, row, values)
        records.append(
            Record(
                list_name=list_name,
                record_id=record_id,
                given_name=given,
                family_name=family,
                patronymic=(values.get("patronymic") or "").strip(),
                birth_date=birth_date,
                birth_year=birth_year,
                sex=sex,
                citizenship=citizenship,
            )
        )
    return records


def read_list(path: str | Path, list_name: str | None = None) -> list[Record]:
    """Read one organisation's list (CSV, UTF-8); the list is named after the file's stem.

    Required columns: ``record_id``, ``given_name``, ``family_name``, ``sex``, ``citizenship`` and
    ``birth_date`` or ``birth_year`` (or both); ``patronymic`` is optional; other columns are
    ignored. Raises :class:`LinkInputError` with one line naming the file, row and column.
    """
    path = Path(path)
    name = list_name if list_name is not None else path.stem
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [column.strip() for column in reader.fieldnames or []]
            if not header:
                raise _fail(path, None, None, "the file is empty (no header row)")
            reader.fieldnames = header
            missing = [column for column in REQUIRED_COLUMNS if column not in header]
            if "birth_date" not in header and "birth_year" not in header:
                missing.append("birth_date or birth_year")
            if missing:
                raise _fail(path, 1, None, f"missing column(s): {', '.join(missing)}")
            duplicated = sorted({column for column in header if header.count(column) > 1})
            if duplicated:
                raise _fail(path, 1, None, f"repeated column(s): {', '.join(duplicated)}")
            return parse_rows(path, reader, name)
    except UnicodeDecodeError:
        raise _fail(path, None, None, "not UTF-8 text") from None
    except csv.Error as exc:
        raise _fail(path, None, None, f"not a readable CSV file ({exc})") from None
    except FileNotFoundError:
        raise _fail(path, None, None, "no such file") from None
    except IsADirectoryError:
        raise _fail(path, None, None, "is a folder, not a file") from None
    except PermissionError:
        raise _fail(path, None, None, "cannot be read (permission denied)") from None
