"""Eligibility for each pathway, from the classification and the development-profile answers.

Each criterion of the catalogue is decided ``met``, ``not_met`` or ``unknown``. Criteria are of two
kinds: *conditions* (the disease, the product, the classification) — one not met makes the pathway
``not_eligible``; and *evidence* (data, an IND, a dossier) — not there yet makes it
``potentially_eligible`` with the missing evidence named, since development can still supply it.
Unknown answers never become a guess: they give ``potentially_eligible``. ``not_applicable`` says
why the pathway cannot apply at all (a 361 HCT/P has no IND; SME certification is for ATMPs only).

Every date and threshold is a parameter (``classification/rules/parameters_data/pathways.yaml``)
read with ``param(name, as_of)``: the JCA scope dates, the voucher authority, the ILAP windows, the
EU orphan prevalence ceiling and the US rare-disease ceiling. Where such a parameter governs a
pathway, the pathway starts on the parameter's first date with a value (no ``in_force_from`` in
the catalogue). The dates in the reasons are read from the same parameters, so the words and the
edge cannot drift apart.

Each criterion carries its one citation (``Pathway.citation_of``): its own where the catalogue
gives one, else the pathway's legal basis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from classification.rules.core import Citation
from classification.rules.engine import Classification
from classification.rules.parameters import param, parameter

from .catalogue import Pathway, catalogue
from .goals import JURISDICTION_GOAL, goals_of

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

# The dated parameters (parameters_data/pathways.yaml).
JCA_ATMPS = "pathways.eu_jca_covers_atmps"
JCA_ORPHANS = "pathways.eu_jca_covers_orphans"
JCA_ALL = "pathways.eu_jca_covers_all"
EU_ORPHAN_CEILING = "pathways.eu_orphan_prevalence_ceiling_per_10000"
US_ORPHAN_CEILING = "pathways.us_orphan_patient_ceiling"
PRV_AUTHORITY = "pathways.us_rpd_voucher_authority"
ILAP_OPEN = "pathways.uk_ilap_open"
ORPHAN_EXCLUSIVITY = "pathways.us_orphan_exclusivity_scope"
AA_UNDERWAY = "pathways.us_aa_confirmatory_trial_underway"
RMAT_GUIDANCE = "pathways.us_rmat_guidance"
UK_CMA_SCOPE = "pathways.uk_conditional_ma_scope"

# Designations meant for a product in development (issue 11): not for an authorised indication.
AUTHORISED = "authorised"


def day(when: date) -> str:
    """A date in words: 12 January 2025."""
    return f"{when.day} {when:%B %Y}"


@cache
def edge(name: str, before: Any, after: Any) -> date:
    """The date on which parameter ``name`` changes from ``before`` to ``after``."""
    for when, old, new in parameter(name).edges():
        if old == before and new == after:
            return when
    raise LookupError(f"{name} never changes from {before!r} to {after!r}")


@cache
def first_defined(name: str) -> date:
    """The first date on which parameter ``name`` has a value (is not null)."""
    p = parameter(name)
    return next(d for d, v in zip(p.dates, p.values, strict=True) if v is not None)


def day_before(when: date) -> date:
    return when - timedelta(days=1)


@dataclass(slots=True)
class CriterionResult:
    id: str
    text: str
    status: str
    evidence: bool  # an evidence criterion (development can still meet it) rather than a condition
    citation: Citation
    missing: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "status": self.status, "citation": self.citation.to_dict()}


@dataclass(slots=True)
class PathwayOutcome:
    pathway: Pathway
    status: str
    reasons: list[str]
    missing_evidence: list[str] = field(default_factory=list)
    criteria: list[CriterionResult] = field(default_factory=list)
    instead: list[str] = field(default_factory=list)  # what applies instead (a stage that is past)
    needs: list[str] = field(default_factory=list)  # open answers the status rests on
    serves_goals: bool = True

    def citations(self) -> list[dict[str, Any]]:
        """The pathway's legal basis, then each other citation its criteria carry, once."""
        citations = [self.pathway.legal_basis.to_dict()]
        for criterion in self.criteria:
            if (citation := criterion.citation.to_dict()) not in citations:
                citations.append(citation)
        return citations

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.pathway.id,
            "jurisdiction": self.pathway.jurisdiction,
            "name": self.pathway.name,
            "kind": self.pathway.kind,
            "status": self.status,
            "reasons": list(self.reasons),
            "missing_evidence": list(dict.fromkeys(self.missing_evidence)),
            "citations": self.citations(),
            "criteria": [c.to_dict() for c in self.criteria],
            "confidence": self.pathway.confidence,
            "domain_ref": self.pathway.domain_ref,
            "when_to_request": self.pathway.when_to_request,
            "response_clock": self.pathway.response_clock,
            "benefits": self.pathway.benefits,
            "stacking": self.pathway.stacking,
            "goal": JURISDICTION_GOAL[self.pathway.jurisdiction],
            "serves_goals": self.serves_goals,
            "instead": list(self.instead),
            "needs": list(self.needs),
            "statutory": self.pathway.statutory,
        }


