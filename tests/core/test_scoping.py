"""``visible_to`` and ``get_visible_or_404``: a user reads only their organisation's records, and
another organisation's record looks exactly like one that does not exist."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from palermo.core.scoping import get_visible_or_404
from tests.testapp.models import Secret


@pytest.fixture
def secret_of_a(org_a):
    return Secret.objects.create(organisation=org_a, name="Record of A")


@pytest.fixture
def secret_of_b(org_b):
    return Secret.objects.create(organisation=org_b, name="Record of B")


def not_found(user, **lookup) -> Http404:
    with pytest.raises(Http404) as caught:
        get_visible_or_404(Secret.objects.all(), user, **lookup)
    return caught.value


def test_a_user_gets_their_own_organisations_record(caseworker, secret_of_a):
    assert get_visible_or_404(Secret.objects.all(), caseworker, pk=secret_of_a.pk) == secret_of_a


def test_another_organisations_record_and_a_missing_one_give_the_same_404(
    outsider, secret_of_a, secret_of_b
):
    forbidden = not_found(outsider, pk=secret_of_a.pk)
    missing = not_found(outsider, pk=secret_of_a.pk + 1000)
    assert (type(forbidden), forbidden.args) == (type(missing), missing.args)


@pytest.mark.parametrize("bad_id", ["abc", "", None, "1; DROP TABLE testapp_secret", [1]])
def test_a_malformed_id_is_just_another_404(caseworker, secret_of_a, bad_id):
    not_found(caseworker, pk=bad_id)


def test_visible_to_lists_only_the_users_organisation(caseworker, outsider, secret_of_a,
                                                      secret_of_b):
    assert list(Secret.objects.visible_to(caseworker)) == [secret_of_a]
    assert list(Secret.objects.visible_to(outsider)) == [secret_of_b]


def test_anonymous_sees_nothing(secret_of_a):
    assert list(Secret.objects.visible_to(AnonymousUser())) == []
    not_found(AnonymousUser(), pk=secret_of_a.pk)


def test_a_disabled_user_sees_nothing(caseworker, secret_of_a):
    caseworker.is_active = False
    caseworker.save()
    assert list(Secret.objects.visible_to(caseworker)) == []
    not_found(caseworker, pk=secret_of_a.pk)


def test_the_coordination_body_does_not_see_organisation_records_by_default(coordinator,
                                                                           secret_of_a):
    # Sharing with the coordinator goes through referrals, which override visible_to.
    not_found(coordinator, pk=secret_of_a.pk)
