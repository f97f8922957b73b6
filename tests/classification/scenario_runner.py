"""Golden scenarios: answers → expected outcome, with the rule ids expected in the trace.

File format (tests/classification/scenarios/*.yaml), a list of scenarios::

    - name: car_t_cells_are_gtmp          # unique across all files; reads as a sentence
      source: EU-ENG-6 vector 1           # where the expectation comes from (domain notes, CAT/FDA example)
      as_of: 2026-06-01                   # optional, default 2026-06-01 so results never drift with today
      answers: {nucleic_acid: recombinant, ...}
      expect:
        eu:                               # any subset of the advice's eu keys, compared exactly
          category: GTMP
          combined_atmp: false
          trace_includes: [EU-CLS-2, EU-CLS-6.4]   # rule ids that must appear in the trace
          trace_excludes: [EU-CLS-5]                # rule ids that must not
          missing_includes: [transgene_role]        # question ids that must be listed as missing
        us: {status: 351_biologic, lead_center: CBER, trace_includes: [US-351-1]}
        hospital_exemption: {status: not_eligible, unmet_conditions: [EU-HE-2.4]}
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

DEFAULT_AS_OF = date(2026, 6, 1)
SPECIAL_KEYS = {"trace_includes", "trace_excludes", "missing_includes"}


def load_scenarios(folder: Path) -> list[dict[str, Any]]:
    scenarios: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            item["_file"] = path.name
            scenarios.append(item)
    names = [s["name"] for s in scenarios]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"duplicate scenario names: {sorted(duplicates)}"
    return scenarios


def scenario_document(scenario: dict[str, Any]) -> tuple[dict[str, Any], date]:
    as_of = scenario.get("as_of", DEFAULT_AS_OF)
    if isinstance(as_of, str):
        as_of = date.fromisoformat(as_of)
    return {"schema_version": "1", "answers": scenario.get("answers", {})}, as_of


def check_part(part_name: str, actual: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Compare one part of the advice with its expectation; returns human-readable failures."""
    failures: list[str] = []
    rules = [step["rule"] for step in actual.get("trace", [])]
    for key, want in expected.items():
        if key == "trace_includes":
            absent = [r for r in want if r not in rules]
            if absent:
                failures.append(f"{part_name}.trace lacks {absent}; trace was {rules}")
        elif key == "trace_excludes":
            present = [r for r in want if r in rules]
            if present:
                failures.append(f"{part_name}.trace has {present} but must not")
        elif key == "missing_includes":
            absent = [q for q in want if q not in actual.get("missing", [])]
            if absent:
                failures.append(f"{part_name}.missing lacks {absent}; was {actual.get('missing')}")
        elif actual.get(key) != want:
            failures.append(f"{part_name}.{key}: expected {want!r}, got {actual.get(key)!r}")
    return failures
