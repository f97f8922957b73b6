"""manage.py assess FILE [FILE ...] [--as-of YYYY-MM-DD] [--format json|text]

One advice document (advice.schema.json v1) per input file, one JSON object per line in
input order. A malformed file prints its errors on stderr, one line per error naming the
field, and the command exits 2 (after assessing the valid files). The same code as the console
script ``atmp-advisor assess`` (classification.rules.cli), with the full engine (pathways.rules.advise).
It touches no database and no web setting: manage.py lets it start without a secret key."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from classification.rules.cli import assess, iso_date
from pathways.rules import advise
from pathways.rules.labels import advice_text


class Command(BaseCommand):
    help = "Classify products from answers documents (answers.schema.json v1) and print the advice."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="answers document(s); - reads stdin")
        parser.add_argument("--as-of", type=iso_date, default=None, help="apply the rules in force on this date")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, files, as_of, format, **options):
        code = assess(files, advise=advise, text=advice_text, as_of=as_of, format=format, stdout=self.stdout, stderr=self.stderr)
        if code:
            sys.exit(code)
