"""Drafts of the agency requests, pre-filled from the answers and the advice, in the same content
model as the memo (blocks.py), so the same writers make them (DOCX to edit; PDF too). Every
section says what the advisor could fill in and marks what is still missing; every page says it is
a draft prepared with the advisor.

- ``cat_request``: the EMA request for a CAT scientific recommendation on ATMP classification
  (Art 17 of Regulation (EC) No 1394/2007), in the sections of EMA's request form and briefing
  information (information on the request, summary for public release, scientific, medical, and
  regulatory and legal aspects);
- ``rfd``: a Pre-RFD / RFD content outline following 21 CFR 3.7(c) (sponsor, product description,
  the sponsor's recommendation of the lead centre with its reasons; at most 15 pages);
- ``trg_inquiry``: a Tissue Reference Group inquiry on how 21 CFR 1271.10(a) applies;
- ``he_application``: an outline of the hospital-exemption application to the national authority
  of the Member State chosen (registers/hospital_exemption.yaml national_routes)."""

from __future__ import annotations

from datetime import date
from typing import Any

from classification.rules.procedures import procedure
from classification.rules.questions import catalogue

from . import blocks as b
from . import reading, words
from .checklists import checklists
from .content import People, header_fields

DRAFT_KINDS = ("cat_request", "rfd", "trg_inquiry", "he_application")


def _answer_rows(answers: dict[str, Any], qids: tuple[str, ...]) -> list[list[b.Parts]]:
    """The answers to these questions, in words, as table rows (question, answer)."""
    rows = []
    for qid in qids:
        value = answers.get(qid)
        if value is None:
            continue
        try:
            question = catalogue().question(qid)
        except KeyError:
            continue
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        rows.append([b.parts(question.text),
                     b.parts(reading.quantity(value, question.unit) if is_number else question.choice_label(value))])
    return rows


def _answers_or_missing(answers, qids, what: str) -> list[dict[str, Any]]:
    rows = _answer_rows(answers, qids)
    out = [b.table(rows, header=["What the assessment records", "Answer"], widths=[60, 40])] if rows else []
    return out + [b.missing(what)]


def _field_or_missing(value: str, what: str) -> list[dict[str, Any]]:
    return [b.paragraph(value)] if value else [b.missing(what)]


def _steps(part: dict[str, Any], notes: b.Notes, prefixes: tuple[str, ...] = ()) -> dict[str, Any] | None:
    steps = [s for s in part.get("trace") or [] if not prefixes or s.get("rule", "").startswith(prefixes)]
    if not steps:
        return None
    return b.bullets([b.parts(words.plain(s["finding"]), notes.cite(s.get("citation"), s.get("rule", "")))
                      for s in steps], ordered=True)


def _question_texts(qids: list[str]) -> list[str]:
    return words.open_questions(qids)


def _open_questions(part: dict[str, Any]) -> dict[str, Any] | None:
    texts = _question_texts(words.deciding(part))
    if not texts:
        return None
    return b.paragraph(b.text("Open answers that change the outcome: ", bold=True), "; ".join(texts) + ".")


def _document(*, kind: str, title: str, document, advice, people: People, blocks, notes: b.Notes) -> dict[str, Any]:
    product = document.get("product") or {}
    name = product.get("name") or "Unnamed product"
    label = (f"DRAFT prepared with ATMP Advisor on {reading.day(people.issued)}: check and complete every "
             "section before sending. It is not a submission and not a regulatory decision.")
    return {
        "kind": kind,
        "title": title,
        "product_name": name,
        "organisation_name": people.organisation_name,
        "logo_url": "",
        "issued": people.issued,
        "fields": header_fields(document, advice, people),
        "lead": [b.paragraph(advice["advisory"], style="disclaimer")],
        "blocks": [*blocks, b.heading("Notes"), {"type": "notes"}],
        "notes": notes.as_list(),
        "draft_label": label,
        "footer": f"Draft · {title} · {name}",
        "answers_hash": advice.get("answers_hash", ""),
        "ruleset_version": advice["ruleset"]["version"],
    }


