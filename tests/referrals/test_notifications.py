"""Notifications: every change of a referral tells the other organisation (case code and an
organisation's name only), the navigation counts the unread ones, and they are marked read."""

from __future__ import annotations

import pytest

from palermo.referrals import services
from palermo.referrals.codes import ReferralStatus
from palermo.referrals.models import Notification
from palermo.referrals.selectors import notification_message, unread_count


def _messages(organisation) -> list[str]:
    return [notification_message(n) for n in Notification.objects.filter(
        organisation=organisation).select_related("referral__case", "referral__sender",
                                                  "referral__receiver").order_by("id")]


def test_each_change_notifies_the_other_side_only(caseworker, receiver, make_referral, case_a,
                                                  org_a, org_c):
    make_referral(ReferralStatus.COMPLETED)
    code = case_a.code
    assert _messages(org_c) == [f"Case {code} referred to you by Organisation A"]
    assert _messages(org_a) == [
        f"Case {code} referral accepted by Organisation C",
        f"Case {code} referral: work started by Organisation C",
        f"Case {code} referral completed by Organisation C",
    ]


def test_decline_and_revoke_notify_too(make_referral, case_a, org_a, org_c):
    make_referral(ReferralStatus.DECLINED)
    make_referral(ReferralStatus.REVOKED)
    assert f"Case {case_a.code} referral declined by Organisation C" in _messages(org_a)
    assert f"Case {case_a.code} referral revoked by Organisation A" in _messages(org_c)


def test_a_notification_names_no_person(make_referral, person_a, case_a, org_a):
    make_referral(ReferralStatus.ACCEPTED)
    for text in _messages(org_a):
        assert "Каримова" not in text and "Dilnoza" not in text and person_a.code not in text


def test_the_navigation_shows_the_unread_count(client_for, receiver, caseworker, referral):
    page = client_for(receiver).get("/referrals/services/").content.decode()
    assert '<span class="badge" aria-hidden="true">1</span>' in page
    assert "(1 unread)" in page
    assert 'class="badge"' not in client_for(caseworker).get("/").content.decode()


def test_roles_without_referrals_see_no_badge_and_no_link(client_for, org_admin, referral):
    page = client_for(org_admin).get("/").content.decode()
    assert "/referrals/notifications/" not in page and "/referrals/services/" in page


def test_the_page_lists_and_marks_read(client_for, receiver, referral, case_a):
    client = client_for(receiver)
    page = client.get("/referrals/notifications/").content.decode()
    assert f"Case {case_a.code} referred to you by Organisation A" in page
    assert "1 unread" in page
    notification = Notification.objects.get()
    response = client.post("/referrals/notifications/read/",
                           {"notification": notification.pk})
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert unread_count(receiver) == 0


def test_mark_all_read_and_opening_the_referral_marks_it_read(client_for, caseworker, receiver,
                                                             make_referral):
    make_referral(ReferralStatus.DECLINED)
    first = make_referral(ReferralStatus.ACCEPTED)
    assert unread_count(caseworker) == 2
    client = client_for(caseworker)
    client.get(f"/referrals/{first.pk}/")
    assert unread_count(caseworker) == 1
    response = client.post("/referrals/notifications/read/", follow=True)
    assert "1 notification marked read." in response.content.decode()
    assert unread_count(caseworker) == 0
    assert unread_count(receiver) == 2  # another organisation's are untouched


def test_another_organisations_notification_cannot_be_marked(client_for, outsider, referral):
    notification = Notification.objects.get()
    client_for(outsider).post("/referrals/notifications/read/",
                              {"notification": notification.pk})
    client_for(outsider).post("/referrals/notifications/read/")
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("value", ["abc", "", "-1", "99999"])
def test_bad_input_to_mark_read_changes_nothing_it_should_not(client_for, receiver, caseworker,
                                                               make_referral, value):
    make_referral(ReferralStatus.ACCEPTED)
    response = client_for(caseworker).post("/referrals/notifications/read/",
                                           {"notification": value})
    assert response.status_code == 302
    # A value that is not an id marks all of the caseworker's organisation's read, as the
    # "Mark all read" button does; never another organisation's.
    assert unread_count(receiver) == 1


def test_mark_read_needs_post(client_for, receiver):
    assert client_for(receiver).get("/referrals/notifications/read/").status_code == 405


def test_the_notifications_page_makes_a_fixed_number_of_queries(
    client_for, caseworker, make_referral, django_assert_max_num_queries
):
    for state in (ReferralStatus.COMPLETED, ReferralStatus.DECLINED):
        make_referral(state)
    client = client_for(caseworker)
    with django_assert_max_num_queries(12):
        assert client.get("/referrals/notifications/").status_code == 200
    assert services.mark_read(user=caseworker) == 4
