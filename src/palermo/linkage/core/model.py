"""The splink model of the clear-text mode: comparisons on name keys and birth dates, blocking
rules that keep the number of pairs tractable, and the parameters' starting values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# A Jaro-Winkler similarity this high on a name key is a typo or a spelling variant; this low or
# more, a related form (diminutive, dropped ending); below, a different name.
CLOSE = 0.92
RELATED = 0.80
# The share of one person's records whose birth years differ by two or more.
BIRTH_DIFFERENT_M = 0.005


def level(
    condition: str,
    label: str,
    m: float,
    u: float,
    *,
    null: bool = False,
    tf: str | None = None,
    fix_m: bool = False,
    fix_u: bool = False,
) -> dict[str, Any]:
    """One comparison level with its starting m and u (used as is if training cannot reach it;
    ``fix_m`` keeps m as given: EM does not change it)."""
    result: dict[str, Any] = {"sql_condition": condition, "label_for_charts": label}
    if null:
        result["is_null_level"] = True
        return result
    result["m_probability"] = m
    result["u_probability"] = u
    if fix_m:
        result["fix_m_probability"] = True
    if fix_u:
        result["fix_u_probability"] = True
    if tf:
        result["tf_adjustment_column"] = tf
        result["tf_adjustment_weight"] = 1.0
    return result


@dataclass(frozen=True)
class NameSql:
    """How one name field is compared in SQL: missing, the same key, close, related."""

    missing: str
    same: str
    close: str
    related: str


def clear_name_sql(column: str) -> NameSql:
    """Name keys in clear: equality and Jaro-Winkler similarity."""
    l_, r_ = f"{column}_l", f"{column}_r"
    return NameSql(
        missing=f"{l_} IS NULL OR {r_} IS NULL",
        same=f"{l_} = {r_}",
        close=f"jaro_winkler_similarity({l_}, {r_}) >= {CLOSE}",
        related=f"jaro_winkler_similarity({l_}, {r_}) >= {RELATED}",
    )


def name_comparison(
    name: str, sql: NameSql, swapped: str, *, counts_swap: bool, tf: str | None
) -> dict[str, Any]:
    """A name: the same key, swapped with the other name (given ↔ family), close, related, else.

    A swap is one piece of evidence about two names: the comparison that ``counts_swap`` weighs
    it; in the other, the swapped level is neutral (m = u, both fixed).
    """
    levels = [
        level(sql.missing, "missing", 0, 0, null=True),
        level(sql.same, "same key", 0.85, 0.01, tf=tf),
        level(swapped, "swapped", 0.02, 0.0005)
        if counts_swap
        else level(swapped, "swapped (weighed with the other name)", 0.01, 0.01,
                   fix_m=True, fix_u=True),
        level(sql.close, "close", 0.08, 0.01),
        level(sql.related, "related", 0.03, 0.05),
        level("ELSE", "different", 0.02, 0.93),
    ]
    return {"output_column_name": name, "comparison_levels": levels}


def patronymic_comparison(name: str, sql: NameSql) -> dict[str, Any]:
    """The patronymic: the same key, close, else."""
    return {
        "output_column_name": name,
        "comparison_levels": [
            level(sql.missing, "missing", 0, 0, null=True),
            level(sql.same, "same key", 0.85, 0.01),
            level(sql.close, "close", 0.08, 0.01),
            level("ELSE", "different", 0.07, 0.98),
        ],
    }


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
            level(
                "birth_year_l = birth_year_r AND birth_month_l = birth_month_r",
                "same year and month, other day",
                0.02,
                0.002,
            ),
            level(
                "birth_month_l = birth_month_r AND birth_day_l = birth_day_r",
                "same day and month, other year",
                0.02,
                0.0027,
            ),
            level("birth_year_l = birth_year_r", "same year, other date", 0.02, 0.02),
            level("abs(birth_year_l - birth_year_r) <= 1", "a year apart", 0.03, 0.05),
            # m fixed: a birth date two or more years off is rare for one person, but EM on
            # lists full of namesakes learns otherwise (it takes namesakes for matches).
            level("ELSE", "different", BIRTH_DIFFERENT_M, 0.91, fix_m=True),
        ],
    }


def exact_comparison(column: str, m: float, u: float) -> dict[str, Any]:
    """Equal or not. m stays as given: every source miscodes a few of these, and a model
    trained on data without such errors would make one mismatch a veto."""
    return {
        "output_column_name": column,
        "comparison_levels": [
            level(f"{column}_l IS NULL OR {column}_r IS NULL", "missing", 0, 0, null=True),
            level(f"{column}_l = {column}_r", "same", m, u, fix_m=True),
            level("ELSE", "different", 1 - m, 1 - u, fix_m=True),
        ],
    }


SWAPPED = "given_key_l = family_key_r AND family_key_l = given_key_r"


def comparisons() -> list[dict[str, Any]]:
    return [
        name_comparison(
            "given_key", clear_name_sql("given_key"), SWAPPED, counts_swap=True, tf="given_key"
        ),
        name_comparison(
            "family_key", clear_name_sql("family_key"), SWAPPED, counts_swap=False,
            tf="family_key",
        ),
        patronymic_comparison("patronymic_key", clear_name_sql("patronymic_key")),
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

# EM needs pairs in which matches are common: each session trains the comparisons its rule does
# not use. Each session tries its rules in turn (lists without patronymics give the first none).
TRAINING_RULES = (
    (
        "l.given_key = r.given_key AND l.family_key = r.family_key "
        "AND l.patronymic_key = r.patronymic_key",
        "l.given_key = r.given_key AND l.family_key = r.family_key",
    ),
    ("l.birth_date = r.birth_date",),
)

# Pairs agreeing on all of these are almost all matches: they estimate how common matches are.
# The full birth date, not the year: among many people, namesakes born in one year are common.
DETERMINISTIC_RULES = (
    "l.given_key = r.given_key AND l.family_key = r.family_key AND l.birth_date = r.birth_date",
)
