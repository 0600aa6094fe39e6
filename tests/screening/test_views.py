"""The screening pages: filling a questionnaire, its result, and signing a decision."""

from __future__ import annotations

from collections import Counter

import pytest

from palermo.cases.models import Case
from palermo.core.models import AuditEvent
from palermo.screening.models import IdentificationDecision, Screening
from tests.conftest import PASSWORD
from tests.test_ui_shell import Page


def _decision(**overrides):
    data = {"decision": "ActualVictimOfTrafficking", "deciding_org": "NGO",
            "reasons": "Indicators of deception and coercion.", "password": PASSWORD}
    data.update(overrides)
    return data


def test_a_caseworker_fills_a_screening_and_sees_the_result(client_for, caseworker, case_a):
    client = client_for(caseworker)
    form = client.get(f"/cases/{case_a.pk}/screening/new/").content.decode()
    assert 'name="ilo_deception"' in form and 'name="cd_documents"' in form
    unknown = Page(form).find("input", name="ilo_deception", value="unknown")
    assert unknown[0].get("checked") == ""  # unknown is the default
    response = client.post(f"/cases/{case_a.pk}/screening/new/", {
        "victim_age": "16", "act_recruitment": "yes", "purpose_forced_begging": "yes",
        "consent_given": "yes", "ilo_deception": "no", "dr_wages": "unknown",
    })
    screening = Screening.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case_a.pk}/screening/{screening.pk}/"
    assert screening.answers == {"victim_age": 16, "act_recruitment": "yes",
                                 "purpose_forced_begging": "yes", "consent_given": "yes",
                                 "ilo_deception": "no"}
    html = client.get(response["Location"]).content.decode()
    assert "Trafficking in persons under the Palermo Protocol." in html
    assert "The victim was a child (under 18): no means are needed." in html
    assert "Delphi indicators by dimension" in html and "Coercion at destination" in html


def test_the_result_is_explained_in_russian(client_for, caseworker, case_a, screening_a):
    client = client_for(caseworker)
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    html = client.get(f"/cases/{case_a.pk}/screening/{screening_a.pk}/").content.decode()
    assert "Торговля людьми по Палермскому протоколу." in html
    assert "Обман относительно заработной платы или дохода" in html  # an answer's question


def test_editing_shows_the_answers_given_and_saves_changes(client_for, caseworker, case_a,
                                                          screening_a):
    client = client_for(caseworker)
    url = f"/cases/{case_a.pk}/screening/{screening_a.pk}/edit/"
    page = Page(client.get(url).content.decode())
    assert page.find("input", name="ilo_deception", value="yes")[0].get("checked") == ""
    assert page.find("input", name="victim_age")[0]["value"] == "34"
    response = client.post(url, {**screening_a.answers, "victim_age": "34",
                                 "ilo_isolation": "yes"})
    assert response.status_code == 302
    screening_a.refresh_from_db()
    assert screening_a.answers["ilo_isolation"] == "yes"
    assert Screening.objects.count() == 1


@pytest.mark.parametrize("bad", [{"ilo_deception": "maybe"}, {"victim_age": "-3"},
                                 {"victim_age": "old"}, {"victim_age": "200"}])
def test_bad_answers_are_refused_with_a_message_and_change_nothing(client_for, caseworker,
                                                                  case_a, screening_a, bad):
    client = client_for(caseworker)
    before = AuditEvent.objects.exclude(action="view").count()
    for url in (f"/cases/{case_a.pk}/screening/new/",
                f"/cases/{case_a.pk}/screening/{screening_a.pk}/edit/"):
        response = client.post(url, bad)
        assert response.status_code == 400, url
        html = response.content.decode()
        assert "There is a problem" in html and 'class="form-errors"' in html
    assert Screening.objects.count() == 1
    screening_a.refresh_from_db()
    assert screening_a.answers["victim_age"] == 34
    assert AuditEvent.objects.exclude(action="view").count() == before


def test_a_lawyer_signs_a_decision_and_the_case_shows_it(client_for, lawyer, case_a,
                                                        screening_a):
    client = client_for(lawyer)
    url = f"/cases/{case_a.pk}/screening/decision/"
    assert client.get(url).status_code == 200
    response = client.post(url, _decision(screening=screening_a.pk))
    assert response.status_code == 302
    decision = IdentificationDecision.objects.get()
    assert decision.screening == screening_a and decision.decided_by == lawyer
    assert Case.objects.get(pk=case_a.pk).trafficking_status == "ActualVictimOfTrafficking"
    html = client.get(f"/cases/{case_a.pk}/screening/").content.decode()
    assert "Decision in force" in html and "Identified victim" in html
    summary = client.get(f"/cases/{case_a.pk}/").content.decode()
    assert "Identified victim" in summary


