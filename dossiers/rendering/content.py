"""The one content model of the memo and the dossier: plain data (blocks.py) built from the answers
document, the advice and the people behind the document. The PDF and the DOCX are both written
from it, so they say the same thing in the same order with the same note numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from classification.rules.procedures import procedure
from classification.rules.questions import catalogue
from pathways.roadmap_svg import roadmap_chart

from . import blocks as b
from . import reading, words
from .checklists import checklists

# Eligible pathways lead, then those that are potentially eligible; the summary names at most three.
LEADING_STATUSES = ("eligible", "potentially_eligible")
SUMMARY_PATHWAYS = 3
# Which pathways serve which goal of the `goals` answer (none ticked: every goal).
GOAL_JURISDICTIONS = {
    "eu_marketing_authorisation": "EU",
    "us_licence": "US",
    "uk_authorisation": "UK",
    "japan_approval": "JP",
}
CLASSIFICATION_PROCEDURES = ("EU-PROC-CAT-CLASSIFICATION", "US-PROC-TRG", "US-PROC-PRE-RFD", "US-PROC-RFD")


@dataclass(frozen=True)
class People:
    """Who the document is for and by: filled from the assessment and the organisation."""

    issued: date
    organisation_name: str = ""
    logo_url: str = ""
    client: str = ""
    author: str = ""
    reviewer: str = ""
    version: int | None = None


def _ticked_goals(document: dict[str, Any], advice: dict[str, Any]) -> list[str]:
    if isinstance(advice.get("goals"), dict):
        return list(advice["goals"].get("ticked") or [])
    goals = (document.get("answers") or {}).get("goals")
    return list(goals) if isinstance(goals, list) else []


def goal_jurisdictions(document: dict[str, Any], advice: dict[str, Any]) -> set[str] | None:
    """The jurisdictions whose pathways serve the user's goals; None when no goal was ticked."""
    wanted = {GOAL_JURISDICTIONS[g] for g in _ticked_goals(document, advice) if g in GOAL_JURISDICTIONS}
    return wanted or None


def wants_hospital_exemption(document: dict[str, Any], advice: dict[str, Any]) -> bool:
    ticked = _ticked_goals(document, advice)
    return not ticked or "hospital_exemption" in ticked


def serving_pathways(document: dict[str, Any], advice: dict[str, Any]) -> list[dict[str, Any]]:
    """The pathways that serve the goals: the advice says so (``serves_goals``); advice saved before
    ruleset 2026.12.2 is filtered by the jurisdictions of the goals ticked."""
    wanted = goal_jurisdictions(document, advice)
    return [
        p for p in advice.get("pathways") or []
        if p.get("serves_goals", wanted is None or p.get("jurisdiction") in wanted)
    ]


def leading_pathways(pathways: list[dict[str, Any]], limit: int = SUMMARY_PATHWAYS) -> list[dict[str, Any]]:
    ranked = [p for p in pathways if p["status"] in LEADING_STATUSES]
    return sorted(ranked, key=lambda p: LEADING_STATUSES.index(p["status"]))[:limit]


def _sentence(value: str) -> str:
    value = value.strip()
    return value if not value or value[-1] in ".!?" else value + "."


def _lower_first(value: str) -> str:
    """"Ask the CAT" → "ask the CAT"; an acronym ("ATMP certification") keeps its capitals."""
    first = value.split(" ", 1)[0]
    return value if len(first) > 1 and first.isupper() else value[:1].lower() + value[1:]


def _assumption_sentences(part: dict[str, Any]) -> list[str]:
    return [_sentence(f"We assumed the answer “{a.answer}” to “{a.question}”: {a.reason}")
            for a in words.assumptions(part)]


def _question_texts(qids: list[str]) -> list[str]:
    return words.open_questions(qids)


def _milestone_date(milestone: dict[str, Any], issued: date) -> str:
    if not milestone.get("start_month"):
        return "now"
    return "from " + reading.month(reading.add_months(issued, milestone["start_month"]))


def served_goals(document: dict[str, Any], advice: dict[str, Any]) -> set[str]:
    """The goals the advice serves: those ticked, or every goal when none is ticked."""
    if isinstance(advice.get("goals"), dict) and advice["goals"].get("served"):
        return set(advice["goals"]["served"])
    return set(_ticked_goals(document, advice)) or {*GOAL_JURISDICTIONS, "hospital_exemption"}


