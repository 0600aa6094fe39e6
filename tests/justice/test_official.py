"""Official statistics: computed indicators against hand-computed values, the CSV import's
all-or-nothing checks, the pages' access rules, and the registry counts beside the figures."""

from __future__ import annotations

import datetime
import io

import pytest

from palermo.justice import official, official_import, services
from palermo.justice.models import ComputedIndicator, PublishedFigure
from palermo.justice.registry_stats import counts

HEADER = "source,source_url,year,year_to,jurisdiction,article,measure,value,note\n"


def _figure(year: int, value: int, *, year_to: int | None = None, source: str = "Court stats",
            article: str = "127.1", measure: str = "persons_convicted") -> PublishedFigure:
    return PublishedFigure.objects.create(source=source, year=year,
                                          year_to=year if year_to is None else year_to,
                                          jurisdiction="RU", article=article, measure=measure,
                                          value=value)


def _indicator(method: str = "mean", year_from: int = 2018, year_to: int = 2022,
               article: str = "127.1") -> ComputedIndicator:
    return ComputedIndicator.objects.create(slug=f"i-{method}-{article}", title="t",
                                            measure="persons_convicted", article=article,
                                            jurisdiction="RU", year_from=year_from,
                                            year_to=year_to, method=method)


@pytest.mark.django_db
def test_mean_of_yearly_figures_matches_the_hand_computed_value():
    for year, value in [(2018, 20), (2019, 14), (2020, 17), (2021, 15), (2022, 13),
                        (2017, 99), (2023, 99)]:
        _figure(year, value)
    _figure(2019, 50, article="127.2")
    result = official.compute(_indicator())
    assert result.value == 15.8  # (20 + 14 + 17 + 15 + 13) / 5 = 79 / 5
    assert result.complete and len(result.used) == 5


@pytest.mark.django_db
def test_sum_and_partial_coverage():
    _figure(2018, 4)
    _figure(2020, 7)
    result = official.compute(_indicator("sum"))
    assert result.value == 11.0 and result.years_covered == (2018, 2020)
    assert not result.complete
    assert official.compute(_indicator("mean", article="127.1")).value is not None


@pytest.mark.django_db
def test_a_published_period_average_counts_for_each_of_its_years():
    _figure(2018, 16, year_to=2022, source="UPR submission")
    result = official.compute(_indicator())
    assert result.value == 16.0 and result.complete


@pytest.mark.django_db
def test_a_years_own_figure_wins_over_a_period_average():
    period = _figure(2018, 16, year_to=2022, source="UPR submission")
    _figure(2019, 10)
    _figure(2020, 12)
    result = official.compute(_indicator())
    assert result.value == 11.0  # (10 + 12) / 2; the period figure overlaps them
    assert period in result.not_used and result.years_covered == (2019, 2020)


@pytest.mark.django_db
def test_the_first_entered_source_is_used_for_a_year():
    first = _figure(2019, 10, source="A")
    second = _figure(2019, 30, source="B")
    result = official.compute(_indicator(year_from=2019, year_to=2019))
    assert result.value == 10.0 and result.used == (first,) and second in result.not_used


@pytest.mark.django_db
def test_no_figures_no_value():
    assert official.compute(_indicator()).value is None


def test_csv_import_writes_all_rows(coordinator):
    content = (HEADER + "Court dept,https://stat.example,2019,,RU,127.1,persons_convicted,"
               "14,\nCourt dept,,2020,,RU,127.2,persons_convicted,2,first half\n").encode()
    result = official_import.import_figures(user=coordinator, content=content)
    assert result.ok and result.created == 2
    assert PublishedFigure.objects.get(year=2020).note == "first half"


@pytest.mark.parametrize(("rows", "line", "text"), [
    ("S,,2019,,RU,127.1,persons_jailed,3,\n", 2, "Unknown measure"),
    ("S,,2019,,RU,127.1,persons_convicted,3.5,\n", 2, "whole number"),
    ("S,,2019,,RU,127.1,persons_convicted,-3,\n", 2, "negative"),
    ("S,,2019,,RU,127.9,persons_convicted,3,\n", 2, "Unknown article"),
    ("S,,2019,,RU,127.1,persons_convicted,3,\nS,,2019,,RU,127.1,persons_convicted,4,\n",
     3, "same figure as line 3"),
    ("S,,2019,2017,RU,127.1,persons_convicted,3,\n", 2, "cannot end before"),
    ("S,,1800,,RU,127.1,persons_convicted,3,\n", 2, "between 1990"),
    (",,2019,,RU,127.1,persons_convicted,3,\n", 2, "Empty: source"),
])
def test_csv_import_bad_rows_write_nothing(coordinator, rows, line, text):
    good = "S,,2021,,RU,127.1,persons_convicted,5,\n"
    result = official_import.import_figures(user=coordinator,
                                            content=(HEADER + good + rows).encode())
    assert not result.ok and result.created == 0
    assert any(e.line == line + 1 and text in e.message for e in result.errors), result.errors
    assert not PublishedFigure.objects.exists()


