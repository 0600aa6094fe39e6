"""The case list in two parts (own cases, shared cases) pages exactly as the single query
"own OR shared" orders them: every sort, every slice, with filters, with ties on dates."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from palermo.accounts.models import Organisation, User
from palermo.cases import services as case_services
from palermo.cases.listing import CaseListing
from palermo.cases.models import Case
from palermo.cases.selectors import SORTS, CaseFilters, filter_cases, list_cases
from palermo.referrals import services
from palermo.referrals.codes import ShareGroup
from palermo.referrals.models import Service

DAYS = [datetime.date(2026, 5, d) for d in (1, 4, 4, 9, 2)]


def _case(user: User, opened_on: datetime.date, status: str = "Active") -> Case:
    person = case_services.create_person(user=user, given_name="Test", family_name="Person")
    return case_services.create_case(user=user, persons=[person], case_type="ForcedLabour",
                                     opened_on=opened_on, status=status)


@pytest.fixture
def mixed(caseworker: User, receiver: User, org_c: Organisation, service_c: Service) -> list[Case]:
    """Five cases of the receiver's own and five of A's, four shared with it by accepted
    referrals and one referral still only sent (not shared)."""
    own = [_case(receiver, day, "Closed" if i % 2 else "Active") for i, day in enumerate(DAYS)]
    theirs = [_case(caseworker, day, "Active" if i % 2 else "Closed") for i, day in enumerate(DAYS)]
    for i, case in enumerate(theirs):
        services.record_consent(user=caseworker, case=case, recipient=org_c,
                                groups=[ShareGroup.NARRATIVE],
                                given_on=timezone.localdate() - datetime.timedelta(days=1))
        referral = services.send_referral(user=caseworker, case=case, service=service_c,
                                          message="Please see.")
        if i < 4:
            services.transition(user=receiver, referral=referral, action="accept")
    return own + theirs[:4]


@pytest.mark.parametrize("sort", sorted(SORTS))
def test_every_slice_of_every_sort_equals_the_single_query(mixed, receiver, sort):
    filters = CaseFilters(sort=sort)
    listing, single = list_cases(receiver, filters), filter_cases(receiver, filters)
    assert listing.shared is not None
    assert listing.count() == single.count() == len(mixed) == 9
    assert set(single) == set(mixed)
    for start, stop in itertools.combinations(range(11), 2):
        assert listing[start:stop] == list(single[start:stop]), (start, stop)
    assert list(listing) == list(single)
    assert listing[3] == single[3]


def test_filters_apply_to_both_parts(mixed, receiver):
    filters = CaseFilters(status="Active", opened_from=datetime.date(2026, 5, 3))
    listing, single = list_cases(receiver, filters), filter_cases(receiver, filters)
    assert listing.count() == single.count() > 0
    assert listing[0:9] == list(single)
    assert any(c.organisation_id != receiver.organisation_id for c in listing[0:9])


def test_a_paginator_pages_it(mixed, receiver):
    pages = Paginator(list_cases(receiver, CaseFilters()), 4)
    assert (pages.count, pages.num_pages) == (9, 3)
    seen = [case for number in pages.page_range for case in pages.page(number).object_list]
    assert seen == list(filter_cases(receiver, CaseFilters()))


def test_without_shared_cases_it_is_one_query_part(caseworker, case_a):
    listing = list_cases(caseworker, CaseFilters())
    assert listing.shared is None and listing[0:5] == [case_a]


def test_revoking_a_referral_drops_the_case_from_the_next_listing(mixed, caseworker, receiver):
    shared = next(c for c in mixed if c.organisation_id != receiver.organisation_id)
    referral = shared.referrals.get()
    services.transition(user=caseworker, referral=referral, action="revoke")
    assert shared not in list_cases(receiver, CaseFilters())[0:20]
    assert list_cases(receiver, CaseFilters()).count() == 8


@pytest.mark.parametrize("bad", [slice(-1, 3), slice(0, None), slice(0, 4, 2)])
def test_it_refuses_slices_it_cannot_page(caseworker, bad):
    with pytest.raises(ValueError, match="slices"):
        list_cases(caseworker, CaseFilters())[bad]


def test_an_empty_range_reads_nothing(caseworker, django_assert_num_queries):
    listing = CaseListing(Case.objects.all(), Case.objects.none(), SORTS["-opened"])
    with django_assert_num_queries(0):
        assert listing[4:4] == []
    with pytest.raises(IndexError):
        listing[-1]


def test_past_the_list_limit_visibility_asks_a_subquery_with_the_same_answer(
    mixed, receiver, monkeypatch
):
    """A large receiver's shared ids would not fit in one query's parameters."""
    from palermo.cases.models import Person
    from palermo.referrals import sharing

    cases = set(Case.objects.visible_to(receiver))
    persons = set(Person.objects.visible_to(receiver))
    assert len(cases) == 9 and len(persons) == 9
    assert "referral" not in str(Case.objects.visible_to(receiver).query).lower()
    monkeypatch.setattr(sharing, "SHARED_LIST_LIMIT", 2)
    assert sharing.shared_case_id_list(receiver) is None
    for queryset, expected in ((Case.objects.visible_to(receiver), cases),
                               (Person.objects.visible_to(receiver), persons)):
        assert "referral" in str(queryset.query).lower()
        assert set(queryset) == expected
    assert list_cases(receiver, CaseFilters()).count() == 9


def test_the_list_limit_counts_cases_not_referrals(mixed, caseworker, receiver, monkeypatch):
    """One shared case referred twice more (the newest rows): more referral rows than cases.
    Whatever the limit, visibility is the same set (a limit on rows, not on distinct cases, once
    returned a short list and hid cases)."""
    from palermo.cases.models import Person
    from palermo.referrals import sharing
    from palermo.referrals.codes import ServiceType

    shared = [c for c in mixed if c.organisation_id != receiver.organisation_id]
    for kind in (ServiceType.LEGAL_AID, ServiceType.INTERPRETATION):
        service = services.create_service(user=receiver, service_type=kind, name=str(kind),
                                          region="Moscow")
        referral = services.send_referral(user=caseworker, case=shared[0], service=service,
                                          message="Also this.")
        services.transition(user=receiver, referral=referral, action="accept")
    cases = set(Case.objects.visible_to(receiver))
    persons = set(Person.objects.visible_to(receiver))
    assert len(cases) == 9
    for limit in range(1, 8):
        monkeypatch.setattr(sharing, "SHARED_LIST_LIMIT", limit)
        listed = sharing.shared_case_id_list(receiver)
        expected = None if limit < len(shared) else sorted(c.pk for c in shared)
        assert listed == expected, limit
        assert set(Case.objects.visible_to(receiver)) == cases, limit
        assert set(Person.objects.visible_to(receiver)) == persons, limit
