"""``palermo link``: link organisations' lists into people, without Django (DESIGN.md, Contracts).

    palermo link FILE [FILE ...] --out DIR [--threshold P] [--format json|text]
    palermo link --encode FILE --key-file K --out FILE2
    palermo link --encoded FILE [FILE ...] --out DIR [--threshold P] [--format json|text]

Exit codes: 0 done; 2 invalid input or options (one line on stderr); 3 valid input but nothing to
link (fewer than two records; the JSON is still printed with the reason in ``warnings``).
Progress goes to stderr; stdout holds only the summary.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from palermo.linkage.core.bloom import KeyFileError, read_key
from palermo.linkage.core.clusters import Clusters
from palermo.linkage.core.encoded import link_encoded, read_encoded, write_encoded
from palermo.linkage.core.engine import DEFAULT_SEED, DEFAULT_THRESHOLD, LinkError, LinkResult, link
from palermo.linkage.core.records import LinkInputError, Record, read_list

PROG = "palermo link"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 already; keep one line
        self.exit(2, f"{PROG}: error: {message}\n")


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not above 0 and at most 1")
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
            "Link and deduplicate organisations' lists of people (one CSV per organisation: "
            "record_id, given_name, family_name, optional patronymic, birth_date YYYY-MM-DD or "
            "birth_year, sex M/F/empty, citizenship ISO alpha-2 or empty; names in any script). "
            "Writes DIR/clusters.csv and DIR/histories.csv (what 'palermo estimate' reads)."
        ),
    )
    parser.add_argument("files", metavar="FILE", nargs="*", help="lists to link (CSV, UTF-8)")
    parser.add_argument(
        "--out", required=True, metavar="DIR", help="output folder (the output file, with --encode)"
    )
    parser.add_argument(
        "--threshold",
        type=_probability,
        default=DEFAULT_THRESHOLD,
        metavar="P",
        help=f"link two records at or above this match probability ({DEFAULT_THRESHOLD})",
    )
    parser.add_argument(
        "--seed", type=_seed, default=DEFAULT_SEED, metavar="S", help="random seed (1234)"
    )
    parser.add_argument(
        "--encode", metavar="FILE", help="write the Bloom-filter encoding of one list to --out"
    )
    parser.add_argument("--key-file", metavar="K", help="--encode: file holding one base64 secret")
    parser.add_argument(
        "--encoded", action="store_true", help="the FILEs are encoded lists (from --encode)"
    )
    parser.add_argument("--format", choices=("json", "text"), default="json")
    return parser


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def _check_mode(args: argparse.Namespace) -> str | None:
    """The reason the options do not fit together, or None."""
    if args.encode is not None:
        if args.files or args.encoded:
            return "--encode takes one FILE of its own and no other lists"
        if args.key_file is None:
            return "--encode needs --key-file"
        return None
    if args.key_file is not None:
        return "--key-file applies to --encode only (linking encoded lists needs no key)"
    if not args.files:
        return "no FILE to link"
    stems = [Path(name).stem for name in args.files]
    repeated = sorted({stem for stem in stems if stems.count(stem) > 1})
    if repeated:
        return f"two files would make the same list name: {', '.join(repeated)} (rename one)"
    return None


def _summary(
    result: LinkResult, clusters: Clusters, out: Path, mode: str, seconds: float
) -> dict[str, Any]:
    sizes = [len(keys) for keys in clusters.members().values()]
    warnings = list(result.warnings)
    if len(result.records) < 2:
        warnings.append("fewer than two records: nothing to link")
    return {
        "mode": mode,
        "lists": list(result.lists),
        "records": len(result.records),
        "people": clusters.count,
        "linked_records": sum(size for size in sizes if size > 1),
        "matched_pairs": len(result.matched),
        "uncertain_pairs": len(result.uncertain),
        "threshold": result.threshold,
        "clusters_file": str(out / "clusters.csv"),
        "histories_file": str(out / "histories.csv"),
        "seconds": round(seconds, 2),
        "warnings": warnings,
    }


def _text(summary: dict[str, Any]) -> str:
    if summary["mode"] == "encode":
        return f"Encoded {summary['records']:,} records into {summary['out']}\n"
    lines = [
        f"Lists: {', '.join(summary['lists'])} ({summary['records']:,} records, "
        f"{summary['mode']} mode)",
        f"People: {summary['people']:,} ({summary['linked_records']:,} records linked to "
        "another)",
        f"Pairs at or above {summary['threshold']}: {summary['matched_pairs']:,}; "
        f"to review: {summary['uncertain_pairs']:,}",
        f"Written: {summary['clusters_file']}, {summary['histories_file']}",
    ]
    lines += [f"Warning: {warning}" for warning in summary["warnings"]]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _prepare_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise LinkInputError(f"--out {out} exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LinkInputError(f"--out {out}: cannot create the folder ({exc.strerror})") from None


def _encode(args: argparse.Namespace) -> dict[str, Any]:
    secret = read_key(args.key_file)
    records = read_list(args.encode)
    _say(f"read {Path(args.encode).name}: {len(records):,} records")
    out = Path(args.out)
    if out.is_dir():
        raise LinkInputError(f"--out {out} is a folder; --encode writes one file")
    try:
        _write(out, write_encoded(records, secret))
    except OSError as exc:
        raise LinkInputError(f"--out {out}: cannot write ({exc.strerror})") from None
    _say(f"wrote {out}")
    return {"mode": "encode", "records": len(records), "out": str(out), "warnings": []}


def _link(args: argparse.Namespace) -> dict[str, Any]:
    out = Path(args.out)
    _prepare_out(out)
    start = time.perf_counter()
    if args.encoded:
        checks: dict[str, str] = {}
        encoded = []
        for name in args.files:
            check, rows = read_encoded(name)
            _say(f"read {Path(name).name}: {len(rows):,} encoded records")
            if rows:
                checks[Path(name).name] = check
            encoded.extend(rows)
        if len(set(checks.values())) > 1:
            raise LinkInputError(
                "the files were encoded with different keys: "
                + ", ".join(f"{name} {check}" for name, check in checks.items())
            )
        result = link_encoded(encoded, threshold=args.threshold, seed=args.seed)
        mode = "encoded"
    else:
        records: list[Record] = []
        for name in args.files:
            rows_read = read_list(name)
            _say(f"read {Path(name).name}: {len(rows_read):,} records")
            records.extend(rows_read)
        result = link(records, threshold=args.threshold, seed=args.seed)
        mode = "clear"
    _say(f"scored {len(result.pairs):,} pairs above the review band's lower end")
    clusters = result.cluster()
    _write(out / "clusters.csv", clusters.to_csv())
    _write(out / "histories.csv", clusters.histories().to_csv())
    _say(f"wrote {out / 'clusters.csv'} and {out / 'histories.csv'}")
    return _summary(result, clusters, out, mode, time.perf_counter() - start)


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    problem = _check_mode(args)
    if problem:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    splink_logger = logging.getLogger("splink")
    level = splink_logger.level
    splink_logger.setLevel(logging.ERROR)  # its training notes are not the user's business
    try:
        summary = _encode(args) if args.encode is not None else _link(args)
    except (LinkInputError, LinkError, KeyFileError) as exc:
        print(f"{PROG}: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    finally:
        splink_logger.setLevel(level)
    if args.format == "json":
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(_text(summary))
    return 3 if summary["mode"] != "encode" and summary["records"] < 2 else 0
