"""The benchmark's own database: PostgreSQL on 127.0.0.1 when it answers, else a SQLite file."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def bench_database_url() -> tuple[str, str]:
    if shutil.which("psql") and shutil.which("pg_isready"):
        ready = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False)
        if ready.returncode == 0:
            for sql in ("DROP DATABASE IF EXISTS atmp_bench", "CREATE DATABASE atmp_bench"):
                subprocess.run(
                    ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True, capture_output=True
                )
            return "postgresql://postgres@127.0.0.1:5432/atmp_bench", "postgresql"
    path = Path(tempfile.gettempdir()) / "atmp_bench.sqlite3"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}", "sqlite"
