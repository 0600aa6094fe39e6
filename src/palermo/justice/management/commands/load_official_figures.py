"""``palermo load-official-figures``: the seed document's published figures and the computed
indicators over them (``palermo/justice/demo.py``), created if missing; nothing else changes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from palermo.justice import demo


class Command(BaseCommand):
    help = (
        "Create, if missing, the published figures of palermo's seed document (average persons "
        "convicted per year 2018-2022 under art. 127.1 and 127.2, with their source) and the "
        "computed indicators over them. Existing figures are left as they are."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        made = demo.ensure()
        self.stdout.write(f"Created {made} figures and indicators.")
