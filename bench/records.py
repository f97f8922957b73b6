"""Re-evaluation and assessment-list benchmark (issue 16): 10,000 saved assessments.

- re-evaluation: ``reevaluate_all`` over 10,000 saved assessments under a new ruleset version (every
  one gets a revision), then the idempotent second run (nothing new), with the process's peak
  memory before and after — the run reads the assessments in batches, so it does not grow with the table;
- the assessment list (first page, a later page, a search) with 10,000 rows in the organisation,
  in process through the Django test client (middleware, session, template), beside a trivial view.

Run alone: ``.venv/bin/python bench/records.py`` (its own database, as ``make bench``)."""

from __future__ import annotations

import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS = 10_000
DISTINCT_ANSWER_SETS = 40
LIST_RUNS = 30


def _median_ms(call, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return round(statistics.median(times), 2), round(times[min(len(times) - 1, int(len(times) * 0.95))], 2)


def _populate():
    """10,000 confirmed assessments with their saved advice (40 distinct answer sets, evaluated once each)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from accounts.models import Membership, Organisation
    from assessments.models import Assessment
    from classification.rules.ruleset import RULESET_VERSION
    from classification.rules.sampling import random_answers
    from pathways.rules import advise

    user = get_user_model().objects.create_user("bench-records", "bench@example.com", "bench-password-123")
    organisation = Organisation.objects.create(name="Bench records", slug="bench-records")
    membership = Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OWNER)
    rng = random.Random(20261203)
    sets = []
    for _ in range(DISTINCT_ANSWER_SETS):
        answers = random_answers(rng)["answers"]
        advice = advise({"schema_version": "1", "answers": answers})
        sets.append((answers, advice))
    seeds = Assessment.objects.bulk_create([
        Assessment(
            organisation=organisation, product_name=f"Product {number:02d}", answers=answers, advice=advice,
            status=Assessment.Status.COMPLETE, ruleset_version=RULESET_VERSION, answers_hash=advice["answers_hash"],
            eu_category=advice["eu"]["category"], us_status=advice["us"]["status"], created_by=user, updated_by=user,
        )
        for number, (answers, advice) in enumerate(sets)
    ])
    # The other rows are copies made by the database (no JSON serialised 10,000 times in Python).
    columns = [f.column for f in Assessment._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(Assessment._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    values = ", ".join("product_name || %s" if c == "product_name" else connection.ops.quote_name(c) for c in columns)
    ids = ", ".join(str(seed.pk) for seed in seeds)
    with connection.cursor() as cursor:
        for copy in range(1, ROWS // len(seeds)):
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT {values} FROM {table} WHERE id IN ({ids})",
                           [f" #{copy:03d}"])
    return user, membership


def _reevaluation() -> dict:
    from unittest import mock

    from assessments.reevaluation import reevaluate_all
    from classification.rules import engine

    with mock.patch.object(engine, "RULESET_VERSION", "9999.1.1"):  # a new ruleset: every assessment is looked at
        rss_before = _max_rss_mb()
        started = time.perf_counter()
        first = reevaluate_all()
        first_s = time.perf_counter() - started
        rss_first = _max_rss_mb()
        started = time.perf_counter()
        second = reevaluate_all()
        second_s = time.perf_counter() - started
    return {
        "assessments": ROWS,
        "first_run_s": round(first_s, 2),
        "first_run_revisions": first.revisions,
        "first_run_ms_per_assessment": round(first_s * 1000 / ROWS, 3),
        "second_run_s": round(second_s, 2),
        "second_run_revisions": second.revisions,
        "max_rss_before_mb": rss_before,
        "max_rss_after_first_run_mb": rss_first,
        "max_rss_after_second_run_mb": _max_rss_mb(),
    }


def _max_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _list(user) -> dict:
    from django.conf import settings
    from django.test import Client

    from accounts.middleware import SESSION_KEY

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = user.memberships.get().organisation_id
    session.save()

    def get(path: str):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    for path in ("/", "/?page=250", "/?q=Product%2009"):
        get(path)  # warm up
    first_p50, first_p95 = _median_ms(lambda: get("/"), LIST_RUNS)
    late_p50, late_p95 = _median_ms(lambda: get("/?page=400"), LIST_RUNS)
    search_p50, search_p95 = _median_ms(lambda: get("/?q=Product%2009"), LIST_RUNS)
    baseline_p50, baseline_p95 = _median_ms(lambda: get("/bench/trivial"), LIST_RUNS) if _has_trivial() else (None, None)
    return {
        "rows": ROWS,
        "first_page_p50_ms": first_p50, "first_page_p95_ms": first_p95,
        "page_400_p50_ms": late_p50, "page_400_p95_ms": late_p95,
        "search_p50_ms": search_p50, "search_p95_ms": search_p95,
        "trivial_view_p50_ms": baseline_p50, "trivial_view_p95_ms": baseline_p95,
        "budget_ms": 100,
    }


def _has_trivial() -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve("/bench/trivial")
    except Resolver404:
        return False
    return True


def run(database_url: str) -> dict:
    """Migrates the bench database (already created by ``make bench``) and measures."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": database_url}
    env.pop("CELERY_BROKER_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    user, _ = _populate()
    populate_s = time.perf_counter() - started
    results = {"populate_s": round(populate_s, 1), "reevaluation": _reevaluation(), "list": _list(user)}
    return results


def summary(results: dict) -> str:
    r, listing = results["reevaluation"], results["list"]
    return (
        f"records: re-evaluating {r['assessments']} saved assessments under a new ruleset {r['first_run_s']} s "
        f"({r['first_run_ms_per_assessment']} ms each, {r['first_run_revisions']} revisions); second run "
        f"{r['second_run_revisions']} revisions in {r['second_run_s']} s; peak memory of the process "
        f"{r['max_rss_before_mb']} MB before, {r['max_rss_after_first_run_mb']} MB after; list of "
        f"{listing['rows']} rows: first page p50 {listing['first_page_p50_ms']} ms (p95 {listing['first_page_p95_ms']}), "
        f"page 400 p50 {listing['page_400_p50_ms']} ms, search p50 {listing['search_p50_ms']} ms; trivial view p50 "
        f"{listing['trivial_view_p50_ms']} ms (budget {listing['budget_ms']} ms)"
    )


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from bench.database import bench_database_url

    database_url, _ = bench_database_url()
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    results = run(database_url)
    print(summary(results))
    import json

    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
