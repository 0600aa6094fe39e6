"""Hypothesis strategies for the importers' input: tables that are nearly right (the expected
columns, some missing, some unknown, cells that are valid, malformed or hostile), written as
CSV in several encodings or as XLSX, and now and then bytes that are no table at all."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Mapping, Sequence

from hypothesis import strategies as st
from openpyxl import Workbook

#: Cells that have broken parsers elsewhere: formulas, separators, dates that do not exist,
#: numbers out of range or in other notations, control characters, long and non-Latin text.
HOSTILE = ("", " ", "=1+1", "+cmd|' /C calc'!A0", "@SUM(A1)", "-1", "0", "1e309", "NaN",
           "inf", "99999999999999999999999", "1.5", "2026-02-30", "0000-00-00", "9999-12-31",
           "31/12/2026", "true", "None", "null", ";", ";;;", "a;b;", "\x00", "\u202e",
           "x" * 5000, "Дилноза", "إبراهيم", "\ufeff", "'\"", "\r\n", "M", "F", "RU", "XX")


def cells(valid: Sequence[str]) -> st.SearchStrategy[str]:
    """A cell: one of the column's valid values, a hostile one, or any short text."""
    choices = [st.sampled_from(HOSTILE), st.text(max_size=30)]
    if valid:
        choices.insert(0, st.sampled_from(list(valid)))
    return st.one_of(*choices)


@st.composite
def tables(draw: st.DrawFn, columns: Mapping[str, Sequence[str]], required: Sequence[str],
           max_rows: int = 4) -> list[list[str]]:
    """A header and rows: usually every required column, some optional ones, now and then an
    unknown or repeated column; cells drawn per column. Half the tables are clean (only valid
    cells, right columns), so the importers' writing path is fuzzed too, not only refusals."""
    clean = draw(st.booleans())
    names = [c for c in columns if c in required or draw(st.booleans())]
    if not clean and names and draw(st.integers(0, 9)) == 0:
        names.remove(draw(st.sampled_from(names)))
    if not clean and draw(st.integers(0, 9)) == 0:
        names.append(draw(st.sampled_from(["unknown", *names] if names else ["unknown"])))
    names = draw(st.permutations(names))

    def cell(name: str) -> st.SearchStrategy[str]:
        valid = columns.get(name, ())
        return st.sampled_from(list(valid)) if clean and valid else cells(valid)

    rows = draw(st.lists(st.tuples(*[cell(n) for n in names]).map(list) if names
                         else st.just([]), min_size=1 if clean else 0, max_size=max_rows))
    if not clean and rows and draw(st.integers(0, 9)) == 0:  # a ragged row
        rows[0] = rows[0][:-1] if draw(st.booleans()) else [*rows[0], "extra"]
    return [list(names), *rows]


def as_csv(table: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return out.getvalue().encode(encoding, errors="replace")


def as_xlsx(table: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in table:
        sheet.append([_xlsx_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(value: object) -> object:
    if isinstance(value, str):  # openpyxl refuses control characters in cells
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")
    return value


@st.composite
def csv_files(draw: st.DrawFn, columns: Mapping[str, Sequence[str]],
              required: Sequence[str]) -> bytes:
    """A CSV file of a table, in UTF-8 (with or without BOM), UTF-16 or Latin-1, or junk."""
    if draw(st.integers(0, 14)) == 0:
        return draw(st.binary(max_size=200))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16",
                                     "latin-1"]))
    return as_csv(draw(tables(columns, required)), encoding)


#: Typed XLSX cells besides text: numbers, dates, booleans, empty.
XLSX_VALUES = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=False),
                        st.dates(datetime.date(1900, 1, 1)), st.booleans(), st.none())


@st.composite
def xlsx_files(draw: st.DrawFn, columns: Mapping[str, Sequence[str]],
               required: Sequence[str]) -> bytes:
    """An XLSX workbook of a table whose cells are sometimes numbers, dates or booleans."""
    table: list[list[object]] = [list(r) for r in draw(tables(columns, required, max_rows=3))]
    typed = draw(st.booleans())
    for row in table[1:] if typed else []:
        for i in range(len(row)):
            if draw(st.integers(0, 4)) == 0:
                row[i] = draw(XLSX_VALUES)
    return as_xlsx(table)
