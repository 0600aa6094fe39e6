"""The case's History tab names screening and decision events in words."""

from __future__ import annotations

from palermo.screening import services
from tests.conftest import PASSWORD
from tests.screening.conftest import CONSTRUCTION


def test_history_names_screenings_and_signed_decisions(client_for, lawyer, case_a):
    screening = services.save_screening(user=lawyer, case=case_a, answers=CONSTRUCTION)
    services.save_screening(user=lawyer, case=case_a, screening=screening,
                            answers={**CONSTRUCTION, "victim_age": 15})
    services.sign_decision(user=lawyer, case=case_a, decision="ActualVictimOfTrafficking",
                           deciding_org="NGO", reasons="Deceived.", password=PASSWORD,
                           screening=screening)
    client = client_for(lawyer)
    html = client.get(f"/cases/{case_a.pk}/history/").content.decode()
    assert "screening recorded" in html
    assert "screening changed: answers, Delphi result, derived facts" in html
    assert "identification decision signed" in html
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    html = client.get(f"/cases/{case_a.pk}/history/").content.decode()
    assert "screening recorded" not in html and "identification decision signed" not in html