def _how_to_send(procedure_id: str, notes: b.Notes, as_of: date) -> list[dict[str, Any]]:
    proc = procedure(procedure_id)
    out = [b.heading("How to send it"),
           b.paragraph(words.plain(proc.next_step), notes.cite(proc.citation.to_dict(), proc.id)),
           b.paragraph(f"{proc.authority}; {'binding' if proc.binding else 'not binding'}; {proc.fee}; {words.plain(proc.clock)}.",
                       style="small")]
    if not proc.in_force(as_of):
        out.append(b.paragraph("This procedure does not apply yet on the date of the rules used.", style="small"))
    return out


def cat_request(document, advice, people: People) -> dict[str, Any]:
    answers, product = document.get("answers") or {}, document.get("product") or {}
    eu, us = advice["eu"], advice["us"]
    notes = b.Notes()
    proposed = words.eu_outcome(eu)
    if eu["category"] == "undetermined" and eu.get("provisional"):
        proposed = f"{words.eu_provisional(eu)} (provisional: the assessment leaves it open)"
    combined = {True: "Combined ATMP", False: "Not combined"}.get(eu.get("combined_atmp"), "")
    out = [
        b.paragraph("Prepared for the EMA request form and briefing information of Art 17 of Regulation (EC) "
                    "No 1394/2007. EMA asks for its own Word form and administrative information sheet: copy each "
                    "section into the current form from EMA's website; do not send it as a PDF.", style="small"),
        b.heading("Information on the request"),
        b.table([
            ["Company developing the product (applicant)", people.client or product.get("sponsor") or "Still missing"],
            ["Person authorised to communicate on behalf of the applicant", "Still missing"],
            ["Proposed product name or identifier", product.get("name") or "Still missing"],
            ["Short descriptor of the proposed active substance", "Still missing: the gene, vector, cells or tissues"],
            ["Brief description of the proposed finished product", product.get("description") or "Still missing"],
            ["Proposed indication", product.get("indication") or "Still missing"],
            ["Proposed ATMP classification", proposed + (f"; {combined.lower()}" if combined else "")],
        ], widths=[45, 55]),
        b.heading("Proposed summary for public release"),
        *_field_or_missing(product.get("description", ""), "a short product description for publication, without "
                           "commercially confidential information"),
        b.missing("the therapeutic area"),
        b.heading("1. Scientific aspects"),
        b.heading("1.1 Active substance", 2),
        *_answers_or_missing(answers, ("nucleic_acid", "nucleic_acid_acts_on_genetic_sequence", "transgene_role",
                                       "genome_editing", "contains_cells_or_tissues", "cells_nucleated", "cell_origin",
                                       "cells_viable", "non_viable_cells_act_pim"),
                             "the description of the active substance and its starting materials (sequence, vector, "
                             "cell source and characterisation)"),
        b.heading("1.2 Finished product and manufacturing", 2),
        *_answers_or_missing(answers, ("manipulations", "other_manipulation_alters_characteristics"),
                             "each manufacturing step, the composition of the finished product and any additional "
                             "substances (scaffolds, matrices, biomaterials)"),
        b.heading("1.3 Mode of action", 2),
        *_answers_or_missing(answers, ("intended_purpose", "same_essential_function"),
                             "the proposed mechanism of action and the data that support it"),
        b.heading("1.4 Medical device or other components", 2),
        *_answers_or_missing(answers, ("integral_medical_device", "non_viable_action_primary_to_device"),
                             "for a device part: its description, CE marking or notified-body status, and how it is "
                             "integrated with the cells or tissues"),
        b.heading("2. Medical aspects"),
        *_field_or_missing(product.get("indication", ""), "the proposed indication"),
        *_answers_or_missing(answers, ("condition_severity", "development_stage"),
                             "the route and method of administration, the target population and the development plan"),
        b.heading("3. Regulatory and legal aspects"),
        b.paragraph("The applicant's understanding of the classification, step by step:"),
    ]
    steps = _steps(eu, notes)
    if steps:
        out.append(steps)
    for block in (_open_questions(eu),):
        if block:
            out.append(block)
    if eu.get("borderline"):
        out.append(b.paragraph("The classification is borderline: explain which definition the applicant "
                               "considers met and why."))
    out += [b.heading("Regulatory status elsewhere", 2),
            b.paragraph(f"United States: {words.us_outcome(us)}."),
            b.missing("any earlier classification, scientific advice, clinical trial or authorisation of this "
                      "product, and overlaps with medical devices, tissues and cells or other frameworks")]
    out += _how_to_send("EU-PROC-CAT-CLASSIFICATION", notes, people.issued)
    return _document(kind="cat_request", title="CAT classification request (Art 17)", document=document,
                     advice=advice, people=people, blocks=out, notes=notes)