def test_the_list_shows_the_history_of_decisions(client_for, lawyer, case_a):
    client = client_for(lawyer)
    url = f"/cases/{case_a.pk}/screening/decision/"
    client.post(url, _decision(decision="PossibleVictimOfTrafficking", reasons="First look."))
    client.post(url, _decision(reasons="After the interview."))
    html = client.get(f"/cases/{case_a.pk}/screening/").content.decode()
    assert "Earlier decisions" in html and "First look." in html
    assert html.index("After the interview.") < html.index("First look.")


def test_a_caseworker_gets_403_on_the_decision_form(client_for, caseworker, case_a):
    client = client_for(caseworker)
    url = f"/cases/{case_a.pk}/screening/decision/"
    assert client.get(url).status_code == 403
    assert client.post(url, _decision()).status_code == 403
    assert not IdentificationDecision.objects.exists()
    assert Case.objects.get(pk=case_a.pk).trafficking_status == "PossibleVictimOfTrafficking"
    assert "screening/decision/" not in client.get(f"/cases/{case_a.pk}/screening/").content \
        .decode()


def test_a_wrong_password_is_refused_and_nothing_is_written(client_for, lawyer, case_a):
    client = client_for(lawyer)
    before = AuditEvent.objects.exclude(action="view").count()
    response = client.post(f"/cases/{case_a.pk}/screening/decision/",
                           _decision(password="guess"))
    assert response.status_code == 400
    assert "The password is not right" in response.content.decode()
    assert not IdentificationDecision.objects.exists()
    assert Case.objects.get(pk=case_a.pk).trafficking_status == "PossibleVictimOfTrafficking"
    # Nothing but the failed attempt itself, which counts towards the signing lock-out.
    assert list(AuditEvent.objects.exclude(action="view").order_by("seq")
                .values_list("action", flat=True))[before:] == ["failed_login"]


@pytest.mark.parametrize("bad", [{"decision": "Maybe"}, {"deciding_org": ""},
                                 {"reasons": ""}, {"password": ""}, {"screening": "999999"},
                                 {"screening": "abc"}])
def test_bad_decision_input_is_refused_with_a_message(client_for, lawyer, case_a, bad):
    client = client_for(lawyer)
    response = client.post(f"/cases/{case_a.pk}/screening/decision/", _decision(**bad))
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not IdentificationDecision.objects.exists()


def test_screening_pages_follow_the_shell_rules(client_for, lawyer, case_a, screening_a):
    client = client_for(lawyer)
    base = f"/cases/{case_a.pk}/screening/"
    pages = {url: client.get(url).content.decode()
             for url in (base, f"{base}new/", f"{base}{screening_a.pk}/",
                         f"{base}{screening_a.pk}/edit/", f"{base}decision/")}
    pages["bad screening"] = client.post(f"{base}new/", {"ilo_deception": "x"}).content.decode()
    pages["bad decision"] = client.post(f"{base}decision/", {}).content.decode()
    for name, html in pages.items():
        page = Page(html)
        assert page.inline_code == [], name
        assert not [a for _, a in page.tags if "style" in a], name
        assert len(page.find("h1")) == 1, name
        assert [i for i, n in Counter(page.ids).items() if n > 1] == [], name
        labelled = {a["for"] for a in page.find("label") if "for" in a}
        for tag, attrs in page.tags:
            if tag in ("input", "select", "textarea") and attrs.get("type") not in (
                "hidden", "submit", "button"
            ):
                assert attrs.get("id") in labelled, (name, attrs)
    radios = Page(pages[f"{base}new/"]).find("fieldset", **{"class": "question"})
    assert len(radios) > 100  # one fieldset (with its legend) per yes/no/unknown question


def test_the_case_page_links_to_screening(client_for, caseworker, case_a):
    html = client_for(caseworker).get(f"/cases/{case_a.pk}/").content.decode()
    assert f'href="/cases/{case_a.pk}/screening/"' in html
    assert "Screening &amp; identification" in html


def test_frameworks_are_shown_in_the_engines_order(client_for, caseworker, case_a, screening_a):
    html = client_for(caseworker).get(
        f"/cases/{case_a.pk}/screening/{screening_a.pk}/").content.decode()
    positions = [html.index(f'id="fw-{fid}"') for fid in
                 ("un_palermo", "ilo_c29", "ru_cc_127_1", "ru_cc_127_2", "ru_cc_127_1_proposed")]
    assert positions == sorted(positions)