class Profile:
    """The development profile and classification, as the pathway criteria read them."""

    def __init__(self, result: Classification) -> None:
        self.result = result
        self.a = result.answers
        self.as_of = result.as_of
        self.opened: list[str] = []  # the open questions read, in order (reset per pathway)

    def value(self, qid: str) -> Any:
        """The given answer, or None when it is open or not answered (and then noted in ``opened``)."""
        value = self.a.value(qid)
        if value is None and qid not in self.opened:
            self.opened.append(qid)
        return value

    def serious(self) -> str:
        severity = self.value("condition_severity")
        if severity in {"life_threatening", "seriously_debilitating", "serious"}:
            return MET
        return NOT_MET if severity == "not_serious" else UNKNOWN

    def life_threatening_or_debilitating(self) -> str:
        severity = self.value("condition_severity")
        if severity in {"life_threatening", "seriously_debilitating"}:
            return MET
        return NOT_MET if severity == "not_serious" else UNKNOWN

    def unmet_need(self, *, advantage: tuple[str, ...] = ("major",)) -> str:
        exists = self.value("satisfactory_treatment_exists")
        if exists is False:
            return MET
        if exists is True:
            benefit = self.value("expected_benefit")
            if benefit in advantage:
                return MET
            return UNKNOWN if benefit is None else NOT_MET
        return UNKNOWN

    def benefit(self, levels: tuple[str, ...]) -> str:
        benefit = self.value("expected_benefit")
        if benefit in levels:
            return MET
        return UNKNOWN if benefit is None else NOT_MET

    def evidence_at_least(self, level: str) -> str:
        evidence = self.value("evidence_level")
        if evidence is None:
            return UNKNOWN
        return MET if EVIDENCE_ORDER.index(evidence) >= EVIDENCE_ORDER.index(level) else NOT_MET

    def stage(self) -> str | None:
        stage: str | None = self.value("development_stage")
        return stage

    def stage_at_least(self, stage: str) -> str:
        current = self.stage()
        if current is None:
            return UNKNOWN
        return MET if STAGE_ORDER.index(current) >= STAGE_ORDER.index(stage) else NOT_MET

    def flag(self, qid: str) -> str:
        value = self.value(qid)
        return MET if value is True else NOT_MET if value is False else UNKNOWN


def _decide(
    pathway: Pathway,
    results: list[CriterionResult],
    *,
    not_applicable: str = "",
    notes: tuple[str, ...] = (),
    instead: tuple[str, ...] = (),
) -> PathwayOutcome:
    if not_applicable:
        return PathwayOutcome(
            pathway, "not_applicable", [not_applicable, *notes], criteria=results, instead=list(instead)
        )
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


def _c(
    pathway: Pathway,
    criterion_id: str,
    status: str,
    *,
    evidence: bool = False,
    text: str | None = None,
    missing: str | None = None,
) -> CriterionResult:
    """A criterion of the catalogue, decided; ``text`` and ``missing`` replace the catalogue's
    words where the rule writes them from a parameter."""
    spec = pathway.criterion(criterion_id)
    return CriterionResult(
        spec.id,
        spec.text if text is None else text,
        status,
        evidence,
        pathway.citation_of(criterion_id),
        spec.evidence if missing is None else missing,
    )


def _not_yet_in_force(pathway: Pathway, as_of: date, starts: date | None = None) -> str:
    """Why the pathway did not exist yet on ``as_of``: it starts on ``starts`` (the first date of
    the parameter that governs it) or on the catalogue's ``in_force_from``."""
    starts = starts or pathway.in_force_from
    if starts and as_of < starts:
        return f"{pathway.name} did not exist on {as_of.isoformat()} (it starts on {starts.isoformat()})."
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


