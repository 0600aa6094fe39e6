"""The estimates pages: who may use them, lists from the registry with small counts hidden,
uploads (bad ones refused with the engine's message, nothing saved), saving, Russian."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from palermo.accounts.models import User
from palermo.cases.models import Person
from palermo.core.models import AuditEvent
from palermo.estimates.models import SavedEstimate
from palermo.estimation.estimate import estimate_population
from palermo.estimation.histories import read_histories
from tests.estimates.conftest import WESTERN

ClientFor = Callable[[User], Client]
REGISTRY = {"source": "registry", "grouping": "organisation", "basis": "opened",
            "start": "2025-01-01", "end": "2025-12-31", "method": "stepwise",
            "threshold": "0.02", "ci": "profile", "bootstrap": "200", "seed": "1234"}


def _upload(client: Client, text: str, language: str = "en", **options: str) -> str:
    data = {**REGISTRY, "source": "upload", **options,
            "file": SimpleUploadedFile("t.csv", text.encode(), content_type="text/csv")}
    return client.post("/estimates/", data, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def _payload(html: str) -> str:
    found = re.search(r'name="payload" value="([^"]+)"', html)
    assert found
    return unescape(found.group(1))


def test_anonymous_visitors_go_to_sign_in(client: Client) -> None:
    response = client.get("/estimates/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_roles_without_run_linkage_get_403(client_for: ClientFor, caseworker: User,
                                           outsider: User, org_admin: User) -> None:
    for user in (caseworker, outsider, org_admin):
        assert client_for(user).get("/estimates/").status_code == 403
        assert client_for(user).post("/estimates/save/", {}).status_code == 403


def test_analyst_and_coordinator_see_the_page(client_for: ClientFor, analyst: User,
                                              coordinator: User) -> None:
    for user in (analyst, coordinator):
        html = client_for(user).get("/estimates/").content.decode()
        assert "Run an estimate" in html
        assert 'href="/estimates/"' in html  # in the navigation


def test_registry_lists_hide_small_sizes_and_overlaps(
        client_for: ClientFor, analyst: User, estimate_registry: dict[str, Person]) -> None:
    html = client_for(analyst).post("/estimates/", REGISTRY).content.decode()
    table = html[html.index('id="overlap-title"'):html.index('id="sensitivity-title"')]
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', table))
    cells = {name: re.findall(r"<td>([^<]*)</td>", row) for name, row in rows.items()}
    # lists sorted by name: Coordination body, Organisation A, Organisation B
    assert cells["Organisation A"] == ["9", "&lt;5", "", "&lt;5"]
    assert cells["Organisation B"] == ["5", "0", "&lt;5", ""]
    assert cells["Coordination body"] == ["&lt;5", "", "&lt;5", "0"]
    assert "What this estimate assumes" in html
    assert "stepwise" in html and "bic" in html  # the sensitivity table
    assert SavedEstimate.objects.count() == 0


def test_a_period_without_two_lists_gives_the_engines_message(
        client_for: ClientFor, analyst: User, estimate_registry: dict[str, Person]) -> None:
    html = client_for(analyst).post(
        "/estimates/", {**REGISTRY, "start": "2024-01-01", "end": "2024-12-31"}).content.decode()
    assert "fewer than 2 usable lists" in html
    assert 'name="payload"' not in html


def test_bad_uploads_give_a_clear_message_and_save_nothing(client_for: ClientFor,
                                                           analyst: User) -> None:
    client = client_for(analyst)
    assert "line 2: count &#x27;x&#x27; is not a whole number" in _upload(
        client, "A,B,count\n1,0,x\n")
    assert "column &#x27;A&#x27; appears twice" in _upload(client, "A,A,count\n1,0,3\n")
    assert "not UTF-8" in client.post("/estimates/", {
        **REGISTRY, "source": "upload",
        "file": SimpleUploadedFile("t.csv", b"A,B\n\xff\xfe,1\n")}).content.decode()
    assert "Choose a CSV file" in client.post(
        "/estimates/", {**REGISTRY, "source": "upload"}).content.decode()
    assert SavedEstimate.objects.count() == 0


def test_a_saved_estimate_reproduces_the_engine_on_the_western_data(
        client_for: ClientFor, analyst: User) -> None:
    client = client_for(analyst)
    html = _upload(client, WESTERN.read_text())
    assert "2483.4" in html
    response = client.post("/estimates/save/", {"title": "Western", "payload": _payload(html)})
    saved = SavedEstimate.objects.get()
    assert response["Location"] == f"/estimates/{saved.pk}/"
    expected = estimate_population(read_histories(WESTERN))
    assert saved.result == expected
    assert saved.estimate == 2483.4 and saved.result["model"] == ["A:E"]
    assert saved.organisation_id == analyst.organisation_id
    assert saved.created_by == analyst and saved.engine_version
    assert saved.options["method"] == "stepwise"
    assert sum(count for _bits, count in saved.histories) == expected["observed"]
    assert {row["method"] for row in saved.sensitivity} == {"stepwise", "bic", "main-effects"}
    assert AuditEvent.objects.filter(object_type="estimates.SavedEstimate",
                                     action="create").count() == 1
    page = client.get(saved.get_absolute_url()).content.decode()
    assert "2483.4" in page and "A:E" in page
    assert "Western" in client.get("/estimates/").content.decode()


def test_a_tampered_result_is_not_saved(client_for: ClientFor, analyst: User) -> None:
    client = client_for(analyst)
    payload = _payload(_upload(client, WESTERN.read_text()))
    client.post("/estimates/save/", {"title": "x", "payload": payload[:-3] + "abc"})
    client.post("/estimates/save/", {"title": "", "payload": payload})
    assert SavedEstimate.objects.count() == 0


def test_bca_runs_with_the_web_cap(client_for: ClientFor, analyst: User) -> None:
    html = _upload(client_for(analyst), WESTERN.read_text(), ci="bca", bootstrap="50", seed="7")
    assert "bca-bootstrap" in html and "50 resamples, seed 7" in html
    too_many = _upload(client_for(analyst), WESTERN.read_text(), ci="bca", bootstrap="5000")
    assert 'name="payload"' not in too_many


def test_another_organisations_estimate_is_404(client_for: ClientFor, analyst: User,
                                               coordinator: User, org_a_estimate: int) -> None:
    assert client_for(analyst).get(f"/estimates/{org_a_estimate}/").status_code == 404
    assert client_for(coordinator).get("/estimates/999999/").status_code == 404
    assert "Org A estimate" not in client_for(analyst).get("/estimates/").content.decode()


def test_the_page_in_russian(client_for: ClientFor, analyst: User) -> None:
    client = client_for(analyst)
    client.cookies["palermo-lang"] = "ru"
    html = _upload(client, WESTERN.read_text(), language="ru")
    assert '<html lang="ru"' in html
    assert "Что предполагает эта оценка" in html
    assert "Сохранить эту оценку" in html


def test_the_demo_estimate_page(
        client_for: ClientFor, analyst: User, estimate_registry: dict[str, Person]) -> None:
    from palermo.estimates import demo

    assert demo.ensure()
    saved = SavedEstimate.objects.get()
    html = client_for(analyst).get(saved.get_absolute_url()).content.decode()
    assert saved.estimate is not None
    assert f"<strong>{saved.estimate}</strong>" in html
    assert "Lists built from the registry, 2024-05-01 to 2025-03-01." in html
    assert f"/estimates/{saved.pk}/" in html