def test_csv_import_refuses_a_file_not_in_utf8(coordinator):
    content = (HEADER + "Суд,,2019,,RU,127.1,persons_convicted,3,\n").encode("cp1251")
    result = official_import.import_figures(user=coordinator, content=content)
    assert [e.line for e in result.errors] == [0] and "UTF-8" in result.errors[0].message
    assert not PublishedFigure.objects.exists()


def test_csv_import_refuses_a_figure_already_recorded(coordinator):
    _figure(2019, 3, source="S")
    content = (HEADER + "S,,2019,,RU,127.1,persons_convicted,3,\n").encode()
    result = official_import.import_figures(user=coordinator, content=content)
    assert "already recorded" in result.errors[0].message
    assert PublishedFigure.objects.count() == 1


def test_csv_import_refuses_a_wrong_header(coordinator):
    result = official_import.import_figures(user=coordinator, content=b"a,b\n1,2\n")
    assert result.errors[0].line == 1


def test_import_page_lists_errors_by_line(client_for, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("f.csv", (HEADER + "S,,2019,,RU,127.1,x,3,\n").encode())
    response = client_for(coordinator).post("/official-statistics/figures/import/",
                                            {"file": upload})
    assert response.status_code == 400 and "Line 2" in response.content.decode()


def test_every_signed_in_role_reads_the_pages_and_only_coordinators_write(
        client_for, caseworker, intake_officer, org_admin, analyst, coordinator):
    _figure(2019, 14)
    for user in (caseworker, intake_officer, org_admin, analyst, coordinator):
        client = client_for(user)
        assert client.get("/official-statistics/").status_code == 200
        assert client.get("/official-statistics/persons_convicted/127.1/").status_code == 200
    for user in (caseworker, analyst):
        client = client_for(user)
        for url in ("figures/new/", "figures/import/", "computed/new/"):
            assert client.get(f"/official-statistics/{url}").status_code == 403
    assert client_for(coordinator).get("/official-statistics/figures/new/").status_code == 200


def test_unknown_indicator_is_404(client_for, caseworker):
    assert client_for(caseworker).get("/official-statistics/x/127.1/").status_code == 404


def test_coordinator_adds_a_figure_and_the_computed_value_shows(client_for, coordinator):
    client = client_for(coordinator)
    assert client.post("/official-statistics/computed/new/", {
        "slug": "conv-127-1", "title": "Average convictions", "measure": "persons_convicted",
        "article": "127.1", "jurisdiction": "RU", "year_from": "2018", "year_to": "2019",
        "method": "mean"}).status_code == 302
    for year, value in (("2018", "9"), ("2019", "4")):
        assert client.post("/official-statistics/figures/new/", {
            "measure": "persons_convicted", "article": "127.1", "jurisdiction": "RU",
            "year": year, "value": value, "source": "Court dept"}).status_code == 302
    page = client.get("/official-statistics/").content.decode()
    assert "6.5" in page
    bad = client.post("/official-statistics/figures/new/", {
        "measure": "persons_convicted", "article": "127.1", "jurisdiction": "RU",
        "year": "2019", "year_to": "2018", "value": "1", "source": "X"})
    assert bad.status_code == 400 and "cannot end before" in bad.content.decode()


def test_proceedings_against_the_person_are_counted_apart(lawyer, records):
    D = datetime.date
    services.add_proceeding(user=lawyer, case=records["case"], person=records["person"],
                            offence_category="compelled", article="127.1-1",
                            opened_on=D(2024, 6, 1))
    by_series = counts("127.1", None)
    assert by_series["proceedings_against_person"] == {2024: 1}
    assert by_series["persons_prosecuted"] == {2024: 1}
    assert by_series["persons_convicted"] == {2025: 1}
    assert by_series["investigations"] == {2024: 1}
    everything = counts("all", None)
    assert everything["proceedings_against_person"] == {2024: 2}
    assert everything["persons_prosecuted"] == {2024: 1}  # the victim is no defendant


def test_analyst_sees_registry_counts_only_through_disclosure_control(client_for, analyst,
                                                                      caseworker, records):
    _figure(2024, 14)
    page = client_for(analyst).get("/official-statistics/persons_convicted/127.1/")
    text = page.content.decode()
    assert "All organisations" in text and ">1<" not in text
    own = client_for(caseworker).get("/official-statistics/persons_convicted/127.1/")
    assert "Your organisation" in own.content.decode() and ">1<" in own.content.decode()


def test_the_seed_documents_figures_give_16_and_2_convictions_a_year(client_for, caseworker):
    from django.core.management import call_command

    call_command("load_official_figures", stdout=io.StringIO())
    call_command("load_official_figures", stdout=io.StringIO())  # idempotent
    values = {r.indicator.article: r.value for r in official.compute_all()}
    assert values == {"127.1": 16.0, "127.2": 2.0}
    assert PublishedFigure.objects.count() == 2
    page = client_for(caseworker).get("/official-statistics/persons_convicted/127.1/")
    assert "seed document" in page.content.decode() and "<strong>16.0</strong>" in \
        page.content.decode()
