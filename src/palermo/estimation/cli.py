"""``palermo estimate FILE``: the hidden population from capture histories, without Django.

Exit codes (DESIGN.md, Contracts): 0 with an estimate; 2 when the file or the options are
invalid (one line on stderr); 3 when the input is valid but no estimate exists (the JSON is still
printed, the reason in ``warnings``). Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, NoReturn

from palermo.estimation.estimate import (
    CI_METHODS,
    DEFAULT_BOOTSTRAP,
    METHODS,
    EstimationError,
    estimate_population,
)
from palermo.estimation.histories import HistoryFileError, read_histories

PROG = "palermo estimate"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 already; keep one line
        self.exit(2, f"{PROG}: error: {message}\n")


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=(
            "Estimate how many people the lists miss (multiple systems estimation). FILE is a "
            "CSV with one 0/1 column per list plus a 'count' column (one row per capture "
            "history), or one row per person (every column 0/1 except --id-column)."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="capture histories (CSV, UTF-8); - for stdin")
    parser.add_argument("--method", choices=METHODS, default="stepwise")
    parser.add_argument(
        "--threshold",
        type=_probability,
        default=0.02,
        help="stepwise: add a two-list effect while its Poisson p-value is below this (0.02)",
    )
    parser.add_argument(
        "--max-order",
        type=_positive,
        default=None,
        help="bic: largest interaction (default by lists: 2->1, 3->2, 4-5->3, 6+->2)",
    )
    parser.add_argument("--ci", choices=CI_METHODS, default="profile")
    parser.add_argument(
        "--bootstrap",
        type=_positive,
        default=None,
        metavar="N",
        help=f"bca: number of resamples (default {DEFAULT_BOOTSTRAP})",
    )
    parser.add_argument("--seed", type=_seed, default=1234, help="bca: random seed (1234)")
    parser.add_argument(
        "--id-column", default=None, help="one row per person: the column naming the person"
    )
    parser.add_argument("--format", choices=("json", "text"), default="json")
    return parser


def _progress(done: int, total: int) -> None:
    print(f"{PROG}: bootstrap {done}/{total}", file=sys.stderr, flush=True)


def _number(value: Any) -> str:
    return "—" if value is None else f"{value:,.1f}"


def render_text(result: dict[str, Any]) -> str:
    lines = [
        f"Observed: {result['observed']:,} people on {len(result['lists'])} lists "
        f"({', '.join(f'{k} {v:,}' for k, v in result['list_sizes'].items())})",
    ]
    if result["estimate"] is None:
        lines.append("Estimate: none (see warnings)")
    else:
        ci = result["ci"]
        interval = (
            "no interval"
            if ci is None
            else f"{result['ci_level']:.0%} interval {_number(ci[0])} – {_number(ci[1])}"
        )
        lines.append(
            f"Estimated total: {_number(result['estimate'])} "
            f"(unseen: {_number(result['dark_figure'])}; {interval}, {result['ci_method']})"
        )
    how = result["method"]
    if result["threshold"] is not None:
        how += f", threshold {result['threshold']}"
    if result["max_order"] is not None:
        how += f", max order {result['max_order']}"
    lines.append(f"Model: main effects + {', '.join(result['model']) or 'nothing'} ({how})")
    if result["absent_pairs"]:
        lines.append(f"Pairs with no one in common: {', '.join(result['absent_pairs'])}")
    if result["dropped_lists"]:
        lines.append(f"Dropped lists: {', '.join(result['dropped_lists'])}")
    if result["top_models"]:
        lines.append("Best models by BIC:")
        for row in result["top_models"]:
            model = ", ".join(row["model"]) or "main effects"
            lines.append(f"  {row['bic']:>10.3f}  {_number(row['estimate']):>12}  {model}")
    for warning in result["warnings"]:
        lines.append(f"Warning: {warning}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.bootstrap is not None and args.ci != "bca":
        print(f"{PROG}: error: --bootstrap applies to --ci bca", file=sys.stderr)
        return 2
    if args.max_order is not None and args.method != "bic":
        print(f"{PROG}: error: --max-order applies to --method bic", file=sys.stderr)
        return 2
    try:
        table = read_histories(args.file, id_column=args.id_column)
        result = estimate_population(
            table,
            method=args.method,
            threshold=args.threshold,
            max_order=args.max_order,
            ci=args.ci,
            bootstrap=args.bootstrap,
            seed=args.seed,
            progress=_progress if args.ci == "bca" else None,
        )
    except (HistoryFileError, EstimationError) as exc:
        reason = " ".join(str(exc).split())
        print(f"{PROG}: {reason}", file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_text(result))
    return 0 if result["estimate"] is not None else 3
