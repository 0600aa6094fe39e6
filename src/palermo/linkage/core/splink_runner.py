"""Running one splink model on DuckDB: register the rows, estimate the parameters (random
sampling for u, EM for m), and return the scored pairs. Shared by the clear and encoded modes."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker, SettingsCreator

logger = logging.getLogger("palermo.linkage")

# Random pairs sampled to estimate u: enough for stable rare levels, bounded for large lists.
U_SAMPLE_PAIRS = 2_000_000
# EM converges in a handful of iterations here; many more drive the m of a level no match
# reaches towards zero until splink refuses it as an underflow.
EM_ITERATIONS = 10


@dataclass(frozen=True)
class ModelSpec:
    """A splink model: its comparisons, the rules that generate the pairs it scores, the rules
    EM trains on (one session per entry: the first of its rules that runs), and the rules (with
    their expected recall) that estimate how often records match."""

    comparisons: Sequence[dict[str, Any]]
    blocking_rules: Sequence[str]
    training_rules: Sequence[Sequence[str]]
    deterministic_rules: Sequence[str]
    deterministic_recall: float = 0.7


def _reason(exc: Exception) -> str:
    """The first sentence of splink's message, on one line."""
    text = " ".join(str(exc).split())
    return text.split(". ")[0].rstrip(".") or type(exc).__name__


@dataclass
class ScoredRows:
    """Pairs of row indices with their match probability, and what training could not do."""

    left: list[int]
    right: list[int]
    probability: list[float]
    warnings: list[str] = field(default_factory=list)


# A training rule that admits fewer pairs than this teaches EM nothing reliable.
MINIMUM_TRAINING_PAIRS = 30


def _pairs_admitted(con: duckdb.DuckDBPyConnection, rule: str) -> int:
    query = (  # the rules are this module's constants, not input
        "SELECT count(*) FROM palermo_input AS l JOIN palermo_input AS r "  # noqa: S608
        f"ON ({rule}) AND l.unique_id < r.unique_id"
    )
    ((count,),) = con.execute(query).fetchall()
    return int(count)


def _train(
    linker: Linker,
    frame: Any,
    spec: ModelSpec,
    con: duckdb.DuckDBPyConnection,
    *,
    seed: int,
    rows: int,
) -> tuple[Linker, list[str]]:
    """Estimate the parameters; what could not be estimated keeps its prior, with a warning.

    A failed splink session can leave the model half-changed, so each step starts from a saved
    copy of the model and falls back to it.
    """
    warnings: list[str] = []

    def step(description: str, work: Any) -> bool:
        nonlocal linker
        saved = linker.misc.save_model_to_json()
        try:
            work(linker)
        except Exception as exc:  # splink raises plain exceptions; the model before it stays
            warnings.append(f"{description} failed ({_reason(exc)}); priors kept")
            linker = Linker(frame, saved, log_level=None)
            return False
        return True

    step(
        "estimating how common matches are",
        lambda model: model.training.estimate_probability_two_random_records_match(
            list(spec.deterministic_rules), recall=spec.deterministic_recall
        ),
    )
    total_pairs = rows * (rows - 1) / 2
    step(
        "estimating u by random sampling",
        lambda model: model.training.estimate_u_using_random_sampling(
            max_pairs=min(U_SAMPLE_PAIRS, total_pairs), seed=seed
        ),
    )
    for alternatives in spec.training_rules:
        usable = [rule for rule in alternatives
                  if _pairs_admitted(con, rule) >= MINIMUM_TRAINING_PAIRS]
        if not usable:
            warnings.append(
                f"too few pairs to train on {alternatives[-1]!r}; priors kept for what it trains"
            )
            continue
        step(
            f"EM on {usable[0]!r}",
            lambda model, rule=usable[0]: (
                model.training.estimate_parameters_using_expectation_maximisation(
                    rule, estimate_without_term_frequencies=True
                )
            ),
        )
    return linker, warnings


def score(
    columns: dict[str, list[Any]],
    spec: ModelSpec,
    *,
    lower: float,
    seed: int,
    types: dict[str, pa.DataType] | None = None,
    bit_columns: Sequence[str] = (),
    connection: duckdb.DuckDBPyConnection | None = None,
) -> ScoredRows:
    """Score the pairs the blocking rules admit; keep those with probability ≥ ``lower``.

    ``columns`` must hold ``unique_id`` (0, 1, 2, … — the row index). ``types`` overrides the
    inferred arrow type of some columns; ``bit_columns`` (bytes) become DuckDB bit strings.
    """
    rows = len(columns["unique_id"])
    if rows < 2:
        return ScoredRows([], [], [])
    schema_fields = [
        pa.field(name, (types or {}).get(name) or pa.array(values).type)
        for name, values in columns.items()
    ]
    table = pa.table(columns, schema=pa.schema(schema_fields))
    con = connection or duckdb.connect()
    con.register("palermo_input_arrow", table)
    replace = ", ".join(f"CAST({name} AS BIT) AS {name}" for name in bit_columns)
    select = f"SELECT * REPLACE ({replace})" if replace else "SELECT *"
    con.execute(f"CREATE OR REPLACE TABLE palermo_input AS {select} FROM palermo_input_arrow")
    con.unregister("palermo_input_arrow")
    db_api = DuckDBAPI(connection=con)
    frame = db_api.register("palermo_input")
    rules: list[Any] = list(spec.blocking_rules)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=list(spec.comparisons),
        blocking_rules_to_generate_predictions=rules,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=EM_ITERATIONS,
    )
    linker = Linker(frame, settings, log_level=None)
    linker, warnings = _train(linker, frame, spec, con, seed=seed, rows=rows)
    for warning in warnings:
        logger.warning(warning)
    predictions = linker.inference.predict(threshold_match_probability=lower)
    query = (  # the table name is splink's own, not input
        "SELECT unique_id_l, unique_id_r, match_probability "  # noqa: S608
        f"FROM {predictions.physical_name} ORDER BY unique_id_l, unique_id_r"
    )
    result = con.execute(query).fetchall()
    return ScoredRows(
        left=[int(row[0]) for row in result],
        right=[int(row[1]) for row in result],
        probability=[float(row[2]) for row in result],
        warnings=warnings,
    )
