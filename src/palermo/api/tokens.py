"""Creating, checking and revoking personal API tokens.

A token is ``plm_`` + 43 URL-safe characters (256 random bits). Only its SHA-256 is stored:
with that much entropy a keyless hash cannot be reversed or guessed, and tokens survive a
rotation of ``SECRET_KEY``. The first 12 characters are kept in clear so people can tell
their tokens apart.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from palermo.accounts.models import User
from palermo.api.models import ApiToken
from palermo.core import audit
from palermo.core.models import AuditAction

TOKEN_PREFIX = "plm_"  # noqa: S105 - a public marker, not a secret
DISPLAY_CHARS = 12
# Writing last_used_at on every request would turn each read into a write.
TOUCH_EVERY = datetime.timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str


@transaction.atomic
def create_token(*, user: User, name: str, days: int | None = None) -> IssuedToken:
    """Issue a token for ``user``; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + datetime.timedelta(days=days) if days else None
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:DISPLAY_CHARS], token_hash=token_hash(raw),
        session_epoch=user.session_epoch, expires_at=expires_at,
    )
    audit.record(actor=None, action=AuditAction.CREATE, object_type="api.ApiToken",
                 objects=[token], detail={"user": user.pk, "days": days})
    return IssuedToken(token=token, raw=raw)


@transaction.atomic
def revoke_tokens(*, tokens: list[ApiToken]) -> int:
    now = timezone.now()
    live = [t for t in tokens if t.revoked_at is None]
    for token in live:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    if live:
        audit.record(actor=None, action=AuditAction.DELETE, object_type="api.ApiToken",
                     objects=live, detail={"revoked": len(live)})
    return len(live)


def is_live(token: ApiToken, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    user = token.user
    return (
        token.revoked_at is None
        and (token.expires_at is None or token.expires_at > now)
        and user.is_active
        and token.session_epoch == user.session_epoch
    )


def user_for_token(raw: str) -> User | None:
    """The active user a presented token acts for, or None for any token that is not live."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(token_hash=token_hash(raw)).first()
    )
    now = timezone.now()
    if token is None or not is_live(token, now=now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