def _in_development(pw: Pathway, p: Profile) -> tuple[str, tuple[str, ...]]:
    """A designation meant for a product in development cannot serve an authorised indication:
    why, and what applies instead; ("", ()) while the product is not authorised (or the stage is open)."""
    if p.stage() != AUTHORISED:
        return "", ()
    return (
        f"{pw.name} is for a product in development; the indication is already authorised, so the "
        "designation cannot serve it.",
        (
            "For a new indication of the product, the designation can be requested for the development "
            "of that indication.",
            "For the authorised indication, the post-authorisation obligations apply (see the obligations).",
        ),
    )


def _comprehensive_data_already(p: Profile) -> bool:
    """Confirmatory data are there: a conditional route, meant for less comprehensive data, does not fit."""
    return p.value("evidence_level") == "confirmatory"


# --- the law of each jurisdiction -----------------------------------------------------------------
# UK and Japanese pathways are gated by their own law, never by the EU framework (the SoHO or MDR
# routing of ``_eu_medicinal``). The UK definition of an ATMP mirrors the EU one word for word
# (HMR 2012 reg 2A, UK-CLS-1), so the finding that cells or tissues are not engineered carries
# over; what follows from it is the UK's own regime (the Human Tissue Authority). Japan's PMD Act
# has its own test (processed cells or a gene therapy product, JP-CLS-1), read from the answers.

NOT_ENGINEERED_UK = (
    "In the UK, cells or tissues that are not engineered are not a medicinal product: the Human Tissue "
    "Authority regulates them under the Human Tissue (Quality and Safety for Human Application) Regulations "
    "2007, so the MHRA's medicines routes do not apply (UK-CLS-1)."
)


def _uk_medicines_law(p: Profile) -> str:
    """Why the MHRA's medicines routes do not apply in the UK, or "" when the product is (or may be)
    a medicinal product under the Human Medicines Regulations 2012."""
    if p.value("medicinal_purpose") is False:
        return (
            "The product is not a medicinal product under the Human Medicines Regulations 2012, so the "
            "MHRA's medicines routes do not apply in the UK."
        )
    eu = p.result.eu
    if eu.category == "not_ATMP" and eu.not_atmp_route == "tissues_and_cells":
        return NOT_ENGINEERED_UK
    if eu.category == "not_ATMP" and eu.not_atmp_route == "medical_device":
        return (
            "In the UK the product would be a medical device (Medical Devices Regulations 2002, UKCA or CE "
            "marking), not a medicinal product, so the MHRA's medicines routes do not apply."
        )
    return ""


def _jp_processed_cells(p: Profile) -> str:
    """Processed living cells (PMD Act Art 2(9)(i)): more than minimally manipulated."""
    if p.value("contains_cells_or_tissues") is not True:
        return UNKNOWN if p.value("contains_cells_or_tissues") is None else NOT_MET
    if p.value("cells_viable") == "non_viable":
        return NOT_MET
    steps = p.value("manipulations")
    if steps is None:
        return UNKNOWN
    if any(s in steps for s in ("expansion", "genetic_modification", "activation", "differentiation")):
        return MET
    if any(s in steps for s in ("enzymatic_digestion", "decellularisation", "other")):
        altered = p.value("other_manipulation_alters_characteristics")
        return MET if altered is True else NOT_MET if altered is False else UNKNOWN
    return NOT_MET


def _regenerative_medical_product_jp(p: Profile) -> str:
    """JP-CLS-1: processed living cells, or a gene therapy product (not a prophylactic vaccine)."""
    if p.value("infectious_disease_vaccine") is True:
        return NOT_MET
    if p.value("nucleic_acid") == "recombinant" or p.value("genome_editing") is True:
        return MET
    cells = _jp_processed_cells(p)
    if cells != NOT_MET:
        return cells
    return UNKNOWN if p.value("nucleic_acid") is None else NOT_MET


def _jp_pmd_product(p: Profile) -> str:
    """Why no PMD Act product route applies in Japan, or "" when the product is (or may be) a drug
    or a regenerative medical product under the PMD Act."""
    if p.value("medicinal_purpose") is False:
        return "The product has no medical purpose, so the PMD Act's product approvals do not apply in Japan."
    if (
        p.value("contains_cells_or_tissues") is True
        and p.value("nucleic_acid") in {"none", None}
        and p.value("genome_editing") is not True
        and _jp_processed_cells(p) == NOT_MET
    ):
        return (
            "In Japan cells or tissues that are not processed are not a regenerative medical product under "
            "the PMD Act (Art 2(9)), so its product routes do not apply; processed cells used by a medical "
            "institution outside PMD Act trials would fall under the Act on the Safety of Regenerative Medicine "
            "(JP-CLS-1)."
        )
    return ""


