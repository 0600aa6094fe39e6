"""The crash-consistency test's check, run inside palermo against the crashed server's database:
every acknowledged write is there, decrypts to what was sent, and has its audit row.

    palermo shell -c "from tests.core.crash_check import main; main()"   (CRASH_LOGS=log,log…)

Prints one JSON document on stdout.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from palermo.cases.models import Case, Person
from palermo.core import audit
from palermo.core.fields import EncryptedField
from palermo.core.models import AuditAction, AuditEvent
from palermo.referrals.models import Consent, Referral


def acknowledged() -> list[dict[str, Any]]:
    entries = []
    for name in os.environ["CRASH_LOGS"].split(","):
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            entries.append(json.loads(line))
    return entries


def main() -> None:
    created: set[tuple[str, str]] = set()
    referred: set[int] = set()
    for event in AuditEvent.objects.filter(object_type__in=["cases.Person", "cases.Case"]):
        if event.action == AuditAction.CREATE:
            created.update((event.object_type, str(pk)) for pk in event.object_ids)
        if isinstance(event.detail, dict) and "referral_sent" in event.detail:
            referred.add(int(event.detail["referral_sent"]))
    problems: list[str] = []
    entries = acknowledged()
    for entry in entries:
        kind, pk, value = entry["kind"], entry["id"], entry["value"]
        if kind == "person":
            person = Person.objects.filter(pk=pk).first()
            if person is None or person.given_name != value:
                problems.append(f"person {pk}: {'missing' if person is None else 'altered'}")
            elif ("cases.Person", str(pk)) not in created:
                problems.append(f"person {pk}: no audit row")
        elif kind == "case":
            case = Case.objects.filter(pk=pk).first()
            if case is None or case.narrative != value:
                problems.append(f"case {pk}: {'missing' if case is None else 'altered'}")
            elif ("cases.Case", str(pk)) not in created:
                problems.append(f"case {pk}: no audit row")
        elif kind == "consent":
            if not Consent.objects.filter(pk=pk, case_id=int(value)).exists():
                problems.append(f"consent {pk}: missing")
        elif kind == "referral":
            referral = Referral.objects.filter(pk=pk).first()
            if referral is None or referral.message != value:
                problems.append(f"referral {pk}: {'missing' if referral is None else 'altered'}")
            elif pk not in referred:
                problems.append(f"referral {pk}: no audit row")
    # Every encrypted value in the tables written decrypts (loading the rows decrypts them).
    decrypted = 0
    for model in (Person, Case, Referral):
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        for row in model.objects.values_list(*names).iterator():
            decrypted += sum(value is not None for value in row)
    result = audit.verify()
    print(json.dumps({
        "acknowledged": len(entries),
        "by_kind": {k: sum(e["kind"] == k for e in entries)
                    for k in ("person", "case", "consent", "referral")},
        "problems": problems,
        "decrypted_values": decrypted,
        "audit": result.as_dict(),
    }))
