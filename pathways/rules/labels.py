"""Every code of an advice document in words: the one place pages, the memo, the DOCX and the CLI
text take their labels from. Pure Python, no Django.

Codes to words (an unknown code comes back as it is, never an error)::

    eu_category("TEP", combined_atmp=True)  "Tissue-engineered product (TEP), combined ATMP"
    not_atmp_route("medical_device")        "medical device legislation"
    us_status("361_hctp")                   "Section 361 HCT/P (...)"
    lead_center("CBER")                     "CBER (Center for Biologics Evaluation and Research)"
    he_status("not_applicable")             "Not applicable"
    pathway_status("potentially_eligible")  "potentially eligible"   (lower case, to follow words)
    criterion_status("not_met")             "Not met"
    jurisdiction("JP")                      "Japan"
    confidence("R")                         "not confirmed in an official text"
    plain(text)                             the text with its [V]/[S]/[R] tags in words

Parts of an advice (each takes the dict of the advice document or its ``advice_model`` part)::

    eu_outcome(eu)          category, ", combined ATMP", and what applies instead of an ATMP
    eu_provisional(eu)      the provisional EU outcome in words, "" when there is none
    us_outcome(us, goals=)  status, and the combination product with its lead centre ("not
                            assessed" when undetermined and the goals leave out the US)
    us_provisional(us)      the provisional US status in words, "" when there is none
    he_outcome(he)          the hospital-exemption status
    unmet_conditions(he)    [Condition(text, rule)]: each unmet condition as a sentence, its rule
                            id beside it as a reference only
    assumptions(part)       [Assumed(question, answer, reason, source)] of a provisional outcome
    open_questions(qids)    [question text] of the questions the catalogue knows, in order
    open_questions_text(qids)  the same as one phrase: “…”; “…”
    advice_text(advice)     the plain-text summary of a whole advice (``assess --format text``)

The three classifications' labels are composed here once: nothing else appends ", combined ATMP"
or prints a question id, a status code or a confidence tag where words belong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from classification.rules.hospital_exemption import CONDITIONS, HE_RULES
from classification.rules.questions import catalogue, questions_in_words

from .advice_model import EUAdvice, HospitalExemption, USAdvice

EU_CATEGORY_LABELS = {
    "GTMP": "Gene therapy medicinal product (GTMP)",
    "sCTMP": "Somatic cell therapy medicinal product (sCTMP)",
    "TEP": "Tissue-engineered product (TEP)",
    "not_ATMP": "Not an advanced therapy medicinal product",
    "undetermined": "Undetermined: answer the open questions first",
}
NOT_ATMP_ROUTE_LABELS = {
    "biological_medicinal_product": "a biological medicinal product",
    "chemical_medicinal_product": "a chemical medicinal product",
    "vaccine": "a vaccine (outside the ATMP definition)",
    "tissues_and_cells": "tissues and cells legislation",
    "medical_device": "medical device legislation",
    "not_a_medicinal_product": "not a medicinal product",
}
US_STATUS_LABELS = {
    "361_hctp": "Section 361 HCT/P (21 CFR Part 1271 only, no premarket review)",
    "351_biologic": "Section 351 biological product (IND, then BLA)",
    "drug": "Drug (FD&C Act)",
    "device": "Medical device",
    "exempt_1271_15": "Excepted from 21 CFR Part 1271 (1271.15)",
    "other_framework": "Another framework applies",
    "undetermined": "Undetermined: answer the open questions first",
}
HE_STATUS_LABELS = {
    "eligible": "Eligible (the national authority decides)",
    "not_eligible": "Not eligible",
    "not_applicable": "Not applicable",
    "undetermined": "Undetermined",
}
PATHWAY_STATUS_LABELS = {
    "eligible": "eligible",
    "potentially_eligible": "potentially eligible",
    "not_eligible": "not eligible",
    "not_applicable": "not applicable",
}
CRITERION_STATUS_LABELS = {"met": "Met", "not_met": "Not met", "unknown": "Unknown: evidence needed"}
LEAD_CENTER_LABELS = {
    "CBER": "CBER (Center for Biologics Evaluation and Research)",
    "CDER": "CDER (Center for Drug Evaluation and Research)",
    "CDRH": "CDRH (Center for Devices and Radiological Health)",
}
JURISDICTION_LABELS = {"EU": "EU", "US": "US", "UK": "UK", "JP": "Japan"}
CONFIDENCE_LABELS = {
    "V": "checked against the official text",
    "S": "from a secondary source, not yet checked against the official text",
    "R": "not confirmed in an official text",
}
#: When every open question is answered an undetermined outcome is for the regulator to settle.
US_NOT_A_GOAL = "Not assessed: a US licence is not among the goals given (answer the United States questions to assess it)"
UNDETERMINED_ANSWERED = {
    "eu": "Undetermined: only the CAT can settle it (Art 17 of Regulation (EC) No 1394/2007)",
    "us": "Undetermined: ask FDA (Tissue Reference Group or Pre-RFD)",
}


def _word(table: Mapping[str, str], code: str | None) -> str:
    return table.get(code or "", code or "")


def eu_category(category: str, combined_atmp: bool | None = None) -> str:
    label = _word(EU_CATEGORY_LABELS, category)
    return label + ", combined ATMP" if combined_atmp else label


def not_atmp_route(code: str | None) -> str:
    return _word(NOT_ATMP_ROUTE_LABELS, code)


def us_status(status: str) -> str:
    return _word(US_STATUS_LABELS, status)


def lead_center(code: str | None) -> str:
    return _word(LEAD_CENTER_LABELS, code)


def he_status(status: str) -> str:
    return _word(HE_STATUS_LABELS, status)


def pathway_status(status: str) -> str:
    return PATHWAY_STATUS_LABELS.get(status, status.replace("_", " "))


def criterion_status(status: str | None) -> str:
    return _word(CRITERION_STATUS_LABELS, status)


def jurisdiction(code: str) -> str:
    return _word(JURISDICTION_LABELS, code)


def confidence(tag: str | None) -> str:
    return _word(CONFIDENCE_LABELS, tag)


_TAG = re.compile(r"\s*\[([VSR])\]")
_WORDED = re.compile(r"verif|confirm", re.IGNORECASE)


def plain(text: str) -> str:
    """A finding or note with its confidence tags ([V], [S], [R]) in words: dropped where the
    sentence already says it is unverified, else replaced by the words in brackets."""

    def words(match: re.Match[str]) -> str:
        tag = match.group(1)
        if tag == "V":
            return ""
        clause = re.split(r"[.;:(]", text[: match.start()])[-1]
        if _WORDED.search(clause):
            return ""
        return f" ({CONFIDENCE_LABELS[tag]})"

    return _TAG.sub(words, text)


Part = TypeVar("Part", EUAdvice, USAdvice, HospitalExemption)


def _typed(part: Mapping[str, Any] | Part, cls: type[Part]) -> Part:
    return cls.from_dict(part) if isinstance(part, Mapping) else part


def eu_outcome(eu: Mapping[str, Any] | EUAdvice) -> str:
    eu = _typed(eu, EUAdvice)
    if eu.category == "undetermined" and not eu.deciding:
        return UNDETERMINED_ANSWERED["eu"]
    label = eu_category(eu.category, eu.combined_atmp)
    if eu.category == "not_ATMP" and eu.not_atmp_route:
        label += f": {not_atmp_route(eu.not_atmp_route)}"
    return label


def eu_provisional(eu: Mapping[str, Any] | EUAdvice) -> str:
    provisional = _typed(eu, EUAdvice).provisional
    return eu_category(provisional.outcome, provisional.combined_atmp) if provisional else ""


def us_outcome(us: Mapping[str, Any] | USAdvice, *, goals: Mapping[str, Any] | None = None) -> str:
    """``goals`` is the advice's ``goals``: an undetermined US status of a user whose goals leave out
    the US licence (the wizard then skips the US questions) reads "not assessed", not "answer the
    open questions"."""
    us = _typed(us, USAdvice)
    served = (goals or {}).get("served")
    if us.status == "undetermined" and served and "us_licence" not in served:
        return US_NOT_A_GOAL
    if us.status == "undetermined" and not us.deciding:
        return UNDETERMINED_ANSWERED["us"]
    label = us_status(us.status)
    if us.combination_product:
        label += (
            f"; a combination product, lead centre {lead_center(us.lead_center) or 'to be decided by FDA'}"
        )
    elif us.lead_center in LEAD_CENTER_LABELS:
        label += f", reviewed by {lead_center(us.lead_center)}"
    return label