# --- EU -------------------------------------------------------------------------------------------


def eu_prime(pw: Pathway, p: Profile) -> PathwayOutcome:
    early_entry = p.value("sponsor_type") in {"sme", "academic"}
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
    late, instead = _in_development(pw, p)
    if late:
        na = late
    elif stage == "marketing_application":
        na = "PRIME supports development before the marketing authorisation application; it is too late to enter."
    note = (
        (
            "Early entry applies: SMEs and academia may enter on compelling non-clinical data and first clinical "
            "tolerability data.",
        )
        if early_entry
        else ()
    )
    return _decide(pw, results, not_applicable=na, notes=note, instead=instead)


def eu_accelerated_assessment(pw: Pathway, p: Profile) -> PathwayOutcome:
    major = p.unmet_need()
    if major == MET:
        major = p.benefit(("major",)) if p.value("satisfactory_treatment_exists") is False else major
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
    if scope != MET and (p.value("public_health_emergency") is True or orphan):
        scope = MET
    comprehensive = p.flag("comprehensive_data_obtainable")
    less_comprehensive = p.evidence_at_least("preliminary_clinical_efficacy")
    notes: tuple[str, ...] = ()
    if _comprehensive_data_already(p):
        less_comprehensive = NOT_MET
        notes = (
            "Comprehensive (confirmatory) data are there already: a standard marketing authorisation fits; a "
            "conditional MA is granted on less comprehensive data (Reg (EC) No 507/2006 Art 4(1)).",
        )
    results = [
        _c(pw, "EU-PWY-4.0", scope),
        _c(pw, "EU-PWY-4.1", less_comprehensive, evidence=not _comprehensive_data_already(p)),
        _c(pw, "EU-PWY-4.2", comprehensive),
        _c(pw, "EU-PWY-4.3", p.unmet_need()),
        _c(pw, "EU-PWY-4.4", p.unmet_need() if scope == MET else scope),
    ]
    if comprehensive == NOT_MET:
        notes = (
            "Comprehensive data can never be provided: an authorisation under exceptional circumstances fits "
            "instead (the two are never combined).",
        )
    na = _eu_medicinal(p) or ("The product is already authorised." if p.stage() == "authorised" else "")
    return _decide(pw, results, not_applicable=na, notes=notes)


def eu_exceptional_circumstances(pw: Pathway, p: Profile) -> PathwayOutcome:
    comprehensive = p.value("comprehensive_data_obtainable")
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
    """EU-PWY-6.1: "affecting not more than five in 10 thousand" (Reg (EC) No 141/2000 Art 3(1)(a))."""
    prevalence = p.value("eu_prevalence_per_10000")
    if prevalence is None:
        return UNKNOWN
    ceiling = param(EU_ORPHAN_CEILING, p.as_of)
    if ceiling is None:  # before Regulation (EC) No 141/2000 applied there was no EU orphan designation
        return NOT_MET
    return MET if prevalence <= ceiling else NOT_MET


def eu_orphan(pw: Pathway, p: Profile) -> PathwayOutcome:
    severity = p.life_threatening_or_debilitating()
    if severity == UNKNOWN and p.value("condition_severity") == "serious":
        severity = UNKNOWN  # serious but not (yet) shown to be chronically debilitating
    results = [
        _c(pw, "EU-PWY-6.1", _eu_orphan_prevalence(p)),
        _c(pw, "EU-PWY-6.2", severity),
        _c(pw, "EU-PWY-6.3", p.unmet_need(advantage=("major", "significant"))),
    ]
    notes: tuple[str, ...] = ()
    ceiling = param(EU_ORPHAN_CEILING, p.as_of)
    if results[0].status == NOT_MET and ceiling is not None:
        notes = (
            f"Above {ceiling:g} in 10,000, designation is still possible on the insufficient-return ground "
            "(Art 3(1)(a), second indent), which this advisor does not assess.",
        )
    na = _not_yet_in_force(pw, p.as_of, first_defined(EU_ORPHAN_CEILING)) or _eu_medicinal(p)
    if p.stage() in {"marketing_application", "authorised"}:
        na = "Orphan designation must be requested before the marketing authorisation application."
    return _decide(pw, results, not_applicable=na, notes=notes)


