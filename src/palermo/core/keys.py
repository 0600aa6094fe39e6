"""Key canaries (a known value stored encrypted under each data key) and key rotation.

At startup (Django's system checks, run by ``runserver``, ``db_worker``, ``demo`` and ``check``)
each canary is decrypted with the configured key ring, so a missing or wrong key stops palermo
with a clear message instead of producing undecryptable or corrupt records. A canary whose key
``palermo rotate-keys`` has emptied is retired, and its key may then leave the ring.

Rotation works on the raw ciphertexts with a database cursor: the key id is readable without
decrypting (``pe1.<key id>.…``), so only values under an older key are decrypted and rewritten.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models, transaction
from django.utils import timezone

from palermo.core import crypto
from palermo.core.fields import EncryptedField
from palermo.core.models import KeyCanary

CANARY = b"palermo key canary"
CONTEXT = "core.KeyCanary"


def ensure_canaries() -> list[str]:
    """Store a canary for every key in the ring that has none yet; return the ids added.

    The newest key's canary is also un-retired: new data is written under it, so it must not
    leave the ring unnoticed even if an earlier rotation had emptied it.
    """
    added = []
    for key_id in crypto.key_ring():
        _, created = KeyCanary.objects.get_or_create(
            key_id=key_id,
            defaults={"token": crypto.encrypt(CANARY, context=CONTEXT, key_id=key_id)},
        )
        if created:
            added.append(key_id)
    KeyCanary.objects.filter(key_id=crypto.current_key_id(), retired_at__isnull=False).update(
        retired_at=None
    )
    return added


def retire_all_but_newest() -> list[str]:
    """Mark every canary but the newest key's as retired; return the ids newly retired.

    Only ``palermo rotate-keys`` calls this, after a re-scan found no value under another key.
    """
    newest = crypto.current_key_id()
    retiring = KeyCanary.objects.exclude(key_id=newest).filter(retired_at__isnull=True)
    ids = sorted(retiring.values_list("key_id", flat=True))
    retiring.update(retired_at=timezone.now())
    return ids


def ensure_canaries_after_migrate(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    # post_migrate also follows ``migrate core zero``, when the table is gone.
    if KeyCanary._meta.db_table in connections[using].introspection.table_names():
        ensure_canaries()


def wrong_keys() -> list[str]:
    """Ids of keys in the ring whose canary does not decrypt: same id, different key bytes."""
    wrong = []
    ring = crypto.key_ring()
    for canary in KeyCanary.objects.filter(key_id__in=list(ring)):
        try:
            ok = crypto.decrypt(canary.token, context=CONTEXT) == CANARY
        except crypto.DecryptionError:
            ok = False
        if not ok:
            wrong.append(canary.key_id)
    return sorted(wrong)


def _record_newest_in_use() -> None:
    """Give the newest key a canary if it has none, and un-retire it if it was retired.

    Run at every startup check, before anything can be written under that key: the first
    process to start with a new key records it, so another process given different bytes under
    the same id is refused instead of writing data that the first one cannot read.
    """
    newest = crypto.current_key_id()
    canary, created = KeyCanary.objects.get_or_create(
        key_id=newest,
        defaults={"token": crypto.encrypt(CANARY, context=CONTEXT, key_id=newest)},
    )
    if not created and canary.retired_at is not None and newest not in wrong_keys():
        KeyCanary.objects.filter(pk=canary.pk).update(retired_at=None)


def key_problems() -> list[str]:
    """What is wrong with the configured key ring against the stored canaries (empty if fine)."""
    problems = []
    try:
        # A savepoint, so that on PostgreSQL a missing table does not spoil a caller's
        # transaction.
        with transaction.atomic():
            _record_newest_in_use()
            canaries = list(KeyCanary.objects.all())
    except DatabaseError:
        return []  # not migrated yet: nothing has been encrypted
    ring = crypto.key_ring()
    wrong = wrong_keys()
    for canary in canaries:
        if canary.key_id not in ring:
            if canary.retired_at is None:
                problems.append(
                    f"data was encrypted with key {canary.key_id!r}, which is missing from "
                    "PALERMO_DATA_KEYS (put it back, run 'palermo rotate-keys', and only then "
                    "remove it)"
                )
        elif canary.key_id in wrong:
            problems.append(
                f"key {canary.key_id!r} in PALERMO_DATA_KEYS is not the key that data was "
                "encrypted with"
            )
    return problems


# --- Rotation -------------------------------------------------------------------------------

#: Enough of a ciphertext to hold ``pe1.`` and any key id the ring format allows.
_HEAD_CHARS = 80


@dataclass(frozen=True)
class EncryptedTable:
    """One model's table and its encrypted columns (those declared on that model's own table)."""

    model: type[models.Model]
    fields: tuple[EncryptedField, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label


def encrypted_tables() -> list[EncryptedTable]:
    """Every installed model with encrypted columns, found through the app registry."""
    tables = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        # local fields only: with multi-table inheritance a parent's columns live in its table.
        fields = tuple(f for f in meta.local_concrete_fields if isinstance(f, EncryptedField))
        if fields:
            tables.append(EncryptedTable(model, fields))
    return sorted(tables, key=lambda table: table.label)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _current_prefix() -> str:
    return f"{crypto.PREFIX}.{crypto.current_key_id()}."


def _stale_sql(column: str, prefix: str) -> str:
    # The prefix length is our own integer, so it is spelled into the SQL; the prefix is a param.
    return f"({_q(column)} IS NOT NULL AND substr({_q(column)}, 1, {len(prefix)}) <> %s)"


def _stale_where(table: EncryptedTable, prefix: str) -> tuple[str, list[str]]:
    parts = [_stale_sql(f.column, prefix) for f in table.fields]
    return "(" + " OR ".join(parts) + ")", [prefix] * len(parts)


def missing_tables() -> list[str]:
    """Labels of models with encrypted columns whose table does not exist (not migrated)."""
    existing = set(connection.introspection.table_names())
    return [t.label for t in encrypted_tables() if t.model._meta.db_table not in existing]


def stale_values() -> dict[str, Counter[str]]:
    """For every encrypted column (``app.Model.field``), how many values each older key holds.

    A value that names a key outside the ring, or is not a palermo ciphertext at all, is
    counted under ``"?"``.
    """
    prefix = _current_prefix()
    ring_heads = {key_id: f"{crypto.PREFIX}.{key_id}." for key_id in crypto.key_ring()}
    ring_heads.pop(crypto.current_key_id())
    result: dict[str, Counter[str]] = {}
    with connection.cursor() as cursor:
        for table in encrypted_tables():
            selects: list[str] = []
            params: list[str] = []
            for f in table.fields:
                col = _q(f.column)
                selects.append(f"SUM(CASE WHEN {_stale_sql(f.column, prefix)} THEN 1 ELSE 0 END)")
                params.append(prefix)
                for head in ring_heads.values():
                    selects.append(
                        f"SUM(CASE WHEN substr({col}, 1, {len(head)}) = %s THEN 1 ELSE 0 END)"
                    )
                    params.append(head)
            sql = f"SELECT {', '.join(selects)} FROM {_q(table.model._meta.db_table)}"  # noqa: S608 (quoted identifiers)
            cursor.execute(sql, params)
            sums = [int(n or 0) for n in cursor.fetchone()]
            step = 1 + len(ring_heads)
            for i, f in enumerate(table.fields):
                total, per_key = sums[i * step], sums[i * step + 1 : (i + 1) * step]
                counts: Counter[str] = Counter(
                    {key_id: n for key_id, n in zip(ring_heads, per_key, strict=True) if n}
                )
                if total - sum(per_key):
                    counts["?"] = total - sum(per_key)
                result[f"{table.label}.{f.name}"] = counts
    return result


def stale_row_count(table: EncryptedTable) -> int:
    where, params = _stale_where(table, _current_prefix())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {_q(table.model._meta.db_table)} WHERE {where}",  # noqa: S608 (quoted identifiers)
            params,
        )
        return int(cursor.fetchone()[0])


class RotationError(Exception):
    """A value could not be decrypted; the message names where, never what."""


@dataclass
class TableRotation:
    values: int = 0
    rows: int = 0
    #: Rows changed by someone else between our read and our write; left for the re-scan.
    skipped: int = 0
    by_field: Counter[str] = field(default_factory=Counter)


def rotate_table(
    table: EncryptedTable,
    *,
    batch_size: int,
    progress: Callable[[int], None] = lambda rows: None,
) -> TableRotation:
    """Re-encrypt the table's values that are not under the newest key, ``batch_size`` rows per
    transaction. A value that cannot be decrypted raises ``RotationError`` and its batch is
    rolled back whole; earlier batches stay committed (each is complete and readable)."""
    meta = table.model._meta
    prefix = _current_prefix()
    where, where_params = _stale_where(table, prefix)
    columns = [_q(meta.pk.column), *(_q(f.column) for f in table.fields)]
    select = (
        f"SELECT {', '.join(columns)} FROM {_q(meta.db_table)} "  # noqa: S608 (quoted identifiers)
        f"WHERE {{after}}{where} ORDER BY {_q(meta.pk.column)} LIMIT {int(batch_size)}"
    )
    outcome = TableRotation()
    last_pk: Any = None
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            if last_pk is None:
                cursor.execute(select.format(after=""), where_params)
            else:
                cursor.execute(
                    select.format(after=f"{_q(meta.pk.column)} > %s AND "),
                    [last_pk, *where_params],
                )
            rows = cursor.fetchall()
            for pk, *tokens in rows:
                _rotate_row(cursor, table, prefix, pk, tokens, outcome)
        if not rows:
            return outcome
        last_pk = rows[-1][0]
        progress(len(rows))


def _rotate_row(
    cursor: Any,
    table: EncryptedTable,
    prefix: str,
    pk: Any,
    tokens: list[str | None],
    outcome: TableRotation,
) -> None:
    meta = table.model._meta
    changes: list[tuple[EncryptedField, str, str]] = []
    for f, token in zip(table.fields, tokens, strict=True):
        if token is None or token.startswith(prefix):
            continue
        try:
            changes.append((f, token, crypto.reencrypt(token, context=f.context)))
        except crypto.DecryptionError as exc:
            try:
                key_id = repr(crypto.key_id_of(token))
            except crypto.DecryptionError:
                key_id = "none (not a palermo ciphertext)"
            raise RotationError(
                f"{table.label}.{f.name} of row pk={meta.pk.to_python(pk)} cannot be decrypted "
                f"(key {key_id}): {exc}"
            ) from None
    if not changes:
        return
    assignments = ", ".join(f"{_q(f.column)} = %s" for f, _, _ in changes)
    # Compare-and-set on the old ciphertexts: a row someone saved since we read it is left alone.
    guards = " AND ".join(f"{_q(f.column)} = %s" for f, _, _ in changes)
    cursor.execute(
        f"UPDATE {_q(meta.db_table)} SET {assignments} "  # noqa: S608 (quoted identifiers)
        f"WHERE {_q(meta.pk.column)} = %s AND {guards}",
        [*(new for _, _, new in changes), pk, *(old for _, old, _ in changes)],
    )
    if cursor.rowcount == 1:
        outcome.values += len(changes)
        outcome.rows += 1
        outcome.by_field.update(f.name for f, _, _ in changes)
    else:
        outcome.skipped += 1
