"""Eligibility for each pathway, from the classification and the development-profile answers.

Each criterion of the catalogue is decided ``met``, ``not_met`` or ``unknown``. Criteria are of two
kinds: *conditions* (the disease, the product, the classification) — one not met makes the pathway
``not_eligible``; and *evidence* (data, an IND, a dossier) — not there yet makes it
``potentially_eligible`` with the missing evidence named, since development can still supply it.
Unknown answers never become a guess: they give ``potentially_eligible``. ``not_applicable`` says
why the pathway cannot apply at all (a 361 HCT/P has no IND; SME certification is for ATMPs only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from classification.rules.engine import Classification

from .catalogue import Pathway, catalogue

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
EVIDENCE_ORDER = (
    "none",
    "nonclinical",
    "clinical_tolerability",
    "preliminary_clinical_efficacy",
    "substantial_clinical_improvement",
    "confirmatory",
)
STAGE_ORDER = (
    "research",
    "nonclinical",
    "phase_1",
    "phase_2",
    "phase_3",
    "marketing_application",
    "authorised",
)
NO_PREMARKET_REVIEW = {"361_hctp", "exempt_1271_15", "other_framework"}
JCA_ORPHANS = date(2028, 1, 13)
JCA_ALL = date(2030, 1, 13)
PRV_OLD_SUNSET = date(2024, 12, 20)
PRV_REAUTHORISED = date(2026, 2, 3)
PRV_NEW_SUNSET = date(2029, 9, 30)
ILAP_CLOSED = date(2024, 11, 20)
ILAP_RELAUNCH_WINDOW = date(2025, 3, 31)


@dataclass(slots=True)
class CriterionResult:
    id: str
    text: str
    status: str
    evidence: bool  # an evidence criterion (development can still meet it) rather than a condition
    missing: str = ""

    def to_dict(self, citation: dict[str, Any]) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "status": self.status, "citation": citation}


@dataclass(slots=True)
class PathwayOutcome:
    pathway: Pathway
    status: str
    reasons: list[str]
    missing_evidence: list[str] = field(default_factory=list)
    criteria: list[CriterionResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        citation = self.pathway.legal_basis.to_dict()
        return {
            "id": self.pathway.id,
            "jurisdiction": self.pathway.jurisdiction,
            "name": self.pathway.name,
            "kind": self.pathway.kind,
            "status": self.status,
            "reasons": list(self.reasons),
            "missing_evidence": list(dict.fromkeys(self.missing_evidence)),
            "citations": [citation],
            "criteria": [c.to_dict(citation) for c in self.criteria],
            "confidence": self.pathway.confidence,
            "domain_ref": self.pathway.domain_ref,
            "when_to_request": self.pathway.when_to_request,
            "response_clock": self.pathway.response_clock,
            "benefits": self.pathway.benefits,
            "stacking": self.pathway.stacking,
        }


class Profile:
    """The development profile and classification, as the pathway criteria read them."""

    def __init__(self, result: Classification) -> None:
        self.result = result
        self.a = result.answers
        self.as_of = result.as_of

    def get(self, qid: str) -> Any:
        return self.a.get(qid)

    def serious(self) -> str:
        severity = self.a.get("condition_severity")
        if severity in {"life_threatening", "seriously_debilitating", "serious"}:
            return MET
        return NOT_MET if severity == "not_serious" else UNKNOWN

    def life_threatening_or_debilitating(self) -> str:
        severity = self.a.get("condition_severity")
        if severity in {"life_threatening", "seriously_debilitating"}:
            return MET
        return NOT_MET if severity == "not_serious" else UNKNOWN

    def unmet_need(self, *, advantage: tuple[str, ...] = ("major",)) -> str:
        exists = self.a.get("satisfactory_treatment_exists")
        if exists is False:
            return MET
        if exists is True:
            benefit = self.a.get("expected_benefit")
            if benefit in advantage:
                return MET
            return UNKNOWN if benefit in {None, "unknown"} else NOT_MET
        return UNKNOWN

    def benefit(self, levels: tuple[str, ...]) -> str:
        benefit = self.a.get("expected_benefit")
        if benefit in levels:
            return MET
        return UNKNOWN if benefit in {None, "unknown"} else NOT_MET

    def evidence_at_least(self, level: str) -> str:
        evidence = self.a.get("evidence_level")
        if evidence in {None, "unknown"}:
            return UNKNOWN
        return MET if EVIDENCE_ORDER.index(evidence) >= EVIDENCE_ORDER.index(level) else NOT_MET

    def stage(self) -> str | None:
        stage = self.a.get("development_stage")
        return None if stage in {None, "unknown"} else stage

    def stage_at_least(self, stage: str) -> str:
        current = self.stage()
        if current is None:
            return UNKNOWN
        return MET if STAGE_ORDER.index(current) >= STAGE_ORDER.index(stage) else NOT_MET

    def flag(self, qid: str) -> str:
        value = self.a.get(qid)
        return MET if value is True else NOT_MET if value is False else UNKNOWN


def _decide(
    pathway: Pathway, results: list[CriterionResult], *, not_applicable: str = "", notes: tuple[str, ...] = ()
) -> PathwayOutcome:
    if not_applicable:
        return PathwayOutcome(pathway, "not_applicable", [not_applicable, *notes], criteria=results)
    failed = [r for r in results if r.status == NOT_MET and not r.evidence]
    if failed:
        reasons = [f"Not met: {r.text}." for r in failed]
        return PathwayOutcome(pathway, "not_eligible", reasons + list(notes), criteria=results)
    open_ = [r for r in results if r.status != MET]
    if open_:
        reasons = [f"Met: {r.text}." for r in results if r.status == MET]
        reasons += [f"To show: {r.text}." for r in open_]
        missing = [r.missing for r in open_ if r.missing]
        return PathwayOutcome(pathway, "potentially_eligible", reasons + list(notes), missing, results)
    return PathwayOutcome(
        pathway, "eligible", [f"Met: {r.text}." for r in results] + list(notes), criteria=results
    )


def _c(pathway: Pathway, criterion_id: str, status: str, *, evidence: bool = False) -> CriterionResult:
    spec = pathway.criterion(criterion_id)
    return CriterionResult(spec.id, spec.text, status, evidence, spec.evidence)


def _not_yet_in_force(pathway: Pathway, as_of: date) -> str:
    if pathway.in_force_from and as_of < pathway.in_force_from:
        return f"{pathway.name} did not exist on {as_of.isoformat()} (it starts on {pathway.in_force_from.isoformat()})."
    return ""


def _eu_medicinal(p: Profile) -> str:
    """Why EU medicines procedures do not apply, or "" when the product is a medicinal product (or may be)."""
    eu = p.result.eu
    if eu.not_atmp_route == "not_a_medicinal_product":
        return "The product is not a medicinal product, so EU medicines procedures do not apply."
    if eu.not_atmp_route in {"tissues_and_cells", "medical_device"}:
        framework = eu.framework.name if eu.framework else "another framework"
        rule = "EU-CLS-8" if eu.not_atmp_route == "tissues_and_cells" else "EU-CLS-9"
        return (
            f"The product is regulated under {framework}, not as a medicinal product ({rule}), "
            "so EU medicines procedures do not apply."
        )
    return ""


def _us_no_ind(p: Profile) -> str:
    status = p.result.us.status
    if status in NO_PREMARKET_REVIEW:
        return (
            "As a 361 HCT/P, an excepted HCT/P or a product under another framework, the product has no "
            "premarket review or IND, so FDA's IND-based programmes do not apply."
        )
    return ""


# --- EU -------------------------------------------------------------------------------------------


def eu_prime(pw: Pathway, p: Profile) -> PathwayOutcome:
    early_entry = p.get("sponsor_type") in {"sme", "academic"}
    data = p.evidence_at_least("clinical_tolerability" if early_entry else "preliminary_clinical_efficacy")
    stage = p.stage()
    results = [
        _c(pw, "EU-PWY-2.1", p.unmet_need()),
        _c(pw, "EU-PWY-2.2", p.benefit(("major",))),
        _c(pw, "EU-PWY-2.3", data, evidence=True),
        _c(
            pw,
            "EU-PWY-2.4",
            NOT_MET
            if stage in {"marketing_application", "authorised"}
            else (UNKNOWN if stage is None else MET),
        ),
    ]
    na = _not_yet_in_force(pw, p.as_of) or _eu_medicinal(p)
    if stage in {"marketing_application", "authorised"}:
        na = "PRIME supports development before the marketing authorisation application; it is too late to enter."
    note = (
        (
            "Early entry applies: SMEs and academia may enter on compelling non-clinical data and first clinical "
            "tolerability data.",
        )
        if early_entry
        else ()
    )
    return _decide(pw, results, not_applicable=na, notes=note)


def eu_accelerated_assessment(pw: Pathway, p: Profile) -> PathwayOutcome:
    major = p.unmet_need()
    if major == MET:
        major = p.benefit(("major",)) if p.get("satisfactory_treatment_exists") is False else major
    results = [
        _c(pw, "EU-PWY-3.1", major),
        _c(pw, "EU-PWY-3.2", p.evidence_at_least("substantial_clinical_improvement"), evidence=True),
    ]
    na = _eu_medicinal(p) or (
        "The product is already authorised; accelerated assessment applies to an initial MAA."
        if p.stage() == "authorised"
        else ""
    )
    return _decide(pw, results, not_applicable=na)


def eu_conditional_ma(pw: Pathway, p: Profile) -> PathwayOutcome:
    scope = p.life_threatening_or_debilitating()
    orphan = _eu_orphan_prevalence(p) == MET and p.life_threatening_or_debilitating() != NOT_MET
    if scope != MET and (p.get("public_health_emergency") is True or orphan):
        scope = MET
    comprehensive = p.flag("comprehensive_data_obtainable")
    results = [
        _c(pw, "EU-PWY-4.0", scope),
        _c(pw, "EU-PWY-4.1", p.evidence_at_least("preliminary_clinical_efficacy"), evidence=True),
        _c(pw, "EU-PWY-4.2", comprehensive),
        _c(pw, "EU-PWY-4.3", p.unmet_need()),
        _c(pw, "EU-PWY-4.4", p.unmet_need() if scope == MET else scope),
    ]
    notes: tuple[str, ...] = ()
    if comprehensive == NOT_MET:
        notes = (
            "Comprehensive data can never be provided: an authorisation under exceptional circumstances fits "
            "instead (the two are never combined).",
        )
    na = _eu_medicinal(p) or ("The product is already authorised." if p.stage() == "authorised" else "")
    return _decide(pw, results, not_applicable=na, notes=notes)


def eu_exceptional_circumstances(pw: Pathway, p: Profile) -> PathwayOutcome:
    comprehensive = p.get("comprehensive_data_obtainable")
    status = NOT_MET if comprehensive is True else MET if comprehensive is False else UNKNOWN
    notes = (
        (
            "Comprehensive data are expected: a conditional MA, not exceptional circumstances, is the route "
            "(the two are never combined).",
        )
        if comprehensive is True
        else ()
    )
    na = _eu_medicinal(p) or ("The product is already authorised." if p.stage() == "authorised" else "")
    return _decide(pw, [_c(pw, "EU-PWY-5.1", status)], not_applicable=na, notes=notes)


def _eu_orphan_prevalence(p: Profile) -> str:
    prevalence = p.get("eu_prevalence_per_10000")
    if prevalence is None:
        return UNKNOWN
    return MET if prevalence <= 5 else NOT_MET


def eu_orphan(pw: Pathway, p: Profile) -> PathwayOutcome:
    severity = p.life_threatening_or_debilitating()
    if severity == UNKNOWN and p.get("condition_severity") == "serious":
        severity = UNKNOWN  # serious but not (yet) shown to be chronically debilitating
    results = [
        _c(pw, "EU-PWY-6.1", _eu_orphan_prevalence(p)),
        _c(pw, "EU-PWY-6.2", severity),
        _c(pw, "EU-PWY-6.3", p.unmet_need(advantage=("major", "significant"))),
    ]
    notes: tuple[str, ...] = ()
    if results[0].status == NOT_MET:
        notes = (
            "Above 5 in 10,000, designation is still possible on the insufficient-return ground (Art 3(1)(a), "
            "second indent), which this advisor does not assess.",
        )
    na = _not_yet_in_force(pw, p.as_of) or _eu_medicinal(p)
    if p.stage() in {"marketing_application", "authorised"}:
        na = "Orphan designation must be requested before the marketing authorisation application."
    return _decide(pw, results, not_applicable=na, notes=notes)


def eu_sme_certification(pw: Pathway, p: Profile) -> PathwayOutcome:
    sponsor = p.get("sponsor_type")
    results = [
        _c(pw, "EU-PWY-7.1", MET if p.result.eu.is_atmp else UNKNOWN),
        _c(
            pw,
            "EU-PWY-7.2",
            MET if sponsor == "sme" else UNKNOWN if sponsor in {None, "unknown"} else NOT_MET,
        ),
        _c(pw, "EU-PWY-7.3", p.evidence_at_least("nonclinical"), evidence=True),
    ]
    na = _not_yet_in_force(pw, p.as_of)
    if p.result.eu.category == "not_ATMP":
        na = "Certification under Art 18 of Regulation (EC) No 1394/2007 is only for ATMPs."
    elif p.stage() in {"marketing_application", "authorised"}:
        na = "Certification is meant for development before the marketing authorisation application."
    return _decide(pw, results, not_applicable=na)


def eu_hta_jca(pw: Pathway, p: Profile) -> PathwayOutcome:
    eu = p.result.eu
    if _eu_medicinal(p):
        return _decide(pw, [], not_applicable=_eu_medicinal(p))
    if p.stage() == "authorised":
        return _decide(
            pw, [], not_applicable="The JCA covers marketing applications; the product is already authorised."
        )
    if p.as_of < date(2025, 1, 12):
        return _decide(pw, [], not_applicable="Joint clinical assessments start on 12 January 2025.")
    if eu.is_atmp:
        return _decide(
            pw, [CriterionResult("EU-PWY-11.1", "An ATMP with an MAA from 12 January 2025", MET, False)]
        )
    if eu.category == "undetermined":
        return _decide(
            pw,
            [
                CriterionResult(
                    "EU-PWY-11.1",
                    "An ATMP with an MAA from 12 January 2025",
                    UNKNOWN,
                    False,
                    "the EU classification (ATMP or not)",
                )
            ],
        )
    if p.as_of >= JCA_ALL:
        return _decide(
            pw,
            [
                CriterionResult(
                    "EU-PWY-11.1", "A centrally authorised medicine from 13 January 2030", MET, False
                )
            ],
        )
    orphan = _eu_orphan_prevalence(p)
    if p.as_of >= JCA_ORPHANS and orphan != NOT_MET:
        return _decide(
            pw,
            [
                CriterionResult(
                    "EU-PWY-11.1",
                    "An orphan medicinal product from 13 January 2028",
                    orphan,
                    False,
                    "orphan designation",
                )
            ],
        )
    return _decide(
        pw,
        [],
        not_applicable="Not an ATMP: the JCA reaches other medicines only from 13 January 2028 "
        "(orphans) or 13 January 2030 (all), except new active substances for cancer.",
    )


# --- US -------------------------------------------------------------------------------------------


def _ind(pw: Pathway, p: Profile, criterion_id: str) -> CriterionResult:
    return _c(pw, criterion_id, p.stage_at_least("phase_1"), evidence=True)


def us_fast_track(pw: Pathway, p: Profile) -> PathwayOutcome:
    results = [
        _c(pw, "US-EXP-0.1", p.serious()),
        _c(pw, "US-EXP-FT.1", p.unmet_need(advantage=("major", "significant"))),
        _c(pw, "US-EXP-FT.2", p.evidence_at_least("nonclinical"), evidence=True),
        _ind(pw, p, "US-EXP-FT.3"),
    ]
    return _decide(pw, results, not_applicable=_us_no_ind(p) or _not_yet_in_force(pw, p.as_of))


def us_breakthrough(pw: Pathway, p: Profile) -> PathwayOutcome:
    evidence = p.evidence_at_least("substantial_clinical_improvement")
    if evidence != MET and p.evidence_at_least("preliminary_clinical_efficacy") == MET:
        evidence = MET if p.benefit(("major", "significant")) == MET else NOT_MET
    results = [
        _c(pw, "US-EXP-0.1", p.serious()),
        _c(pw, "US-EXP-BTD.1", evidence, evidence=True),
        _ind(pw, p, "US-EXP-BTD.2"),
    ]
    return _decide(pw, results, not_applicable=_us_no_ind(p) or _not_yet_in_force(pw, p.as_of))


def _regenerative_medicine_therapy(p: Profile) -> str:
    """Cell therapy, tissue-engineering product, human cell and tissue product, or a gene therapy with
    a sustained effect (FDA's reading of 506(g)(8)); not a drug such as an oligonucleotide."""
    us = p.result.us
    if us.status == "drug":
        return NOT_MET
    if p.get("contains_cells_or_tissues") is True:
        return MET
    if p.get("nucleic_acid") == "recombinant" or p.get("genome_editing") is True:
        return MET if p.get("infectious_disease_vaccine") is not True else NOT_MET
    if p.get("contains_cells_or_tissues") is False:
        return NOT_MET
    return UNKNOWN


def us_rmat(pw: Pathway, p: Profile) -> PathwayOutcome:
    clinical = p.evidence_at_least("preliminary_clinical_efficacy")
    unmet = p.unmet_need(advantage=("major", "significant"))
    results = [
        _c(pw, "US-EXP-RMAT.1", _regenerative_medicine_therapy(p)),
        _c(pw, "US-EXP-0.1", p.serious()),
        _c(pw, "US-EXP-RMAT.2", NOT_MET if unmet == NOT_MET else clinical, evidence=unmet != NOT_MET),
        _ind(pw, p, "US-EXP-RMAT.3"),
    ]
    notes = (
        (
            "Gene therapies qualify where they lead to a sustained effect on cells or tissues (FDA, 2019 guidance).",
        )
        if p.get("contains_cells_or_tissues") is not True and results[0].status == MET
        else ()
    )
    na = _us_no_ind(p) or _not_yet_in_force(pw, p.as_of)
    if p.result.us.status == "361_hctp":
        na = "A 361 HCT/P is excluded from RMAT by FD&C Act 506(g)(8) and has no IND."
    return _decide(pw, results, not_applicable=na, notes=notes)


def us_priority_review(pw: Pathway, p: Profile) -> PathwayOutcome:
    results = [
        _c(pw, "US-EXP-0.1", p.serious()),
        _c(pw, "US-EXP-PR.1", p.benefit(("major", "significant"))),
        _c(
            pw,
            "US-EXP-PR.2",
            p.stage_at_least("marketing_application") if p.stage() != "authorised" else MET,
            evidence=True,
        ),
    ]
    na = _us_no_ind(p) or (
        "The product is already approved; priority review applies to a new application or an "
        "efficacy supplement."
        if p.stage() == "authorised"
        else ""
    )
    return _decide(pw, results, not_applicable=na)


def us_accelerated_approval(pw: Pathway, p: Profile) -> PathwayOutcome:
    results = [
        _c(pw, "US-EXP-0.1", p.serious()),
        _c(pw, "US-EXP-AA.1", p.unmet_need(advantage=("major", "significant"))),
        _c(pw, "US-EXP-AA.2", p.flag("surrogate_endpoint_reasonably_likely")),
        _c(pw, "US-EXP-AA.3", p.stage_at_least("phase_2"), evidence=True),
    ]
    na = _us_no_ind(p) or ("The product is already approved." if p.stage() == "authorised" else "")
    return _decide(
        pw,
        results,
        not_applicable=na,
        notes=(
            "Accelerated approval carries confirmatory obligations; FDA may withdraw it if benefit is not verified.",
        ),
    )


def us_orphan(pw: Pathway, p: Profile) -> PathwayOutcome:
    patients = p.get("us_patients")
    prevalence = UNKNOWN if patients is None else (MET if patients < 200_000 else NOT_MET)
    stage = p.stage()
    results = [
        _c(pw, "US-INC-ODD.1", prevalence),
        _c(pw, "US-INC-ODD.2", NOT_MET if stage in {"marketing_application", "authorised"} else MET),
    ]
    notes = (
        (
            "At 200,000 or more, designation is still possible if US sales cannot recover the costs, which this "
            "advisor does not assess.",
        )
        if prevalence == NOT_MET
        else ()
    )
    na = _us_no_ind(p) or _not_yet_in_force(pw, p.as_of)
    if stage in {"marketing_application", "authorised"}:
        na = "Orphan designation must be requested before the marketing application for the same use."
    return _decide(pw, results, not_applicable=na, notes=notes)


def us_rare_pediatric_prv(pw: Pathway, p: Profile) -> PathwayOutcome:
    as_of = p.as_of
    notes: tuple[str, ...] = ()
    authority = MET
    if as_of > PRV_NEW_SUNSET:
        return _decide(
            pw, [], not_applicable="FDA may award no rare pediatric disease voucher after 30 September 2029."
        )
    if PRV_OLD_SUNSET < as_of < PRV_REAUTHORISED:
        authority = UNKNOWN
        notes = (
            "Between 21 December 2024 and 2 February 2026 the authority had lapsed, except for products designated "
            "by 20 December 2024 and approved by 30 September 2026: a gap case for manual review.",
        )
    rare_paediatric = p.flag("rare_paediatric_disease")
    if p.get("paediatric_indication") is False and rare_paediatric != MET:
        rare_paediatric = NOT_MET
    results = [
        _c(pw, "US-INC-RPD.1", rare_paediatric),
        _c(pw, "US-INC-RPD.2", p.stage_at_least("marketing_application"), evidence=True),
        CriterionResult(
            "US-INC-RPD.3",
            pw.criterion("US-INC-RPD.3").text,
            authority,
            False,
            "confirmation of FDA's voucher authority for this product" if authority == UNKNOWN else "",
        ),
    ]
    na = _us_no_ind(p) or _not_yet_in_force(pw, p.as_of)
    return _decide(pw, results, not_applicable=na, notes=notes)


def us_platform_technology(pw: Pathway, p: Profile) -> PathwayOutcome:
    results = [
        _c(pw, "US-EXP-PTD.1", MET if p.stage() == "authorised" else UNKNOWN),
        _c(pw, "US-EXP-PTD.2", UNKNOWN, evidence=True),
        _c(pw, "US-EXP-PTD.3", UNKNOWN, evidence=True),
    ]
    return _decide(
        pw,
        results,
        not_applicable=_us_no_ind(p) or _not_yet_in_force(pw, p.as_of),
        notes=(
            "A first-in-class platform cannot qualify: the platform must already be in an approved or licensed product.",
        ),
    )


# --- UK and Japan ---------------------------------------------------------------------------------


def uk_ilap(pw: Pathway, p: Profile) -> PathwayOutcome:
    if _not_yet_in_force(pw, p.as_of) or ILAP_CLOSED <= p.as_of < ILAP_RELAUNCH_WINDOW:
        return _decide(
            pw,
            [],
            not_applicable="ILAP was not open to new applications on this date (closed from 20 "
            "November 2024 until the relaunched window of 31 March 2025).",
        )
    medicinal = p.flag("medicinal_purpose")
    if p.get("infectious_disease_vaccine") is True:
        medicinal = NOT_MET
    stage = p.stage()
    timing = p.evidence_at_least("clinical_tolerability")
    if stage in {"phase_3", "marketing_application", "authorised"}:
        timing = NOT_MET
    results = [
        _c(pw, "UK-ILAP-1.1", medicinal),
        _c(
            pw,
            "UK-ILAP-1.2",
            timing,
            evidence=stage not in {"phase_3", "marketing_application", "authorised"},
        ),
        _c(pw, "UK-ILAP-1.3", UNKNOWN, evidence=True),
    ]
    return _decide(
        pw,
        results,
        notes=("Only part of the ILAP criteria could be verified; the rest must be checked with the MHRA.",),
    )


def uk_conditional_ma(pw: Pathway, p: Profile) -> PathwayOutcome:
    comprehensive = p.flag("comprehensive_data_obtainable")
    unmet = p.unmet_need()
    if p.serious() == NOT_MET:
        unmet = NOT_MET
    results = [
        _c(pw, "UK-CMA-1.1", unmet),
        _c(
            pw,
            "UK-CMA-1.2",
            NOT_MET if comprehensive == NOT_MET else p.evidence_at_least("preliminary_clinical_efficacy"),
            evidence=comprehensive != NOT_MET,
        ),
    ]
    na = _not_yet_in_force(pw, p.as_of) or _eu_medicinal(p)
    return _decide(pw, results, not_applicable=na)


def _regenerative_medical_product_jp(p: Profile) -> str:
    eu = p.result.eu
    if p.get("infectious_disease_vaccine") is True:
        return NOT_MET
    if eu.category in {"GTMP", "sCTMP", "TEP"}:
        return MET
    if eu.category == "undetermined":
        return UNKNOWN
    return NOT_MET


def jp_conditional_time_limited(pw: Pathway, p: Profile) -> PathwayOutcome:
    product = _regenerative_medical_product_jp(p)
    cells = p.get("contains_cells_or_tissues")
    heterogeneous = MET if cells is True else UNKNOWN
    results = [
        _c(pw, "JP-CLS-1", product),
        _c(pw, "JP-CTL-1.1", heterogeneous, evidence=True),
        _c(pw, "JP-CTL-1.2", p.evidence_at_least("preliminary_clinical_efficacy"), evidence=True),
    ]
    na = _not_yet_in_force(pw, p.as_of)
    if product == NOT_MET:
        na = (
            "The route is for regenerative medical products (processed living cells or gene therapy) under the PMD "
            "Act."
        )
    return _decide(pw, results, not_applicable=na)


def jp_sakigake(pw: Pathway, p: Profile) -> PathwayOutcome:
    prominent = p.evidence_at_least("preliminary_clinical_efficacy")
    if prominent == MET:
        prominent = p.benefit(("major",))
    results = [
        _c(pw, "JP-SAK-1.1", p.benefit(("major",)), evidence=True),
        _c(pw, "JP-SAK-1.2", p.serious()),
        _c(pw, "JP-SAK-1.3", prominent, evidence=True),
        _c(pw, "JP-SAK-1.4", UNKNOWN, evidence=True),
    ]
    na = _not_yet_in_force(pw, p.as_of) or _eu_medicinal(p)
    if p.stage() in {"marketing_application", "authorised"}:
        na = "SAKIGAKE is designated during early development, before the application."
    return _decide(pw, results, not_applicable=na)


RULES: dict[str, Callable[[Pathway, Profile], PathwayOutcome]] = {
    "EU_PRIME": eu_prime,
    "EU_ACCELERATED_ASSESSMENT": eu_accelerated_assessment,
    "EU_CONDITIONAL_MA": eu_conditional_ma,
    "EU_EXCEPTIONAL_CIRCUMSTANCES": eu_exceptional_circumstances,
    "EU_ORPHAN": eu_orphan,
    "EU_SME_CERTIFICATION": eu_sme_certification,
    "EU_HTA_JCA": eu_hta_jca,
    "US_FAST_TRACK": us_fast_track,
    "US_BREAKTHROUGH": us_breakthrough,
    "US_RMAT": us_rmat,
    "US_PRIORITY_REVIEW": us_priority_review,
    "US_ACCELERATED_APPROVAL": us_accelerated_approval,
    "US_ORPHAN": us_orphan,
    "US_RARE_PEDIATRIC_PRV": us_rare_pediatric_prv,
    "US_PLATFORM_TECHNOLOGY": us_platform_technology,
    "UK_ILAP": uk_ilap,
    "UK_CONDITIONAL_MA": uk_conditional_ma,
    "JP_CONDITIONAL_TIME_LIMITED": jp_conditional_time_limited,
    "JP_SAKIGAKE": jp_sakigake,
}


def evaluate_pathways(result: Classification) -> list[PathwayOutcome]:
    profile = Profile(result)
    pathways = catalogue()
    return [rule(pathways[pathway_id], profile) for pathway_id, rule in RULES.items()]