def eu_sme_certification(pw: Pathway, p: Profile) -> PathwayOutcome:
    sponsor = p.value("sponsor_type")
    results = [
        _c(pw, "EU-PWY-7.1", MET if p.result.eu.is_atmp else UNKNOWN),
        _c(
            pw,
            "EU-PWY-7.2",
            MET if sponsor == "sme" else UNKNOWN if sponsor is None else NOT_MET,
        ),
        _c(pw, "EU-PWY-7.3", p.evidence_at_least("nonclinical"), evidence=True),
    ]
    na = _not_yet_in_force(pw, p.as_of)
    if p.result.eu.category == "not_ATMP":
        na = "Certification under Art 18 of Regulation (EC) No 1394/2007 is only for ATMPs."
    elif p.stage() in {"marketing_application", "authorised"}:
        na = "Certification is meant for development before the marketing authorisation application."
    return _decide(pw, results, not_applicable=na)


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
    late, instead = _in_development(pw, p)
    na = _us_no_ind(p) or _not_yet_in_force(pw, p.as_of) or late
    return _decide(pw, results, not_applicable=na, instead=instead)


def _substantial_improvement(p: Profile) -> tuple[str, bool, str]:
    """US-EXP-BTD.1, FD&C Act 506(a)(1): "preliminary clinical evidence indicates that the drug may
    demonstrate substantial improvement over existing therapies on 1 or more clinically significant
    endpoints". Returns (status, evidence, missing): no improvement expected is a condition not met
    (not eligible); a significant benefit over a satisfactory therapy is at most "to show", naming the
    evidence of a substantial improvement it lacks; otherwise the clinical evidence decides."""
    benefit = p.value("expected_benefit")
    satisfactory = p.value("satisfactory_treatment_exists")
    if benefit == "none":
        return NOT_MET, False, ""
    clinical = p.evidence_at_least("preliminary_clinical_efficacy")
    if clinical != MET:
        return clinical, True, ""
    if p.evidence_at_least("substantial_clinical_improvement") == MET and benefit in {"major", "significant"}:
        if not (satisfactory is True and benefit == "significant"):
            return MET, True, ""
    if benefit == "major" or (satisfactory is False and benefit == "significant"):
        return MET, True, ""
    if satisfactory is True and benefit == "significant":
        return (
            UNKNOWN,
            True,
            "preliminary clinical evidence that the improvement over the available therapy is substantial "
            "(a significant benefit over a satisfactory therapy does not by itself meet section 506(a))",
        )
    return UNKNOWN, True, ""


def us_breakthrough(pw: Pathway, p: Profile) -> PathwayOutcome:
    status, evidence, missing = _substantial_improvement(p)
    results = [
        _c(pw, "US-EXP-0.1", p.serious()),
        _c(pw, "US-EXP-BTD.1", status, evidence=evidence, missing=missing or None),
        _ind(pw, p, "US-EXP-BTD.2"),
    ]
    notes: tuple[str, ...] = ()
    if status == NOT_MET and not evidence:
        notes = ("No improvement over available therapy is expected, so section 506(a) cannot be met.",)
    late, instead = _in_development(pw, p)
    na = _us_no_ind(p) or _not_yet_in_force(pw, p.as_of) or late
    return _decide(pw, results, not_applicable=na, notes=notes, instead=instead)