def _summary(document, advice, people: People, pathways) -> list[dict[str, Any]]:
    eu, us, he = advice["eu"], advice["us"], advice["hospital_exemption"]
    goals = served_goals(document, advice)
    out = []
    eu_text = f"In the European Union the product is classified as: {words.eu_outcome(eu)}."
    if eu["category"] == "undetermined" and eu.get("provisional"):
        eu_text += f" Under the answers most such products have, it would be {words.eu_provisional(eu)}; this is not a conclusion."
    if eu.get("borderline"):
        eu_text += " The case is borderline: " + _lower_first(procedure("EU-PROC-CAT-CLASSIFICATION").next_step)
    elif eu.get("next_steps") and "eu_marketing_authorisation" in goals:
        eu_text += " " + _sentence(words.plain(eu["next_steps"][0]))
    out.append(b.paragraph(eu_text))

    us_text = f"In the United States it is: {words.us_outcome(us, goals=advice.get('goals'))}."
    if us["status"] == "undetermined" and us.get("provisional"):
        us_text += f" Under the usual answers it would be {words.us_provisional(us)}; this is not a conclusion."
    if us.get("next_steps") and "us_licence" in goals:
        us_text += " " + _sentence(words.plain(us["next_steps"][0]))
    out.append(b.paragraph(us_text))

    out.append(b.paragraph(_hospital_exemption_sentence(advice, he)))

    lead = leading_pathways(pathways)
    chosen = "the goals given" if _ticked_goals(document, advice) else "every goal (none was chosen)"
    if lead:
        named = [f"{p.get('name') or p['id']} ({words.pathway_status(p['status'])})" for p in lead]
        sentence = f"The pathways that serve {chosen} are led by " + words.and_list(named) + "."
        first_missing = next((p for p in lead if p.get("missing_evidence")), None)
        if first_missing:
            sentence += (f" For {first_missing.get('name') or first_missing['id']} the evidence still to show is "
                         f"{words.and_list(first_missing['missing_evidence'][:2])}.")
        out.append(b.paragraph(sentence))
    elif goals == {"hospital_exemption"}:
        out.append(b.paragraph("The only goal given is the hospital exemption, a national route: no expedited "
                               "pathway applies to it."))
    else:
        out.append(b.paragraph(f"No expedited pathway serving {chosen} is open yet."))

    out.append(b.paragraph(_next_sentence(document, advice, people)))
    return out


def _hospital_exemption_sentence(advice, he) -> str:
    status = he["status"]
    route = advice.get("national_route") or he.get("national_route") or {}
    if status == "not_applicable":
        reason = next((s["finding"] for s in reversed(he.get("trace") or []) if s.get("rule", "").startswith("EU-HE-2")),
                      "")
        return "The EU hospital exemption does not apply to this product" + (
            f": {_lower_first(words.plain(reason))}" if reason else ".")
    if status == "not_eligible":
        unmet = [c.text for c in words.unmet_conditions(he)]
        return "The EU hospital exemption is not open as things stand. " + (" ".join(unmet) or "A condition is not met.")
    if status == "eligible":
        return ("The EU hospital exemption is open: every condition is met, and "
                f"{route.get('authority') or 'the national competent authority'} decides.")
    open_count = len(he.get("decisive") or he.get("missing") or [])
    where = f" {route['authority']} decides." if route.get("country") not in (None, "unknown") else ""
    return (f"Whether the EU hospital exemption is open depends on {open_count} open "
            f"{'answer' if open_count == 1 else 'answers'} about how and where the product is prepared.{where}")


