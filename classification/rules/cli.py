"""The pure pieces of the command line, with no Django: reading answers documents from files and
``run``, the ``assess`` command itself.

``atmp-advisor assess`` (pathways/rules/cli.py) runs it with the full advice engine on a machine
with no configuration; ``manage.py assess`` reads files and prints text through the same code. The
engine and the text format (``pathways.rules.labels.advice_text``, every code in words) are given
by the caller, so this package never imports the pathways package above it."""

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
TextFormat = Callable[..., str]  # (advice, *, source) -> the plain-text summary


def assess(
    files: Sequence[str],
    *,
    advise: Engine,
    text: TextFormat,
    as_of: date | None,
    format: str,
    stdout: IO[str],
    stderr: IO[str],
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
            stdout.write(text(advice, source=loaded.source) + "\n")
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


def run(argv: Sequence[str] | None, *, advise: Engine, text: TextFormat) -> int:
    arguments = parser().parse_args(argv)
    return assess(
        arguments.files,
        advise=advise,
        text=text,
        as_of=arguments.as_of,
        format=arguments.format,
        stdout=sys.stdout,
        stderr=sys.stderr,
    )
