"""The memo as an editable Word document (python-docx): real heading styles and tables, from the
same context as the PDF."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import Any

from docx import Document


def _table(document, rows: list[list[str]], header: list[str] | None = None) -> None:
    table = document.add_table(rows=0, cols=len(rows[0]) if rows else len(header or [1]))
    table.style = "Table Grid"
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _with_fixed_timestamps(package: bytes, when: datetime) -> bytes:
    """python-docx stamps every zip entry with the clock; re-pack with the issue date so the same
    answers and ruleset give the same bytes (and the same sha256)."""
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(package))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = entry.external_attr
            target.writestr(fixed, source.read(entry))
    return buffer.getvalue()


def _dossier_sections(document, context: dict[str, Any]) -> None:
    """What the dossier adds to the memo, in the order of the PDF."""
    document.add_heading("5. Pathway criteria", level=1)
    for pathway in context["pathways_with_criteria"]:
        document.add_heading(f"{pathway['name']} ({pathway['jurisdiction']}): {pathway['status_label']}", level=2)
        _table(document, [
            [c.get("text", ""), c["status_label"],
             ", ".join(filter(None, [(c.get("citation") or {}).get("instrument"),
                                     (c.get("citation") or {}).get("provision")]))]
            for c in pathway["criteria"]
        ], header=["Criterion", "Status", "Source"])
        for item in pathway.get("missing_evidence") or []:
            document.add_paragraph(f"Evidence to gather: {item}", style="List Bullet")
        if pathway.get("when_to_request"):
            document.add_paragraph(f"When to request: {pathway['when_to_request']}")
        if pathway.get("response_clock"):
            document.add_paragraph(f"Review clock: {pathway['response_clock']}")
    if not context["pathways_with_criteria"]:
        document.add_paragraph("No pathway criteria in this ruleset version.")

    document.add_heading("6. Roadmap", level=1)
    if context["roadmap"]:
        _table(document, [
            [f"month {m['start_month']}" if m["start_month"] else "now", m.get("label", ""), m.get("stage", ""),
             m.get("clock_text", "")]
            for m in context["roadmap"]
        ], header=["Start", "Action", "Stage", "Review clock"])
    else:
        document.add_paragraph("No designation is eligible or potentially eligible yet, so there is no roadmap.")

    document.add_heading("7. Checklists", level=1)
    for checklist in context["checklists"]:
        document.add_heading(checklist["title"], level=2)
        citation = checklist["citation"]
        document.add_paragraph(
            f"{checklist['rule']} · {citation['instrument']}, {citation['provision']}"
            + (f" · {citation['url']}" if citation.get("url") else "")
        )
        document.add_paragraph(checklist["relevance"])
        for item in checklist["items"]:
            tag = f" [{item['confidence']}: {item['confidence_label']}]" if item["confidence"] != "V" else ""
            document.add_paragraph(item["text"] + tag, style="List Bullet")


def render_docx(context: dict[str, Any]) -> bytes:
    advice = context["advice"]
    document = Document()
    issued = context["issued"]
    properties = document.core_properties
    properties.title = f"{context['title']}: {context['product']['name']}"
    properties.author = context["organisation_name"] or "ATMP Advisor"
    when = datetime(issued.year, issued.month, issued.day, tzinfo=UTC)
    properties.created = properties.modified = when
    properties.comments = context["footer"]

    document.add_heading(context["title"], level=0)
    document.add_paragraph(context["product"]["name"]).runs[0].bold = True
    _table(document, [
        ["Organisation", context["organisation_name"]],
        ["Date", issued.strftime("%d %B %Y")],
        ["Prepared by", context["prepared_by"]],
        ["Reviewed by", ""],
        ["Ruleset", f"{advice['ruleset']['version']} (rules in force on {advice['ruleset']['as_of']})"],
        ["Answers hash", advice.get("answers_hash", "")],
    ])
    document.add_paragraph(advice["advisory"])

    document.add_heading("1. Executive summary", level=1)
    _table(document, [
        ["EU category", context["eu_label"] + (f": {context['not_atmp_label']}" if context["not_atmp_label"] else "")],
        ["US status", context["us_label"]],
        ["EU hospital exemption", context["he_label"]],
        ["Leading pathways", "; ".join(f"{p['name']} ({p['status_label']})" for p in context["leading_pathways"])
         or "None identified yet."],
    ])
    if context["product"]["description"]:
        document.add_heading("Product description", level=2)
        document.add_paragraph(context["product"]["description"])

    document.add_heading("2. Reasoning", level=1)
    for heading, trace in context["traces"]:
        document.add_heading(heading, level=2)
        for step in trace:
            citation = step["citation"]
            document.add_paragraph(
                f"{step['rule']} — {step['finding']} ({citation['instrument']}, {citation['provision']})",
                style="List Number",
            )

    document.add_heading("3. Pathways", level=1)
    if context["pathways"]:
        _table(document, [[p["name"], p["jurisdiction"], p["status_label"], " ".join(p["reasons"])]
                          for p in context["pathways"]], header=["Pathway", "Jurisdiction", "Status", "Reasons"])
    else:
        document.add_paragraph("The pathway assessment is not part of this ruleset version.")

    document.add_heading("4. Open questions and official procedures", level=1)
    for text in context["open_questions"] or ["Every deciding question was answered."]:
        document.add_paragraph(text, style="List Bullet")
    for step in context["next_steps"]:
        document.add_paragraph(step, style="List Bullet")
    _table(document, [[q, p] for q, p in context["official_procedures"]])

    if context["kind"] == "dossier":
        _dossier_sections(document, context)

    document.add_heading("Appendix: the answers", level=1)
    for section in context["appendix"]:
        document.add_heading(section["title"], level=2)
        _table(document, [[row["question"], row["answer"]] for row in section["rows"]])
    if not context["appendix"]:
        document.add_paragraph("No answers were given.")
    if context["unanswered_note"]:
        document.add_paragraph(context["unanswered_note"])
    document.add_paragraph(advice["advisory"])
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_fixed_timestamps(buffer.getvalue(), when)
