"""Session policy (12 h absolute, 30 min idle) and mandatory two-factor authentication."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from palermo.accounts.selectors import passed_second_factor

AUTH_TIME = "palermo_auth_time"
LAST_SEEN = "palermo_last_seen"
# Refresh the idle clock at most this often, so reading pages does not write the session each time.
TOUCH_EVERY_SECONDS = 60


def start_session_clock(request: HttpRequest) -> None:
    now = int(time.time())
    request.session[AUTH_TIME] = now
    request.session[LAST_SEEN] = now


def _api_unauthenticated(message: str) -> HttpResponse:
    """The API answers in its own JSON error body, never with a redirect to a page."""
    from palermo.api.errors import error_response

    return error_response(401, "not_authenticated", message)


class SessionPolicyMiddleware:
    """End a session 12 h after sign-in or after 30 min without a request, whichever comes first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            auth_time = request.session.get(AUTH_TIME)
            last_seen = request.session.get(LAST_SEEN)
            if (
                not isinstance(auth_time, int)
                or not isinstance(last_seen, int)
                or now - auth_time > settings.PALERMO_SESSION_ABSOLUTE_SECONDS
                or now - last_seen > settings.PALERMO_SESSION_IDLE_SECONDS
            ):
                logout(request)
                if request.path.startswith("/api/"):
                    if "Authorization" in request.headers:
                        return self.get_response(request)  # the API token decides
                    return _api_unauthenticated(_("Your session has ended. Please sign in again."))
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if now - last_seen >= TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


#: Pages a signed-in user who has not passed two-factor authentication may still open.
TWO_FACTOR_EXEMPT = (
    "accounts:login",
    "accounts:logout",
    "accounts:verify",
    "accounts:setup",
    "set_language",
)


class RequireTwoFactorMiddleware:
    """Outside demo mode every account must enrol in and pass TOTP before seeing anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.exempt: set[str] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.REQUIRE_2FA
            and user.is_authenticated
            and not passed_second_factor(user)
            and not request.path.startswith(settings.STATIC_URL)
        ):
            if self.exempt is None:
                self.exempt = {reverse(name) for name in TWO_FACTOR_EXEMPT}
            if request.path not in self.exempt:
                from palermo.accounts.selectors import has_confirmed_device

                target = "accounts:verify" if has_confirmed_device(user) else "accounts:setup"
                if request.path.startswith("/api/"):
                    return _api_unauthenticated(_("Pass the second factor first."))
                return redirect(f"{reverse(target)}?next={request.path}")
        return self.get_response(request)
