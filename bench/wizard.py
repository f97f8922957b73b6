"""Wizard benchmark: server time per step (GET + POST of a question page) under 20 concurrent
simulated users against gunicorn, beside a trivial Django view measured the same way.

Two loads, each with its own baseline:
- ``p50_ms``/``p95_ms``: users pause about THINK_S (uniformly 0.5-1.5x) before each request, as someone
  reading a question would; this is the load the budget is about.
- ``stress_p50_ms``/``stress_p95_ms``: the same users with no pause at all, so 20 clients and the server
  share the machine's cores and latency is mostly queueing.

Latency is observed by the client over loopback, so it includes HTTP parsing on both sides;
the baseline carries the same overhead, which is why the ratio is reported too."""

from __future__ import annotations

import multiprocessing
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .http_forms import Client, fill, question_form
from .server import ROOT, SERVER, gunicorn, percentile, server_env

USERS = 20
STEPS_PER_USER = 30
THINK_S = 0.5
PASSWORD = "bench-password-2026"


def _create_users(env: dict) -> None:
    script = (
        "from django.contrib.auth import get_user_model\n"
        "from accounts.models import Organisation, Membership\n"
        f"for i in range({USERS}):\n"
        "    user, _ = get_user_model().objects.get_or_create(username=f'bench{i}')\n"
        f"    user.set_password('{PASSWORD}'); user.save()\n"
        "    org, _ = Organisation.objects.get_or_create(slug=f'bench-{i}', defaults={'name': f'Bench {i}'})\n"
        "    Membership.objects.get_or_create(user=user, organisation=org, defaults={'role': 'owner'})\n"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True)


def _login(client: Client, username: str) -> None:
    _, html, _, _ = client.request("GET", "/accounts/login/")
    form = question_form(html)
    token = next(f["value"] for f in form["fields"] if f.get("name") == "csrfmiddlewaretoken")
    status, _, _, _ = client.request(
        "POST", "/accounts/login/", [("csrfmiddlewaretoken", token), ("username", username), ("password", PASSWORD)]
    )
    if status != 302:
        raise RuntimeError(f"login failed for {username}: HTTP {status}")


def _new_assessment(client: Client, number: int) -> str:
    _, html, _, _ = client.request("GET", "/assessments/new/")
    form = question_form(html)
    data = [(f["name"], f.get("value") or "") for f in form["fields"] if f.get("type") == "hidden" and f.get("name")]
    data += [("product_name", f"Bench product {number}"), ("description", "Benchmark"), ("indication", "Benchmark")]
    status, _, location, _ = client.request("POST", form["action"] or "/assessments/new/", data)
    if status != 302 or not location:
        raise RuntimeError(f"creating an assessment failed: HTTP {status}")
    return location


def _pause(think: float) -> None:
    if think:
        time.sleep(random.uniform(0.5 * think, 1.5 * think))


def _walk(base: str, username: str, think: float, step_times: list[float], errors: list[str]) -> None:
    client = Client(base)
    try:
        _login(client, username)
        url = _new_assessment(client, 0)
        steps = assessments = 0
        while steps < STEPS_PER_USER:
            # Tags both requests of a step, so the server's access log can add up its own time for the step.
            tag = {"X-Bench-Step": f"{'think' if think else 'stress'}:{username}:{assessments}:{steps}"}
            _pause(think)
            status, html, _, get_time = client.request("GET", url, extra=tag)
            form = question_form(html) if status == 200 else None
            if form is None or not any(f.get("type") in {"radio", "checkbox"} or f["tag"] == "textarea" for f in form["fields"]):
                assessments += 1
                url = _new_assessment(client, assessments)
                continue
            _pause(think)
            status, _, location, post_time = client.request("POST", form["action"] or url, fill(form), extra=tag)
            if status != 302 or not location:
                errors.append(f"{username}: POST {url} → HTTP {status}")
                return
            step_times.append(get_time + post_time)
            steps += 1
            url = location
    except Exception as exc:  # a benchmark reports, it does not crash half-way
        errors.append(f"{username}: {exc}")


def _baseline(base: str, think: float, times: list[float]) -> None:
    client = Client(base)
    for _ in range(STEPS_PER_USER):
        _pause(think)
        _, _, _, first = client.request("GET", "/bench/trivial")
        _pause(think)
        _, _, _, second = client.request("GET", "/bench/trivial")
        times.append(first + second)


def _walk_user(base: str, username: str, think: float) -> tuple[list[float], list[str]]:
    steps: list[float] = []
    errors: list[str] = []
    _walk(base, username, think, steps, errors)
    return steps, errors


def _baseline_user(base: str, think: float) -> tuple[list[float], list[str]]:
    times: list[float] = []
    _baseline(base, think, times)
    return times, []


def _concurrently(target, base: str, per_user_args) -> tuple[list[float], list[str]]:
    """Each simulated user in a process of its own, so that no user waits for another's GIL to read
    its response: latency is the server's (and the loopback's), not the benchmark client's."""
    context = multiprocessing.get_context("fork")
    with context.Pool(len(per_user_args)) as pool:
        results = pool.starmap(target, [(base, *args) for args in per_user_args])
    return [t for times, _ in results for t in times], [e for _, errors in results for e in errors]


