"""The splink model of the clear-text mode: comparisons on name keys and birth dates, blocking
rules that keep the number of pairs tractable, and the parameters' starting values."""

from __future__ import annotations

from typing import Any

# A Jaro-Winkler similarity this high on a name key is a typo or a spelling variant; this low or
# more, a related form (diminutive, dropped ending); below, a different name.
CLOSE = 0.92
RELATED = 0.80


def level(
    condition: str, label: str, m: float, u: float, *, null: bool = False, tf: str | None = None
) -> dict[str, Any]:
    """One comparison level with its starting m and u (used as is if training cannot reach it)."""
    result: dict[str, Any] = {"sql_condition": condition, "label_for_charts": label}
    if null:
        result["is_null_level"] = True
        return result
    result["m_probability"] = m
    result["u_probability"] = u
    if tf:
        result["tf_adjustment_column"] = tf
        result["tf_adjustment_weight"] = 1.0
    return result


def name_comparison(column: str, other: str | None) -> dict[str, Any]:
    """A name key: exact, close, related, swapped with the other name (given ↔ family), else."""
    l_, r_ = f"{column}_l", f"{column}_r"
    levels = [
        level(f"{l_} IS NULL OR {r_} IS NULL", "missing", 0, 0, null=True),
        level(f"{l_} = {r_}", "same key", 0.85, 0.01, tf=column),
        level(f"jaro_winkler_similarity({l_}, {r_}) >= {CLOSE}", "close", 0.08, 0.01),
        level(f"jaro_winkler_similarity({l_}, {r_}) >= {RELATED}", "related", 0.03, 0.05),
    ]
    if other is not None:
        levels.append(level(f"{l_} = {other}_r AND {other}_l = {r_}", "swapped", 0.02, 0.0005))
    levels.append(level("ELSE", "different", 0.02, 0.93))
    return {"output_column_name": column, "comparison_levels": levels}


def birth_comparison() -> dict[str, Any]:
    """Birth date or year: the same date, day and month swapped, the same year, a year apart."""
    return {
        "output_column_name": "birth",
        "comparison_levels": [
            level("birth_year_l IS NULL OR birth_year_r IS NULL", "missing", 0, 0, null=True),
            level("birth_date_l = birth_date_r", "same date", 0.80, 0.0002),
            level(
                "birth_year_l = birth_year_r AND birth_day_l = birth_month_r "
                "AND birth_month_l = birth_day_r",
                "day and month swapped",
                0.04,
                0.00002,
            ),
            level(
                "birth_year_l = birth_year_r AND (birth_date_l IS NULL OR birth_date_r IS NULL)",
                "same year, one date unknown",
                0.08,
                0.02,
            ),
            level("birth_year_l = birth_year_r", "same year, other date", 0.04, 0.02),
            level("abs(birth_year_l - birth_year_r) <= 1", "a year apart", 0.03, 0.05),
            level("ELSE", "different", 0.01, 0.91),
        ],
    }


def exact_comparison(column: str, m: float, u: float) -> dict[str, Any]:
    return {
        "output_column_name": column,
        "comparison_levels": [
            level(f"{column}_l IS NULL OR {column}_r IS NULL", "missing", 0, 0, null=True),
            level(f"{column}_l = {column}_r", "same", m, u),
            level("ELSE", "different", 1 - m, 1 - u),
        ],
    }


def comparisons() -> list[dict[str, Any]]:
    return [
        name_comparison("given_key", "family_key"),
        name_comparison("family_key", None),
        name_comparison("patronymic_key", None),
        birth_comparison(),
        exact_comparison("sex", 0.98, 0.5),
        exact_comparison("citizenship", 0.95, 0.3),
    ]


# Each rule admits a pair that agrees on it; a true pair needs to agree on one of them only.
BLOCKING_RULES = (
    "l.family_key = r.family_key AND l.birth_year = r.birth_year",
    "l.given_key = r.given_key AND l.birth_year = r.birth_year",
    "l.given_key = r.given_key AND l.family_key = r.family_key",
    "l.birth_date = r.birth_date AND l.family_initial = r.family_initial",
    "l.birth_date = r.birth_date AND l.given_initial = r.given_initial",
    "l.given_key = r.family_key AND l.family_key = r.given_key",
)

# EM needs pairs in which matches are common: each rule trains the comparisons it does not use.
TRAINING_RULES = (
    "l.given_key = r.given_key AND l.family_key = r.family_key",
    "l.birth_date = r.birth_date",
)

# Pairs agreeing on all of these are almost all matches: they estimate how common matches are.
DETERMINISTIC_RULES = (
    "l.given_key = r.given_key AND l.family_key = r.family_key AND l.birth_year = r.birth_year",
)
