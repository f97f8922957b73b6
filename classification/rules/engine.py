"""Entry point of the classification engine: answers document in, advice document out.

``classify`` runs the EU, US and hospital-exemption rules; ``advice_document`` turns
outcomes into the advice document (advice.schema.json v1). Pathways are added by
``pathways.rules.advise``, which builds on this module (dependencies point one way).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from .core import Answers
from .outcomes import EUOutcome, HospitalExemptionOutcome, USOutcome
from .plain_answers import plainly_valid
from .resolve import EUStrict, eu_resolved, he_resolved, us_resolved
from .ruleset import LAST_CHECKED, RULESET_VERSION, VERIFIED_UNTIL
from .validation import FieldError, InvalidAnswers, earliest_as_of, validate_answers


@dataclass(slots=True)
class Classification:
    as_of: date
    answers: Answers
    eu: EUOutcome
    us: USOutcome
    hospital_exemption: HospitalExemptionOutcome


def resolve_as_of(document: dict[str, Any], as_of: date | None = None) -> date:
    if as_of is not None:
        return as_of
    if document.get("as_of"):
        return date.fromisoformat(document["as_of"])
    return date.today()


def answers_hash(document: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the answers (sorted keys, no whitespace)."""
    canonical = json.dumps(document.get("answers", {}), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def classify(document: dict[str, Any], *, as_of: date | None = None, validate: bool = True) -> Classification:
    if validate and not plainly_valid(document):
        validate_answers(document)
    when = resolve_as_of(document, as_of)
    if when < earliest_as_of():
        raise InvalidAnswers(
            [FieldError("/as_of", f"the rules cover dates from {earliest_as_of().isoformat()} on")]
        )
    answers = Answers(document.get("answers"))
    eu_strict = EUStrict(when)
    eu = eu_resolved(answers, as_of=when, strict=eu_strict)
    he = he_resolved(
        answers, as_of=when, eu_strict=eu_strict, eu=eu if eu.category != "undetermined" else None
    )
    us = us_resolved(answers, as_of=when)
    return Classification(as_of=when, answers=answers, eu=eu, us=us, hospital_exemption=he)


def warnings(as_of: date) -> list[str]:
    """Warnings about the date of the advice itself."""
    if as_of > VERIFIED_UNTIL:
        return [
            f"The advice is for {as_of.isoformat()}, after {VERIFIED_UNTIL.isoformat()}, the last date the law in "
            f"these rules was checked to hold (ruleset {RULESET_VERSION}, checked on {LAST_CHECKED.isoformat()}). "
            "Law adopted or changed since then is not reflected: check the current texts before relying on it."
        ]
    return []


def advice_document(
    document: dict[str, Any], result: Classification, pathways: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {
        "schema_version": "1",
        "ruleset": {
            "version": RULESET_VERSION,
            "as_of": result.as_of.isoformat(),
            "last_checked": LAST_CHECKED.isoformat(),
            "verified_until": VERIFIED_UNTIL.isoformat(),
        },
        "warnings": warnings(result.as_of),
        "answers_hash": answers_hash(document),
        "product": dict(document.get("product") or {}),
        "eu": result.eu.to_dict(),
        "us": result.us.to_dict(),
        "hospital_exemption": result.hospital_exemption.to_dict(),
        "pathways": list(pathways or []),
        "advisory": (
            "This advice is not a regulatory decision. A binding classification comes only from "
            "the regulator: in the EU a CAT scientific recommendation (Art 17 of Regulation (EC) "
            "No 1394/2007) or the national competent authority; in the US an FDA Request for "
            "Designation (21 CFR Part 3) or a Tissue Reference Group recommendation."
        ),
    }


def evaluate(document: dict[str, Any], *, as_of: date | None = None) -> dict[str, Any]:
    """Classification only (pathways empty). Prefer ``pathways.rules.advise`` for full advice."""
    return advice_document(document, classify(document, as_of=as_of))
