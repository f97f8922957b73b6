"""The dossier's checklists: cited, tagged with confidence, and saying whether they matter for the product."""

from datetime import date

import pytest

from dossiers.rendering import checklists as checklists_module
from dossiers.rendering.checklists import checklists
from pathways.rules import advise

from .archetypes import GENE_THERAPY, NOT_ATMP

AS_OF = date(2026, 6, 1)


def by_id(document):
    return {c["id"]: c for c in checklists(advise(document, as_of=AS_OF))}


def test_every_checklist_is_cited_and_every_item_carries_a_confidence_tag():
    for checklist in by_id(GENE_THERAPY).values():
        assert checklist["citation"]["instrument"] and checklist["citation"]["provision"]
        assert checklist["rule"].startswith(("EU-", "US-"))
        assert checklist["items"] and all(i["confidence"] in {"V", "S", "R"} for i in checklist["items"])


def test_a_gene_therapy_needs_the_rmat_checklist_and_may_skip_the_cat_request():
    found = by_id({**GENE_THERAPY, "answers": {**GENE_THERAPY["answers"], "condition_severity": "life_threatening"}})
    assert found["us_rmat_breakthrough"]["relevant"]
    assert "RMAT" in found["us_rmat_breakthrough"]["relevance"]
    assert not found["cat_classification"]["relevant"]
    assert found["cat_classification"]["relevance"].startswith("Optional")


def test_a_product_that_is_not_an_atmp_has_no_hospital_exemption_or_rmat_to_prepare():
    found = by_id(NOT_ATMP)
    assert not found["hospital_exemption"]["relevant"]
    assert found["hospital_exemption"]["relevance"].startswith("Not needed")


def test_a_borderline_classification_recommends_the_cat_request():
    answers = {**GENE_THERAPY["answers"], "transgene_role": "unknown"}
    assert by_id({**GENE_THERAPY, "answers": answers})["cat_classification"]["relevant"]


def test_a_checklist_item_without_a_confidence_tag_is_refused(tmp_path, monkeypatch):
    bad = tmp_path / "checklists.yaml"
    bad.write_text(
        "- {id: cat_classification, title: X, rule: EU-CLS-11, citation: {instrument: I, provision: P}, "
        "items: [{text: t}]}\n"
    )
    monkeypatch.setattr(checklists_module, "CHECKLISTS_FILE", bad)
    checklists_module._load.cache_clear()
    try:
        with pytest.raises(ValueError, match="confidence tag"):
            checklists_module._load()
    finally:
        checklists_module._load.cache_clear()


def test_a_checklist_the_code_cannot_judge_is_refused(tmp_path, monkeypatch):
    bad = tmp_path / "checklists.yaml"
    bad.write_text(
        "- {id: unknown_procedure, title: X, rule: EU-CLS-11, citation: {instrument: I, provision: P}, "
        "items: [{text: t, confidence: V}]}\n"
    )
    monkeypatch.setattr(checklists_module, "CHECKLISTS_FILE", bad)
    checklists_module._load.cache_clear()
    try:
        with pytest.raises(ValueError, match="no relevance rule"):
            checklists_module._load()
    finally:
        checklists_module._load.cache_clear()