def _regenerative_medicine_therapy(p: Profile) -> str:
    """Cell therapy, tissue-engineering product, human cell and tissue product, or a gene therapy with
    a sustained effect (FDA's reading of 506(g)(8)); not a drug such as an oligonucleotide."""
    us = p.result.us
    if us.status == "drug":
        return NOT_MET
    if p.value("contains_cells_or_tissues") is True:
        return MET
    if p.value("nucleic_acid") == "recombinant" or p.value("genome_editing") is True:
        return MET if p.value("infectious_disease_vaccine") is not True else NOT_MET
    if p.value("contains_cells_or_tissues") is False:
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
    guidance = param(RMAT_GUIDANCE, p.as_of)
    notes: list[str] = []
    if p.value("contains_cells_or_tissues") is not True and results[0].status == MET:
        notes.append(
            "Gene therapies qualify where they lead to a sustained effect on cells or tissues (FDA guidance)."
        )
    if guidance == "final_2019":
        notes.append(
            "FDA's guidance: Expedited Programs for Regenerative Medicine Therapies for Serious Conditions "
            f"(final, {day(edge(RMAT_GUIDANCE, 'none', 'final_2019'))})."
        )
    elif guidance == "draft_2025":
        notes.append(
            f"FDA's draft guidance of {day(edge(RMAT_GUIDANCE, 'final_2019', 'draft_2025'))} would replace the "
            "2019 guidance when final; the statutory criteria of section 506(g) are unchanged."
        )
    late, instead = _in_development(pw, p)
    na = _us_no_ind(p) or _not_yet_in_force(pw, p.as_of) or late
    if p.result.us.status == "361_hctp":
        na = "A 361 HCT/P is excluded from RMAT by FD&C Act 506(g)(8) and has no IND."
    return _decide(pw, results, not_applicable=na, notes=tuple(notes), instead=instead)


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
    underway = param(AA_UNDERWAY, p.as_of)
    trial_text = (
        "A confirmatory trial to verify the clinical benefit, under way before approval unless FDA decides "
        f"otherwise (FD&C Act 506(c) as amended by FDORA, {day(edge(AA_UNDERWAY, False, True))})"
        if underway
        else None
    )
    results = [
        _c(pw, "US-EXP-0.1", p.serious()),
        _c(pw, "US-EXP-AA.1", p.unmet_need(advantage=("major", "significant"))),
        _c(pw, "US-EXP-AA.2", p.flag("surrogate_endpoint_reasonably_likely")),
        _c(pw, "US-EXP-AA.3", p.stage_at_least("phase_2"), evidence=True, text=trial_text),
    ]
    na = _us_no_ind(p) or ("The product is already approved." if p.stage() == "authorised" else "")
    note = (
        "Accelerated approval carries the confirmatory-trial obligation (see the obligations): progress "
        "reports every 180 days, and FDA may withdraw the approval if the benefit is not verified."
        if underway
        else "Accelerated approval carries confirmatory obligations; FDA may withdraw it if benefit is not verified."
    )
    return _decide(pw, results, not_applicable=na, notes=(note,))


def _us_rare_disease_prevalence(p: Profile) -> str:
    """US-INC-ODD.1: "affects less than 200,000 persons in the United States" (21 U.S.C. 360bb(a)(2))."""
    patients = p.value("us_patients")
    if patients is None:
        return UNKNOWN
    ceiling = param(US_ORPHAN_CEILING, p.as_of)
    if ceiling is None:  # before the 1984 amendment only the cost-recovery ground existed
        return NOT_MET
    return MET if patients < ceiling else NOT_MET


def _orphan_exclusivity(as_of: date) -> str:
    """The scope of the 7 years of orphan exclusivity on the date (parameter ORPHAN_EXCLUSIVITY)."""
    scope = param(ORPHAN_EXCLUSIVITY, as_of)
    if scope == "approved_use_statute":
        return (
            "At approval, 7 years of orphan exclusivity for the same approved use or indication within the rare "
            "disease (FD&C Act 527 as amended by the Consolidated Appropriations Act, 2026, section 6605, from "
            f"{day(edge(ORPHAN_EXCLUSIVITY, 'contested', 'approved_use_statute'))})."
        )
    if scope == "contested":
        return (
            "At approval, 7 years of orphan exclusivity; its scope was contested on this date: Catalyst v. "
            f"Becerra ({day(edge(ORPHAN_EXCLUSIVITY, 'approved_use', 'contested'))}) read it as the whole "
            "designated disease, while FDA applied it to the approved use or indication outside that case."
        )
    return "At approval, 7 years of orphan exclusivity for the approved use or indication (21 CFR 316.31)."


def us_orphan(pw: Pathway, p: Profile) -> PathwayOutcome:
    prevalence = _us_rare_disease_prevalence(p)
    stage = p.stage()
    results = [
        _c(pw, "US-INC-ODD.1", prevalence),
        _c(
            pw,
            "US-INC-ODD.2",
            NOT_MET
            if stage in {"marketing_application", "authorised"}
            else UNKNOWN
            if stage is None
            else MET,
        ),
    ]
    ceiling = param(US_ORPHAN_CEILING, p.as_of)
    notes: tuple[str, ...] = ()
    if prevalence == NOT_MET and ceiling is None:
        notes = (
            f"Before {day(first_defined(US_ORPHAN_CEILING))} a disease was rare only if US sales could "
            "not recover the costs, which this advisor does not assess.",
        )
    elif prevalence == NOT_MET:
        notes = (
            f"At {ceiling:,} or more, designation is still possible if US sales cannot recover the costs, which "
            "this advisor does not assess.",
        )
    na = _us_no_ind(p) or _not_yet_in_force(pw, p.as_of)
    instead: tuple[str, ...] = ()
    if stage in {"marketing_application", "authorised"}:
        na = "Orphan designation must be requested before the marketing application for the same use."
        if stage == "authorised":
            instead = (
                "A new use of the product in a rare disease can be designated before its own application.",
            )
    elif not na:
        notes = (*notes, _orphan_exclusivity(p.as_of))
    return _decide(pw, results, not_applicable=na, notes=notes, instead=instead)


