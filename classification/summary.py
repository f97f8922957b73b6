"""A readable plain-text summary of an advice document, with the reasoning (``assess --format text``)."""

from __future__ import annotations

from typing import Any

EU_CATEGORY_LABELS = {
    "GTMP": "Gene therapy medicinal product (GTMP)",
    "sCTMP": "Somatic cell therapy medicinal product (sCTMP)",
    "TEP": "Tissue-engineered product (TEP)",
    "not_ATMP": "Not an advanced therapy medicinal product",
    "undetermined": "Undetermined: only the CAT can settle it",
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
    "undetermined": "Undetermined: ask FDA (TRG or Pre-RFD)",
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


def _trace_lines(trace: list[dict[str, Any]]) -> list[str]:
    lines = []
    for number, step in enumerate(trace, start=1):
        citation = step["citation"]
        lines.append(f"  {number}. [{step['rule']}] {step['finding']}")
        lines.append(f"     ({citation['instrument']}, {citation['provision']})")
    return lines


def advice_text(advice: dict[str, Any], *, source: str = "") -> str:
    eu, us, he = advice["eu"], advice["us"], advice["hospital_exemption"]
    product = (advice.get("product") or {}).get("name") or source
    lines = [f"== {product} ==" if product else "==", ""]
    eu_line = EU_CATEGORY_LABELS.get(eu["category"], eu["category"])
    if eu.get("combined_atmp"):
        eu_line += ", combined ATMP"
    if eu.get("not_atmp_route"):
        eu_line += f": {NOT_ATMP_ROUTE_LABELS.get(eu['not_atmp_route'], eu['not_atmp_route'])}"
    if eu.get("borderline"):
        eu_line += " (borderline: ask the CAT, Art 17)"
    lines += [f"EU: {eu_line}", *_trace_lines(eu["trace"])]
    us_line = US_STATUS_LABELS.get(us["status"], us["status"])
    if us.get("combination_product"):
        us_line += f", combination product (lead centre {us.get('lead_center') or 'to be decided'})"
    lines += ["", f"US: {us_line}", *_trace_lines(us["trace"])]
    he_line = HE_STATUS_LABELS.get(he["status"], he["status"])
    if he.get("unmet_conditions"):
        he_line += f" (unmet: {', '.join(he['unmet_conditions'])})"
    lines += ["", f"EU hospital exemption: {he_line}", *_trace_lines(he["trace"])]
    if advice.get("pathways"):
        lines += ["", "Pathways:"]
        for pathway in advice["pathways"]:
            status = PATHWAY_STATUS_LABELS.get(pathway["status"], pathway["status"])
            lines.append(f"  - {pathway.get('name', pathway['id'])} [{pathway['jurisdiction']}]: {status}")
    missing = list(dict.fromkeys(eu["missing"] + us["missing"] + he.get("missing", [])))
    if missing:
        lines += ["", f"Answers that would settle open points: {', '.join(missing)}"]
    next_steps = eu.get("next_steps", []) + us.get("next_steps", []) + he.get("next_steps", [])
    if next_steps:
        lines += ["", "Next steps:", *[f"  - {step}" for step in dict.fromkeys(next_steps)]]
    ruleset = advice["ruleset"]
    lines += [
        "",
        f"Ruleset {ruleset['version']}, rules in force on {ruleset['as_of']}; answers hash {advice.get('answers_hash', '')}.",
        advice.get("advisory", ""),
        "",
    ]
    return "\n".join(lines)
