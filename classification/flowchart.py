"""The EU decision path as a server-rendered SVG flowchart (no JavaScript), with the steps the
engine took highlighted, plus the text equivalent shown beside it.

The path is derived from the rule ids in the EU trace; each box names the rules it stands for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pathways.rules.labels import EU_CATEGORY_LABELS, NOT_ATMP_ROUTE_LABELS


@dataclass(frozen=True)
class Box:
    key: str
    label: str
    rules: tuple[str, ...]
    y: int


BOXES = (
    Box("medicinal", "Medicinal product? (Dir 2001/83/EC Art 1(2))", ("EU-CLS-1",), 10),
    Box("gene", "Recombinant nucleic acid meeting the GTMP test?", ("EU-CLS-2", "EU-CLS-2a", "EU-CLS-2b",
                                                                    "EU-CLS-2d", "EU-CLS-2e"), 80),
    Box("cells", "Cells or tissues (nucleated; viable or PIM action)?", ("EU-CLS-3",), 150),
    Box("engineered", "Engineered: substantial manipulation or other function?",
        ("EU-CLS-4", "EU-CLS-4a", "EU-CLS-4b", "EU-CLS-4c", "EU-CLS-4d"), 220),
    Box("purpose", "Purpose: repair/replace tissue (TEP) or PIM action (sCTMP)?", ("EU-CLS-5",), 290),
    Box("precedence", "Precedence, Art 2(2)–(5) of Reg (EC) 1394/2007", ("EU-CLS-6.1", "EU-CLS-6.2", "EU-CLS-6.3",
                                                                         "EU-CLS-6.4"), 360),
    Box("device", "Medical device as an integral part? (Art 2(1)(d))", ("EU-CLS-7", "EU-CLS-9"), 430),
)
WIDTH, BOX_W, BOX_H, X = 640, 420, 44, 20


def eu_flowchart(eu: dict[str, Any]) -> dict[str, Any]:
    taken = {step["rule"] for step in eu["trace"]}
    boxes = []
    for box in BOXES:
        on_path = any(rule in taken for rule in box.rules)
        # Every finding the box stands for, in the order the engine reached them (precedence may apply two rules).
        findings = dict.fromkeys(step["finding"] for step in eu["trace"] if step["rule"] in box.rules)
        boxes.append({
            "label": box.label, "y": box.y, "text_y": box.y + 27, "on_path": on_path,
            "finding": " ".join(findings),
        })
    category = eu["category"]
    outcome = EU_CATEGORY_LABELS.get(category, category)
    if eu.get("combined_atmp"):
        outcome += ", combined ATMP"
    if eu.get("not_atmp_route"):
        outcome = f"Not an ATMP: {NOT_ATMP_ROUTE_LABELS.get(eu['not_atmp_route'], eu['not_atmp_route'])}"
    outcome_y = 510
    return {
        "width": WIDTH, "height": outcome_y + BOX_H + 20, "box_x": X, "box_w": BOX_W, "box_h": BOX_H,
        "text_x": X + 12, "arrow_x": X + BOX_W // 2, "boxes": boxes,
        "arrows": [{"y1": b.y + BOX_H, "y2": b.y + 70} for b in BOXES[:-1]] + [{"y1": BOXES[-1].y + BOX_H,
                                                                              "y2": outcome_y}],
        "outcome": outcome, "outcome_y": outcome_y, "outcome_text_y": outcome_y + 27,
        "borderline": eu.get("borderline", False),
        "steps": [b for b in boxes if b["on_path"]],
    }
