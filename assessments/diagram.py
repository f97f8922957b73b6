"""The decision diagrams of the result page and the memo: the EU classification and the US status
as yes/no questions in the order the law asks them, with the branch this product took and the
deciding answers marked, and the same path as text.

A pure function of the advice (``decision_diagrams(advice)``). It returns the shapes (boxes,
arrows, words) once, so the SVG of the page and the PDF and the picture of the DOCX
(dossiers/rendering/diagram_png.py) draw the same diagram."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from pathways.rules import labels

WIDTH = 660
NODE_X, NODE_W, NODE_H = 8, 330, 34
TERM_X, TERM_W = 404, 248
ROW = 52  # vertical distance between two questions
TOP = 10
FONT = 12
CHARS_NODE, CHARS_TERM = 50, 37  # what fits on a line of a box at FONT (Source Sans 3)


@dataclass(frozen=True)
class Node:
    question: str
    rules: tuple[str, ...]  # a rule id, or a prefix ending in "*"
    questions: tuple[str, ...]  # the question ids it rests on
    exit_on: bool  # the answer that leaves the chain for the box on the right
    exit_label: str  # what that box says when this product did not go there


EU_NODES = (
    Node("Is it a medicinal product (to treat, prevent or diagnose a disease)?", ("EU-CLS-1",),
         ("medicinal_purpose",), False, "Not a medicinal product: not an ATMP"),
    Node("Does a recombinant nucleic acid act on a genetic sequence (the gene therapy test)?", ("EU-CLS-2*",),
         ("nucleic_acid", "nucleic_acid_acts_on_genetic_sequence", "transgene_role", "infectious_disease_vaccine"),
         True, labels.eu_category("GTMP")),
    Node("Does it contain nucleated cells or tissues, viable or acting by their own action?", ("EU-CLS-3",),
         ("contains_cells_or_tissues", "cells_nucleated", "cells_viable"), False,
         "Not an ATMP: another framework applies"),
    Node("Are they engineered: substantially manipulated, or used for another essential function?",
         ("EU-CLS-4*",), ("manipulations", "same_essential_function", "substantial_manipulation"), False,
         f"Not an ATMP: {labels.not_atmp_route('tissues_and_cells')}"),
    Node("Is the main purpose to regenerate, repair or replace a human tissue?", ("EU-CLS-5",),
         ("intended_purpose",), True, labels.eu_category("TEP")),
)
EU_LAST = labels.eu_category("sCTMP")
# Rules applied after the questions: which definition takes precedence, and a device part.
EU_AFTER = ("Which definition takes precedence, and is a medical device an integral part?", ("EU-CLS-6*", "EU-CLS-7",
                                                                                               "EU-CLS-9"))

US_NODES = (
    Node("Is it an HCT/P: human cells or tissues to implant, infuse or transfer into a patient?",
         ("US-DEF-1", "US-DEF-2*"), ("contains_cells_or_tissues", "cell_origin", "us_excluded_article", "us_tissue_type"),
         False, "Not an HCT/P: drug, biologic or device rules"),
    Node("Does an exception of 21 CFR 1271.15 apply, such as the same surgical procedure?", ("US-EXC-*",),
         ("us_same_surgical_procedure",), True, labels.us_status("exempt_1271_15")),
    Node("Does it meet all four criteria of 21 CFR 1271.10(a)?", ("US-361-*", "US-DEF-3", "US-DEF-4", "US-DEF-5"),
         ("us_minimally_manipulated", "us_homologous_use", "us_combined_with_other_article", "us_systemic_or_metabolic",
          "us_donor_relationship", "manipulations", "same_essential_function", "integral_medical_device"),
         True, labels.us_status("361_hctp")),
)
US_LAST = "Section 351 biological product (or a drug or device)"
US_AFTER = ("Is it a combination product, and which centre leads?", ("US-CP-*", "US-JUR-*"))


def _matches(rule: str, patterns: tuple[str, ...]) -> bool:
    return any(rule.startswith(p[:-1]) if p.endswith("*") else rule == p for p in patterns)


def _words_in_box(x: int, y: int, text: str, width: int, bold: bool) -> list[dict[str, Any]]:
    """At most two lines of words, centred in the height of a box."""
    lines = _wrap(text, width)[:2]
    first = y + NODE_H // 2 + 4 - (len(lines) - 1) * 15 // 2
    return [{"kind": "text", "x": x + 10, "y": first + j * 15, "text": line, "bold": bold} for j, line in enumerate(lines)]


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _eu_exit(eu: dict[str, Any], reached: list[bool]) -> tuple[int, bool | None]:
    """Where the EU path leaves the chain: (index of the node, the answer there); an index past the
    last node is the box below it; answer None marks an open question."""
    category = eu["category"]
    if category == "GTMP":
        return 1, True
    if category == "TEP":
        return 4, True
    if category == "sCTMP":
        return 4, False
    if category == "not_ATMP":
        if eu.get("not_atmp_route") == "not_a_medicinal_product":
            return 0, False
        last = max((i for i in (2, 3) if reached[i]), default=2)
        return last, False
    return -1, None


def _us_exit(us: dict[str, Any], reached: list[bool]) -> tuple[int, bool | None]:
    status = us["status"]
    if status == "361_hctp":
        return 2, True
    if status == "exempt_1271_15":
        return 1, True
    if status == "undetermined":
        return -1, None
    return (2, False) if reached[2] else (0, False)


def _diagram(title: str, nodes: tuple[Node, ...], last_label: str, after: tuple[str, tuple[str, ...]],
             part: dict[str, Any], exit_of, outcome: str) -> dict[str, Any]:
    trace = part.get("trace") or []
    findings = [[s["finding"] for s in trace if _matches(s.get("rule", ""), n.rules)] for n in nodes]
    reached = [bool(f) for f in findings]
    exit_index, exit_answer = exit_of(part, reached)
    open_index = None
    if exit_answer is None:  # undetermined: the first question an open answer decides
        deciding = set(part.get("decisive") or part.get("missing") or [])
        open_index = next((i for i, n in enumerate(nodes) if deciding & set(n.questions)),
                          max((i for i, r in enumerate(reached) if r), default=0))
    stop = open_index if open_index is not None else exit_index
    shapes: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []
    for i, node in enumerate(nodes):
        y = TOP + i * ROW
        on_path = i <= stop
        is_open = i == open_index
        answer: bool | None = None
        if on_path and not is_open:
            answer = exit_answer if i == exit_index else not node.exit_on
        shapes.append({"kind": "rect", "x": NODE_X, "y": y, "w": NODE_W, "h": NODE_H,
                       "style": "open" if is_open else ("on" if on_path else "off")})
        shapes += _words_in_box(NODE_X, y, node.question, CHARS_NODE, on_path)
        # The branch to the right (exit) and the one down (continue).
        leaves = on_path and answer == node.exit_on
        shapes.append({"kind": "line", "x1": NODE_X + NODE_W, "y1": y + NODE_H // 2, "x2": TERM_X,
                       "y2": y + NODE_H // 2, "on": leaves})
        shapes.append({"kind": "text", "x": NODE_X + NODE_W + 12, "y": y + NODE_H // 2 - 6,
                       "text": "yes" if node.exit_on else "no", "bold": leaves})
        shapes.append({"kind": "rect", "x": TERM_X, "y": y, "w": TERM_W, "h": NODE_H,
                       "style": "outcome" if leaves else "off"})
        label = outcome if leaves else node.exit_label
        shapes += _words_in_box(TERM_X, y, label, CHARS_TERM, leaves)
        goes_on = on_path and not is_open and answer == (not node.exit_on)
        shapes.append({"kind": "line", "x1": NODE_X + NODE_W // 2, "y1": y + NODE_H, "x2": NODE_X + NODE_W // 2,
                       "y2": y + ROW, "on": goes_on})
        shapes.append({"kind": "text", "x": NODE_X + NODE_W // 2 + 8, "y": y + NODE_H + 13,
                       "text": "no" if node.exit_on else "yes", "bold": goes_on})
        if on_path:
            answer_words = "open: the answer is not known yet" if is_open else ("yes" if answer else "no")
            steps.append({"question": node.question, "answer": answer_words,
                          "finding": labels.plain(" ".join(dict.fromkeys(findings[i]))), "open": is_open})
    later = [s["finding"] for s in trace if _matches(s.get("rule", ""), after[1])]
    if later:
        steps.append({"question": after[0], "answer": "applied", "finding": labels.plain(" ".join(dict.fromkeys(later))),
                      "open": False})
    y = TOP + len(nodes) * ROW
    leaves_last = exit_index == len(nodes) - 1 and exit_answer == (not nodes[-1].exit_on)
    shapes.append({"kind": "rect", "x": NODE_X, "y": y, "w": NODE_W, "h": NODE_H,
                   "style": "outcome" if leaves_last else "off"})
    shapes += _words_in_box(NODE_X, y, outcome if leaves_last else last_label, CHARS_NODE, leaves_last)
    height = y + NODE_H + 8
    summary = f"Outcome: {outcome}."
    if open_index is not None:
        summary = f"Open at question {open_index + 1}: {outcome}."
    return {"title": title, "width": WIDTH, "height": height, "shapes": shapes, "steps": steps,
            "outcome": outcome, "summary": summary, "svg": svg(title, summary, WIDTH, height, shapes)}


def svg(title: str, summary: str, width: int, height: int, shapes: list[dict[str, Any]]) -> str:
    """The shapes as an inline SVG with a title and description (the text equivalent follows it)."""
    out = [f'<svg class="decision-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{escape(title)}. {escape(summary)} The path is also given as text.">',
           f"<title>{escape(title)}</title>"]
    for s in shapes:
        if s["kind"] == "rect":
            out.append(f'<rect class="{s["style"]}" x="{s["x"]}" y="{s["y"]}" width="{s["w"]}" height="{s["h"]}" '
                       f'rx="5" fill="{FILL[s["style"]]}" stroke="{STROKE[s["style"]]}" '
                       f'stroke-width="{2 if s["style"] != "off" else 1}"'
                       + (' stroke-dasharray="5 3"' if s["style"] == "open" else "") + "/>")
        elif s["kind"] == "line":
            out.append(f'<line class="{"on" if s["on"] else "off"}" x1="{s["x1"]}" y1="{s["y1"]}" x2="{s["x2"]}" '
                       f'y2="{s["y2"]}" stroke="{LINE_ON if s["on"] else LINE_OFF}" stroke-width="{3 if s["on"] else 1}"/>')
        else:
            out.append(f'<text x="{s["x"]}" y="{s["y"]}" font-family="Source Sans 3, sans-serif" font-size="{FONT}" '
                       f'font-weight="{700 if s["bold"] else 400}" fill="{TEXT_ON if s["bold"] else TEXT_OFF}">'
                       f"{escape(s['text'])}</text>")
    out.append("</svg>")
    return "".join(out)


FILL = {"on": "#eaf1fb", "off": "#ffffff", "open": "#fff7e6", "outcome": "#e6f4ea"}
STROKE = {"on": "#1d4ed8", "off": "#b1b4b6", "open": "#b45309", "outcome": "#00703c"}
LINE_ON, LINE_OFF = "#0b0c0c", "#b1b4b6"
TEXT_ON, TEXT_OFF = "#0b0c0c", "#505a5f"


def decision_diagrams(advice: dict[str, Any]) -> list[dict[str, Any]]:
    """The EU and the US decision diagrams of this advice."""
    eu, us = advice["eu"], advice["us"]
    return [
        _diagram("EU classification: how the answers decide", EU_NODES, EU_LAST, EU_AFTER, eu, _eu_exit,
                 labels.eu_outcome(eu)),
        _diagram("US status: how the answers decide", US_NODES, US_LAST, US_AFTER, us, _us_exit,
                 labels.us_outcome(us, goals=advice.get("goals"))),
    ]