def us_provisional(us: Mapping[str, Any] | USAdvice) -> str:
    provisional = _typed(us, USAdvice).provisional
    return us_status(provisional.outcome) if provisional else ""


def he_outcome(he: Mapping[str, Any] | HospitalExemption) -> str:
    return he_status(_typed(he, HospitalExemption).status)


@dataclass(frozen=True)
class Condition:
    """An unmet condition: the sentence, and the rule id to show beside it as a reference."""

    text: str
    rule: str


_NOT_MET = {condition.rule.id: condition.not_met for condition in CONDITIONS}


class _HasUnmet(Protocol):
    @property
    def unmet_conditions(self) -> Iterable[str]: ...


def unmet_conditions(he: Mapping[str, Any] | _HasUnmet) -> list[Condition]:
    """The unmet conditions of a hospital-exemption part (its dict, its model, or the engine's outcome)."""
    rules = he.get("unmet_conditions") or () if isinstance(he, Mapping) else he.unmet_conditions
    rows = []
    for rule in rules:
        text = _NOT_MET.get(rule) or (f"Not met: {HE_RULES[rule].title.lower()}." if rule in HE_RULES else "")
        if text:
            rows.append(Condition(text=text, rule=rule))
    return rows


@dataclass(frozen=True)
class Assumed:
    """One assumption of a provisional outcome in words."""

    question: str
    answer: str
    reason: str
    source: str


