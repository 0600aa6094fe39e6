"""Key canaries: a known value stored encrypted under each data key.

At startup (Django's system checks, run by ``runserver``, ``db_worker``, ``demo`` and ``check``)
each canary is decrypted with the configured key ring, so a missing or wrong key stops palermo
with a clear message instead of producing undecryptable or corrupt records.
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError

from palermo.core import crypto
from palermo.core.models import KeyCanary

CANARY = b"palermo key canary"
CONTEXT = "core.KeyCanary"


def ensure_canaries() -> list[str]:
    """Store a canary for every key in the ring that has none yet; return the ids added."""
    added = []
    existing = set(KeyCanary.objects.values_list("key_id", flat=True))
    for key_id in crypto.key_ring():
        if key_id not in existing:
            token = crypto.encrypt(CANARY, context=CONTEXT, key_id=key_id)
            KeyCanary.objects.create(key_id=key_id, token=token)
            added.append(key_id)
    return added


def ensure_canaries_after_migrate(**kwargs: Any) -> None:
    ensure_canaries()


def key_problems() -> list[str]:
    """What is wrong with the configured key ring against the stored canaries (empty if fine)."""
    problems = []
    try:
        canaries = list(KeyCanary.objects.all())
    except DatabaseError:
        return []  # not migrated yet: nothing has been encrypted
    ring = crypto.key_ring()
    for canary in canaries:
        if canary.key_id not in ring:
            problems.append(
                f"data was encrypted with key {canary.key_id!r}, which is missing from "
                "PALERMO_DATA_KEYS (run 'palermo rotate-keys' before removing a key)"
            )
            continue
        try:
            ok = crypto.decrypt(canary.token, context=CONTEXT) == CANARY
        except crypto.DecryptionError:
            ok = False
        if not ok:
            problems.append(
                f"key {canary.key_id!r} in PALERMO_DATA_KEYS is not the key that data was "
                "encrypted with"
            )
    return problems
