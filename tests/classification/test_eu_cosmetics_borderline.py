"""EU-CLS-10: human cells with no medical claim are flagged as a cosmetics/medicinal borderline, with the CAT.

The warning is a rule with a trace step (not a free-text note): it cites its one register entry,
is tagged [R] (the Annex II entry is not verified), and never turns the outcome borderline, since
the not-an-ATMP conclusion rests on the answer "no medical purpose", not on the [R] fact."""

from datetime import date

import pytest

from classification.rules.eu import CAT, EU_RULES, eu_classification

NO_CLAIM = {"medicinal_purpose": False, "nucleic_acid": "none", "contains_cells_or_tissues": True}


def outcome(**answers):
    return eu_classification({**NO_CLAIM, **answers}, as_of=date(2026, 6, 1))


def _cosmetics_steps(result):
    return [s for s in result.trace if s.rule.id == "EU-CLS-10"]


@pytest.mark.parametrize("origin", ["autologous", "allogeneic", None])
def test_human_cells_without_a_medical_claim_carry_the_cosmetics_step_and_the_cat_step(origin):
    result = outcome(**({"cell_origin": origin} if origin else {}))
    assert result.category == "not_ATMP" and result.not_atmp_route == "not_a_medicinal_product"
    assert not result.borderline
    [step] = _cosmetics_steps(result)
    assert step.rule is EU_RULES["EU-CLS-10"] and step.rule.confidence == "R"
    assert "Annex II" in step.finding and "not verified" in step.finding
    assert "EU-CLS" not in step.finding  # a sentence, not a rule id
    assert result.next_steps == [
        "If the product is applied to people, " + CAT.next_step[0].lower() + CAT.next_step[1:]
    ]
    assert not any(note.startswith("EU-CLS-10") for note in result.notes)


def test_animal_cells_or_no_cells_carry_no_cosmetics_step():
    for result in (outcome(cell_origin="xenogeneic"), outcome(contains_cells_or_tissues=False)):
        assert _cosmetics_steps(result) == []
        assert result.next_steps == []
