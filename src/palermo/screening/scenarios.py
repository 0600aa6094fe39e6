"""The training scenarios shipped with palermo (``data/scenarios.toml``), loaded into the database
by a data migration; their model answers are checked against the questionnaire when read."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from palermo.screening.questionnaire import clean_answers

SCENARIOS_FILE = Path(__file__).resolve().parent / "data" / "scenarios.toml"


def read_scenarios(path: Path = SCENARIOS_FILE) -> list[dict[str, Any]]:
    """The scenarios as field values of ``TrainingScenario`` (raises on an invalid answer)."""
    with path.open("rb") as file:
        raw = tomllib.load(file)
    return [
        {
            "slug": s["slug"],
            "title_en": s["title"]["en"], "title_ru": s["title"]["ru"],
            "narrative_en": s["narrative"]["en"], "narrative_ru": s["narrative"]["ru"],
            "model_answers": clean_answers(s["answers"]),
            "expected_identification": s["expected"],
        }
        for s in raw["scenarios"]
    ]


def load_scenarios(model: Any) -> int:
    """Create or update every scenario of the file in ``model`` (the migration's historical
    TrainingScenario); returns how many there are."""
    scenarios = read_scenarios()
    for values in scenarios:
        model.objects.update_or_create(slug=values.pop("slug"), defaults=values)
    return len(scenarios)