def rfd_outline(document, advice, people: People) -> dict[str, Any]:
    answers, product = document.get("answers") or {}, document.get("product") or {}
    us = advice["us"]
    notes = b.Notes()
    combination = {True: "a combination product", False: "not a combination product"}.get(
        us.get("combination_product"), "possibly a combination product (an open answer decides)")
    lead = words.us_outcome(us)
    out = [
        b.paragraph("An outline of a Request for Designation under 21 CFR 3.7(c), which must not exceed 15 pages "
                    "including attachments. The same content serves an informal Pre-Request for Designation "
                    "(Pre-RFD), which FDA answers without binding itself.", style="small"),
        b.heading("1. The sponsor (21 CFR 3.7(c)(1))"),
        *_field_or_missing(people.client or product.get("sponsor", ""), "the company name"),
        b.missing("the address, the establishment registration number, and a contact person with a telephone "
                  "number"),
        b.heading("2. The product (21 CFR 3.7(c)(2))"),
        b.heading("Classification and name of the product and of each component", 2),
        b.paragraph(f"The assessment finds: {lead}; {combination}."),
        b.heading("Common, generic or usual name; proprietary name", 2),
        *_field_or_missing(product.get("name", ""), "the proprietary name"),
        b.missing("the common or usual name of the product and of each component"),
        b.heading("Components already approved, marketed or under an investigational exemption", 2),
        b.missing("each such component, its sponsor, and any agreement between the sponsors"),
        b.heading("Chemical, physical or biological composition", 2),
        *_answers_or_missing(answers, ("contains_cells_or_tissues", "cell_origin", "cells_viable", "nucleic_acid",
                                       "us_tissue_type", "integral_medical_device", "us_combined_with_other_article"),
                             "the composition of each component"),
        b.heading("Status of development, with brief reports including animal testing", 2),
        *_answers_or_missing(answers, ("development_stage", "evidence_level"), "brief reports of the developmental work"),
        b.heading("Manufacturing, with the sources of all components", 2),
        *_answers_or_missing(answers, ("manipulations", "us_minimally_manipulated"),
                             "a description of the manufacturing process and the source of each component"),
        b.heading("Proposed use or indications", 2),
        *_field_or_missing(product.get("indication", ""), "the proposed use or indications"),
        b.heading("Modes of action and the primary mode of action", 2),
        *_answers_or_missing(answers, ("us_primary_mode_of_action", "us_systemic_or_metabolic"),
                             "every known mode of action, the one that gives the most important therapeutic "
                             "action, and the basis for that view"),
        b.heading("Schedule, duration, dose and route of administration", 2),
        b.missing("the schedule and duration of use, and the dose and route of administration"),
        b.heading("Related products and their regulatory status", 2),
        b.missing("related products and how FDA regulates them"),
        b.heading("3. The sponsor's recommendation (21 CFR 3.7(c)(3))"),
        b.paragraph(f"Recommended lead: {lead}. The reasons the assessment gives:"),
    ]
    steps = _steps(us, notes)
    if steps:
        out.append(steps)
    block = _open_questions(us)
    if block:
        out.append(block)
    out.append(b.missing("the sponsor's statement of reasons in its own words, with the data behind the primary "
                         "mode of action"))
    out += _how_to_send("US-PROC-RFD", notes, people.issued)
    out.append(b.paragraph(procedure("US-PROC-PRE-RFD").next_step,
                           notes.cite(procedure("US-PROC-PRE-RFD").citation.to_dict(), "US-PROC-PRE-RFD"), style="small"))
    return _document(kind="rfd", title="Pre-RFD / RFD outline (21 CFR 3.7)", document=document, advice=advice,
                     people=people, blocks=out, notes=notes)


