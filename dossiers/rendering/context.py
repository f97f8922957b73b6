"""Everything a memo or dossier shows, from the answers document and the advice: one context
for the PDF template and the DOCX builder, so both say the same thing."""

from __future__ import annotations

from datetime import date
from typing import Any

from assessments.presentation import LEAD_CENTER_LABELS
from assessments.summary import (
    EU_CATEGORY_LABELS,
    HE_STATUS_LABELS,
    NOT_ATMP_ROUTE_LABELS,
    PATHWAY_STATUS_LABELS,
    US_STATUS_LABELS,
)
from classification.rules.questions import catalogue
from pathways.roadmap_svg import roadmap_chart

from .checklists import checklists

CRITERION_STATUS_LABELS = {"met": "Met", "not_met": "Not met", "unknown": "Unknown: evidence needed"}
# Eligible pathways lead the executive summary, then those that are potentially eligible.
LEADING_STATUSES = ("eligible", "potentially_eligible")

OFFICIAL_PROCEDURES = [
    ("EU classification", "CAT scientific recommendation on classification, Art 17 of Regulation (EC) No 1394/2007 "
     "(free; answered within 60 days of a valid request)."),
    ("US jurisdiction of an HCT/P", "FDA Tissue Reference Group (TRG) recommendation on 361 HCT/P versus 351 "
     "regulation (21 CFR 1271.10)."),
    ("US lead centre of a combination product", "Pre-Request for Designation, or a Request for Designation to "
     "the Office of Combination Products (21 CFR Part 3; answer within 60 days)."),
    ("EU hospital exemption", "The national competent authority of the Member State decides (Art 3(7) of "
     "Directive 2001/83/EC and national law)."),
]


def _label(mapping: dict[str, str], key: str | None) -> str:
    return mapping.get(key or "", key or "")


def _answers_appendix(answers: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """Every given answer ("I don't know" included) by section, and how many questions asked stayed blank.

    Blank questions are counted, not listed: those that could change the outcome are the memo's open questions.
    """
    shown = catalogue().visible(answers)
    sections = []
    for section in catalogue().sections:
        rows = [
            {
                "question": q.text,
                "answer": q.choice_label(answers[q.id])
                + (f" {q.unit}" if q.unit and isinstance(answers[q.id], int | float) else ""),
            }
            for q in shown
            if q.section == section.id and answers.get(q.id) is not None
        ]
        if rows:
            sections.append({"title": section.title, "rows": rows})
    return sections, sum(1 for q in shown if answers.get(q.id) is None)


def _unanswered_note(count: int) -> str:
    if not count:
        return ""
    if count == 1:
        return (
            "1 question the wizard asks for this product was not answered; section 4 lists it if it could change "
            "the outcome."
        )
    return (
        f"{count} questions the wizard asks for this product were not answered; section 4 lists those that could "
        "change the outcome."
    )


def _open_questions(advice: dict[str, Any]) -> list[str]:
    ids = dict.fromkeys(
        advice["eu"]["missing"] + advice["us"]["missing"] + advice["hospital_exemption"].get("missing", [])
    )
    texts = []
    for qid in ids:
        try:
            texts.append(catalogue().question(qid).text)
        except KeyError:
            texts.append(qid)
    return texts


def memo_context(
    *,
    document: dict[str, Any],
    advice: dict[str, Any],
    kind: str = "memo",
    organisation_name: str = "",
    logo_url: str = "",
    prepared_by: str = "",
    issued: date,
) -> dict[str, Any]:
    eu, us, he = advice["eu"], advice["us"], advice["hospital_exemption"]
    product = document.get("product") or {}
    appendix, unanswered_count = _answers_appendix(document.get("answers", {}))
    pathways = [
        {
            **p,
            "status_label": _label(PATHWAY_STATUS_LABELS, p["status"]),
            "name": p.get("name") or p["id"],
            # The pathway engine's checklist keys are optional: a memo renders without them.
            "criteria": [
                {**c, "status_label": _label(CRITERION_STATUS_LABELS, c.get("status"))} for c in p.get("criteria") or []
            ],
        }
        for p in advice.get("pathways", [])
    ]
    roadmap = sorted(
        (m for m in advice.get("roadmap") or [] if "start_month" in m and "duration_days" in m),
        key=lambda m: m["start_month"],
    )
    eu_label = _label(EU_CATEGORY_LABELS, eu["category"]) + (", combined ATMP" if eu.get("combined_atmp") else "")
    return {
        "kind": kind,
        "title": "Regulatory dossier" if kind == "dossier" else "Classification memo",
        "organisation_name": organisation_name,
        "logo_url": logo_url,
        "prepared_by": prepared_by,
        "issued": issued,
        "product": {
            "name": product.get("name") or "Unnamed product",
            "description": product.get("description", ""),
            "indication": product.get("indication", ""),
            "sponsor": product.get("sponsor", ""),
        },
        "advice": advice,
        "eu_label": eu_label,
        "not_atmp_label": _label(NOT_ATMP_ROUTE_LABELS, eu.get("not_atmp_route")),
        "us_label": _label(US_STATUS_LABELS, us["status"]),
        "lead_center_label": _label(LEAD_CENTER_LABELS, us.get("lead_center")),
        "he_label": _label(HE_STATUS_LABELS, he["status"]),
        "traces": [
            ("European Union classification", eu["trace"]),
            ("United States status", us["trace"]),
            ("EU hospital exemption", he["trace"]),
        ],
        "pathways": pathways,
        "pathways_with_criteria": [p for p in pathways if p["criteria"]],
        "leading_pathways": sorted(
            (p for p in pathways if p["status"] in LEADING_STATUSES), key=lambda p: LEADING_STATUSES.index(p["status"])
        )[:6],
        "open_questions": _open_questions(advice),
        "next_steps": list(dict.fromkeys(eu.get("next_steps", []) + us.get("next_steps", []) + he.get("next_steps", []))),
        "official_procedures": OFFICIAL_PROCEDURES,
        "appendix": appendix,
        "unanswered_count": unanswered_count,
        "unanswered_note": _unanswered_note(unanswered_count),
        "checklists": checklists(advice) if kind == "dossier" else [],
        "roadmap": roadmap,
        "roadmap_chart": roadmap_chart(roadmap) if roadmap else None,
        "footer": (
            f"Ruleset {advice['ruleset']['version']} · rules in force on {advice['ruleset']['as_of']} · "
            f"answers {advice.get('answers_hash', '')[:16]}"
        ),
    }
