"""Legal qualification of a case's facts under international and domestic law.

Pure Python: no Django import, so ``palermo qualify`` runs without settings, database or keys.
The frameworks are data (``frameworks/*.toml``); the facts follow ``facts.schema.json``.
"""

from palermo.law.engine import qualify
from palermo.law.facts import FactsError, schema, validate_facts, vocabulary
from palermo.law.frameworks import FRAMEWORK_IDS, framework_titles, gap_explanations

__all__ = [
    "FRAMEWORK_IDS",
    "FactsError",
    "framework_titles",
    "gap_explanations",
    "qualify",
    "schema",
    "validate_facts",
    "vocabulary",
]
