"""Obligations and procedures a sponsor must plan for: never options, never "eligible". Each item
says what triggers it (a trial, the marketing application, approval), the date the law gives where
it gives one, whether it applies to this product (``applies``: yes, depends, from_date) and, when it
rests on an open answer, which answer it needs.

Every item's id, title and citation come from a register, never from here: the obligations' own
entries are ``registers/obligations.yaml`` (``OBLIGATIONS``); an item that names a classification
rule (EU-CLS-11, US-CP-3, US-CP-4, US-JUR-1) carries that rule's entry of the EU or US register, and
its sentence is the official procedure's (``procedures.yaml``), written once. The dates are
parameters (``parameters_data/pathways.yaml``).

Each jurisdiction by its own law: EU obligations only for what may be a medicinal product under EU
law; US obligations only where FDA premarket review applies; UK obligations by the Human Medicines
Regulations or, for tissues that are not medicines, the Human Tissue Authority; Japanese by the
PMD Act and the Act on the Safety of Regenerative Medicine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from classification.rules.core import Rule, load_register
from classification.rules.engine import Classification
from classification.rules.eu import EU_RULES
from classification.rules.parameters import param
from classification.rules.procedures import procedure
from classification.rules.us import US_RULES

from .eligibility import (
    AA_UNDERWAY,
    JCA_ALL,
    JCA_ATMPS,
    JCA_ORPHANS,
    MET,
    NOT_ENGINEERED_UK,
    NOT_MET,
    UK_CMA_SCOPE,
    UNKNOWN,
    PathwayOutcome,
    Profile,
    _eu_medicinal,
    _eu_orphan_prevalence,
    _jp_pmd_product,
    _jp_processed_cells,
    _regenerative_medical_product_jp,
    _uk_medicines_law,
    _us_no_ind,
    day,
    day_before,
    edge,
)
from .goals import EU_MA, HOSPITAL_EXEMPTION, JURISDICTION_GOAL, Goals, goals_of

OBLIGATIONS = load_register("obligations")

CENTRALISED_MA = OBLIGATIONS["EU-PWY-1"]
PAEDIATRIC_PLAN = OBLIGATIONS["EU-PWY-8"]
GMO_TRIALS = OBLIGATIONS["EU-PWY-9"]
TRIALS = OBLIGATIONS["EU-PWY-10"]
TRIALS_TRANSITION = OBLIGATIONS["EU-PWY-10.transition"]
TRIALS_DIRECTIVE = OBLIGATIONS["EU-PWY-10.directive"]
JCA = OBLIGATIONS["EU-PWY-11"]
SCIENTIFIC_ADVICE = OBLIGATIONS["EU-PWY-12"]
ATMP_FOLLOW_UP = OBLIGATIONS["EU-PWY-13"]
IND = OBLIGATIONS["US-IND-1"]
INTERACT = OBLIGATIONS["US-INT-INTERACT"]
AA_CONFIRMATORY = OBLIGATIONS["US-AA-CONF"]
US_LTFU = OBLIGATIONS["US-LTFU-1"]
US_POSTMARKET = OBLIGATIONS["US-POST-1"]
UK_MA = OBLIGATIONS["UK-MA-1"]
UK_TRIALS = OBLIGATIONS["UK-CT-1"]
UK_POINT_OF_CARE = OBLIGATIONS["UK-DM-1"]
UK_HTA = OBLIGATIONS["UK-HTA-1"]
JP_MA = OBLIGATIONS["JP-MA-1"]
JP_ASRM = OBLIGATIONS["JP-ASRM-1"]
CAT_CLASSIFICATION = EU_RULES["EU-CLS-11"]
PRE_RFD = US_RULES["US-CP-4"]
RFD = US_RULES["US-CP-3"]
TRG = US_RULES["US-JUR-1"]

# Regulation (EU) No 536/2014 replaced Directive 2001/20/EC for new trials (parameter
# pathways.eu_clinical_trials_regime: directive, regulation_or_directive, regulation).
CTR_REGIME = "pathways.eu_clinical_trials_regime"
IATMP_GUIDELINE = "pathways.eu_investigational_atmp_guideline"
UK_CT_REGIME = "pathways.uk_clinical_trials_regime"
UK_POC = "pathways.uk_point_of_care_regs"
ASRM_IN_VIVO = "pathways.jp_asrm_in_vivo_gene_therapy"

IN_DEVELOPMENT = {"research", "nonclinical", "phase_1", "phase_2", "phase_3"}
MARKETING_TRIGGER = "The marketing authorisation application"


@dataclass(slots=True)
class Obligation:
    rule: Rule
    text: str
    jurisdiction: str
    trigger: str
    when: date | None = None
    date_text: str = ""
    applies: str = "yes"  # yes | depends | from_date
    needs: list[str] = field(default_factory=list)
    goals: tuple[str, ...] = ()  # the goals it serves beyond its jurisdiction's
    serves_goals: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.rule.id,
            "title": self.rule.title,
            "text": self.text,
            "citation": self.rule.citation.to_dict(),
            "jurisdiction": self.jurisdiction,
            "goal": JURISDICTION_GOAL[self.jurisdiction],
            "serves_goals": self.serves_goals,
            "trigger": self.trigger,
            "date": self.when.isoformat() if self.when else None,
            "date_text": self.date_text,
            "applies": self.applies,
            "needs": list(self.needs),
            "confidence": self.rule.confidence,
        }


def _stage_open(p: Profile) -> list[str]:
    return ["development_stage"] if p.stage() is None else []


# --- EU -------------------------------------------------------------------------------------------


def _clinical_trials(p: Profile) -> list[Obligation]:
    """EU-PWY-10: clinical trials of ATMPs, under the rules in force on the date."""
    as_of = p.as_of
    regime = param(CTR_REGIME, as_of)
    trigger = "Each clinical trial in the EU, before it starts"
    applies, needs = ("depends", ["development_stage"]) if p.stage() is None else ("yes", [])
    if regime == "directive":
        applies_from = edge(CTR_REGIME, "directive", "regulation_or_directive")
        return [
            Obligation(
                TRIALS_DIRECTIVE,
                f"Before {day(applies_from)} trials were authorised nationally under Directive 2001/20/EC; for "
                "ATMPs and GMOs national timelines were 90 days, plus 90 days with expert consultation.",
                "EU",
                trigger,
                applies=applies,
                needs=needs,
            )
        ]
    text = (
        "Trials need authorisation under the Clinical Trials Regulation: the reporting Member State reports "
        "its assessment (Part I) within 45 days of validation, and for an advanced therapy may extend that "
        "by 50 days to consult experts (also for substantial modifications). Follow the Commission's GCP "
        "guidelines for ATMPs and GMP for investigational ATMPs (EudraLex Vol 4 Part IV)."
    )
    guideline_from = edge(IATMP_GUIDELINE, False, True)
    if param(IATMP_GUIDELINE, as_of):
        text += (
            " The dossier follows the EMA guideline on quality, non-clinical and clinical requirements for "
            f"investigational ATMPs in clinical trials (EMA/CAT/22473/2025), in effect from {day(guideline_from)}."
        )
    items = [
        Obligation(
            TRIALS,
            text,
            "EU",
            trigger,
            when=guideline_from if param(IATMP_GUIDELINE, as_of) else None,
            date_text=f"EMA investigational-ATMP guideline from {day(guideline_from)}"
            if param(IATMP_GUIDELINE, as_of)
            else "",
            applies=applies,
            needs=needs,
        )
    ]
    if regime == "regulation_or_directive":
        last_day = day_before(edge(CTR_REGIME, "regulation_or_directive", "regulation"))
        items.append(
            Obligation(
                TRIALS_TRANSITION,
                f"Until {day(last_day)} a sponsor may still apply under Directive 2001/20/EC instead; such a "
                "trial stays governed by the Directive.",
                "EU",
                trigger,
                when=last_day,
                date_text=f"until {day(last_day)}",
                applies=applies,
                needs=needs,
            )
        )
    return items


def _jca(p: Profile) -> list[Obligation]:
    """EU-PWY-11: the joint clinical assessment, triggered by the MAA (Art 7 of Regulation (EU)
    2021/2282). Art 7(1)(a) covers applications submitted *after* the dates of Art 7(2): the
    parameters hold the first day in scope, the words give the date of the text."""
    eu, as_of = p.result.eu, p.as_of
    if p.stage() == "authorised":
        return []
    firsts = {n: edge(n, False, True) for n in (JCA_ATMPS, JCA_ORPHANS, JCA_ALL)}
    after = {n: day(day_before(d)) for n, d in firsts.items()}
    trigger = MARKETING_TRIGGER

    def item(text: str, phase: str, applies: str, needs: list[str] | None = None) -> Obligation:
        return Obligation(
            JCA,
            text + " The health technology developer submits the JCA dossier; the report follows the "
            "marketing authorisation decision and every Member State's HTA body uses it.",
            "EU",
            trigger,
            when=firsts[phase],
            date_text=f"MAAs submitted after {after[phase]}",
            applies=applies,
            needs=needs or [],
        )

    if eu.is_atmp:
        if param(JCA_ATMPS, as_of):
            return [
                item(
                    f"An ATMP's MAA submitted after {after[JCA_ATMPS]} gets a joint clinical assessment.",
                    JCA_ATMPS,
                    "yes",
                )
            ]
        return [
            item(
                f"Joint clinical assessments cover ATMP MAAs submitted after {after[JCA_ATMPS]} (ATMPs and new "
                "active substances for cancer first).",
                JCA_ATMPS,
                "from_date",
            )
        ]
    if eu.category == "undetermined":
        return [
            item(
                f"If the product is an ATMP, its MAA submitted after {after[JCA_ATMPS]} gets a joint clinical "
                "assessment.",
                JCA_ATMPS,
                "depends",
                list(eu.decisive),
            )
        ]
    if param(JCA_ALL, as_of):
        return [
            item(
                f"A centrally authorised medicine whose MAA is submitted after {after[JCA_ALL]} gets a joint "
                "clinical assessment.",
                JCA_ALL,
                "yes",
            )
        ]
    orphan = _eu_orphan_prevalence(p)
    if orphan != NOT_MET:
        text = f"A designated orphan medicinal product whose MAA is submitted after {after[JCA_ORPHANS]} gets a joint clinical assessment."
        if param(JCA_ORPHANS, as_of):
            return [
                item(
                    text,
                    JCA_ORPHANS,
                    "yes" if orphan == MET else "depends",
                    [] if orphan == MET else ["eu_prevalence_per_10000"],
                )
            ]
        return [item(text, JCA_ORPHANS, "from_date")]
    return [
        item(
            "Not an ATMP or an orphan: the JCA reaches every centrally authorised medicine only for MAAs submitted "
            f"after {after[JCA_ALL]} (new active substances for cancer are in scope from {after[JCA_ATMPS]}).",
            JCA_ALL,
            "from_date",
        )
    ]


def _eu(p: Profile) -> list[Obligation]:
    eu, a = p.result.eu, p.a
    items: list[Obligation] = []
    if eu.borderline or eu.category == "undetermined":
        items.append(
            Obligation(
                CAT_CLASSIFICATION,
                procedure("EU-PROC-CAT-CLASSIFICATION").next_step,
                "EU",
                "Before development decisions that depend on the classification",
                applies="depends",
                needs=list(eu.decisive),
                goals=(HOSPITAL_EXEMPTION,),
            )
        )
    if _eu_medicinal(p):
        return items  # EU medicines obligations only for what may be a medicinal product
    if eu.is_atmp:
        items.append(
            Obligation(
                CENTRALISED_MA,
                "Every ATMP needs a centralised MA: the CAT drafts the opinion, the CHMP adopts it and the "
                "Commission decides (210 days plus clock stops; decision about 67 days later).",
                "EU",
                "Placing the product on the EU market",
            )
        )
    items.append(
        Obligation(
            SCIENTIFIC_ADVICE,
            "EMA scientific advice or protocol assistance; the CAT takes part for ATMPs. A fee reduction for "
            "ATMPs under the fee Regulation (EU) 2024/568 is not confirmed.",
            "EU",
            "Before the pivotal trials (optional procedure, to plan)",
        )
    )
    if p.stage() != "authorised":
        items.append(
            Obligation(
                PAEDIATRIC_PLAN,
                "A new medicine's MAA needs an agreed PIP, a waiver or a deferral; submit it by the end of adult "
                "pharmacokinetic studies (Art 16(1))."
                + (" The product is meant for children too." if a.is_true("paediatric_indication") else ""),
                "EU",
                MARKETING_TRIGGER,
                date_text="by the end of adult pharmacokinetic studies",
            )
        )
    else:
        items.append(
            Obligation(
                PAEDIATRIC_PLAN,
                "For a new indication, pharmaceutical form or route of administration of the authorised medicine, "
                "the application needs an agreed PIP, a waiver or a deferral where Art 8 applies.",
                "EU",
                "An application for a new indication, form or route",
            )
        )
    if eu.is_atmp and p.stage() not in {"marketing_application", "authorised"}:
        items.extend(_clinical_trials(p))
    if eu.category == "GTMP":
        items.append(
            Obligation(
                GMO_TRIALS,
                "Gene-therapy trials need national GMO authorisations (contained use or deliberate release) "
                "in each Member State, alongside the clinical trial application.",
                "EU",
                "Each trial, and manufacture, of the GMO-containing product",
                goals=(HOSPITAL_EXEMPTION,),
            )
        )
    items.extend(_jca(p))
    if eu.is_atmp:
        items.append(
            Obligation(
                ATMP_FOLLOW_UP,
                "The MAA describes the follow-up of efficacy and adverse reactions (and a risk-management system "
                "where the CHMP asks for one); after authorisation the holder keeps a traceability system from "
                "donation to patient, with the data kept for 30 years.",
                "EU",
                "The marketing authorisation (planned in the MAA)",
                applies="yes",
            )
        )
    return items


# --- US -------------------------------------------------------------------------------------------


def _gene_therapy(p: Profile) -> bool:
    steps = p.value("manipulations") or []
    return (
        p.value("nucleic_acid") == "recombinant"
        or p.value("genome_editing") is True
        or "genetic_modification" in steps
    )


def _us(p: Profile, pathways: list[PathwayOutcome]) -> list[Obligation]:
    us, stage = p.result.us, p.stage()
    items: list[Obligation] = []
    premarket = not _us_no_ind(p) and us.status != "undetermined"
    if us.status in {"351_biologic", "drug", "device"} or us.combination_product:
        items.append(
            Obligation(
                IND,
                "Clinical studies need an IND (21 CFR Part 312); marketing needs a BLA (or NDA/PMA).",
                "US",
                "Each clinical investigation in the US, before it starts",
            )
        )
    if (
        us.lead_center in {None, "CBER"}
        and us.status in {"351_biologic", "undetermined"}
        and stage
        in {
            None,
            "research",
            "nonclinical",
        }
    ):
        items.append(
            Obligation(
                INTERACT,
                "An informal early meeting before the pre-IND meeting, once a product candidate and some "
                "proof-of-concept data exist but before definitive toxicology.",
                "US",
                "Before the pre-IND meeting (optional procedure, to plan)",
                applies="depends" if stage is None else "yes",
                needs=_stage_open(p),
            )
        )
    if us.combination_product and us.lead_center is None:
        items.append(Obligation(PRE_RFD, procedure("US-PROC-PRE-RFD").next_step, "US", "Before the IND"))
        items.append(Obligation(RFD, procedure("US-PROC-RFD").next_step, "US", "Before the IND"))
    if us.status == "undetermined":
        items.append(
            Obligation(
                TRG,
                procedure("US-PROC-TRG").next_step,
                "US",
                "Before development decisions that depend on the US status",
                applies="depends",
                needs=list(us.decisive),
            )
        )
    if premarket and _gene_therapy(p) and stage != "authorised":
        items.append(
            Obligation(
                US_LTFU,
                "Plan long-term follow-up of trial participants in the protocol: FDA recommends up to 15 years for "
                "integrating vectors and genome editing, and up to 5 years for AAV vectors, based on the risk of "
                "delayed adverse events.",
                "US",
                "Each clinical trial of the gene therapy (in the protocol)",
            )
        )
    accelerated = next((o for o in pathways if o.pathway.id == "US_ACCELERATED_APPROVAL"), None)
    if (
        premarket
        and accelerated is not None
        and accelerated.status in {"eligible", "potentially_eligible"}
        and param(AA_UNDERWAY, p.as_of)
    ):
        enacted = edge(AA_UNDERWAY, False, True)
        items.append(
            Obligation(
                AA_CONFIRMATORY,
                "If FDA grants accelerated approval, the confirmatory trial must be under way before approval "
                "unless FDA decides otherwise (its January 2025 draft guidance says it generally intends to require "
                "it); progress reports are due every 180 days until the trial is complete, and FDA may withdraw the "
                "approval through an expedited procedure if the benefit is not verified.",
                "US",
                "An accelerated approval",
                when=enacted,
                date_text=f"FDORA, from {day(enacted)}",
                applies="depends",
            )
        )
    if premarket and stage == "authorised":
        items.append(
            Obligation(
                US_POSTMARKET,
                "As a licensed biologic: report adverse experiences (15-day alert reports and periodic reports) and "
                "report each year on postmarketing requirements and commitments.",
                "US",
                "The licence (after approval)",
            )
        )
    return items


# --- UK -------------------------------------------------------------------------------------------


def _uk(p: Profile) -> list[Obligation]:
    as_of, stage = p.as_of, p.stage()
    law = _uk_medicines_law(p)
    if law == NOT_ENGINEERED_UK:
        return [
            Obligation(
                UK_HTA,
                "As tissues or cells that are not a medicinal product in the UK, procurement, testing, processing, "
                "storage and distribution need a Human Tissue Authority licence; the MHRA's medicines routes do "
                "not apply.",
                "UK",
                "Procuring or supplying the tissues or cells in the UK",
            )
        ]
    if law:
        return []
    items: list[Obligation] = []
    scope = param(UK_CMA_SCOPE, as_of)
    uk_wide = edge(UK_CMA_SCOPE, "great_britain", "united_kingdom")
    items.append(
        Obligation(
            UK_MA,
            "An MHRA marketing authorisation before supply"
            + (
                f"; licensing is UK-wide since {day(uk_wide)}."
                if scope == "united_kingdom"
                else f"; on this date an MHRA authorisation covered Great Britain (UK-wide from {day(uk_wide)})."
            ),
            "UK",
            "Placing the product on the UK market",
        )
    )
    regime = param(UK_CT_REGIME, as_of)
    if stage not in {"marketing_application", "authorised"} and regime is not None:
        amended = edge(UK_CT_REGIME, "regulations_2004", "amended_2025")
        if regime == "amended_2025":
            text = (
                "A UK trial needs MHRA approval and a research ethics committee opinion, given together in the "
                "combined review; the trial must be registered on a public register and a summary of results "
                f"published (the amended Clinical Trials Regulations, in force from {day(amended)})."
            )
        else:
            text = (
                "A UK trial needs MHRA authorisation and a favourable research ethics committee opinion (Medicines "
                f"for Human Use (Clinical Trials) Regulations 2004); amended regulations apply from {day(amended)}."
            )
        items.append(
            Obligation(
                UK_TRIALS,
                text,
                "UK",
                "Each clinical trial in the UK, before it starts",
                when=amended,
                date_text=f"amended regulations from {day(amended)}",
                applies="depends" if stage is None else "yes",
                needs=_stage_open(p),
            )
        )
    eu = p.result.eu
    if eu.is_atmp or eu.category == "undetermined":
        if param(UK_POC, as_of):
            in_force = edge(UK_POC, False, True)
            items.append(
                Obligation(
                    UK_POINT_OF_CARE,
                    "If the product is made at or near the place of use (bedside or hospital manufacture) or in "
                    "modular units: MHRA designation as a point-of-care or modular-manufacture medicine, a POC or MM "
                    "manufacturer's licence naming it, and a master file.",
                    "UK",
                    "Manufacture at or near the place of use, or in modular units",
                    when=in_force,
                    date_text=f"in force from {day(in_force)}",
                    applies="depends",
                )
            )
        if p.value("contains_cells_or_tissues") is True:
            items.append(
                Obligation(
                    UK_HTA,
                    "The donation, procurement and testing of the starting cells or tissues follow the Human Tissue "
                    "Authority regime, also for an ATMP.",
                    "UK",
                    "Procuring the starting cells or tissues in the UK",
                )
            )
    return items


# --- Japan ----------------------------------------------------------------------------------------


def _asrm_class(p: Profile) -> tuple[str, list[str]]:
    """The ASRM risk class of a cell or gene product, in words, and the open answers it rests on (JP-ASRM-1)."""
    steps = p.value("manipulations") or []
    origin = p.value("cell_origin")
    if p.value("contains_cells_or_tissues") is True:
        gene = "genetic_modification" in steps or p.value("nucleic_acid") == "recombinant"
        if not gene and _jp_processed_cells(p) == NOT_MET:
            return "", []  # cells that are not processed: no class is claimed here
        if (
            "genetic_modification" in steps
            or p.value("nucleic_acid") == "recombinant"
            or origin == "allogeneic"
        ):
            return "Class I (high risk: gene-transferred or allogeneic cells)", []
        if origin is None or p.a.is_open("manipulations"):
            return "a class that depends on the cells' origin and processing", [
                q for q in ("cell_origin", "manipulations") if p.a.is_open(q)
            ]
        if _jp_processed_cells(p) == MET:
            return "Class II (autologous processed or cultured cells)", []
        return "Class III (autologous cells that are not cultured)", []
    if param(ASRM_IN_VIVO, p.as_of):
        return (
            f"Class I (in vivo gene therapy, covered since {day(edge(ASRM_IN_VIVO, False, True))})",
            [],
        )
    return "", []


def _jp(p: Profile) -> list[Obligation]:
    as_of = p.as_of
    if p.value("medicinal_purpose") is False or param(ASRM_IN_VIVO, as_of) is None:
        return []
    items: list[Obligation] = []
    product = _regenerative_medical_product_jp(p)
    if not _jp_pmd_product(p) and product != NOT_MET:
        items.append(
            Obligation(
                JP_MA,
                "Marketing approval of the regenerative medical product by the MHLW after PMDA review (standard, or "
                "conditional and time-limited); trials in Japan are notified to the PMDA before they start.",
                "JP",
                "Marketing the product in Japan",
                applies="yes" if product == MET else "depends",
                needs=[]
                if product == MET
                else [
                    q
                    for q in ("nucleic_acid", "manipulations", "contains_cells_or_tissues")
                    if p.a.is_open(q)
                ],
            )
        )
    cls, needs = _asrm_class(p)
    in_vivo_gene = p.value("contains_cells_or_tissues") is False and (
        p.value("nucleic_acid") == "recombinant" or p.value("genome_editing") is True
    )
    if in_vivo_gene and not param(ASRM_IN_VIVO, as_of):
        covered = edge(ASRM_IN_VIVO, False, True)
        items.append(
            Obligation(
                JP_ASRM,
                f"On this date the Act on the Safety of Regenerative Medicine did not cover in vivo gene therapy; "
                f"from {day(covered)} it does, as Class I.",
                "JP",
                "Treating patients in Japan outside PMD Act trials (clinical research or free-care medicine)",
                when=covered,
                date_text=f"Class I from {day(covered)}",
                applies="from_date",
            )
        )
    elif cls:
        covered = edge(ASRM_IN_VIVO, False, True)
        review = (
            "a certified special committee's opinion, then the plan to the MHLW and a 90-day waiting period"
            if cls.startswith("Class I ")
            else "a certified committee's opinion and the plan submitted to the MHLW"
        )
        items.append(
            Obligation(
                JP_ASRM,
                f"If a medical institution in Japan gives it outside PMD Act trials (clinical research or free-care "
                f"medicine), the Act on the Safety of Regenerative Medicine applies: {cls}, which needs {review}; "
                "cell processing needs a licence or notification.",
                "JP",
                "Treating patients in Japan outside PMD Act trials (clinical research or free-care medicine)",
                when=covered if in_vivo_gene else None,
                date_text=f"in vivo gene therapy Class I from {day(covered)}" if in_vivo_gene else "",
                applies="depends",
                needs=needs,
            )
        )
    return items


def obligation_items(result: Classification, pathways: list[PathwayOutcome]) -> list[Obligation]:
    p = Profile(result)
    goals: Goals = goals_of(result.answers.value("goals"))
    items = _eu(p) + _us(p, pathways) + _uk(p) + _jp(p)
    for item in items:
        item.serves_goals = goals.serves(JURISDICTION_GOAL[item.jurisdiction]) or any(
            goals.serves(g) for g in item.goals
        )
    return items


def obligations(result: Classification, pathways: list[PathwayOutcome] | None = None) -> list[dict[str, Any]]:
    """Every obligation of the product, in EU, US, UK, Japan order, each with ``serves_goals``."""
    return [item.to_dict() for item in obligation_items(result, pathways or [])]


__all__ = ["EU_MA", "OBLIGATIONS", "Obligation", "obligations", "obligation_items", "UNKNOWN"]
