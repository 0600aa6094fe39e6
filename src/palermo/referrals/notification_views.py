"""The organisation's notifications (``/referrals/notifications/``): a line per change of a
referral, naming the case code and the organisation that acted, and marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from palermo.cases.views import signed_in
from palermo.referrals import selectors, services
from palermo.referrals.referral_views import referrals_required

PAGE_SIZE = 50


@referrals_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    notifications = selectors.notification_rows(selectors.notifications_for(user))
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(n, selectors.notification_message(n)) for n in page.object_list]
    return render(request, "referrals/notification_list.html", {
        "page": page, "rows": rows, "unread": selectors.unread_count(user),
    })


@referrals_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (``notification`` field) or all of them read."""
    user = signed_in(request)
    wanted = request.POST.get("notification", "")
    ids = [int(wanted)] if wanted.isdigit() else None
    changed = services.mark_read(user=user, notification_ids=ids)
    if ids is None:
        messages.success(request, ngettext("%(n)d notification marked read.",
                                           "%(n)d notifications marked read.", changed)
                         % {"n": changed})
    return redirect("referrals:notification_list")
