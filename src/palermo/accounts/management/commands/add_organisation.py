"""``palermo add-organisation``: create an organisation when bootstrapping a server."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandParser

from palermo.accounts import services
from palermo.accounts.management.commands._operator import OperatorCommand, describe, invalid
from palermo.accounts.models import Organisation, OrganisationType

TYPES = ", ".join(OrganisationType.values)


class Command(OperatorCommand):
    help = (
        "Create an organisation (written to the audit log as a system action). Used to bootstrap "
        "a server: create the organisations, then an org admin for each with 'palermo add-user'. "
        "Exits 2 with a one-line reason, changing nothing, when an option is invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="Unique name of the organisation.")
        parser.add_argument(
            "--type", required=True, dest="org_type", metavar="TYPE", help=f"One of: {TYPES}."
        )
        parser.add_argument(
            "--country", required=True, help="ISO 3166-1 alpha-2 country code, e.g. RU."
        )
        parser.add_argument("--region", default="", help="Region or city (optional).")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"].strip()
        org_type = options["org_type"].strip()
        country = options["country"].strip().upper()
        region = options["region"].strip()
        if not name:
            raise invalid("--name is empty.")
        if org_type not in OrganisationType.values:
            raise invalid(f"--type {org_type!r} is not an organisation type; use one of: {TYPES}.")
        if len(country) != 2 or not (country.isascii() and country.isalpha()):
            raise invalid(f"--country {country!r} is not an ISO 3166-1 alpha-2 code such as RU.")
        if Organisation.objects.filter(name=name).exists():
            raise invalid(f"an organisation named {name!r} already exists.")
        try:
            organisation = services.create_organisation(
                actor=None, name=name, org_type=org_type, country=country, region=region
            )
        except ValidationError as exc:
            raise invalid(describe(exc)) from None
        self.stdout.write(
            f"Created organisation {organisation.name!r} "
            f"(id {organisation.pk}, {organisation.org_type}, {organisation.country})."
        )
