"""Person pages: register and edit a person, and the case's person tab with its identity panel.

Names and identifying data stay hidden until the user asks for them ("Show identity"), and that
request is its own audit row, so the log says who looked at whose identity and when.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from palermo.cases import services
from palermo.cases.access import case_access
from palermo.cases.case_views import tab_page
from palermo.cases.forms import PersonForm
from palermo.cases.selectors import get_case, get_owned_person
from palermo.cases.views import add_service_errors, registry_required, require_edit
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.referrals.codes import ShareGroup


@registry_required
def person_create(request: HttpRequest) -> HttpResponse:
    """Step one of a new case: the person. Step two is the case form, with the code filled in."""
    user = require_edit(request)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(user=user, **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Person %(code)s registered. Now record their case.") % {"code": person.code},
            )
            query = urlencode({"persons": person.code})
            return redirect(f"{reverse('cases:case_create')}?{query}")
    return render(request, "cases/person_form.html", {"form": form, "creating": True})


@registry_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_owned_person(request.user, pk)  # a shared person is never edited by a receiver
    user = require_edit(request)
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = ""
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.update_person(user=user, person=person, **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
            person.refresh_from_db()
        else:
            messages.success(request, _("Person %(code)s saved.") % {"code": person.code})
            return redirect(back or "cases:case_list")
    else:
        # The edit form shows the identity: it is a view of it, and recorded as one.
        audit.record(actor=user, action=AuditAction.VIEW, object_type="cases.Person",
                     objects=[person], detail={"identity": True, "edit": True})
    return render(request, "cases/person_form.html",
                  {"form": form, "creating": False, "person": person, "next": back})


@registry_required
def case_persons(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request.user, pk)
    return tab_page(request, case, "persons", "cases/case_persons.html", {"identity": False})


@registry_required
def case_identity(request: HttpRequest, pk: int) -> HttpResponse:
    """The identity panel: names, date of birth, documents, contacts of the case's persons.

    POST only: showing an identity is a deliberate act, never a prefetched link. A receiving
    organisation sees the identity rows with ``identity``, the contact rows with ``contact``,
    and gets 404 with neither.
    """
    case = get_case(request.user, pk)  # an outsider gets 404 whatever the method
    access = case_access(request.user, case)
    shown = sorted(g for g in (ShareGroup.IDENTITY, ShareGroup.CONTACT) if access.sees(g))
    if not shown:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    persons = list(case.persons.all())
    detail: dict[str, object] = {"identity": True, "case": case.pk}
    if not access.owned:
        detail["shared"] = [str(g) for g in shown]
    audit.record(actor=request.user, action=AuditAction.VIEW, object_type="cases.Person",
                 objects=persons, detail=detail)
    return tab_page(request, case, "persons", "cases/case_persons.html", {"identity": True},
                     record_view=False)
