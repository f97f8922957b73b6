"""The EU flowchart's path: the boxes the engine went through, each with every finding it stands for."""

from datetime import date

from classification.flowchart import eu_flowchart
from pathways.rules import advise
from tests.products import CAR_T, HSC


def flowchart(answers):
    return eu_flowchart(advise({"schema_version": "1", "answers": answers}, as_of=date(2026, 6, 1))["eu"])


def test_a_gene_therapy_path_shows_both_precedence_rules_in_the_text_equivalent():
    chart = flowchart(CAR_T)
    precedence = next(b for b in chart["boxes"] if b["label"].startswith("Precedence"))
    assert precedence["on_path"]
    assert "gene therapy medicinal product" in precedence["finding"]  # Art 2(5): GTMP over sCTMP
    assert "principal mode of action" in precedence["finding"]  # Art 2(2): viable cells
    assert chart["outcome"] == "Gene therapy medicinal product (GTMP)"


def test_a_product_that_is_not_an_atmp_leaves_the_later_boxes_off_the_path():
    chart = flowchart(HSC)
    on_path = [b["label"] for b in chart["boxes"] if b["on_path"]]
    assert on_path and not any(label.startswith("Purpose") for label in on_path)
    assert chart["outcome"].startswith("Not an ATMP")
    assert [s["label"] for s in chart["steps"]] == on_path
