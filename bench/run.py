#!/usr/bin/env python
"""make bench: measures the engine, the wizard and the PDF memo, each beside a baseline.

Prints a summary and writes bench/results.json. Figures are measurements, not assertions:
budgets (DESIGN.md §8) are printed beside them."""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from bench.database import bench_database_url

    database_url, database = bench_database_url()
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from bench import engine, pdf, wizard

    results: dict = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
    }
    results["engine"] = engine.run()
    print(f"engine: median {results['engine']['median_ms']} ms, {results['engine']['evaluations_per_second']} evaluations/s")
    results["pdf"] = pdf.run()
    p = results["pdf"]
    print(f"pdf: memo median {p.get('memo_median_s')} s ({p.get('memo_body_pages')} body pages), blank "
          f"{p.get('blank_median_s')} s, ratio {p.get('memo_to_blank_ratio')}; dossier {p.get('dossier_median_s')} s; "
          "drafts (docx) " + ", ".join(f"{k[:-14]} {v} s" for k, v in p.items() if k.endswith("_docx_median_s")))
    results["wizard"] = wizard.run(database_url, database)
    w = results["wizard"]
    print(
        f"wizard: 20 users reading ~{w.get('think_s')} s per request: p50 {w.get('p50_ms')} ms, p95 {w.get('p95_ms')} ms "
        f"(baseline p95 {w.get('baseline_p95_ms')} ms; gunicorn's own time p50 {w.get('gunicorn_step_p50_ms')} ms, "
        f"p95 {w.get('gunicorn_step_p95_ms')} ms); no pauses (stress): p95 {w.get('stress_p95_ms')} ms "
        f"(baseline p95 {w.get('stress_baseline_p95_ms')} ms); one user in-process: p50 {w.get('server_p50_ms')} ms, "
        f"p95 {w.get('server_p95_ms')} ms; SQL statements per step median {w.get('queries_per_step_median')}, "
        f"at most {w.get('queries_per_step_max')}; a question GET {w.get('question_get_p50_ms')} ms in-process = "
        f"{w.get('question_get_to_trivial_ratio')} x a trivial view ({w.get('trivial_get_p50_ms')} ms)"
    )
    from bench import api

    results["api"] = a = api.run(database_url)
    print(
        f"api: POST /api/v1/assess, one client: p50 {a['assess_p50_ms']} ms, p95 {a['assess_p95_ms']} ms (budget "
        f"{a['budget_p95_ms']} ms; trivial view p95 {a['baseline_p95_ms']} ms); CLI per document: "
        f"{a['cli_one_process_per_document_median_ms']} ms as one process each (ratio "
        f"{a['assess_p50_ratio_to_cli_one_process_per_document']}), "
        f"{a['cli_all_documents_in_one_process_ms_per_document']} ms in one process (ratio "
        f"{a['assess_p50_ratio_to_cli_in_one_process']})"
    )
    from bench import records

    results["records"] = records.run(database_url)
    print(records.summary(results["records"]))
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
