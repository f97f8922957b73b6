"""manage.py export_memo FILE --out PATH [--format pdf|docx] [--kind memo|dossier] [--as-of YYYY-MM-DD]

Renders a memo or dossier straight from an answers file, without the database (batch use).
Invalid input prints one line per error naming the field and exits 2."""

from __future__ import annotations

import sys
from datetime import date

from django.core.management.base import BaseCommand

from assessments.answers_io import load_answers_file
from classification.rules.cli import iso_date
from dossiers.services import render_bytes
from pathways.rules import advise


class Command(BaseCommand):
    help = "Render a classification memo or dossier (PDF or DOCX) from an answers document."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="answers document; - reads stdin")
        parser.add_argument("--out", required=True, help="where to write the document")
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf")
        parser.add_argument("--kind", choices=["memo", "dossier"], default="memo")
        parser.add_argument("--as-of", type=iso_date, default=None)
        parser.add_argument("--organisation", default="", help="name on the cover")
        parser.add_argument("--prepared-by", default="")

    def handle(self, *args, file, out, format, kind, as_of, organisation, prepared_by, **options):
        loaded = load_answers_file(file)
        if loaded.errors:
            for line in loaded.errors:
                self.stderr.write(line)
            sys.exit(2)
        advice = advise(loaded.document, as_of=as_of)
        content = render_bytes(kind=kind, fmt=format, document=loaded.document, advice=advice,
                               organisation_name=organisation, prepared_by=prepared_by,
                               issued=as_of or date.today())
        try:
            with open(out, "wb") as fh:
                fh.write(content)
        except OSError as exc:
            self.stderr.write(f"{out}: cannot write the file: {exc.strerror or exc}")
            sys.exit(2)
        self.stdout.write(f"{out}: {kind} ({format}), {len(content)} bytes")
