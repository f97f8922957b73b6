"""What the HTTP benchmarks share: the environment of a production-like server, its migrations,
and gunicorn started on a free port (the Dockerfile's 3 workers × 4 threads) and stopped after."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN_WORKERS = ("--workers", "3", "--threads", "4")
SERVER = "gunicorn " + " ".join(GUNICORN_WORKERS)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    """The bench settings against ``database_url``, debug off, jobs in-process; migrated."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "False",
        "DJANGO_HTTPS": "False",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        **extra,
    }
    env.pop("CELERY_BROKER_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], *args: str) -> Iterator[int]:
    """Serves the app on a free port until the block ends; yields the port once it accepts."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "atmp_advisor.wsgi", "-b", f"127.0.0.1:{port}", *GUNICORN_WORKERS,
         "--log-level", "warning", *args],
        cwd=ROOT, env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
