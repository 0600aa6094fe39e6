"""Writing and verifying the audit chain.

``record`` appends one event inside the caller's transaction, so the change and its audit row
commit or roll back together. Each event's hash is an HMAC keyed by ``PALERMO_AUDIT_KEY`` (never in
the database) over the previous hash and the event, so nobody holding only the database can
rewrite history. After each commit the chain head is checkpointed to a file outside the database
(``PALERMO_DATA_DIR/audit-head.json``; copy it off the machine with backups), which is how deleting
the newest rows is caught.
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import hmac
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from palermo.core.models import AuditAction, AuditChainHead, AuditEvent

GENESIS = "0" * 64


def _key() -> bytes:
    key: bytes = settings.PALERMO_AUDIT_KEY
    return key


def _canonical(
    *,
    seq: int,
    created_at: datetime.datetime,
    actor_id: int | None,
    organisation_id: int | None,
    action: str,
    object_type: str,
    object_ids: list[str],
    detail: dict[str, Any],
) -> bytes:
    payload = {
        "seq": seq,
        "time": created_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "actor": actor_id,
        "org": organisation_id,
        "action": action,
        "type": object_type,
        "ids": object_ids,
        "detail": detail,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def link_hash(prev_hash: str, payload: bytes) -> str:
    return hmac.new(_key(), prev_hash.encode() + b"\n" + payload, hashlib.sha256).hexdigest()


def event_hash(event: AuditEvent, prev_hash: str) -> str:
    return link_hash(
        prev_hash,
        _canonical(
            seq=event.seq,
            created_at=event.created_at,
            actor_id=event.actor_id,
            organisation_id=event.organisation_id,
            action=event.action,
            object_type=event.object_type,
            object_ids=list(event.object_ids),
            detail=dict(event.detail),
        ),
    )


def record(
    *,
    actor: Any,
    action: AuditAction,
    object_type: str = "",
    objects: Iterable[models.Model | int | str] = (),
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the current transaction (opening one if there is none).

    ``actor`` is a user (or None / an anonymous user for system actions and failed logins);
    ``objects`` are model instances or ids, all of ``object_type``. ``detail`` must hold no
    personal data: ids, counts, field names.
    """
    ids = [str(o.pk if isinstance(o, models.Model) else o) for o in objects]
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    organisation_id = getattr(actor, "organisation_id", None) if actor_id else None
    detail = detail or {}
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"seq": 0, "hash": GENESIS}
        )
        created_at = timezone.now()
        seq = head.seq + 1
        digest = link_hash(
            head.hash,
            _canonical(
                seq=seq,
                created_at=created_at,
                actor_id=actor_id,
                organisation_id=organisation_id,
                action=str(action),
                object_type=object_type,
                object_ids=ids,
                detail=detail,
            ),
        )
        event = AuditEvent.objects.create(
            seq=seq,
            created_at=created_at,
            actor_id=actor_id,
            organisation_id=organisation_id,
            action=action,
            object_type=object_type,
            object_ids=ids,
            detail=detail,
            prev_hash=head.hash,
            hash=digest,
        )
        head.seq, head.hash = seq, digest
        head.save(update_fields=["seq", "hash"])
        transaction.on_commit(lambda: write_checkpoint(seq, digest))
    return event


# --- Checkpoint outside the database -------------------------------------------------------


def checkpoint_path() -> Path:
    return Path(settings.PALERMO_AUDIT_HEAD_FILE)


def _checkpoint_mac(seq: int, digest: str) -> str:
    return hmac.new(_key(), f"checkpoint:{seq}:{digest}".encode(), hashlib.sha256).hexdigest()


def write_checkpoint(seq: int, digest: str) -> None:
    """Record the head in the checkpoint file, never moving it backwards (safe across processes)."""
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        current = read_checkpoint()
        if current is not None and current.seq >= seq:
            return
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(
            json.dumps({"seq": seq, "hash": digest, "mac": _checkpoint_mac(seq, digest)}),
            encoding="utf-8",
        )
        os.replace(tmp, path)


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    authentic: bool


def read_checkpoint() -> Checkpoint | None:
    path = checkpoint_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        seq, digest, mac = int(data["seq"]), str(data["hash"]), str(data["mac"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        return Checkpoint(seq=0, hash="", authentic=False)
    return Checkpoint(seq, digest, hmac.compare_digest(mac, _checkpoint_mac(seq, digest)))


# --- Verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyResult:
    intact: bool
    events: int
    head: str
    problem: str = ""
    first_bad_seq: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "intact": self.intact,
            "events": self.events,
            "head": self.head,
            "problem": self.problem,
            "first_bad_seq": self.first_bad_seq,
        }


def verify() -> VerifyResult:
    """Walk the whole chain; report the first broken link, a truncation, or that it is intact."""
    prev = GENESIS
    expected = 1
    hashes_at: dict[int, str] = {}
    checkpoint = read_checkpoint()
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected:
            return _broken(expected - 1, prev, expected,
                           f"event #{expected} is missing (the next stored event is #{event.seq})")
        if event.prev_hash != prev:
            return _broken(expected - 1, prev, expected,
                           f"event #{expected} does not link to event #{expected - 1}")
        if not hmac.compare_digest(event_hash(event, prev), event.hash):
            return _broken(expected - 1, prev, expected,
                           f"event #{expected} was altered (its hash does not match its content)")
        if checkpoint is not None and event.seq == checkpoint.seq:
            hashes_at[event.seq] = event.hash
        prev = event.hash
        expected += 1
    count = expected - 1
    if checkpoint is not None:
        if not checkpoint.authentic:
            return _broken(count, prev, None, "the checkpoint file was altered or is unreadable")
        if checkpoint.seq > count:
            return _broken(count, prev, count + 1,
                           f"truncated: the checkpoint records {checkpoint.seq} events, "
                           f"the database holds {count}")
        if checkpoint.seq and hashes_at.get(checkpoint.seq) != checkpoint.hash:
            return _broken(count, prev, checkpoint.seq,
                           f"event #{checkpoint.seq} differs from the checkpointed head: "
                           "the chain was rewritten")
    return VerifyResult(intact=True, events=count, head=prev)


def _broken(events: int, head: str, seq: int | None, problem: str) -> VerifyResult:
    return VerifyResult(intact=False, events=events, head=head, problem=problem, first_bad_seq=seq)
