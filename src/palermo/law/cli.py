"""``palermo qualify FILE``: the qualification of a facts file, without Django, settings or keys.

Exit codes (DESIGN.md, Contracts): 0 with a result, whether or not the facts qualify; 2 when the
file cannot be read or the facts are invalid, with a one-line reason on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, NoReturn

from palermo.law.engine import qualify
from palermo.law.facts import FactsError
from palermo.law.frameworks import framework_titles

VERDICT = {
    "en": {True: "QUALIFIES", False: "does not qualify", None: "undetermined"},
    "ru": {True: "ДА", False: "нет", None: "не определено"},
}
GAPS = {"en": "Where the frameworks part ways", "ru": "Расхождения между нормами"}


class InputError(Exception):
    """The input file cannot be read or is not JSON."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 already; keep one line
        self.exit(2, f"palermo qualify: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="palermo qualify",
        description="Qualify case facts under international and domestic law.",
    )
    parser.add_argument("file", help="a facts JSON file, or - for standard input")
    parser.add_argument("--format", choices=("json", "text"), default="json")
    parser.add_argument(
        "--lang", choices=("en", "ru"), default="en", help="language of the text format"
    )
    return parser


def _read(path: str) -> Any:
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read {path}: {exc.strerror if isinstance(exc, OSError) else exc}"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path} is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None


def render_text(result: dict[str, Any], lang: str) -> str:
    titles = framework_titles()
    lines: list[str] = []
    for fid, fw in result["frameworks"].items():
        lines.append(f"{titles[fid][lang]} [{fid}]: {VERDICT[lang][fw['qualifies']]}")
        for name, status in fw["elements"].items():
            lines.append(f"  {name:<28} {status}")
        lines.append(f"  {fw['explanation'][lang]}")
        lines.append(f"  ({'; '.join(fw['provisions'])})")
        lines.append("")
    if result["gaps"]:
        lines.append(f"{GAPS[lang]}:")
        for gap in result["gaps"]:
            lines.append(
                f"  - {gap['code']} ({', '.join(gap['frameworks'])}): {gap['explanation'][lang]}"
            )
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        result = qualify(_read(args.file))
    except InputError as exc:
        print(f"palermo qualify: {exc}", file=sys.stderr)
        return 2
    except FactsError as exc:
        print(f"palermo qualify: invalid facts: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_text(result, args.lang))
    return 0