def us_rare_pediatric_prv(pw: Pathway, p: Profile) -> PathwayOutcome:
    """US-INC-RPD: the voucher comes only with an approval while FDA may award it (FD&C Act 529(b)(5),
    no award after the deadline of P.L. 119-75 section 6604): before approval the voucher criterion
    is still to show, naming the deadline; it is met only for an approved product."""
    not_yet = _not_yet_in_force(pw, p.as_of, first_defined(PRV_AUTHORITY))
    authority = param(PRV_AUTHORITY, p.as_of)  # None before the programme existed
    last_day = day(day_before(edge(PRV_AUTHORITY, "awarding", "ended")))
    if authority == "ended":
        return _decide(
            pw, [], not_applicable=f"FDA may award no rare pediatric disease voucher after {last_day}."
        )
    notes: tuple[str, ...] = ()
    if authority == "lapsed":
        lapsed = edge(PRV_AUTHORITY, "awarding", "lapsed")
        back = edge(PRV_AUTHORITY, "lapsed", "awarding")
        notes = (
            f"Between {day(lapsed)} and {day(day_before(back))} the authority had lapsed, except for products "
            f"designated by {day(day_before(lapsed))} and approved by 30 September 2026: a gap case for manual "
            "review.",
        )
    rare_paediatric = p.flag("rare_paediatric_disease")
    if p.value("paediatric_indication") is False and rare_paediatric != MET:
        rare_paediatric = NOT_MET
    approved = p.stage() == AUTHORISED
    if authority == "lapsed":
        status, missing = UNKNOWN, "confirmation of FDA's voucher authority for this product"
    elif approved:
        status, missing = MET, ""
    else:
        status, missing = (
            UNKNOWN,
            f"approval of the application by {last_day}, the last day FDA may award a voucher",
        )
    results = [
        _c(pw, "US-INC-RPD.1", rare_paediatric),
        _c(pw, "US-INC-RPD.2", p.stage_at_least("marketing_application"), evidence=True),
        _c(
            pw,
            "US-INC-RPD.3",
            status,
            evidence=True,
            text=f"The voucher is awarded with the approval, which must come by {last_day}",
            missing=missing,
        ),
    ]
    if not approved and authority == "awarding":
        notes = (*notes, f"No voucher is awarded before approval, and none after {last_day}.")
    na = _us_no_ind(p) or not_yet
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
    not_yet = _not_yet_in_force(pw, p.as_of, first_defined(ILAP_OPEN))
    if not_yet:
        return _decide(pw, [], not_applicable=not_yet)
    if not param(ILAP_OPEN, p.as_of):
        closed, reopened = edge(ILAP_OPEN, True, False), edge(ILAP_OPEN, False, True)
        return _decide(
            pw,
            [],
            not_applicable=f"ILAP was not open to new applications on this date (closed from {day(closed)} "
            f"until the relaunched window of {day(reopened)}).",
        )
    uk_law = _uk_medicines_law(p)
    if uk_law:
        return _decide(pw, [], not_applicable=uk_law)
    if p.stage() == AUTHORISED:
        return _decide(
            pw,
            [],
            not_applicable="ILAP is for a product in development; the indication is already authorised.",
            instead=(
                "An approved medicine in a clinically significant new indication may apply to ILAP for that "
                "indication.",
                "For the authorised indication, the post-authorisation obligations apply (see the obligations).",
            ),
        )
    medicinal = p.flag("medicinal_purpose")
    if p.value("infectious_disease_vaccine") is True:
        medicinal = NOT_MET
    stage = p.stage()
    timing = p.evidence_at_least("clinical_tolerability")
    if stage in {"phase_3", "marketing_application"}:
        timing = NOT_MET
    results = [
        _c(pw, "UK-ILAP-1.1", medicinal),
        _c(pw, "UK-ILAP-1.2", timing, evidence=stage not in {"phase_3", "marketing_application"}),
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
    data = NOT_MET if comprehensive == NOT_MET else p.evidence_at_least("preliminary_clinical_efficacy")
    notes: list[str] = []
    if _comprehensive_data_already(p):
        data = NOT_MET
        notes.append(
            "Comprehensive (confirmatory) data are there already: a standard UK marketing authorisation fits, "
            "not a conditional one."
        )
    results = [
        _c(pw, "UK-CMA-1.1", unmet),
        _c(pw, "UK-CMA-1.2", data, evidence=comprehensive != NOT_MET and not _comprehensive_data_already(p)),
    ]
    scope = param(UK_CMA_SCOPE, p.as_of)
    if scope == "great_britain":
        notes.append(
            "On this date a conditional MA of the MHRA covered Great Britain; UK-wide licensing began on "
            f"{day(edge(UK_CMA_SCOPE, 'great_britain', 'united_kingdom'))}."
        )
    na = _not_yet_in_force(pw, p.as_of, first_defined(UK_CMA_SCOPE)) or _uk_medicines_law(p)
    if not na and p.stage() == AUTHORISED:
        na = "The product is already authorised; a conditional MA is granted at the initial authorisation."
    return _decide(pw, results, not_applicable=na, notes=tuple(notes))


def jp_conditional_time_limited(pw: Pathway, p: Profile) -> PathwayOutcome:
    product = _regenerative_medical_product_jp(p)
    cells = p.value("contains_cells_or_tissues")
    heterogeneous = MET if cells is True else UNKNOWN
    presumed = p.evidence_at_least("preliminary_clinical_efficacy")
    notes = [
        "A conditional, time-limited approval ends unless full approval is obtained within the time limit "
        "(HeartSheet's was withdrawn in 2024 without full approval)."
    ]
    if _comprehensive_data_already(p):
        presumed = NOT_MET
        notes.insert(
            0, "Confirmatory data are there already: a standard approval under the PMD Act fits instead."
        )
    results = [
        _c(pw, "JP-CLS-1", product),
        _c(pw, "JP-CTL-1.1", heterogeneous, evidence=True),
        _c(pw, "JP-CTL-1.2", presumed, evidence=not _comprehensive_data_already(p)),
    ]
    na = _not_yet_in_force(pw, p.as_of) or _jp_pmd_product(p)
    if not na and product == NOT_MET:
        na = (
            "The route is for regenerative medical products (processed living cells or gene therapy) under the PMD "
            "Act."
        )
    if not na and p.stage() == AUTHORISED:
        na = "The product is already approved; conditional and time-limited approval is granted at the application."
    return _decide(pw, results, not_applicable=na, notes=tuple(notes))


def jp_sakigake(pw: Pathway, p: Profile) -> PathwayOutcome:
    prominent = p.evidence_at_least("preliminary_clinical_efficacy")
    if prominent == MET:
        prominent = p.benefit(("major",))
    no_improvement = p.value("expected_benefit") == "none"  # prominent efficacy cannot be shown
    results = [
        _c(pw, "JP-SAK-1.1", p.benefit(("major",)), evidence=True),
        _c(pw, "JP-SAK-1.2", p.serious()),
        _c(pw, "JP-SAK-1.3", NOT_MET if no_improvement else prominent, evidence=not no_improvement),
        _c(pw, "JP-SAK-1.4", UNKNOWN, evidence=True),
    ]
    na = _not_yet_in_force(pw, p.as_of) or _jp_pmd_product(p)
    late, instead = _in_development(pw, p)
    if late:
        na = late
    elif p.stage() == "marketing_application":
        na = "SAKIGAKE is designated during early development, before the application."
    return _decide(pw, results, not_applicable=na, instead=instead)


RULES: dict[str, Callable[[Pathway, Profile], PathwayOutcome]] = {
    "EU_PRIME": eu_prime,
    "EU_ACCELERATED_ASSESSMENT": eu_accelerated_assessment,
    "EU_CONDITIONAL_MA": eu_conditional_ma,
    "EU_EXCEPTIONAL_CIRCUMSTANCES": eu_exceptional_circumstances,
    "EU_ORPHAN": eu_orphan,
    "EU_SME_CERTIFICATION": eu_sme_certification,
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
    """Every pathway of the catalogue, with the open answers its status rests on (``needs``) and
    whether it serves a goal the user ticked (``serves_goals``)."""
    profile = Profile(result)
    pathways = catalogue()
    goals = goals_of(result.answers.value("goals"))
    outcomes = []
    for pathway_id, rule in RULES.items():
        profile.opened = []
        outcome = rule(pathways[pathway_id], profile)
        if outcome.status == "potentially_eligible":
            outcome.needs = list(profile.opened)
        elif (
            outcome.status == "not_applicable"
            and profile.stage() is None
            and "development_stage" in profile.opened
        ):
            outcome.needs = ["development_stage"]
        outcome.serves_goals = goals.serves_jurisdiction(outcome.pathway.jurisdiction)
        outcomes.append(outcome)
    return outcomes
