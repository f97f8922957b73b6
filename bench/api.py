"""API benchmark: ``POST /api/v1/assess`` for one client against gunicorn (the same workers as the
wizard benchmark), beside a trivial view measured the same way, and beside the command line
(``atmp-advisor assess``) on the same documents: started once per document, and once for all of
them (time per document).

Latency is observed by the client over one kept-alive loopback connection; the throttle is raised
for the run, so every request is served."""

from __future__ import annotations

import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .server import ROOT, SERVER, gunicorn, percentile, server_env

DOCUMENTS = 300
CLI_SINGLE_RUNS = 10

def _documents() -> list[dict]:
    from classification.rules.sampling import random_answers

    rng = random.Random(20261203)
    return [{**random_answers(rng), "as_of": "2026-06-01"} for _ in range(DOCUMENTS)]


def _key(env: dict) -> str:
    script = (
        "from accounts.models import Organisation\n"
        "Organisation.objects.get_or_create(slug='bench-api', defaults={'name': 'Bench API'})\n"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True)
    created = subprocess.run(
        [sys.executable, "manage.py", "api_key", "create", "--organisation", "bench-api", "--role", "viewer",
         "--name", "bench"], cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )
    return created.stdout.strip()


def _timed(conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None, headers: dict) -> float:
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        raise RuntimeError(f"{method} {path}: HTTP {response.status}")
    return elapsed


def _cli(documents: list[dict]) -> dict:
    """The console script on the same documents, with no configuration (an empty environment)."""
    program = "import sys; from pathways.rules.cli import main; sys.exit(main())"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    with tempfile.TemporaryDirectory(prefix="atmp-bench-cli-") as folder:
        paths = []
        for number, document in enumerate(documents):
            path = Path(folder) / f"doc{number}.json"
            path.write_text(json.dumps(document))
            paths.append(str(path))
        singles = []
        for path in paths[:CLI_SINGLE_RUNS]:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", program, "assess", path], cwd=ROOT, env=env, check=True,
                           capture_output=True)
            singles.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", program, "assess", *paths], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        batch = time.perf_counter() - start
    return {
        "cli_one_process_per_document_median_ms": round(statistics.median(singles) * 1000, 1),
        "cli_all_documents_in_one_process_ms_per_document": round(batch / len(documents) * 1000, 2),
    }


def _in_process(token: str, bodies: list[bytes]) -> dict:
    """The same requests through the Django test client in this process: the server's own time,
    without HTTP or gunicorn, and the SQL statements each request runs."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    timings, queries = [], []
    with override_settings(API_KEY_REQUESTS_PER_MINUTE=1_000_000):
        for body in bodies:
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.post("/api/v1/assess", body, content_type="application/json")
                timings.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise RuntimeError(f"in-process POST /api/v1/assess: HTTP {response.status_code}")
            queries.append(len(captured.captured_queries))
    return {
        "in_process_p50_ms": round(statistics.median(timings) * 1000, 2),
        "in_process_p95_ms": round(percentile(timings, 0.95) * 1000, 2),
        "queries_per_request_max": max(queries[1:]),  # the first also writes the key's last-used time
    }


def run(database_url: str) -> dict:
    env = server_env(database_url, API_KEY_REQUESTS_PER_MINUTE="1000000")
    token = _key(env)
    documents = _documents()
    bodies = [json.dumps(document).encode() for document in documents]
    with gunicorn(env) as port:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Host": f"127.0.0.1:{port}"}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for body in bodies[:30]:  # warm up every worker's imports and caches
            _timed(conn, "POST", "/api/v1/assess", body, headers)
        assess = [_timed(conn, "POST", "/api/v1/assess", body, headers) for body in bodies]
        trivial = [_timed(conn, "GET", "/bench/trivial", None, {"Host": headers["Host"]}) for _ in bodies]
        conn.close()
    result = {
        "documents": DOCUMENTS, "clients": 1, "server": SERVER,
        "assess_p50_ms": round(statistics.median(assess) * 1000, 2),
        "assess_p95_ms": round(percentile(assess, 0.95) * 1000, 2),
        "baseline_p50_ms": round(statistics.median(trivial) * 1000, 2),
        "baseline_p95_ms": round(percentile(trivial, 0.95) * 1000, 2),
        "budget_p95_ms": 20,
    }
    result["assess_p95_ratio_to_baseline"] = round(result["assess_p95_ms"] / result["baseline_p95_ms"], 2)
    result.update(_in_process(token, bodies))
    result.update(_cli(documents))
    result["assess_p50_ratio_to_cli_one_process_per_document"] = round(
        result["assess_p50_ms"] / result["cli_one_process_per_document_median_ms"], 3
    )
    result["assess_p50_ratio_to_cli_in_one_process"] = round(
        result["assess_p50_ms"] / result["cli_all_documents_in_one_process_ms_per_document"], 2
    )
    return result


if __name__ == "__main__":  # python -m bench.api: this benchmark alone, on a SQLite file of its own
    # (not bench_database_url(), which recreates the shared benchmark database under a running make bench)
    path = Path(tempfile.gettempdir()) / "atmp_bench_api.sqlite3"
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="bench.settings")
    import django

    django.setup()
    print(json.dumps(run(url), indent=2))
