"""``manage.py reevaluate [--on YYYY-MM-DD]``: re-evaluates every saved assessment now (the beat
task does the same every day) and prints what it found."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from assessments.reevaluation import reevaluate_all


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--on: {value!r} is not a date written YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Re-evaluates saved assessments under the current ruleset and records what changed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--on", type=str, default="", help="Apply the law of this date (YYYY-MM-DD; default today).")
        parser.add_argument("--batch", type=int, default=100, help="Assessments read per query (default 100).")

    def handle(self, *args, on: str, batch: int, **options) -> None:
        if batch < 1:
            raise CommandError("--batch: give a whole number of at least 1.")
        summary = reevaluate_all(on=_date(on) if on else None, batch=batch)
        changed = sum(len(ids) for ids in summary.changed.values())
        self.stdout.write(
            f"Re-evaluated {summary.evaluated} saved assessment(s): {summary.revisions} new revision(s), "
            f"{changed} with a changed outcome in {len(summary.changed)} organisation(s) (owners e-mailed)."
        )
