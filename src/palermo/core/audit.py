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
from collections.abc import Iterable, Sequence
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
    # Hash exactly what the database will give back: tuples become lists, integer keys strings.
    detail = json.loads(json.dumps(detail or {}, allow_nan=False))
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
        # robust: the change is committed by then; a full disk must not turn it into an error
        # page. The failure is logged, and the checkpoint catches up with the next event.
        transaction.on_commit(lambda: write_checkpoint(seq, digest), robust=True)
    return event


# --- Checkpoint outside the database -------------------------------------------------------


def checkpoint_path() -> Path:
    return Path(settings.PALERMO_AUDIT_HEAD_FILE)


def checkpoint_mac(seq: int, digest: str) -> str:
    """The MAC that makes a checkpoint unforgeable without the audit key."""
    return hmac.new(_key(), f"checkpoint:{seq}:{digest}".encode(), hashlib.sha256).hexdigest()


def checkpoint_document(seq: int, digest: str) -> dict[str, Any]:
    """A checkpoint as stored in the head file and printed by ``palermo audit checkpoint``."""
    return {"seq": seq, "hash": digest, "mac": checkpoint_mac(seq, digest)}


def write_checkpoint(seq: int, digest: str) -> None:
    """Record the head in the checkpoint file, never moving it backwards (safe across processes)."""
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        current = read_checkpoint()
        if current is not None and current.seq >= seq:
            return
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(checkpoint_document(seq, digest), handle)
            handle.flush()
            # Without this a power cut can leave an empty file, which verify must then report.
            os.fsync(handle.fileno())
        os.replace(tmp, path)


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    authentic: bool


def read_checkpoint(path: Path | None = None) -> Checkpoint | None:
    """The checkpoint in ``path`` (default: the head file); None when the file does not exist."""
    path = checkpoint_path() if path is None else path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        seq, digest, mac = int(data["seq"]), str(data["hash"]), str(data["mac"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return Checkpoint(seq=0, hash="", authentic=False)
    return Checkpoint(seq, digest, hmac.compare_digest(mac, checkpoint_mac(seq, digest)))


# --- Verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyResult:
    intact: bool
    events: int
    head: str
    problem: str = ""
    first_bad_seq: int | None = None
    checkpoints_checked: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "intact": self.intact,
            "events": self.events,
            "head": self.head,
            "problem": self.problem,
            "first_bad_seq": self.first_bad_seq,
            "checkpoints_checked": self.checkpoints_checked,
        }


def verify(*, checkpoints: Sequence[Path] | None = None) -> VerifyResult:
    """Walk the whole chain; report the first broken link, a truncation, or that it is intact.

    The chain is held against the checkpoint files in ``checkpoints`` (default: the head file;
    pass off-box copies too) and against the head row in the database. A checkpoint file that
    does not exist is skipped: on a fresh install nothing has been checkpointed yet.
    """
    paths = [checkpoint_path()] if checkpoints is None else list(checkpoints)
    # Read every reference point before walking: events appended meanwhile only add to the walk.
    marks = [(path, mark) for path in paths if (mark := read_checkpoint(path)) is not None]
    db_head = AuditChainHead.objects.filter(pk=1).first()
    wanted = {mark.seq for _, mark in marks} | ({db_head.seq} if db_head else set())
    hashes_at: dict[int, str] = {}
    prev = GENESIS
    expected = 1
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
        if event.seq in wanted:
            hashes_at[event.seq] = event.hash
        prev = event.hash
        expected += 1
    count = expected - 1
    for path, mark in marks:
        if not mark.authentic:
            return _broken(count, prev, None,
                           f"the checkpoint {path} was altered or is unreadable "
                           "(its MAC does not match the audit key)")
        if mark.seq > count:
            return _broken(count, prev, count + 1,
                           f"truncated: the checkpoint {path} records {mark.seq} events, "
                           f"the database holds {count}")
        if mark.seq and hashes_at.get(mark.seq) != mark.hash:
            return _broken(count, prev, mark.seq,
                           f"event #{mark.seq} differs from the checkpoint {path}: "
                           "the chain was rewritten")
    if db_head is None:
        if count:
            return _broken(count, prev, None, "the chain head row is missing from the database")
    elif db_head.seq > count:
        return _broken(count, prev, count + 1,
                       f"truncated: the database's chain head records {db_head.seq} events, "
                       f"{count} are stored")
    elif db_head.seq and hashes_at.get(db_head.seq) != db_head.hash:
        return _broken(count, prev, db_head.seq,
                       f"event #{db_head.seq} differs from the database's chain head")
    return VerifyResult(intact=True, events=count, head=prev, checkpoints_checked=len(marks))


def _broken(events: int, head: str, seq: int | None, problem: str) -> VerifyResult:
    return VerifyResult(intact=False, events=events, head=head, problem=problem, first_bad_seq=seq)