def _next_sentence(document, advice, people: People) -> str:
    """What to do next, with dates: the official question to ask while an outcome is open, the
    national application for a hospital exemption, then the first requests of the roadmap."""
    eu, us, he = advice["eu"], advice["us"], advice["hospital_exemption"]
    goals = served_goals(document, advice)
    steps = []
    if eu["category"] == "undetermined" or eu.get("borderline"):
        cat = procedure("EU-PROC-CAT-CLASSIFICATION")
        steps.append(f"ask the CAT for a classification recommendation ({cat.fee}, {cat.clock}: by "
                     f"{reading.day(reading.days_after(people.issued, 60))} if sent on {reading.day(people.issued)})")
    if us["status"] == "undetermined" and "us_licence" in goals:
        steps.append("answer the open US questions, or ask FDA's Tissue Reference Group (or the Office of Combination "
                     "Products, through a Pre-RFD) how it sees the product")
    route = advice.get("national_route") or he.get("national_route") or {}
    if "hospital_exemption" in goals and he["status"] == "eligible":
        steps.append(f"apply to {route.get('authority') or 'the national competent authority'} for the hospital "
                     "exemption; the product may be supplied only once it is authorised")
    roadmap = sorted(advice.get("roadmap") or [], key=lambda m: m.get("start_month", 0))
    wanted = {p["id"] for p in serving_pathways(document, advice)}
    serving = [m for m in roadmap if m.get("pathway_id") in wanted]
    due = [_lower_first(m["label"]) for m in serving if not m.get("start_month")][:3]
    if due:
        steps.append(f"{words.and_list(due)} now ({reading.month(people.issued)})")
    later = next((m for m in serving if m.get("start_month")), None)
    if later:
        steps.append(f"{_lower_first(later['label'])} {_milestone_date(later, people.issued)}")
    start = advice.get("roadmap_start") or {}
    if not steps:
        first = (us.get("next_steps") if "us_licence" in goals else None) or eu.get("next_steps") or \
            ["plan the development with the agencies"]
        steps.append(_lower_first(words.plain(first[0])).rstrip("."))
    text = "Next: " + "; ".join(steps) + "."
    if not roadmap and start.get("text") and goals != {"hospital_exemption"}:
        text += " " + _sentence(words.plain(start["text"]))
    return text


def _trace_blocks(part: dict[str, Any], notes: b.Notes, kind: str) -> list[dict[str, Any]]:
    """The steps in order, each with its note. A step that rests only on open answers says nothing
    but "not answered": those are gathered in one sentence naming the conditions still open. The
    memo leaves out the steps on law not yet adopted (they carry a ``status``): the part's notes
    already say what to watch; the dossier keeps them."""
    open_ids = set(words.deciding(part))
    shown, waiting = [], []
    for step in part.get("trace") or []:
        if kind == "memo" and step.get("status"):
            continue
        answers = step.get("answers") or []
        if answers and open_ids.issuperset(answers):
            waiting.append(step)
        else:
            shown.append(step)
    out = [b.bullets([b.parts(words.plain(step["finding"]), notes.cite(step.get("citation"), step.get("rule", "")))
                      for step in shown], ordered=True)] if shown else []
    if waiting:
        titles = [_lower_first(step.get("title") or "") for step in waiting]
        out.append(b.paragraph("Still open, because the answers are not known: " + words.and_list(titles) + ".",
                               *[notes.cite(step.get("citation"), step.get("rule", "")) for step in waiting[:1]]))
    return out


def _pathway_rows(pathways, notes: b.Notes, *, detail: bool) -> list[list[b.Parts]]:
    rows = []
    for p in pathways:
        if p.get("missing_evidence"):
            evidence = p["missing_evidence"] if detail else p["missing_evidence"][:1]
            more = len(p["missing_evidence"]) - len(evidence)
            why = "To show: " + "; ".join(evidence) + (f" (and {more} more)" if more else "")
        elif p["status"] == "eligible":
            why = "All criteria met."
        else:
            why = (p.get("reasons") or [""])[0]
        if detail:
            why = " ".join(p.get("reasons") or []) or why
        citation = (p.get("citations") or [None])[0]
        rows.append([
            b.parts(p.get("name") or p["id"], notes.cite(citation, p.get("domain_ref", ""))),
            b.parts(words.jurisdiction(p.get("jurisdiction", ""))),
            b.parts(words.pathway_status(p["status"]).capitalize()),
            b.parts(words.plain(why)),
        ])
    return rows