def run(database_url: str, database: str) -> dict:
    env = server_env(database_url, LOGIN_THROTTLE_ATTEMPTS="1000")
    _create_users(env)
    access_log = Path(tempfile.mkstemp(prefix="atmp-bench-access-", suffix=".log")[1])
    log_args = ("--access-logfile", str(access_log), "--access-logformat", "%({x-bench-step}i)s %(D)s")
    with gunicorn(env, *log_args) as port:
        base = f"http://127.0.0.1:{port}"
        loads = {}
        errors: list[str] = []
        for name, think in (("", THINK_S), ("stress_", 0.0)):
            baseline, _ = _concurrently(_baseline_user, base, [(think,) for _ in range(USERS)])
            steps, walk_errors = _concurrently(_walk_user, base, [(f"bench{i}", think) for i in range(USERS)])
            errors += walk_errors
            loads[name] = (steps, baseline)
    result: dict = {"database": database, "users": USERS, "clients": "one process per user",
                    "server": SERVER,
                    "think_s": THINK_S, "errors": errors[:5], "budget_p95_ms": 50}
    for name, (steps, baseline) in loads.items():
        result[f"{name}steps_measured"] = len(steps)
        if steps:
            result[f"{name}p50_ms"] = round(statistics.median(steps) * 1000, 2)
            result[f"{name}p95_ms"] = round(percentile(steps, 0.95) * 1000, 2)
        if baseline:
            result[f"{name}baseline_p50_ms"] = round(statistics.median(baseline) * 1000, 2)
            result[f"{name}baseline_p95_ms"] = round(percentile(baseline, 0.95) * 1000, 2)
        if steps and baseline:
            result[f"{name}p95_ratio_to_baseline"] = round(result[f"{name}p95_ms"] / result[f"{name}baseline_p95_ms"], 2)
    result.update(_server_time_under_load(access_log))
    access_log.unlink(missing_ok=True)
    result.update(server_time())
    return result


def _server_time_under_load(access_log: Path) -> dict:
    """Per-step server time as gunicorn measured it (request read to response written, in the worker),
    GET + POST of the same step added up: the time the server spent, without the client or the loopback."""
    steps: dict[str, list[int]] = {}
    for line in access_log.read_text().splitlines():
        tag, _, micros = line.rpartition(" ")
        if tag and tag != "-" and micros.isdigit():
            steps.setdefault(tag, []).append(int(micros))
    result: dict = {}
    for phase, prefix in (("think", "gunicorn_"), ("stress", "stress_gunicorn_")):
        totals = [sum(m) / 1000 for tag, m in steps.items() if tag.startswith(phase + ":") and len(m) == 2]
        if totals:
            result[f"{prefix}step_p50_ms"] = round(statistics.median(totals), 2)
            result[f"{prefix}step_p95_ms"] = round(percentile(totals, 0.95), 2)
    return result


_TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b", re.IGNORECASE)


def server_time(steps: int = 200) -> dict:
    """Per-step server time without queueing: one user, the Django test client in-process against the
    benchmark database, GET + POST of each question page, and the SQL queries each step runs."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import Membership
    from assessments.services import assessment_create

    membership = Membership.objects.select_related("user", "organisation").get(user__username="bench0")
    client = Client()
    client.force_login(membership.user)
    client.get(reverse("assessment-list"))  # where a login lands: the first page after it saves the organisation
    timings, baseline, queries, gets, trivial = [], [], [], [], []
    while len(timings) < steps:
        assessment = assessment_create(organisation=membership.organisation, user=membership.user,
                                       product_name="Server-time product")
        url = reverse("assessment-question", args=[assessment.pk, "medicinal_purpose"])
        while url and "/questions/" in url and len(timings) < steps:
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                got = time.perf_counter()
                form = question_form(response.content.decode())  # the client's work: not timed
                data = dict(fill(form))
                posting = time.perf_counter()
                post = client.post(form["action"] or url, data)
                end = time.perf_counter()
            timings.append((got - start) + (end - posting))
            gets.append(got - start)
            queries.append(sum(1 for q in captured.captured_queries if not _TRANSACTION_CONTROL.match(q["sql"])))
            url = post.get("Location", "")
        start = time.perf_counter()
        client.get("/bench/trivial")
        middle = time.perf_counter()
        client.get("/bench/trivial")
        baseline.append(time.perf_counter() - start)
        trivial.append(middle - start)
    return {
        "server_p50_ms": round(statistics.median(timings) * 1000, 2),
        "server_p95_ms": round(percentile(timings, 0.95) * 1000, 2),
        "server_baseline_p50_ms": round(statistics.median(baseline) * 1000, 2),
        "question_get_p50_ms": round(statistics.median(gets) * 1000, 2),
        "trivial_get_p50_ms": round(statistics.median(trivial) * 1000, 2),
        "question_get_to_trivial_ratio": round(statistics.median(gets) / statistics.median(trivial), 2),
        "budget_question_get_to_trivial_ratio": 3,
        "budget_queries_per_step": 6,
        "queries_per_step_max": max(queries),
        "queries_per_step_median": statistics.median(queries),
        "note": "server_* are one user in-process (no queueing), GET + POST of one question, the client's HTML "
                "parsing not timed; queries are SQL statements of GET + POST, transaction control not counted (the "
                "session's organisation is written by the first page after login, the list, before the steps); p50/p95 are client-observed under 20 concurrent "
                "users pausing about think_s before each request, stress_* the same users without pauses, each "
                "beside the trivial-view baseline measured the same way.",
    }
