"""Rate limits of the public pages on a keyed hash of the client address, forgotten per window.

Counts live in the database (``RateWindow``/``RateCount``), so every gunicorn worker and every
server sharing the database sees the same numbers; the project sets no shared cache (Django's
default cache is per process), which is why the cache is not used. The bucket is
``HMAC(window key, scope, address)`` where the window key is ``HMAC(rate key, window nonce)``: the
rate key derives from ``PALERMO_INDEX_KEY`` (not in the database), the nonce is random and is
deleted with its window once the window is over. A database reader cannot test a guessed
address; once a window is gone, nobody can.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest

from palermo.complaints.models import RateCount, RateWindow

_PURPOSE = b"palermo complaints rate limit v1"


class Scope(StrEnum):
    SUBMIT = "submit"
    RECEIPT = "receipt"


def _limit(scope: Scope) -> int:
    if scope is Scope.SUBMIT:
        return int(settings.PALERMO_COMPLAINT_SUBMISSIONS_PER_WINDOW)
    return int(settings.PALERMO_COMPLAINT_RECEIPT_FAILURES_PER_WINDOW)


def client_address(request: HttpRequest) -> str:
    """The address to count by: ``REMOTE_ADDR``, or the header the reverse proxy sets
    (``PALERMO_CLIENT_ADDRESS_HEADER``, e.g. ``HTTP_X_REAL_IP``). Never stored, never logged."""
    header = settings.PALERMO_CLIENT_ADDRESS_HEADER
    value = request.META.get(header, "") if header else ""
    return str(value or request.META.get("REMOTE_ADDR", "")).split(",")[0].strip()


def _window() -> RateWindow:
    length = int(settings.PALERMO_COMPLAINT_RATE_WINDOW_SECONDS)
    starts_at = int(time.time()) // length * length
    window = RateWindow.objects.filter(starts_at=starts_at).first()
    if window is None:
        # Ended windows go first: their nonces, and so the meaning of their buckets, are lost.
        RateWindow.objects.filter(starts_at__lt=starts_at).delete()
        try:
            with transaction.atomic():
                window = RateWindow.objects.create(
                    starts_at=starts_at, nonce=secrets.token_bytes(32)
                )
        except IntegrityError:  # another worker opened it first
            window = RateWindow.objects.get(starts_at=starts_at)
    return window


def _bucket(window: RateWindow, scope: Scope, address: str) -> str:
    index_key: bytes = settings.PALERMO_INDEX_KEY
    rate_key = hmac.new(index_key, _PURPOSE, hashlib.sha256).digest()
    window_key = hmac.new(rate_key, bytes(window.nonce), hashlib.sha256).digest()
    return hmac.new(window_key, f"{scope}\n{address}".encode(), hashlib.sha256).hexdigest()


def over_limit(request: HttpRequest, scope: Scope) -> bool:
    """Whether this client has used up the window's allowance for ``scope`` (nothing counted)."""
    with transaction.atomic():
        window = _window()
        bucket = _bucket(window, scope, client_address(request))
        row = RateCount.objects.filter(window=window, scope=scope, bucket=bucket).first()
    return row is not None and row.count >= _limit(scope)


def count(request: HttpRequest, scope: Scope) -> None:
    """Count one use (a submission, or a receipt code that matched nothing)."""
    with transaction.atomic():
        window = _window()
        bucket = _bucket(window, scope, client_address(request))
        updated = RateCount.objects.filter(window=window, scope=scope, bucket=bucket).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    RateCount.objects.create(window=window, scope=scope, bucket=bucket, count=1)
            except IntegrityError:
                RateCount.objects.filter(window=window, scope=scope, bucket=bucket).update(
                    count=F("count") + 1
                )


def check_and_count(request: HttpRequest, scope: Scope) -> bool:
    """Count one use and say whether it was allowed (False once the allowance is spent): one
    transaction, one statement in the common case."""
    with transaction.atomic():
        window = _window()
        bucket = _bucket(window, scope, client_address(request))
        rows = RateCount.objects.filter(window=window, scope=scope, bucket=bucket)
        if rows.filter(count__gte=_limit(scope)).exists():
            return False
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCount.objects.create(window=window, scope=scope, bucket=bucket, count=1)
            except IntegrityError:
                rows.update(count=F("count") + 1)
    return True
