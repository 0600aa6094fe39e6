"""Input fuzzing: every importer and parser, fed nearly-right and hostile files by hypothesis.

The property, for each: the input is taken, or refused with the importer's own validation
error and a message; never another exception; after a refusal the database holds exactly the
rows it held before (audit rows included: all or nothing). Bounded for CI: derandomised, a few
dozen examples each (``PALERMO_FUZZ_EXAMPLES`` scales them), each example rolled back.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from palermo.accounts.models import User
from palermo.cases import htcds
from palermo.cases.importer import import_cases
from palermo.cases.models import Case, Person
from palermo.complaints.codes import FacilityType
from palermo.complaints.facility_import import import_facilities
from palermo.complaints.models import Facility
from palermo.estimation import cli as estimation_cli
from palermo.estimation.histories import CaptureTable, HistoryFileError, parse_histories
from palermo.justice.codes import ArticleGroup, Measure
from palermo.justice.models import PublishedFigure
from palermo.justice.official_import import import_figures
from palermo.law import cli as law_cli
from palermo.linkage.core.records import LinkInputError, read_list
from palermo.monitoring import trainings
from palermo.monitoring.csv_formats import FORMATS, import_file
from palermo.monitoring.models import Attendee, Course, Recommendation, TrainingSession
from tests.law.strategies import facts as valid_facts
from tests.security.fuzz_inputs import HOSTILE, as_csv, csv_files, tables, xlsx_files
from tests.security.fuzz_run import counts, example, fuzz


def _choices(choices: Any) -> list[str]:
    return [str(v) for v in choices.values] if choices else []


def _case_column_values(column: htcds.Column) -> list[str]:
    kind = htcds.Kind
    return {
        kind.CODE: _choices(column.choices), kind.CODES: _choices(column.choices),
        kind.DATE: ["1998-01-01" if column.field == "birth_date" else "2026-03-14"],
        kind.INTEGER: ["1998" if column.field == "birth_year" else str(column.minimum)],
        kind.COUNTRY: ["RU", "UZ"], kind.COUNTRIES: ["RU", "UZ;RU"],
        kind.TEXT: ["Дилноза", "Ivan"], kind.TEXT_LIST: ["a;b"], kind.SKIP: ["C-2026-000001"],
    }[column.kind]


CASE_COLUMNS = {c.name: _case_column_values(c) for c in htcds.COLUMNS}
CASE_MODELS = (Case, Person)


def _check_cases(ex: example, user: User, content: bytes, filename: str) -> None:
    before = counts(*CASE_MODELS)
    result = import_cases(user=user, content=content, filename=filename)
    after = counts(*CASE_MODELS)
    if result.ok:
        assert after[0] - before[0] == len(result.cases) and after[2] > before[2]
        ex.accepted()
    else:
        assert after == before, "a refused import wrote rows"
        assert all(str(p.message).strip() for p in result.problems)


@fuzz(60)
@given(content=csv_files(CASE_COLUMNS, htcds.REQUIRED))
def test_case_import_csv(content: bytes, caseworker: User) -> None:
    with (ex := example("cases CSV")):
        _check_cases(ex, caseworker, content, "cases.csv")


@fuzz(25)
@given(content=st.one_of(xlsx_files(CASE_COLUMNS, htcds.REQUIRED), st.binary(max_size=300)))
def test_case_import_xlsx(content: bytes, caseworker: User) -> None:
    with (ex := example("cases XLSX")):
        _check_cases(ex, caseworker, content, "cases.xlsx")


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=12)


@st.composite
def facts_texts(draw: st.DrawFn) -> str:
    """Facts as the CLI reads them: valid, valid with a key broken, any JSON, or not JSON."""
    which = draw(st.integers(0, 3))
    if which == 3:
        return draw(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40)))
    if which == 2:
        return json.dumps(draw(JSON))
    data = draw(valid_facts())
    if which == 1 and data:
        data[draw(st.sampled_from(sorted(data)))] = draw(JSON)
    return json.dumps(data)


def _cli(main: Callable[[list[str]], int], argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@fuzz(80)
@given(text=facts_texts())
def test_qualify_facts(text: str, tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text(text, encoding="utf-8")
    with (ex := example("facts JSON (palermo qualify)")):
        code, out, err = _cli(law_cli.main, [str(path), "--format", "json"])
        assert code in (0, 2), code
        if code == 0:
            assert set(json.loads(out)) >= {"frameworks", "gaps"}
            ex.accepted()
        else:
            assert err.startswith("palermo qualify:") and err.count("\n") == 1


HISTORY_COLUMNS = {name: ["0", "1"] for name in "ABCD"} | {"count": ["1", "7", "0"], "id": ["1"]}


@fuzz(80)
@given(table=tables(HISTORY_COLUMNS, ["A", "B"], max_rows=6),
       id_column=st.sampled_from([None, "id"]))
def test_capture_histories(table: list[list[str]], id_column: str | None) -> None:
    text = as_csv(table).decode()
    with (ex := example("capture histories")):
        try:
            parsed = parse_histories(text, id_column=id_column)
        except HistoryFileError as exc:
            assert str(exc).strip()
        else:
            assert isinstance(parsed, CaptureTable)
            ex.accepted()


@fuzz(15)
@given(table=tables(HISTORY_COLUMNS | {"count": ["3", "12", "40"]}, ["A", "B", "C", "count"],
                    max_rows=8))
def test_estimate_command(table: list[list[str]], tmp_path: Path) -> None:
    path = tmp_path / "histories.csv"
    path.write_bytes(as_csv(table))
    with (ex := example("capture histories (palermo estimate)")):
        code, out, err = _cli(estimation_cli.main, [str(path), "--format", "json"])
        assert code in (0, 2, 3), code
        if code == 2:
            assert err.strip() and err.strip().count("\n") == 0
        else:
            assert "estimate" in json.loads(out)
            ex.accepted()


FIGURE_COLUMNS = {
    "source": ["Judicial Department"], "source_url": ["https://example.org/stats"],
    "year": ["2024", "2023"], "year_to": ["2024", "2025"], "jurisdiction": ["RU"],
    "article": [str(v) for v in ArticleGroup.values], "measure": [str(v) for v in Measure.values],
    "value": ["12", "0"], "note": ["n"],
}


@fuzz(60)
@given(content=csv_files(FIGURE_COLUMNS, list(FIGURE_COLUMNS)[:8]))
def test_official_figures(content: bytes, coordinator: User) -> None:
    with (ex := example("official figures CSV")):
        PublishedFigure.objects.create(  # a figure the file may repeat
            source="Judicial Department", year=2024, year_to=2024, jurisdiction="RU",
            article="127.1", measure="persons_convicted", value=3)
        before = counts(PublishedFigure)
        result = import_figures(user=coordinator, content=content)
        if result.ok:
            assert counts(PublishedFigure)[0] == before[0] + result.created
            ex.accepted()
        else:
            assert counts(PublishedFigure) == before
            assert all(e.message.strip() for e in result.errors)


FACILITY_COLUMNS = {"name": ["IK-7"], "type": [str(v) for v in FacilityType.values],
                    "region": ["Karelia"], "operator": ["FSIN"], "companies": ["A; B"]}


@fuzz(40)
@given(content=csv_files(FACILITY_COLUMNS, ["name", "type", "region"]),
       xlsx=st.booleans())
def test_facility_import(content: bytes, xlsx: bool, intake_officer: User) -> None:
    with (ex := example("facilities CSV/XLSX")):
        if xlsx:  # the same table as a workbook, when it is one
            try:
                content = _csv_to_xlsx(content)
            except (UnicodeDecodeError, ValueError):
                pass
        before = counts(Facility)
        result = import_facilities(user=intake_officer, content=content,
                                   filename="f.xlsx" if xlsx else "f.csv")
        if not result.ok:
            assert counts(Facility) == before
            assert all(str(e).strip() for e in result.errors)
        else:
            ex.accepted()


def _csv_to_xlsx(content: bytes) -> bytes:
    import csv

    from tests.security.fuzz_inputs import as_xlsx

    rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(content.decode()))]
    return as_xlsx(rows)


LINKAGE_COLUMNS = {"record_id": ["1", "2", "a-7"], "given_name": ["Шерзод", "Sherzod"],
                   "family_name": ["Рахимов"], "patronymic": [""], "sex": ["M", "F", ""],
                   "birth_date": ["1990-03-05", ""], "birth_year": ["1990", ""],
                   "citizenship": ["UZ", "RU", ""]}


@fuzz(80)
@given(content=csv_files(LINKAGE_COLUMNS, ["record_id", "given_name", "family_name", "sex",
                                           "citizenship", "birth_date"]))
def test_linkage_list(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "org_a.csv"
    path.write_bytes(content)
    with (ex := example("linkage lists")):
        try:
            records = read_list(path)
        except LinkInputError as exc:
            assert str(exc).strip() and "\n" not in str(exc).strip()
        else:
            assert isinstance(records, list)
            ex.accepted()


def _recommendation_columns(key: str) -> dict[str, list[str]]:
    known = {"Countries": ["Russian Federation"], "State under Review": ["Russian Federation"],
             "Recommending State": ["Sri Lanka"], "Body": ["UPR"], "Cycle": ["3", "4"],
             "Response": ["Supported", "Noted", ""], "Position": ["Supported"],
             "Text": ["Enhance efforts"], "Recommendation": ["Enhance efforts"],
             "PublicationDate": ["2018-09-25"], "Sdgs": ["8.7"], "SDGs": ["8.7"]}
    return {c: known.get(c, ["1"]) for c in FORMATS[key].columns}


@fuzz(30)
@given(key=st.sampled_from(sorted(FORMATS)), data=st.data())
def test_recommendation_import(key: str, data: st.DataObject, lawyer: User) -> None:
    fmt = FORMATS[key]
    content = data.draw(csv_files(_recommendation_columns(key), fmt.required))
    with (ex := example("UPR recommendations CSV")):
        before = counts(Recommendation)
        result = import_file(actor=lawyer, fmt=fmt, data=content)
        if result.errors:
            assert counts(Recommendation) == before
            assert all(str(e).strip() for e in result.errors)
        else:
            ex.accepted()


ATTENDEE_COLUMNS = {"name": ["Ivanov"], "agency": ["police", "judiciary"], "position": ["x"],
                    "pre_score": ["40", "55.5"], "post_score": ["80", "100"]}


@pytest.fixture
def training_session(lawyer: User) -> Iterator[TrainingSession]:
    assert lawyer.organisation is not None
    course = Course.objects.create(organisation=lawyer.organisation, title="Course")
    yield TrainingSession.objects.create(course=course, held_on="2025-03-01", region="Moscow",
                                         audience_agency="police")


@fuzz(40)
@given(content=csv_files(ATTENDEE_COLUMNS, ["agency"]))
def test_attendee_import(content: bytes, lawyer: User,
                         training_session: TrainingSession) -> None:
    with (ex := example("training attendees CSV")):
        before = counts(Attendee)
        rows, errors = trainings.parse_csv(content)
        if errors:
            assert all(str(e).strip() for e in errors)
        else:
            trainings.add_attendees(actor=lawyer, session=training_session, rows=rows)
            ex.accepted()
        assert errors or counts(Attendee)[0] == before[0] + len(rows)