def trg_inquiry(document, advice, people: People) -> dict[str, Any]:
    answers, product = document.get("answers") or {}, document.get("product") or {}
    us = advice["us"]
    notes = b.Notes()
    out = [
        b.paragraph("An inquiry to FDA's Tissue Reference Group on whether the product is regulated solely under "
                    "section 361 of the PHS Act and 21 CFR Part 1271, or as a drug, device or biological product.",
                    style="small"),
        b.heading("1. Who asks"),
        *_field_or_missing(people.client or product.get("sponsor", ""), "the requester's organisation"),
        b.missing("a contact person, address, telephone and e-mail"),
        b.heading("2. The product and its intended use"),
        *_field_or_missing(product.get("description", ""), "a description of the HCT/P"),
        *_field_or_missing(product.get("indication", ""), "the intended use and the indication"),
        *_answers_or_missing(answers, ("us_tissue_type", "cell_origin", "us_donor_relationship", "cells_viable"),
                             "the tissue or cell type, its source, and how it is recovered"),
        b.heading("3. Processing (minimal manipulation)"),
        *_answers_or_missing(answers, ("manipulations", "us_minimally_manipulated"),
                             "every processing step and why it does or does not alter the relevant characteristics"),
        b.heading("4. Homologous use"),
        *_answers_or_missing(answers, ("same_essential_function", "us_homologous_use"),
                             "the basic functions of the tissue in the donor and in the recipient, and the labelling "
                             "and advertising claims"),
        b.heading("5. Combination with another article, and systemic effect"),
        *_answers_or_missing(answers, ("us_combined_with_other_article", "us_systemic_or_metabolic"),
                             "any article combined with the cells or tissues, and whether the effect depends on the "
                             "cells' metabolic activity"),
        b.heading("6. The requester's view on each criterion of 21 CFR 1271.10(a)"),
    ]
    steps = _steps(us, notes, ("US-361", "US-EXC", "US-DEF"))
    if steps:
        out.append(steps)
    out.append(b.missing("the evidence behind each criterion: processing data, the labelling and advertising "
                         "claims, and the data on any systemic effect"))
    block = _open_questions(us)
    if block:
        out.append(block)
    out += [b.heading("7. The question to the Tissue Reference Group"),
            b.paragraph(f"The assessment finds: {words.us_outcome(us)}. Does FDA agree that the product is regulated "
                        "as described, for the intended use given above?")]
    out += _how_to_send("US-PROC-TRG", notes, people.issued)
    return _document(kind="trg_inquiry", title="Tissue Reference Group inquiry", document=document, advice=advice,
                     people=people, blocks=out, notes=notes)