def assumptions(part: Mapping[str, Any] | EUAdvice | USAdvice) -> list[Assumed]:
    if isinstance(part, Mapping):
        part = EUAdvice.from_dict(part) if "category" in part else USAdvice.from_dict(part)
    if part.provisional is None:
        return []
    rows = []
    for item in part.provisional.assumes:
        try:
            question = catalogue().question(item.question)
        except KeyError:
            continue
        rows.append(
            Assumed(question.text, question.choice_label(item.answer), plain(item.reason), item.source)
        )
    return rows


def open_questions(qids: Iterable[str]) -> list[str]:
    """The questions' texts as the user saw them, once each, in order; ids the catalogue lacks
    (advice saved by an older ruleset) are left out."""
    texts = []
    for qid in dict.fromkeys(qids):
        try:
            texts.append(catalogue().question(qid).text)
        except KeyError:
            continue
    return texts


def open_questions_text(qids: Iterable[str]) -> str:
    return questions_in_words(qids)


def _trace_lines(trace: Iterable[Mapping[str, Any]]) -> list[str]:
    lines = []
    for number, step in enumerate(trace, start=1):
        citation = step["citation"]
        lines.append(f"  {number}. {plain(step['finding'])} [{step['rule']}]")
        lines.append(f"     ({citation['instrument']}, {citation['provision']})")
    return lines


def advice_text(advice: Mapping[str, Any], *, source: str = "") -> str:
    """A readable plain-text summary of an advice document, every code in words (rule ids only
    as references in brackets)."""
    eu, us, he = advice["eu"], advice["us"], advice["hospital_exemption"]
    product = (advice.get("product") or {}).get("name") or source
    lines = [f"== {product} ==" if product else "==", ""]
    eu_line = eu_outcome(eu)
    if eu.get("borderline"):
        eu_line += " (borderline: ask the CAT, Art 17)"
    lines += [f"EU: {eu_line}", *_trace_lines(eu["trace"])]
    lines += ["", f"US: {us_outcome(us, goals=advice.get('goals'))}", *_trace_lines(us["trace"])]
    lines += ["", f"EU hospital exemption: {he_outcome(he)}"]
    lines += [f"  Not met: {c.text} [{c.rule}]" for c in unmet_conditions(he)]
    lines += _trace_lines(he["trace"])
    if advice.get("pathways"):
        lines += ["", "Pathways:"]
        for pathway in advice["pathways"]:
            name = pathway.get("name") or pathway["id"]
            lines.append(
                f"  - {name} ({jurisdiction(pathway['jurisdiction'])}): {pathway_status(pathway['status'])}"
            )
    parts = (EUAdvice.from_dict(eu), USAdvice.from_dict(us), HospitalExemption.from_dict(he))
    missing = open_questions(qid for part in parts for qid in part.deciding)
    if missing:
        lines += ["", "Answers that would settle open points:", *[f"  - {text}" for text in missing]]
    next_steps = (
        list(eu.get("next_steps", [])) + list(us.get("next_steps", [])) + list(he.get("next_steps", []))
    )
    if next_steps:
        lines += ["", "Next steps:", *[f"  - {plain(step)}" for step in dict.fromkeys(next_steps)]]
    ruleset = advice["ruleset"]
    lines += [
        "",
        f"Ruleset {ruleset['version']}, rules in force on {ruleset['as_of']}; answers hash {advice.get('answers_hash', '')}.",
        advice.get("advisory", ""),
        "",
    ]
    return "\n".join(lines)
