"""manage.py assess FILE [FILE ...] [--as-of YYYY-MM-DD] [--format json|text]

One advice document (advice.schema.json v1) per input file, one JSON object per line in
input order. A malformed file prints its errors on stderr, one line per error naming the
field, and the command exits 2 (after assessing the valid files)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from django.core.management.base import BaseCommand

from classification.answers_io import load_answers_file
from classification.engine import advise
from classification.rules.validation import earliest_as_of
from classification.summary import advice_text


def iso_date(value: str) -> date:
    try:
        when = date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--as-of {value!r} is not a date in the form YYYY-MM-DD") from None
    if when < earliest_as_of():
        raise argparse.ArgumentTypeError(f"--as-of: the rules cover dates from {earliest_as_of().isoformat()} on")
    return when


class Command(BaseCommand):
    help = "Classify products from answers documents (answers.schema.json v1) and print the advice."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="answers document(s); - reads stdin")
        parser.add_argument("--as-of", type=iso_date, default=None, help="apply the rules in force on this date")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, files, as_of, format, **options):
        failed = False
        for path in files:
            loaded = load_answers_file(path)
            if loaded.errors:
                failed = True
                for line in loaded.errors:
                    self.stderr.write(line)
                continue
            advice = advise(loaded.document, as_of=as_of)
            if format == "json":
                self.stdout.write(json.dumps(advice, ensure_ascii=False, sort_keys=False))
            else:
                self.stdout.write(advice_text(advice, source=loaded.source))
        if failed:
            sys.exit(2)
