"""Help formatting shared by core's commands: their descriptions are written as paragraphs."""

from __future__ import annotations

from argparse import RawDescriptionHelpFormatter

from django.core.management.base import DjangoHelpFormatter


class ParagraphHelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Django's option order, with the description's line breaks kept."""
