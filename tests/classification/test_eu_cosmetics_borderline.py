"""EU-CLS-10: human cells with no medical claim are flagged as a cosmetics/medicinal borderline, with the CAT."""

from datetime import date

import pytest

from classification.rules.eu import eu_classification

NO_CLAIM = {"medicinal_purpose": False, "nucleic_acid": "none", "contains_cells_or_tissues": True}


def outcome(**answers):
    return eu_classification({**NO_CLAIM, **answers}, as_of=date(2026, 6, 1))


@pytest.mark.parametrize("origin", ["autologous", "allogeneic", None])
def test_human_cells_without_a_medical_claim_carry_the_cosmetics_note_and_the_cat_step(origin):
    result = outcome(**({"cell_origin": origin} if origin else {}))
    assert result.category == "not_ATMP" and result.not_atmp_route == "not_a_medicinal_product"
    assert any(note.startswith("EU-CLS-10") and "Annex II" in note and "[R]" in note for note in result.notes)
    assert any("Art 17" in step and step.startswith("If the product is applied to people") for step in result.next_steps)


def test_animal_cells_or_no_cells_carry_no_cosmetics_note():
    for result in (outcome(cell_origin="xenogeneic"), outcome(contains_cells_or_tissues=False)):
        assert not any(note.startswith("EU-CLS-10") for note in result.notes)
        assert result.next_steps == []
