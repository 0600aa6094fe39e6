"""The vocabulary of the access policy: personas, outcome classes, and one rule per route."""

from __future__ import annotations

from dataclasses import dataclass

#: The personas of DESIGN.md, in the column order of the policy table.
PERSONAS = ("anonymous", "caseworker", "lawyer", "intake_officer", "org_admin", "outsider",
            "admin_b", "coordinator", "analyst")

#: Outcome classes. "login": a redirect to the sign-in page; "302": any other redirect; "200":
#: any 2xx; "ok": the request reached validation or the action (2xx, a redirect that is not to
#: the sign-in page, 400, 409 or 422); a number: that status.
OUTCOMES = {"login", "302", "200", "ok", "400", "401", "403", "404", "405", "409", "422"}
#: Outcomes that refuse: the request learnt nothing about the record and changed nothing.
REFUSALS = {"login", "401", "403", "404", "405"}
#: Observed classes that pass for "ok".
OK_CLASSES = {"200", "302", "400", "409", "422"}


@dataclass(frozen=True)
class Rule:
    """What each persona gets from one route: ``get`` for the route's own method (GET for
    pages, the operation's method for the API); ``post`` for an empty POST to a page (None: a
    POST is expected to be refused as the GET is, and is not tried where the GET succeeds);
    the record kinds of URL kwargs are in ``policy.ROUTE_KINDS``."""

    get: dict[str, str]
    post: dict[str, str] | None = None


def _row(text: str) -> dict[str, str]:
    tokens = text.split()
    if len(tokens) != len(PERSONAS):
        raise ValueError(f"a policy row needs {len(PERSONAS)} outcomes: {text!r}")
    unknown = set(tokens) - OUTCOMES
    if unknown:
        raise ValueError(f"unknown outcome {sorted(unknown)} in {text!r}")
    return dict(zip(PERSONAS, tokens, strict=True))


def rule(get: str, post: str | None = None) -> Rule:
    """A rule from rows of outcomes in ``PERSONAS`` order, e.g.
    ``rule("login 200 200 404 404 404 404 404 404")``."""
    return Rule(get=_row(get), post=_row(post) if post else None)


def matches(expected: str, observed: str) -> bool:
    if expected == "ok":
        return observed in OK_CLASSES
    return expected == observed


def is_leak(expected: str, observed: str) -> bool:
    """A refusal was due and the persona got through (an answer or an action)."""
    return expected in REFUSALS and observed not in REFUSALS and observed != "500"
