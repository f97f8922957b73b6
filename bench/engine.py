"""Engine benchmark: one full evaluation (EU + US + hospital exemption + pathways)."""

from __future__ import annotations

import random
import statistics
import time
from datetime import date


def run(samples: int = 5000) -> dict:
    from classification.rules.sampling import random_answers
    from pathways.rules import advise

    rng = random.Random(20261124)
    documents = [random_answers(rng) for _ in range(samples)]
    as_of = date(2026, 6, 1)
    for document in documents[:200]:  # warm up
        advise(document, as_of=as_of)
    timings = []
    for document in documents:
        start = time.perf_counter()
        advise(document, as_of=as_of)
        timings.append(time.perf_counter() - start)
    total = sum(timings)
    return {
        "median_ms": round(statistics.median(timings) * 1000, 4),
        "p95_ms": round(sorted(timings)[int(len(timings) * 0.95)] * 1000, 4),
        "evaluations_per_second": round(len(timings) / total, 1),
        "samples": samples,
        "budget_median_ms": 1.0,
    }
