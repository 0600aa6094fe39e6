"""How API callers prove who they are: a personal token, or the browser's session.

``Authorization: Bearer <token>`` is tried first; a header that is present but not a live token
is refused outright (401), never passed on to the session. Without the header the session
cookie is used, with Django's CSRF check on unsafe methods and, outside demo mode, a passed
second factor. Either way the handler reads the account from ``request.auth``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from palermo.accounts.models import User
from palermo.accounts.selectors import passed_second_factor
from palermo.api import tokens


class TokenAuth(HttpBearer):
    """Personal API tokens, issued by operators with ``palermo api-token create``."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise AuthenticationError
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = tokens.user_for_token(token)
        if user is None:
            raise AuthenticationError
        # Code shared with the pages reads request.user; a token request has no session.
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session (the same cookie as the pages)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Anonymous callers get 401, not a CSRF 403: the check only matters with a session.
        if not request.user.is_authenticated:
            return None
        if self.csrf and check_csrf(request):
            raise HttpError(403, "CSRF check failed")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not isinstance(user, User) or not user.is_active:
            return None
        # The 2FA middleware already answers 401; this keeps the API safe without it.
        if settings.REQUIRE_2FA and not passed_second_factor(user):
            return None
        return user


token_auth = TokenAuth()
session_auth = SessionAuth()
#: Every route uses both, token first.
API_AUTH = [token_auth, session_auth]