def _options_blocks(document, advice, notes: b.Notes, kind: str) -> list[dict[str, Any]]:
    pathways = serving_pathways(document, advice)
    out = [b.heading("4. Options: pathways that serve the goals")]
    if not advice.get("pathways"):
        return out + [b.paragraph("The pathway assessment is not part of this ruleset version.")]
    wanted = goal_jurisdictions(document, advice)
    if wanted:
        out.append(b.paragraph("Only the pathways of the goals given are listed: "
                               + words.and_list(sorted(words.jurisdiction(j) for j in wanted)) + ".", style="small"))
    shown = [p for p in pathways if p["status"] in LEADING_STATUSES] if kind == "memo" else pathways
    if shown:
        out.append(b.table(_pathway_rows(shown, notes, detail=kind == "dossier"),
                           header=["Pathway", "Where", "Status", "Still to show, or why not"], widths=[30, 8, 15, 47]))
    closed = [p for p in pathways if p not in shown]
    if closed:
        out.append(b.paragraph("Not open to this product now: "
                               + "; ".join(f"{p.get('name') or p['id']} ({words.pathway_status(p['status'])})"
                                           for p in closed) + ".", style="small"))
    return out


def _obligation_blocks(advice, notes: b.Notes, kind: str) -> list[dict[str, Any]]:
    """What the product must do anyway, apart from the options. The memo gives one line each (what,
    when it arises, whether it rests on an open answer), by jurisdiction; the dossier says it in full."""
    obligations = [o for o in advice.get("obligations") or [] if o.get("serves_goals", True)]
    out = [b.heading("5. Obligations: what the product must do in any case")]
    if not obligations:
        return out + [b.paragraph("No obligation is recorded for this product in this ruleset version.")]
    if kind != "memo":
        return out + [b.bullets([
            b.parts(b.text(o.get("title", "") + ": ", bold=True) if o.get("title") else None, words.plain(o.get("text", "")),
                    f" ({o['date_text']})" if o.get("date_text") else None, notes.cite(o.get("citation"), o.get("id", "")))
            for o in obligations
        ])]
    for code in dict.fromkeys(o.get("jurisdiction", "") for o in obligations):
        items = []
        for o in (o for o in obligations if o.get("jurisdiction", "") == code):
            when = "; ".join(filter(None, [o.get("trigger", ""), o.get("date_text", "")]))
            items.append(b.parts(b.text(o.get("title", ""), bold=True), f": {_lower_first(when)}" if when else None,
                                 " (depends on an open answer)" if o.get("applies") == "depends" else None,
                                 notes.cite(o.get("citation"), o.get("id", ""))))
        out.append(b.paragraph(b.text(words.jurisdiction(code) if code else "Other", bold=True), style="small"))
        out.append(b.bullets(items))
    return out


def _assumption_blocks(advice) -> list[dict[str, Any]]:
    eu, us, he = advice["eu"], advice["us"], advice["hospital_exemption"]
    out = [b.heading("6. Assumptions and open questions")]
    assumptions = _assumption_sentences(eu) + _assumption_sentences(us)
    if assumptions:
        out.append(b.paragraph("The provisional outcomes above rest on these assumptions; none of them decides an outcome:"))
        out.append(b.bullets([b.parts(s) for s in dict.fromkeys(assumptions)]))
    else:
        out.append(b.paragraph("The outcomes rest on the answers given, not on assumptions."))
    for part, label in ((eu, "EU classification"), (us, "US status"), (he, "hospital exemption")):
        texts = _question_texts(words.deciding(part))
        if texts:
            out.append(b.paragraph(f"Open questions that change the {label}:"))
            out.append(b.bullets([b.parts(t) for t in texts]))
    if not any(words.deciding(part) for part in (eu, us, he)):
        out.append(b.paragraph("No open answer changes the outcome: every deciding question was answered."))
    return out


def _next_step_blocks(document, advice, notes: b.Notes, people: People) -> list[dict[str, Any]]:
    eu, us, he = advice["eu"], advice["us"], advice["hospital_exemption"]
    out = [b.heading("7. What to do next")]
    steps = list(dict.fromkeys(words.plain(s) for s in eu.get("next_steps", []) + us.get("next_steps", [])
                               + he.get("next_steps", [])))
    wanted = {p["id"] for p in serving_pathways(document, advice)}
    milestones = [m for m in advice.get("roadmap") or [] if m.get("pathway_id") in wanted and "start_month" in m]
    items = [b.parts(_sentence(s)) for s in steps]
    items += [b.parts(f"{m['label']}: {_milestone_date(m, people.issued)} ({m.get('clock_text', '')}).")
              for m in sorted(milestones, key=lambda m: m["start_month"])[:3]]
    if items:
        out.append(b.bullets(items, ordered=True))
    rows = []
    for pid in CLASSIFICATION_PROCEDURES:
        proc = procedure(pid)
        rows.append([b.parts(proc.name, notes.cite(proc.citation.to_dict(), pid)),
                     b.parts(f"{proc.authority}; {'binding' if proc.binding else 'not binding'}; {proc.fee}; {words.plain(proc.clock)}.")])
    out.append(b.heading("Procedures that give an official answer", 2))
    out.append(b.table(rows, widths=[34, 66]))
    return out


