"""Runs every golden scenario and checks that every rule id is exercised by one."""

from pathlib import Path

import pytest

from classification.rules.engine import evaluate
from classification.rules.eu import EU_RULES
from classification.rules.hospital_exemption import HE_RULES
from classification.rules.us import US_RULES
from classification.rules.validation import advice_errors

from .scenario_runner import check_part, load_scenarios, scenario_document

SCENARIOS = load_scenarios(Path(__file__).with_name("scenarios"))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario(scenario):
    document, as_of = scenario_document(scenario)
    advice = evaluate(document, as_of=as_of)
    assert advice_errors(advice) == []
    failures = []
    for part, expected in scenario["expect"].items():
        failures += check_part(part, advice[part], expected)
    assert not failures, "\n".join(failures)


def test_there_are_at_least_sixty_scenarios():
    assert len(SCENARIOS) >= 60


def test_every_rule_id_is_exercised_by_a_scenario():
    seen: set[str] = set()
    for scenario in SCENARIOS:
        document, as_of = scenario_document(scenario)
        advice = evaluate(document, as_of=as_of)
        for part in ("eu", "us", "hospital_exemption"):
            seen.update(step["rule"] for step in advice[part]["trace"])
    every_rule = EU_RULES.ids() | US_RULES.ids() | HE_RULES.ids()
    assert sorted(every_rule - seen) == []
