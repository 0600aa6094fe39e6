"""Every route is listed here with what an anonymous visitor gets, so a new route cannot ship
without saying how it treats strangers. Routes with an object id also get an outsider check in
their app's tests (404 for another organisation's record)."""

import re

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# route pattern -> what an anonymous GET gets: "login" (redirect to the sign-in page),
# "public" (200), "post-only" (405), "401" (API) or "404".
ANONYMOUS = {
    "": "login",
    "accounts/login/": "public",
    "accounts/logout/": "post-only",
    "accounts/logout/everywhere/": "login",
    "accounts/verify/": "login",
    "accounts/setup/": "login",
    "accounts/security/": "login",
    "accounts/security/recovery-codes/": "login",
    "accounts/users/": "login",
    "accounts/users/new/": "login",
    "accounts/users/<int:pk>/": "login",
    "accounts/users/<int:pk>/password/": "login",
    "accounts/users/<int:pk>/reset-2fa/": "login",
    "cases/transfer/import/": "login",
    "cases/transfer/export.csv": "login",
    "cases/transfer/export.xlsx": "login",
    "cases/": "login",
    "cases/new/": "login",
    "cases/<int:pk>/": "login",
    "cases/<int:pk>/edit/": "login",
    "cases/<int:pk>/persons/": "login",
    "cases/<int:pk>/persons/identity/": "login",
    "cases/<int:pk>/events/": "login",
    "cases/<int:pk>/perpetrators/": "login",
    "cases/<int:pk>/notes/": "login",
    "cases/<int:pk>/events/<int:event_pk>/edit/": "login",
    "cases/<int:pk>/events/<int:event_pk>/delete/": "login",
    "cases/<int:pk>/perpetrators/<int:perpetrator_pk>/edit/": "login",
    "cases/<int:pk>/perpetrators/<int:perpetrator_pk>/delete/": "login",
    "cases/<int:pk>/notes/<int:note_pk>/edit/": "login",
    "cases/<int:pk>/notes/<int:note_pk>/delete/": "login",
    "cases/<int:pk>/attachments/": "login",
    "cases/<int:pk>/attachments/upload/": "login",
    "cases/<int:pk>/attachments/<int:attachment_pk>/": "login",
    "cases/<int:pk>/history/": "login",
    "cases/<int:pk>/justice/": "login",
    "cases/<int:pk>/justice/investigations/new/": "login",
    "cases/<int:pk>/justice/investigations/<int:record_pk>/edit/": "login",
    "cases/<int:pk>/justice/investigations/<int:record_pk>/delete/": "login",
    "cases/<int:pk>/justice/prosecutions/new/": "login",
    "cases/<int:pk>/justice/prosecutions/<int:record_pk>/": "login",
    "cases/<int:pk>/justice/prosecutions/<int:record_pk>/edit/": "login",
    "cases/<int:pk>/justice/prosecutions/<int:record_pk>/delete/": "login",
    "cases/<int:pk>/justice/prosecutions/<int:record_pk>/hearings/<int:child_pk>/delete/": "login",
    "cases/<int:pk>/justice/prosecutions/<int:record_pk>/defendants/<int:child_pk>/delete/": (
        "login"),
    "cases/<int:pk>/justice/proceedings/new/": "login",
    "cases/<int:pk>/justice/proceedings/<int:record_pk>/edit/": "login",
    "cases/<int:pk>/justice/proceedings/<int:record_pk>/delete/": "login",
    "official-statistics/": "login",
    "official-statistics/figures/new/": "login",
    "official-statistics/figures/import/": "login",
    "official-statistics/computed/new/": "login",
    "official-statistics/<str:measure>/<str:article>/": "login",
    "cases/<int:pk>/screening/": "login",
    "cases/<int:pk>/screening/new/": "login",
    "cases/<int:pk>/screening/<int:screening_pk>/": "login",
    "cases/<int:pk>/screening/<int:screening_pk>/edit/": "login",
    "cases/<int:pk>/screening/decision/": "login",
    "cases/what-if/": "login",
    "cases/what-if/cases/": "login",
    "cases/persons/new/": "login",
    "cases/persons/<int:pk>/edit/": "login",
    "cases/<int:pk>/assistance/": "login",
    "cases/<int:pk>/assistance/plan/": "login",
    "coordination/": "login",
    "coordination/reflection/": "login",
    "coordination/open.csv": "login",
    "coordination/declined.csv": "login",
    "coordination/unmet.csv": "login",
    "coordination/assistance.csv": "login",
    "analytics/": "login",
    "analytics/case-types.csv": "login",
    "analytics/sex.csv": "login",
    "analytics/age.csv": "login",
    "analytics/citizenship.csv": "login",
    "analytics/exploitation.csv": "login",
    "analytics/industries.csv": "login",
    "analytics/regions.csv": "login",
    "analytics/decisions.csv": "login",
    "analytics/referrals.csv": "login",
    "analytics/assistance.csv": "login",
    "analytics/funnel.csv": "login",
    "analytics/exports/": "login",
    "analytics/exports/glotip.csv": "login",
    "analytics/exports/ctdc.zip": "login",
    "referrals/": "login",
    "referrals/<int:pk>/": "login",
    "referrals/<int:pk>/transition/": "login",
    "referrals/services/": "login",
    "referrals/services/new/": "login",
    "referrals/services/<int:pk>/": "login",
    "referrals/services/<int:pk>/edit/": "login",
    "referrals/services/<int:pk>/places/": "login",
    "referrals/notifications/": "login",
    "referrals/notifications/read/": "login",
    "cases/<int:pk>/referrals/": "login",
    "cases/<int:pk>/referrals/new/": "login",
    "cases/<int:pk>/referrals/consents/new/": "login",
    "cases/<int:pk>/referrals/consents/<int:consent_pk>/withdraw/": "login",
    "training/": "login",
    "training/mine/": "login",
    "training/statistics/": "login",
    "training/attempts/<int:pk>/": "login",
    "training/<slug:slug>/": "login",
    "complaints/": "login",
    "complaints/<int:pk>/": "login",
    "complaints/<int:pk>/assign/": "login",
    "complaints/<int:pk>/triage/": "login",
    "complaints/<int:pk>/reply/": "login",
    "complaints/<int:pk>/merge/": "login",
    "complaints/<int:pk>/spam/": "login",
    "complaints/<int:pk>/convert/": "login",
    "complaints/<int:pk>/files/<int:file_pk>/": "login",
    "complaints/facilities/": "login",
    "complaints/facilities/new/": "login",
    "complaints/facilities/import/": "login",
    "complaints/facilities/<int:pk>/": "login",
    "complaints/facilities/<int:pk>/edit/": "login",
    "complaints/monitoring/": "login",
    "complaints/monitoring/<slug:section>.csv": "login",
    "report/": "public",
    "report/what-we-keep/": "public",
    "report/follow-up/": "public",
    "report/follow-up/add/": "post-only",
    "report/prison-labour/": "public",
    "report/military-recruitment/": "public",
    "report/conscientious-objection/": "public",
    "report/forced-labour/": "public",
    "report/other/": "public",
    "i18n/setlang/": "public",
    "api/v1/me": "401",
    "api/v1/openapi.json": "public",
    "api/v1/": "404",  # django-ninja's root, empty because the docs page is off
    "api/v1/persons": "401",
    "api/v1/persons/<person_id>": "401",
    "api/v1/cases": "401",
    "api/v1/cases/<case_id>": "401",
    "api/v1/cases/<case_id>/assistance": "401",
    "api/v1/cases/<case_id>/support-plan": "401",
    "api/v1/cases/<case_id>/reflection-periods": "401",
    "api/v1/services": "401",
    "api/v1/services/<service_id>": "401",
    "api/v1/consents": "401",
    "api/v1/consents/<consent_id>": "401",
    "api/v1/consents/<consent_id>/withdraw": "post-only",
    "api/v1/referrals": "401",
    "api/v1/referrals/<referral_id>": "401",
    "api/v1/referrals/<referral_id>/accept": "post-only",
    "api/v1/referrals/<referral_id>/decline": "post-only",
    "api/v1/referrals/<referral_id>/start": "post-only",
    "api/v1/referrals/<referral_id>/complete": "post-only",
    "api/v1/referrals/<referral_id>/revoke": "post-only",
    "api/v1/notifications": "401",
    "api/v1/analytics/tables": "401",
    "api/v1/notifications/read": "post-only",
    "api/v1/notifications/<notification_id>/read": "post-only",
    "api/v1/complaints": "401",
    "api/v1/complaints/<complaint_id>": "401",
    "api/v1/complaints/<complaint_id>/reply": "post-only",
    "api/v1/complaints/<complaint_id>/assign": "post-only",
    "api/v1/complaints/<complaint_id>/convert": "post-only",
    "api/v1/cases/<case_id>/investigations": "401",
    "api/v1/cases/<case_id>/prosecutions": "401",
    "api/v1/cases/<case_id>/proceedings": "401",
    "api/v1/official/figures": "401",
    "api/v1/official/indicators": "401",
    "api/v1/<path:unknown>": "404",  # any other path under the API: a JSON 404
    "estimates/": "login",
    "estimates/save/": "post-only",
    "estimates/<int:pk>/": "login",
    "reports/": "login",
    "reports/new/": "login",
    "reports/<int:pk>/": "login",
    "reports/<int:pk>/delete/": "post-only",
    "reports/<int:pk>/preview/": "login",
    "reports/<int:pk>/deck.pptx": "login",
    "reports/<int:pk>/submission.pdf": "login",
    "reports/<int:pk>/submission.md": "login",
    "reports/<int:pk>/issues/new/": "login",
    "reports/<int:pk>/issues/<int:issue_pk>/": "login",
    "reports/<int:pk>/issues/<int:issue_pk>/move/": "post-only",
    "reports/<int:pk>/issues/<int:issue_pk>/delete/": "post-only",
    "reports/<int:pk>/issues/<int:issue_pk>/problems/new/": "login",
    "reports/<int:pk>/problems/<int:problem_pk>/": "login",
    "reports/<int:pk>/problems/<int:problem_pk>/move/": "post-only",
    "reports/<int:pk>/problems/<int:problem_pk>/delete/": "post-only",
    "reports/<int:pk>/problems/<int:problem_pk>/figures/new/": "post-only",
    "reports/<int:pk>/figures/<int:figure_pk>/delete/": "post-only",
    "linkage/": "login",
    "linkage/<int:pk>/": "login",
    "linkage/<int:pk>/status/": "login",
    "linkage/<int:pk>/review/": "login",
    "linkage/<int:pk>/review/<int:pair_pk>/": "post-only",
    "linkage/duplicates/": "login",
    "linkage/duplicates/<int:pk>/merge/": "post-only",
    "linkage/duplicates/<int:pk>/dismiss/": "post-only",
    "api/v1/estimates": "401",
    "api/v1/estimates/<estimate_id>": "401",
    "api/v1/estimates/run": "post-only",
    "monitoring/recommendations/": "login",
    "monitoring/recommendations/new/": "login",
    "monitoring/recommendations/import/": "login",
    "monitoring/recommendations/export/<slug:fmt>/": "login",
    "monitoring/recommendations/<int:pk>/": "login",
    "monitoring/recommendations/<int:pk>/edit/": "login",
    "monitoring/recommendations/<int:pk>/assess/": "login",
    "monitoring/recommendations/<int:pk>/cluster/": "login",
    "monitoring/plans/": "login",
    "monitoring/plans/new/": "login",
    "monitoring/plans/overdue/": "login",
    "monitoring/plans/<int:pk>/": "login",
    "monitoring/plans/<int:pk>/edit/": "login",
    "monitoring/plans/<int:pk>/objectives/new/": "login",
    "monitoring/plans/<int:pk>/objectives/<int:objective_pk>/edit/": "login",
    "monitoring/plans/<int:pk>/objectives/<int:objective_pk>/actions/new/": "login",
    "monitoring/plans/<int:pk>/actions/<int:action_pk>/edit/": "login",
    "monitoring/plans/<int:pk>/actions/<int:action_pk>/targets/new/": "login",
    "monitoring/plans/<int:pk>/actions/<int:action_pk>/progress/new/": "login",
    "monitoring/indicators/": "login",
    "monitoring/indicators/new/": "login",
    "monitoring/indicators/<int:pk>/": "login",
    "monitoring/indicators/<int:pk>/edit/": "login",
    "monitoring/indicators/<int:pk>/values.csv": "login",
    "monitoring/indicators/<int:pk>/values/new/": "login",
    "monitoring/indicators/<int:pk>/values/<int:value_pk>/edit/": "login",
    "monitoring/indicators/<int:pk>/values/<int:value_pk>/delete/": "login",
    "monitoring/trainings/": "login",
    "monitoring/trainings/statistics/": "login",
    "monitoring/trainings/statistics.csv": "login",
    "monitoring/trainings/new/": "login",
    "monitoring/trainings/<int:pk>/": "login",
    "monitoring/trainings/<int:pk>/edit/": "login",
    "monitoring/trainings/<int:pk>/sessions/new/": "login",
    "monitoring/trainings/<int:pk>/sessions/<int:session_pk>/": "login",
    "monitoring/trainings/<int:pk>/sessions/<int:session_pk>/edit/": "login",
    "monitoring/trainings/<int:pk>/sessions/<int:session_pk>/attendees/": "login",
    "monitoring/trainings/<int:pk>/sessions/<int:session_pk>/attendees/import/": "login",
    "monitoring/trainings/<int:pk>/sessions/<int:session_pk>/attendees/<int:attendee_pk>/delete/": (
        "login"),
    "public/recommendations/": "404",  # PALERMO_PUBLIC_MONITORING is off by default
    "public/recommendations/<int:pk>/": "404",
}


def _routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append(prefix + str(entry.pattern))
    return found


def _url(route: str) -> str:
    return "/" + re.sub(r"<slug:\w+>", "a-slug", re.sub(r"<int:\w+>", "1", route))


def test_every_route_is_listed():
    routes = set(_routes(get_resolver()))
    assert routes == set(ANONYMOUS), "list every new route in tests/test_every_route.py"


def test_anonymous_visitors_get_what_the_list_says(db):
    client = Client()
    for route, expected in ANONYMOUS.items():
        url = _url(route)
        response = client.get(url)
        if expected == "login":
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/?next="), url
        elif expected == "401":
            assert response.status_code == 401, url
        elif expected == "404":
            assert response.status_code == 404, url
        elif expected == "post-only":
            assert response.status_code == 405, url
        elif route == "i18n/setlang/":
            assert response.status_code in {200, 302}, url
        else:
            assert response.status_code == 200, url


def test_anonymous_posts_change_nothing_and_go_to_login(db):
    client = Client()
    for route, expected in ANONYMOUS.items():
        if expected != "login":
            continue
        url = _url(route)
        response = client.post(url, {"role": "org_admin", "password": "x" * 20})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