def _dossier_blocks(advice, notes: b.Notes, people: People) -> list[dict[str, Any]]:
    out = [b.heading("8. Pathway criteria")]
    with_criteria = [p for p in advice.get("pathways") or [] if p.get("criteria")]
    for p in with_criteria:
        out.append(b.heading(f"{p.get('name') or p['id']} ({words.jurisdiction(p['jurisdiction'])}): "
                             f"{words.pathway_status(p['status'])}", 2))
        out.append(b.table([
            [b.parts(c.get("text", ""), notes.cite(c.get("citation"), c.get("id", ""))),
             b.parts(words.criterion_status(c.get("status")))]
            for c in p["criteria"]
        ], header=["Criterion", "Status"], widths=[75, 25]))
        if p.get("missing_evidence"):
            out.append(b.bullets([b.parts("Evidence to gather: " + item) for item in p["missing_evidence"]]))
        if p.get("when_to_request"):
            out.append(b.paragraph(f"When to request: {p['when_to_request']}", style="small"))
        if p.get("response_clock"):
            out.append(b.paragraph(f"Review clock: {p['response_clock']}", style="small"))
    if not with_criteria:
        out.append(b.paragraph("No pathway criteria in this ruleset version."))
    out.append(b.heading("9. Roadmap"))
    roadmap = sorted((m for m in advice.get("roadmap") or [] if "start_month" in m and "duration_days" in m),
                     key=lambda m: m["start_month"])
    if roadmap:
        out.append({"type": "roadmap", "chart": roadmap_chart(roadmap)})
        out.append(b.table([[_milestone_date(m, people.issued).capitalize(), m.get("label", ""), m.get("stage", ""),
                             m.get("clock_text", "")] for m in roadmap],
                           header=["Start", "Action", "Stage", "Review clock"], widths=[16, 38, 16, 30]))
    else:
        out.append(b.paragraph("No designation is eligible or potentially eligible yet, so there is no roadmap."))
    out.append(b.heading("10. Checklists"))
    for checklist in checklists(advice):
        out.append(b.heading(checklist["title"], 2))
        out.append(b.paragraph(b.text(checklist["relevance"], bold=checklist["relevant"]),
                               notes.cite(checklist["citation"], checklist["rule"])))
        out.append(b.bullets([b.parts(item["text"] + (f" [{item['confidence_label']}]" if item["confidence"] != "V" else ""))
                              for item in checklist["items"]]))
    return out