def he_application(document, advice, people: People) -> dict[str, Any]:
    answers, product = document.get("answers") or {}, document.get("product") or {}
    he = advice["hospital_exemption"]
    route = advice.get("national_route") or he.get("national_route") or {}
    notes = b.Notes()
    known_country = route.get("country") not in (None, "", "unknown")
    country = catalogue().question("he_member_state").choice_label(answers.get("he_member_state")) \
        if answers.get("he_member_state") not in (None, "unknown") else ""
    out = [
        b.paragraph("An outline of the application for the hospital exemption (Art 3(7) of Directive 2001/83/EC) to "
                    "the national competent authority. The authority decides; the authorisation covers use in that "
                    "Member State only.", style="small"),
        b.heading("1. The national route"),
    ]
    if known_country:
        out.append(b.table([
            ["Member State", country or route.get("country", "")],
            ["Authority", route.get("authority", "")],
            ["Legal basis", route.get("legal_basis", "")],
        ], widths=[30, 70]))
        for text in filter(None, [route.get("application"), route.get("details")]):
            out.append(b.paragraph(text))
        for note in route.get("notes") or []:
            out.append(b.paragraph(note, style="small"))
        for step in route.get("steps") or []:
            out.append(b.paragraph(b.text(f"{step.get('label', '')}: ", bold=True), step.get("text", "")))
    else:
        out.append(b.missing("the Member State where the product is prepared and used: answer the country question "
                             "of the assessment to name its authority and national rules"))
    out += [
        b.heading("2. The applicant"),
        b.missing("the hospital, the preparing site and its manufacturing authorisation, and the medical "
                  "practitioner under whose exclusive responsibility the product is used"),
        b.heading("3. The product"),
        *_field_or_missing(product.get("description", ""), "a description of the product"),
        *_field_or_missing(product.get("indication", ""), "the indication and the patients it is for"),
        b.paragraph(f"Classification in the EU: {words.eu_outcome(advice['eu'])}."),
        b.missing("the number of patients expected and how often the product will be prepared (what makes it "
                  "non-routine), and the treating team"),
        b.heading("4. The conditions of Art 3(7), one by one"),
    ]
    rows = []
    for step in he.get("trace") or []:
        if not step.get("rule", "").startswith("EU-HE-2."):
            continue
        rows.append([b.parts(step.get("title", ""), notes.cite(step.get("citation"), step["rule"])),
                     b.parts(words.plain(step["finding"]))])
    if rows:
        out.append(b.table(rows, header=["Condition", "What the assessment records"], widths=[35, 65]))
    open_conditions = _question_texts(words.deciding(he))
    if open_conditions:
        out.append(b.missing("the answers and evidence for: " + "; ".join(open_conditions)))
    out.append(b.missing("the documents that show each condition recorded as met (the answers of the assessment are "
                         "the applicant's own statements)"))
    out.append(b.heading("5. Quality, traceability and pharmacovigilance"))
    checklist = next((c for c in checklists(advice) if c["id"] == "hospital_exemption"), None)
    if checklist:
        out.append(b.bullets([b.parts(item["text"]) for item in checklist["items"]]))
        out.append(b.paragraph(b.text("Still missing: ", bold=True), "the documents for each item above.",
                               notes.cite(checklist["citation"], checklist["rule"]), style="missing"))
    for duty in route.get("reporting_duties") or []:
        out.append(b.paragraph(duty, style="small"))
    out.append(b.heading("6. What the assessment found"))
    out.append(b.paragraph(f"Hospital exemption: {words.he_outcome(he)}."))
    steps = [s for s in he.get("trace") or [] if not s.get("rule", "").startswith("EU-HE-2.") and not s.get("status")]
    if steps:
        out.append(b.bullets([b.parts(words.plain(s["finding"]), notes.cite(s.get("citation"), s.get("rule", "")))
                              for s in steps], ordered=True))
    for note in he.get("notes") or []:
        out.append(b.paragraph(words.plain(note), style="small"))
    title = f"Hospital-exemption application outline{': ' + country if country else ''}"
    return _document(kind="he_application", title=title, document=document, advice=advice, people=people,
                     blocks=out, notes=notes)


BUILDERS = {"cat_request": cat_request, "rfd": rfd_outline, "trg_inquiry": trg_inquiry,
            "he_application": he_application}


def draft_content(*, kind: str, document: dict[str, Any], advice: dict[str, Any], people: People) -> dict[str, Any]:
    return BUILDERS[kind](document, advice, people)


def drafts_that_apply(document: dict[str, Any], advice: dict[str, Any]) -> list[str]:
    """The agency drafts worth offering for this advice, in DRAFT_KINDS order: each where its
    question is open or worth confirming, and only for the goals ticked (none ticked: every goal)."""
    eu, us, he = advice["eu"], advice["us"], advice["hospital_exemption"]
    goals = advice.get("goals")
    ticked = goals.get("ticked") if isinstance(goals, dict) else (document.get("answers") or {}).get("goals")
    ticked = set(ticked or []) or {"eu_marketing_authorisation", "us_licence", "hospital_exemption"}
    eu_goal, us_goal = bool(ticked & {"eu_marketing_authorisation", "hospital_exemption"}), "us_licence" in ticked
    kinds = []
    if eu_goal and eu.get("not_atmp_route") != "not_a_medicinal_product":
        kinds.append("cat_request")
    if us_goal and (us.get("combination_product") is not False or us["status"] == "undetermined"):
        kinds.append("rfd")
    is_hctp = any(s.get("rule") == "US-DEF-1" for s in us.get("trace") or [])
    if us_goal and is_hctp and (us["status"] in {"361_hctp", "undetermined"} or us.get("borderline")):
        kinds.append("trg_inquiry")
    if "hospital_exemption" in ticked and he["status"] != "not_applicable":
        kinds.append("he_application")
    return kinds
