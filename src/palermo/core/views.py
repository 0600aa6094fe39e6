"""The home page every signed-in user lands on."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from palermo.accounts.roles import ROLE_CAPABILITIES


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = getattr(request.user, "role", "")
    return render(
        request,
        "core/home.html",
        {"capabilities": sorted(ROLE_CAPABILITIES.get(role, frozenset()))},
    )
