"""Two organisations hand a person from one to the other in the browser: the sender's caseworker
records the person's consent and refers the case to a shelter; the shelter's caseworker accepts,
records the help given on the Assistance tab and completes the referral; the sender sees it
completed, and the coordinator sees the mechanism in the coordination view."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from palermo.accounts.models import Organisation, User
from palermo.accounts.roles import Role
from palermo.cases.models import Case
from palermo.referrals.models import Assistance, Referral, ReflectionPeriod, Service
from tests.cases.conftest import case_a, person_a
from tests.conftest import _make_user
from tests.e2e.conftest import VIEWPORT, Screenshot, SignIn

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["case_a", "person_a"]  # organisation A's case, from the registry's fixtures


@pytest.fixture
def shelter_worker(org_b: Organisation) -> User:
    return _make_user("shelter_caseworker", org_b, Role.CASEWORKER)


@pytest.fixture
def shelter(org_b: Organisation) -> Service:
    return Service.objects.create(organisation=org_b, service_type="shelter",
                                  name="Safe house for women", region="Kazan",
                                  capacity_total=12, capacity_free=4, languages=["ru", "uz"])


def _more_of_the_mechanism(case: Case, sender: User) -> None:
    """Referrals of other organisations, so the coordination view has something to show."""
    now = timezone.now()
    plan = (("Kazan Crisis Centre", "Kazan", "psychological", [(1, "sent"), (5, "sent"),
                                                              (12, "accepted"), (40, "sent")]),
            ("Volga Legal Aid", "Samara", "legal_aid", [(2, "in_progress"), (9, "sent")]),
            ("North Shelter Network", "St Petersburg", "shelter", [(0, "sent"), (35, "sent"),
                                                                   (64, "accepted")]))
    declined = ("no_capacity", "no_capacity", "not_eligible", "no_capacity", "other")
    for name, region, kind, open_ in plan:
        org = Organisation.objects.create(name=name, org_type="NGO", country="RU",
                                          region=region)
        service = Service.objects.create(organisation=org, service_type=kind, name=name,
                                         region=region)
        for days, status in open_:
            Referral.objects.create(case=case, sender=case.organisation, receiver=org,
                                    service=service, status=status, sent_by=sender,
                                    sent_at=now - datetime.timedelta(days=days))
        for reason in declined[: len(open_)]:
            Referral.objects.create(case=case, sender=case.organisation, receiver=org,
                                    service=service, status="declined", decline_reason=reason,
                                    sent_by=sender, sent_at=now - datetime.timedelta(days=20))
    ReflectionPeriod.objects.create(case=case, started_on=timezone.localdate()
                                    - datetime.timedelta(days=26),
                                    ends_on=timezone.localdate() + datetime.timedelta(days=4))


def test_refer_accept_assist_complete(
    page: Page, browser: Browser, live_server: LiveServer, caseworker: User,
    shelter_worker: User, coordinator: User, case_a: Case, shelter: Service,
    sign_in: SignIn, screenshot: Screenshot, demo_names: Callable[[User], User],
) -> None:
    demo_names(caseworker)
    # The sender records the person's consent to share with the shelter, then refers.
    sign_in(page, caseworker)
    page.goto(f"/cases/{case_a.pk}/")
    page.locator("nav.tabs a", has_text="Referrals").click()
    page.locator("main a", has_text="Record consent").click()
    page.locator('select[name="recipient"]').select_option(label="Organisation B")
    page.locator('input[name="groups"][value="contact"]').check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/cases/{case_a.pk}/referrals/$"))
    page.locator("main a", has_text="Refer to a service").click()
    page.locator('select[name="service"]').select_option(value=str(shelter.pk))
    page.locator('textarea[name="message"]').fill("Needs a safe place tonight.")
    page.locator("button", has_text="Send the referral").click()
    expect(page).to_have_url(re.compile(r"/referrals/\d+/$"))
    referral_url = page.url
    expect(page.locator("h1")).to_contain_text("Sent")

    # The shelter, in its own browser session, accepts and records the help it gave.
    receiving = browser.new_context(base_url=live_server.url, viewport=VIEWPORT,
                                    locale="en-GB")
    other = receiving.new_page()
    sign_in(other, shelter_worker)
    other.goto("/referrals/?box=incoming")
    other.locator("main table a", has_text=case_a.code).click()
    other.locator("button", has_text="Accept the referral").click()
    expect(other.locator("h1")).to_contain_text("Accepted")
    other.locator("main a", has_text="Open the case").click()
    other.locator("nav.tabs a", has_text="Assistance").click()
    other.locator('select[name="service_type"]').select_option("shelter")
    other.locator('input[name="delivered_on"]').fill("2026-01-01")
    other.locator('input[name="quantity"]').fill("-3")
    other.locator("button", has_text="Record assistance").click()
    expect(other.locator(".form-errors")).to_be_visible()
    assert not Assistance.objects.exists()
    other.locator('input[name="quantity"]').fill("3")
    other.locator('input[name="unit"]').fill("nights")
    other.locator('textarea[name="outcome"]').fill("Safe for three nights; saw a doctor.")
    other.locator("button", has_text="Record assistance").click()
    expect(other.locator(".message-success")).to_contain_text("Assistance recorded")
    expect(other.locator("main table")).to_contain_text("Organisation B")
    other.goto(referral_url)
    other.locator("button", has_text="Mark completed").click()
    expect(other.locator("h1")).to_contain_text("Completed")
    receiving.close()

    # The sender sees the referral completed, and the help on its case.
    page.goto(referral_url)
    expect(page.locator("h1")).to_contain_text("Completed")
    screenshot(page, "referral")
    page.goto(f"/cases/{case_a.pk}/assistance/")
    expect(page.locator("main table")).to_contain_text("Safe for three nights")
    referral = Referral.objects.get()
    assert referral.status == "completed"
    assert Assistance.objects.get().referral_id == referral.pk

    # The coordinator sees it in the aggregate, with no person in sight.
    _more_of_the_mechanism(case_a, caseworker)
    page.locator("form.logout-form button, form[action='/accounts/logout/'] button").first.click()
    sign_in(page, coordinator)
    page.locator("nav a", has_text="Coordination").click()
    expect(page.locator("h1")).to_contain_text("Coordination")
    expect(page.locator("#assistance-title")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Karimova")
    expect(page.locator("main")).to_contain_text("Kazan Crisis Centre")
    expect(page.locator("svg.chart")).to_have_count(4)
    page.locator("#reflection-title").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, document.querySelector('#reflection-title')"
                  ".getBoundingClientRect().top + window.scrollY - 24)")
    screenshot(page, "coordination")
