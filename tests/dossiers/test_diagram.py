"""The decision diagrams (assessments.diagram): yes/no branches in the order the law asks, the
branch the product took and the deciding answers marked, the open question of an undetermined
outcome, and a text equivalent that says the same."""

import copy
import xml.etree.ElementTree as ET

import pytest

from assessments.diagram import decision_diagrams
from dossiers.rendering.diagram_png import diagram_png
from pathways.rules import advise

from .archetypes import ARCHETYPES, GENE_THERAPY
from .documents import ISSUED, advice_of


def eu_and_us(archetype):
    return decision_diagrams(advice_of(archetype))


def answers(diagram):
    return [step["answer"] for step in diagram["steps"] if step["answer"] != "applied"]


def highlighted_outcomes(diagram):
    boxes = [s for s in diagram["shapes"] if s["kind"] == "rect" and s["style"] == "outcome"]
    return boxes


@pytest.mark.parametrize(("archetype", "eu_answers", "us_answers"), [
    ("gene_therapy", ["yes", "yes"], ["yes", "no", "no"]),  # GTMP at the gene test; 351 after the criteria
    ("combined_tep", ["yes", "no", "yes", "yes", "yes"], ["open: the answer is not known yet"]),  # TEP; US open
    ("not_atmp", ["yes", "no", "yes", "no"], ["open: the answer is not known yet"]),  # not engineered
    ("hospital_msc", ["yes", "no", "yes", "yes", "no"], ["open: the answer is not known yet"]),  # sCTMP at the bottom
])
def test_the_path_takes_the_branch_the_answers_decide(archetype, eu_answers, us_answers):
    eu, us = eu_and_us(archetype)
    assert answers(eu) == eu_answers
    assert answers(us)[: len(us_answers)] == us_answers
    assert len(highlighted_outcomes(eu)) == 1
    assert eu["outcome"].startswith(ARCHETYPES[archetype][1])


def test_the_taken_branch_is_drawn_bold_and_the_others_faint():
    eu, _ = eu_and_us("gene_therapy")
    on = [s for s in eu["shapes"] if s["kind"] == "line" and s["on"]]
    assert len(on) == 2  # medicinal product: yes (down); gene test: yes (right, to the outcome)
    labels = [s["text"] for s in eu["shapes"] if s["kind"] == "text" and s["bold"]]
    assert "Gene therapy medicinal product (GTMP)" in " ".join(labels)


def test_an_undetermined_outcome_marks_the_question_left_open():
    document = copy.deepcopy(GENE_THERAPY)
    document["answers"]["transgene_role"] = "unknown"
    eu, _ = decision_diagrams(advise(document, as_of=ISSUED))
    assert [s["style"] for s in eu["shapes"] if s["kind"] == "rect"].count("open") == 1
    assert eu["steps"][-1]["open"] and "gene therapy test" in eu["steps"][-1]["question"]
    assert eu["summary"].startswith("Open at question 2")


def test_the_text_equivalent_keeps_the_precedence_findings():
    eu, _ = eu_and_us("gene_therapy")
    text = " ".join(step["finding"] for step in eu["steps"])
    assert "gene therapy medicinal product" in text  # Art 2(5): GTMP over sCTMP
    assert "principal mode of action" in text  # Art 2(2): viable cells


@pytest.mark.parametrize("archetype", sorted(ARCHETYPES))
def test_the_svg_is_well_formed_titled_and_escaped(archetype):
    for diagram in eu_and_us(archetype):
        root = ET.fromstring(diagram["svg"])
        assert root.get("role") == "img" and "also given as text" in root.get("aria-label")
        assert root.find("{http://www.w3.org/2000/svg}title").text == diagram["title"]


def test_the_png_is_the_same_picture_every_time():
    eu, _ = eu_and_us("combined_tep")
    first = diagram_png(eu)
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and first == diagram_png(eu)