def answers_appendix(answers: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """Every given answer ("I don't know" included) by section, numbers written for reading, and how
    many questions asked stayed blank (counted, not listed: the open ones are in section 6)."""
    shown = catalogue().visible(answers)
    sections = []
    for section in catalogue().sections:
        rows = []
        for q in shown:
            if q.section != section.id or answers.get(q.id) is None:
                continue
            value = answers[q.id]
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            rows.append({"question": q.text, "answer": reading.quantity(value, q.unit) if is_number else q.choice_label(value)})
        if rows:
            sections.append({"title": section.title, "rows": rows})
    return sections, sum(1 for q in shown if answers.get(q.id) is None)


def unanswered_note(count: int) -> str:
    if not count:
        return ""
    if count == 1:
        return "1 question the wizard asks for this product was not answered; section 6 lists it if it could change the outcome."
    return (f"{count} questions the wizard asks for this product were not answered; section 6 lists those that could "
            "change the outcome.")


def header_fields(document: dict[str, Any], advice: dict[str, Any], people: People) -> list[tuple[str, str]]:
    product = document.get("product") or {}
    ruleset = advice["ruleset"]
    as_of = date.fromisoformat(ruleset["as_of"])
    return [
        ("Client", people.client or product.get("sponsor") or ""),
        ("Product", product.get("name") or "Unnamed product"),
        ("Indication", product.get("indication") or ""),
        ("Prepared by", ", ".join(filter(None, [people.author, people.organisation_name]))),
        ("Reviewed by", people.reviewer),
        ("Date", reading.day(people.issued)),
        ("Version", f"Assessment version {people.version}" if people.version else ""),
        ("Ruleset", f"{ruleset['version']}, rules in force on {reading.day(as_of)}"),
        ("Answers", (advice.get("answers_hash") or "")[:16]),
    ]


def history_blocks(history: dict[str, Any]) -> list[dict[str, Any]]:
    """The dossier's last appendix: who changed what and when (assessments.timeline.history_json)."""
    events = history.get("events") or []
    blocks = [b.heading("Appendix: the history of the assessment")]
    signature = history.get("signature")
    if signature:
        blocks.append(b.paragraph(f"{signature['meaning']}: {signature['name']}, {signature['signed_at'][:16].replace('T', ' ')} UTC."))
    if not events:
        return [*blocks, b.paragraph("No changes were recorded.")]
    rows = []
    for event in events:
        what = event["what"] + (f": {event['question']}" if event.get("question") else "")
        rows.append([event["at"][:16].replace("T", " "), event.get("who") or "", what,
                     str(event.get("old") or ""), str(event.get("new") or "")])
    return [*blocks, b.table(rows, header=["When (UTC)", "Who", "What", "From", "To"], widths=[16, 16, 32, 18, 18])]


def memo_content(
    *, document: dict[str, Any], advice: dict[str, Any], kind: str = "memo", people: People,
    history: dict[str, Any] | None = None,
) -> dict[str, Any]:
    eu, us, he = advice["eu"], advice["us"], advice["hospital_exemption"]
    product = document.get("product") or {}
    notes = b.Notes()
    pathways = serving_pathways(document, advice)
    from assessments.diagram import decision_diagrams

    diagrams = decision_diagrams(advice)
    body: list[dict[str, Any]] = [b.heading("1. Summary"), *_summary(document, advice, people, pathways)]
    if product.get("description"):
        body.append(b.paragraph(product["description"], style="user-text"))
    body.append(b.heading("2. How the answers decide"))
    for diagram in diagrams:
        body.append({"type": "diagram", "diagram": diagram})
    body.append(b.heading("3. Reasoning"))
    for title, part in (("European Union classification", eu), ("United States status", us),
                        ("EU hospital exemption", he)):
        body.append(b.heading(title, 2))
        body.extend(_trace_blocks(part, notes, kind))
        body.extend(b.paragraph(words.plain(note), style="small") for note in part.get("notes") or [])
    body += _options_blocks(document, advice, notes, kind)
    body += _obligation_blocks(advice, notes, kind)
    body += _assumption_blocks(advice)
    body += _next_step_blocks(document, advice, notes, people)
    if kind == "dossier":
        body += _dossier_blocks(advice, notes, people)
    body += [b.heading("Notes"), {"type": "notes"}]
    appendix, unanswered = answers_appendix(document.get("answers") or {})
    tail: list[dict[str, Any]] = [{"type": "page_break"}, b.heading("Appendix: the answers")]
    for section in appendix:
        tail.append(b.heading(section["title"], 2))
        tail.append(b.table([[row["question"], row["answer"]] for row in section["rows"]], widths=[62, 38]))
    if not appendix:
        tail.append(b.paragraph("No answers were given."))
    if unanswered:
        tail.append(b.paragraph(unanswered_note(unanswered), style="small"))
    if kind == "dossier" and history is not None:
        tail += history_blocks(history)
    tail.append(b.paragraph(advice["advisory"], style="disclaimer"))
    title = "Regulatory dossier" if kind == "dossier" else "Classification memo"
    return {
        "kind": kind,
        "title": title,
        "product_name": product.get("name") or "Unnamed product",
        "organisation_name": people.organisation_name,
        "logo_url": people.logo_url,
        "issued": people.issued,
        "fields": header_fields(document, advice, people),
        "lead": [b.paragraph(advice["advisory"], style="disclaimer")],
        "blocks": body + tail,
        "notes": notes.as_list(),
        "draft_label": "",
        "footer": f"{title} · {product.get('name') or 'Unnamed product'} · ruleset {advice['ruleset']['version']}",
        "answers_hash": advice.get("answers_hash", ""),
        "ruleset_version": advice["ruleset"]["version"],
    }
