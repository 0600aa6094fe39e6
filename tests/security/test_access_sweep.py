"""The access sweep: every page route and API operation, as every persona, on every one of
organisation A's records, against the declared policy (tests/security/policy.py).

A leak is an answer that let a persona through where the policy refuses it, or a page or JSON
body that holds A's person's identity for a persona that may not read it. The run counts routes
× personas × records and leaks (printed at the end of the run) and fails on any difference from
the policy. A route or operation without a policy entry fails ``test_every_route_has_a_policy``.

Set ``PALERMO_SWEEP_RECORD=DIR`` to write what each persona got, in the policy's row format,
to ``DIR/<persona>.txt`` instead of failing (for drafting the entry of a new route; review
every row against DESIGN.md before copying it).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from palermo.accounts.models import User
from palermo.api import tokens
from tests.security import policy
from tests.security.figures import FIGURES, SWEPT
from tests.security.objects import OrgA
from tests.security.policy import PRIVATE_KINDS
from tests.security.policy_types import PERSONAS, REFUSALS, Rule, is_leak, matches
from tests.security.sweep import (
    Target,
    api_routes_in_urlconf,
    api_targets,
    fill,
    fillings,
    kinds_of,
    page_targets,
    request,
)

RECORD = os.environ.get("PALERMO_SWEEP_RECORD", "")
#: Personas outside organisation A: for them a missing record and A's record look the same.
STRANGERS = {"outsider", "admin_b", "coordinator", "analyst"}
#: An id no record has.
ABSENT = 987654321
MISSING = ("{target} has no entry in tests/security/policy.py: add one saying what each "
           "persona gets (see docs/security/verification.md, 'A new route')")


def _rules() -> dict[str, Rule]:
    return {**policy.PAGES, **policy.API}


def _targets() -> list[Target]:
    return page_targets() + api_targets()


def test_every_route_has_a_policy() -> None:
    rules = _rules()
    keys = {t.key for t in _targets()}
    missing = sorted(keys - set(rules))
    assert not missing, "\n".join(MISSING.format(target=key) for key in missing)
    stale = sorted(set(rules) - keys)
    assert not stale, f"policy entries for routes that no longer exist: {stale}"
    schema_paths = {t.path for t in api_targets()}
    assert api_routes_in_urlconf() == schema_paths, "an API route is missing from the schema"


def test_the_policy_keeps_the_security_model() -> None:
    """Whatever a rule says, strangers to organisation A are refused its records, anonymous
    callers of the API get 401, and B's caseworker gets 404 on every API route to A's records."""
    for target in _targets():
        rule = policy.PAGES.get(target.key) or policy.API.get(target.key)
        if rule is None:
            continue
        kinds = set(kinds_of(target).values())
        rows = [rule.get] + ([rule.post] if rule.post else [])
        for row in rows:
            if kinds & PRIVATE_KINDS:
                for stranger in ("outsider", "admin_b", "anonymous"):
                    assert row[stranger] in REFUSALS, (target.key, stranger)
            if target.is_api:
                assert row["anonymous"] == "401", target.key
                if kinds & PRIVATE_KINDS:
                    assert row["outsider"] == "404", target.key


def _clients(users: dict[str, User | None], client_for: Callable[[User], Client],
             persona: str) -> tuple[Client, Client]:
    """A browser session for the pages and a bearer-token client for the API."""
    user = users[persona]
    if user is None:
        return Client(), Client()
    raw = tokens.create_token(user=user, name="sweep").raw
    return client_for(user), Client(headers={"Authorization": f"Bearer {raw}"})


def _forms(text: str) -> tuple[bytes, ...]:
    """A string as a page or a JSON body may hold it."""
    return (text.encode(), json.dumps(text)[1:-1].encode())


def _identity_leaks(persona: str, body: bytes, records: OrgA) -> list[str]:
    found = []
    if persona not in policy.IDENTITY_READERS:
        found += [s for s in records.identities if any(f in body for f in _forms(s))]
    if persona not in policy.COMPLAINT_READERS:
        found += [s for s in records.complaint_identities
                  if any(f in body for f in _forms(s))]
    return found


@pytest.mark.parametrize("persona", PERSONAS)
def test_access_sweep(persona: str, persona_users: dict[str, User | None],
                      org_a_records: OrgA, client_for: Callable[[User], Client]) -> None:
    browser, api_client = _clients(persona_users, client_for, persona)
    ids: dict[str, list[int | str]] = {**org_a_records.ids, "unknown": ["no-such-operation"]}
    rules = _rules()
    problems: list[str] = []
    seen_identities = 0
    observed_rows: dict[str, tuple[str, str | None]] = {}
    for target in _targets():
        rule = rules.get(target.key)
        if rule is None and not RECORD:
            continue  # test_every_route_has_a_policy names it
        rule = rule or Rule(get={})
        client = api_client if target.is_api else browser
        try:
            urls = fillings(target, ids)
        except LookupError:
            if RECORD:
                continue
            raise
        FIGURES["sweep objects"] += len(urls) if target.kwargs() else 0
        SWEPT.add((target.key, persona))
        got_get: set[str] = set()
        got_post: set[str] = set()
        for url in urls:
            expected = rule.get.get(persona, "?")
            got, body = request(client, target.method, url, is_api=target.is_api)
            got_get.add(got)
            problems += _judge(target.key, target.method, url, expected, got)
            if got not in REFUSALS:
                leaked = _identity_leaks(persona, body, org_a_records)
                if leaked:
                    FIGURES["sweep leaks"] += 1
                    problems.append(f"LEAK {target.method} {url}: the body holds {leaked}")
                seen_identities += bool(_identity_leaks("anonymous", body, org_a_records))
            if target.is_api or not (RECORD or rule.post or expected in REFUSALS):
                continue
            post_expected = (rule.post or rule.get).get(persona, "?")
            got, _body = request(client, "POST", url, is_api=False)
            got_post.add(got)
            if not (rule.post is None and got == "405"):  # a GET-only page refusing a POST
                problems += _judge(target.key, "POST", url, post_expected, got)
        if persona in STRANGERS and set(kinds_of(target).values()) & PRIVATE_KINDS:
            problems += _absent_looks_the_same(client, target, got_get, ids)
        observed_rows[target.key] = ("/".join(sorted(got_get)),
                                     "/".join(sorted(got_post)) if got_post else None)
    if RECORD:
        _record(Path(RECORD), persona, observed_rows)
        return
    if persona in policy.IDENTITY_READERS | policy.COMPLAINT_READERS:
        # The identity check can fire: these personas do see the strings it looks for.
        assert seen_identities, f"{persona} saw no identity anywhere: the leak check is blind"
    assert not problems, f"{len(problems)} answers differ from the policy:\n" + "\n".join(
        problems)


def _absent_looks_the_same(client: Client, target: Target, got: set[str],
                           ids: dict[str, list[int | str]]) -> list[str]:
    """For a stranger, A's record and a record that does not exist get the same answer."""
    values: dict[str, int | str] = {
        name: ABSENT if kind in PRIVATE_KINDS else ids[kind][0]
        for name, kind in kinds_of(target).items()}
    url = fill(target.path, values)
    absent, _body = request(client, target.method, url, is_api=target.is_api)
    FIGURES["sweep requests"] += 1
    if {absent} == got:
        return []
    FIGURES["sweep leaks"] += 1
    return [f"LEAK {target.key}: {target.method} {url} (no such record) gave {absent}, "
            f"organisation A's record gave {'/'.join(sorted(got))}: existence shows"]


def _judge(key: str, method: str, url: str, expected: str, got: str) -> list[str]:
    FIGURES["sweep requests"] += 1
    if matches(expected, got):
        return []
    if is_leak(expected, got):
        FIGURES["sweep leaks"] += 1
        return [f"LEAK {key}: {method} {url} gave {got}, the policy says {expected}"]
    FIGURES["sweep mismatches"] += 1
    return [f"{key}: {method} {url} gave {got}, the policy says {expected}"]


def _record(folder: Path, persona: str, rows: dict[str, tuple[str, str | None]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"{key}\t{get}\t{post or ''}" for key, (get, post) in sorted(rows.items())]
    (folder / f"{persona}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
