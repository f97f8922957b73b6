"""Reading answers documents from files for the command-line tools (assess, export_memo).

Every problem is reported as one line naming the file and the field; nothing raises."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from classification.rules.validation import InvalidAnswers, answers_errors, parse_answers_json


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
