"""Training pages: every role can train, an attempt is scored, stored, audited by id and shown
against the model answers; attempts are private; bad input writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from palermo.core.models import AuditEvent
from palermo.screening.models import TrainingAttempt, TrainingScenario

ROUTES = ["/training/", "/training/mine/", "/training/statistics/", "/training/attempts/1/",
          "/training/construction-site/"]
ROLES = ["caseworker", "lawyer", "intake_officer", "org_admin", "coordinator", "analyst"]
ID = "ActualVictimOfTrafficking"


def _scenario(slug: str = "construction-site") -> TrainingScenario:
    return TrainingScenario.objects.get(slug=slug)


def _post(client: Client, answers: dict[str, Any], identification: str | None = ID,
          slug: str = "construction-site") -> Any:
    data = {key: str(value) for key, value in answers.items()}
    if identification is not None:
        data["identification"] = identification
    return client.post(f"/training/{slug}/", data)


@pytest.mark.parametrize("url", ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_scenarios_and_can_open_one(request, client_for, role):
    client = client_for(request.getfixturevalue(role))
    html = client.get("/training/").content.decode()
    assert html.count('<h2 id="scenario-') == TrainingScenario.objects.count() == 9
    assert "Building site near a big city" in html and "Not tried yet" in html
    assert "A 34-year-old man from Central Asia" in html
    form = client.get("/training/construction-site/")
    assert form.status_code == 200
    assert 'name="ilo_deception"' in form.content.decode()
    assert 'name="identification"' in form.content.decode()


def test_the_model_answers_score_100_and_the_attempt_is_stored_and_audited(client_for,
                                                                           intake_officer):
    client = client_for(intake_officer)
    scenario = _scenario()
    response = _post(client, scenario.model_answers)
    attempt = TrainingAttempt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/training/attempts/{attempt.pk}/"
    assert (attempt.user, attempt.scenario, attempt.score) == (intake_officer, scenario, 100)
    assert attempt.answers == scenario.model_answers
    assert attempt.facts["means"] and attempt.identification == ID
    event = AuditEvent.objects.filter(object_type="screening.TrainingAttempt").get()
    assert event.action == "create" and event.object_ids == [str(attempt.pk)]
    assert event.detail == {"scenario": scenario.pk}
    html = client.get(response["Location"]).content.decode()
    assert '<p class="figure-number" id="score">100</p>' in html
    assert "Your answers are the model answers." in html
    assert "5/5" in html


def test_the_review_shows_what_differs_and_why(client_for, analyst):
    client = client_for(analyst)
    answers = dict(_scenario().model_answers)
    # An adult who consented, with the Protocol's means left unknown or denied.
    for key in ("ilo_deception", "ilo_retention_of_documents", "ilo_debt_bondage",
                "ilo_withholding_of_wages", "ilo_intimidation_threats", "dr_wages",
                "dr_conditions", "dr_housing", "cd_documents", "cd_debt_bondage",
                "cd_denunciation", "cd_withholding_wages", "avd_relationship_authorities"):
        answers.pop(key)
    answers["work_menace_of_penalty"] = "no"
    _post(client, answers, identification="NotAVictimOfTrafficking")
    attempt = TrainingAttempt.objects.get()
    assert attempt.score < 60
    html = client.get(f"/training/attempts/{attempt.pk}/").content.decode()
    assert "You chose “Not a victim of trafficking”; the model identification is " \
           "“Identified victim”." in html
    assert "answers differ." in html and "changes the result" in html
    assert "Deceived about wages or earnings" in html  # a question answered differently
    assert 'class="differs"' in html
    assert "The engine on the model answers:" in html and "On your answers:" in html
    assert "Trafficking in persons under the Palermo Protocol." in html


def test_another_users_attempt_is_not_found(client_for, caseworker, lawyer, outsider):
    _post(client_for(caseworker), {})
    attempt = TrainingAttempt.objects.get()
    for other in (lawyer, outsider):  # a colleague of the same organisation too
        client = client_for(other)
        assert client.get(f"/training/attempts/{attempt.pk}/").status_code == 404
        assert "construction-site" not in client.get("/training/mine/").content.decode()
    assert client_for(caseworker).get(f"/training/attempts/{attempt.pk}/").status_code == 200


def test_an_unknown_scenario_is_not_found(client_for, caseworker):
    assert client_for(caseworker).get("/training/no-such-scenario/").status_code == 404


@pytest.mark.parametrize(("data", "identification", "message"), [
    ({"ilo_deception": "yes"}, None, "Choose your identification."),
    ({}, "Victim", "Select a valid choice."),
    ({"victim_age": "200"}, ID, "Ensure this value is less than or equal to 120."),
    ({"ilo_deception": "maybe"}, ID, "Select a valid choice."),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(
    client_for, caseworker, data, identification, message,
):
    before = AuditEvent.objects.count()
    response = _post(client_for(caseworker), data, identification=identification)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert not TrainingAttempt.objects.exists()
    assert not AuditEvent.objects.filter(object_type="screening.TrainingAttempt").exists()
    assert AuditEvent.objects.exclude(action="view").count() == before + 1  # the sign-in only


def test_my_training_lists_my_attempts_and_the_best_score(client_for, caseworker,
                                                          django_assert_max_num_queries):
    client = client_for(caseworker)
    scenario = _scenario()
    _post(client, {})
    _post(client, scenario.model_answers)
    _post(client, {}, slug="greenhouses")
    with django_assert_max_num_queries(8):
        html = client.get("/training/mine/").content.decode()
    assert html.count("/training/attempts/") == 3
    listing = client.get("/training/").content.decode()
    assert "Your best: 100 / 100" in listing and "Try again" in listing


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", ["/training/", "/training/mine/"])
def test_list_pages_do_not_grow_queries_with_attempts(client_for, caseworker, url):
    client = client_for(caseworker)
    _post(client, {})
    few = _queries(client, url)
    for slug in ("greenhouses", "brick-factory", "child-begging", "construction-site"):
        _post(client, {}, slug=slug)
    assert _queries(client, url) == few


def test_the_pages_are_in_russian(client_for, caseworker):
    client = client_for(caseworker)
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    listing = client.get("/training/").content.decode()
    assert "Стройка под крупным городом" in listing and "Мужчина 34 лет" in listing
    assert "Building site" not in listing
    response = _post(client, {"victim_age": "34"}, identification="PossibleVictimOfTrafficking")
    html = client.get(response["Location"]).content.decode()
    assert "Торговля людьми по Палермскому протоколу." in html
    assert "Обман относительно заработной платы или дохода" in html
    for english in ("Your answers that differ", "On the model answers", "points of"):
        assert english not in html
    assert "Предполагаемая жертва" in html or "предполагаем" in html.lower()
