"""Roles and what each may do: the one place the capabilities table of DESIGN.md lives in code."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from palermo.accounts.models import User


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    LAWYER = "lawyer", _("Lawyer")
    INTAKE_OFFICER = "intake_officer", _("Intake officer")
    COORDINATOR = "coordinator", _("Coordinator")
    ANALYST = "analyst", _("Analyst")
    ORG_ADMIN = "org_admin", _("Organisation administrator")


class Capability(StrEnum):
    SEE_IDENTITIES = "see_identities"
    SEE_COMPLAINT_IDENTITIES = "see_complaint_identities"
    EDIT_CASES = "edit_cases"
    CONVERT_COMPLAINTS = "convert_complaints"
    SIGN_IDENTIFICATION = "sign_identification"
    SEND_REFERRALS = "send_referrals"
    OVERRIDE_CONSENT = "override_consent"
    TRIAGE_COMPLAINTS = "triage_complaints"
    SEE_ALL_AGGREGATES = "see_all_aggregates"
    EXPORT_ANONYMISED = "export_anonymised"
    RUN_LINKAGE = "run_linkage"
    EDIT_MONITORING = "edit_monitoring"
    MANAGE_USERS = "manage_users"


C = Capability
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.CASEWORKER: frozenset({C.SEE_IDENTITIES, C.EDIT_CASES, C.SEND_REFERRALS}),
    Role.LAWYER: frozenset(
        {C.SEE_IDENTITIES, C.EDIT_CASES, C.SIGN_IDENTIFICATION, C.SEND_REFERRALS,
         C.EDIT_MONITORING}
    ),
    Role.INTAKE_OFFICER: frozenset(
        {C.SEE_COMPLAINT_IDENTITIES, C.CONVERT_COMPLAINTS, C.TRIAGE_COMPLAINTS}
    ),
    Role.COORDINATOR: frozenset(
        {
            C.SEE_IDENTITIES,
            C.SEE_COMPLAINT_IDENTITIES,
            C.EDIT_CASES,
            C.SIGN_IDENTIFICATION,
            C.SEND_REFERRALS,
            C.OVERRIDE_CONSENT,
            C.TRIAGE_COMPLAINTS,
            C.SEE_ALL_AGGREGATES,
            C.EXPORT_ANONYMISED,
            C.RUN_LINKAGE,
            C.EDIT_MONITORING,
        }
    ),
    Role.ANALYST: frozenset(
        {C.SEE_ALL_AGGREGATES, C.EXPORT_ANONYMISED, C.RUN_LINKAGE, C.EDIT_MONITORING}
    ),
    Role.ORG_ADMIN: frozenset({C.MANAGE_USERS, C.EDIT_MONITORING}),
}


def has_capability(user: User | AnonymousUser, capability: Capability) -> bool:
    """True when an active, signed-in user's role grants ``capability``."""
    if not user.is_authenticated or not user.is_active:
        return False
    role = getattr(user, "role", "")
    return capability in ROLE_CAPABILITIES.get(role, frozenset())


CAPABILITY_LABELS: dict[Capability, StrOrPromise] = {
    C.SEE_IDENTITIES: _("See the identities of your organisation's cases"),
    C.SEE_COMPLAINT_IDENTITIES: _("See identities in complaints"),
    C.EDIT_CASES: _("Create and edit cases"),
    C.CONVERT_COMPLAINTS: _("Turn complaints into cases"),
    C.SIGN_IDENTIFICATION: _("Sign identification decisions"),
    C.SEND_REFERRALS: _("Send and answer referrals"),
    C.OVERRIDE_CONSENT: _("Override missing consent, with a written reason"),
    C.TRIAGE_COMPLAINTS: _("Triage complaints"),
    C.SEE_ALL_AGGREGATES: _("See statistics across all organisations"),
    C.EXPORT_ANONYMISED: _("Make anonymised exports (CTDC, GLOTIP)"),
    C.RUN_LINKAGE: _("Run record linkage and estimates"),
    C.EDIT_MONITORING: _("Edit recommendations, the action plan, indicators and trainings"),
    C.MANAGE_USERS: _("Manage your organisation's accounts"),
}
