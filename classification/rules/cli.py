"""The pure pieces of the command line, with no Django: reading answers documents from files,
the plain-text summary of an advice document, and ``run``, the ``assess`` command itself.

``atmp-advisor assess`` (pathways/rules/cli.py) runs it with the full advice engine on a machine
with no configuration; ``manage.py assess`` reads files and prints text through the same code."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from .validation import InvalidAnswers, answers_errors, earliest_as_of, parse_answers_json


@dataclass
class LoadedDocument:
    source: str
    document: dict[str, Any] | None = None
    errors: list[str] = field(default_factory=list)


def load_answers_file(path: str) -> LoadedDocument:
    """Load and validate one answers document; ``-`` reads standard input."""
    source = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
    except OSError as exc:
        return LoadedDocument(source, errors=[f"{source}: cannot read the file: {exc.strerror or exc}"])
    except UnicodeDecodeError:
        return LoadedDocument(source, errors=[f"{source}: the file is not UTF-8 text"])
    try:
        document = parse_answers_json(text)
    except InvalidAnswers as exc:
        return LoadedDocument(source, errors=[f"{source}: {error}" for error in exc.errors])
    errors = answers_errors(document)
    if errors:
        return LoadedDocument(source, errors=[f"{source}: {error}" for error in errors])
    return LoadedDocument(source, document=document)


EU_CATEGORY_LABELS = {
    "GTMP": "Gene therapy medicinal product (GTMP)",
    "sCTMP": "Somatic cell therapy medicinal product (sCTMP)",
    "TEP": "Tissue-engineered product (TEP)",
    "not_ATMP": "Not an advanced therapy medicinal product",
    "undetermined": "Undetermined: only the CAT can settle it",
}
NOT_ATMP_ROUTE_LABELS = {
    "biological_medicinal_product": "a biological medicinal product",
    "chemical_medicinal_product": "a chemical medicinal product",
    "vaccine": "a vaccine (outside the ATMP definition)",
    "tissues_and_cells": "tissues and cells legislation",
    "medical_device": "medical device legislation",
    "not_a_medicinal_product": "not a medicinal product",
}
US_STATUS_LABELS = {
    "361_hctp": "Section 361 HCT/P (21 CFR Part 1271 only, no premarket review)",
    "351_biologic": "Section 351 biological product (IND, then BLA)",
    "drug": "Drug (FD&C Act)",
    "device": "Medical device",
    "exempt_1271_15": "Excepted from 21 CFR Part 1271 (1271.15)",
    "other_framework": "Another framework applies",
    "undetermined": "Undetermined: ask FDA (TRG or Pre-RFD)",
}
HE_STATUS_LABELS = {
    "eligible": "Eligible (the national authority decides)",
    "not_eligible": "Not eligible",
    "not_applicable": "Not applicable",
    "undetermined": "Undetermined",
}
PATHWAY_STATUS_LABELS = {
    "eligible": "eligible",
    "potentially_eligible": "potentially eligible",
    "not_eligible": "not eligible",
    "not_applicable": "not applicable",
}


def _trace_lines(trace: list[dict[str, Any]]) -> list[str]:
    lines = []
    for number, step in enumerate(trace, start=1):
        citation = step["citation"]
        lines.append(f"  {number}. [{step['rule']}] {step['finding']}")
        lines.append(f"     ({citation['instrument']}, {citation['provision']})")
    return lines


def advice_text(advice: dict[str, Any], *, source: str = "") -> str:
    eu, us, he = advice["eu"], advice["us"], advice["hospital_exemption"]
    product = (advice.get("product") or {}).get("name") or source
    lines = [f"== {product} ==" if product else "==", ""]
    eu_line = EU_CATEGORY_LABELS.get(eu["category"], eu["category"])
    if eu.get("combined_atmp"):
        eu_line += ", combined ATMP"
    if eu.get("not_atmp_route"):
        eu_line += f": {NOT_ATMP_ROUTE_LABELS.get(eu['not_atmp_route'], eu['not_atmp_route'])}"
    if eu.get("borderline"):
        eu_line += " (borderline: ask the CAT, Art 17)"
    lines += [f"EU: {eu_line}", *_trace_lines(eu["trace"])]
    us_line = US_STATUS_LABELS.get(us["status"], us["status"])
    if us.get("combination_product"):
        us_line += f", combination product (lead centre {us.get('lead_center') or 'to be decided'})"
    lines += ["", f"US: {us_line}", *_trace_lines(us["trace"])]
    he_line = HE_STATUS_LABELS.get(he["status"], he["status"])
    if he.get("unmet_conditions"):
        he_line += f" (unmet: {', '.join(he['unmet_conditions'])})"
    lines += ["", f"EU hospital exemption: {he_line}", *_trace_lines(he["trace"])]
    if advice.get("pathways"):
        lines += ["", "Pathways:"]
        for pathway in advice["pathways"]:
            status = PATHWAY_STATUS_LABELS.get(pathway["status"], pathway["status"])
            lines.append(f"  - {pathway.get('name', pathway['id'])} [{pathway['jurisdiction']}]: {status}")
    missing = list(dict.fromkeys(eu["missing"] + us["missing"] + he.get("missing", [])))
    if missing:
        lines += ["", f"Answers that would settle open points: {', '.join(missing)}"]
    next_steps = eu.get("next_steps", []) + us.get("next_steps", []) + he.get("next_steps", [])
    if next_steps:
        lines += ["", "Next steps:", *[f"  - {step}" for step in dict.fromkeys(next_steps)]]
    ruleset = advice["ruleset"]
    lines += [
        "",
        f"Ruleset {ruleset['version']}, rules in force on {ruleset['as_of']}; answers hash {advice.get('answers_hash', '')}.",
        advice.get("advisory", ""),
        "",
    ]
    return "\n".join(lines)


def iso_date(value: str) -> date:
    try:
        when = date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--as-of {value!r} is not a date in the form YYYY-MM-DD") from None
    if when < earliest_as_of():
        raise argparse.ArgumentTypeError(
            f"--as-of: the rules cover dates from {earliest_as_of().isoformat()} on"
        )
    return when


Engine = Callable[..., dict[str, Any]]


def assess(
    files: Sequence[str], *, advise: Engine, as_of: date | None, format: str, stdout: IO[str], stderr: IO[str]
) -> int:
    """One advice per valid file on stdout (a JSON object per line, or text); one line per error
    naming the file and the field on stderr. Returns 2 when any file was refused, else 0."""
    failed = False
    for path in files:
        loaded = load_answers_file(path)
        if loaded.errors:
            failed = True
            for line in loaded.errors:
                stderr.write(line + "\n")
            continue
        advice = advise(loaded.document, as_of=as_of)
        if format == "json":
            stdout.write(json.dumps(advice, ensure_ascii=False, sort_keys=False) + "\n")
        else:
            stdout.write(advice_text(advice, source=loaded.source) + "\n")
    return 2 if failed else 0


def parser(prog: str = "atmp-advisor") -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog=prog, description="ATMP Advisor on the command line, without a server."
    )
    commands = main.add_subparsers(dest="command", required=True)
    command = commands.add_parser(
        "assess",
        help="classify products from answers documents (answers.schema.json v1) and print the advice",
    )
    command.add_argument("files", nargs="+", metavar="FILE", help="answers document(s); - reads stdin")
    command.add_argument("--as-of", type=iso_date, default=None, help="apply the rules in force on this date")
    command.add_argument("--format", choices=["json", "text"], default="json")
    return main


def run(argv: Sequence[str] | None, *, advise: Engine) -> int:
    arguments = parser().parse_args(argv)
    return assess(
        arguments.files,
        advise=advise,
        as_of=arguments.as_of,
        format=arguments.format,
        stdout=sys.stdout,
        stderr=sys.stderr,
    )
