"""Load the training scenarios of data/scenarios.toml (a later change to the file ships with a
migration that calls load_scenarios again)."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from palermo.screening.scenarios import load_scenarios

    load_scenarios(apps.get_model("screening", "TrainingScenario"))


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
