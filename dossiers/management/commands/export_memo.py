"""manage.py export_memo FILE [--kind memo|dossier|cat_request|rfd|trg_inquiry|he_application]
[--format pdf|docx] [--out PATH] [--as-of YYYY-MM-DD] [--client ...] [--author ...] [--reviewer ...]

Renders a memo, a dossier or an agency draft straight from an answers file, without the database
(batch use). Without --out the file is written beside FILE as <FILE>-<kind>.<format>.
Invalid input prints one line per error naming the field and exits 2."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand

from assessments.answers_io import load_answers_file
from classification.rules.cli import iso_date
from dossiers.models import Export
from dossiers.rendering.content import People
from dossiers.services import render_bytes
from pathways.rules import advise


class Command(BaseCommand):
    help = "Render a classification memo, a dossier or an agency draft (PDF or DOCX) from an answers document."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="answers document; - reads stdin")
        parser.add_argument("--out", default=None, help="where to write the document (required when FILE is -)")
        parser.add_argument("--format", choices=Export.Format.values, default="pdf")
        parser.add_argument("--kind", choices=Export.Kind.values, default="memo")
        parser.add_argument("--as-of", type=iso_date, default=None)
        parser.add_argument("--organisation", default="", help="the organisation that prepares the document")
        parser.add_argument("--client", default="", help="who the document is for (default: the product's sponsor)")
        parser.add_argument("--author", "--prepared-by", dest="author", default="")
        parser.add_argument("--reviewer", default="")

    def handle(self, *args, file, out, format, kind, as_of, organisation, client, author, reviewer, **options):
        if out is None:
            if file == "-":
                self.stderr.write("--out: give a file name when the answers come from stdin")
                sys.exit(2)
            out = str(Path(file).with_suffix("")) + f"-{kind}.{format}"
        loaded = load_answers_file(file)
        if loaded.errors:
            for line in loaded.errors:
                self.stderr.write(line)
            sys.exit(2)
        advice = advise(loaded.document, as_of=as_of)
        people = People(issued=as_of or date.today(), organisation_name=organisation, client=client,
                        author=author, reviewer=reviewer)
        content = render_bytes(kind=kind, fmt=format, document=loaded.document, advice=advice, people=people)
        try:
            with open(out, "wb") as fh:
                fh.write(content)
        except OSError as exc:
            self.stderr.write(f"{out}: cannot write the file: {exc.strerror or exc}")
            sys.exit(2)
        self.stdout.write(f"{out}: {kind} ({format}), {len(content)} bytes")
