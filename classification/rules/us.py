"""US classification of cell, tissue and gene therapy products (domain notes, Part A).

Order of the rules, as in the notes' decision flow (section 0):

1. US-DEF-1: is it an HCT/P at all? Non-cellular gene therapy, synthetic oligonucleotides,
   vaccines and other non-cellular products leave here (US-351-2, US-351-2.1, US-351-2.2).
2. US-DEF-2.*: the 21 CFR 1271.3(d) exclusions (organs, blood, secreted products, minimally
   manipulated bone marrow, animal cells). Secreted or extracted products used as therapies
   (exosomes, secretomes, cell-free amniotic fluid) are drugs and biological products
   (US-351-3), or devices when they act by physical means (US-351-4).
3. US-EXC-1: the same-surgical-procedure exception (21 CFR 1271.15(b)), before the criteria.
4. US-361-1..4: the four 21 CFR 1271.10(a) criteria, each its own step; the answers they
   need are derived where the contract allows (US-DEF-3, US-DEF-4, US-DEF-5).
5. US-351-1 / US-361-R: the consequence; US-CP-*: combination products and lead centre.
6. US-JUR-1 / US-CP-3 / US-CP-4: where the answers cannot settle it, who at FDA settles it.

The engine is strict: every question whose answer the rules need and do not have is recorded
with ``run.open`` (``missing``, in the order met), and while one is open the status is
``undetermined``. Deciding what an open answer cannot change is the job of the decisive layer
(``decisive.py``, ``resolve.py``), which re-runs this engine over the answers it can take.

Three kinds of answer: *given*; *open* ("I don't know", or not answered to a question the
catalogue asks); *not asked* (not answered, and the catalogue's ``show_if`` does not ask it given
the other answers, so it cannot matter). A US question with an EU counterpart that is not
answered at all is derived from the counterpart (homologous use from the same essential
function, and so on); one answered "I don't know" is open.

Confidence: a conclusion that rests only on an [R]-tagged fact of the notes is flagged
``borderline`` and says so. Rules and their citations are data (``registers/us.yaml``), dated
values are parameters (``parameters_data/us.yaml``), the official procedures are defined once
(``procedures.yaml``). Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .core import Answers, Rule, Run, load_register
from .outcomes import USOutcome
from .parameters import param, parameter
from .procedures import procedure
from .questions import catalogue, questions_in_words

US_RULES = load_register("us")

DEF_1 = US_RULES["US-DEF-1"]
DEF_2_ORGAN = US_RULES["US-DEF-2.1"]
DEF_2_BLOOD = US_RULES["US-DEF-2.2"]
DEF_2_SECRETED = US_RULES["US-DEF-2.3"]
DEF_2_MARROW = US_RULES["US-DEF-2.4"]
DEF_2_ANIMAL = US_RULES["US-DEF-2.6"]
DEF_3 = US_RULES["US-DEF-3"]
DEF_4 = US_RULES["US-DEF-4"]
DEF_5 = US_RULES["US-DEF-5"]
EXC_1 = US_RULES["US-EXC-1"]
C361_1 = US_RULES["US-361-1"]
C361_2 = US_RULES["US-361-2"]
C361_3 = US_RULES["US-361-3"]
C361_4 = US_RULES["US-361-4"]
C361_R = US_RULES["US-361-R"]
C351_1 = US_RULES["US-351-1"]
C351_2 = US_RULES["US-351-2"]
C351_2_OLIGO = US_RULES["US-351-2.1"]
C351_2_VACCINE = US_RULES["US-351-2.2"]
C351_3_CELL_FREE = US_RULES["US-351-3"]
C351_4_DEVICE = US_RULES["US-351-4"]
ORG_1 = US_RULES["US-ORG-1"]
CP_1 = US_RULES["US-CP-1"]
CP_2 = US_RULES["US-CP-2"]
CP_3 = US_RULES["US-CP-3"]
CP_4 = US_RULES["US-CP-4"]
CP_5 = US_RULES["US-CP-5"]
JUR_1 = US_RULES["US-JUR-1"]
JUR_2 = US_RULES["US-JUR-2"]

TRG = "US-PROC-TRG"
PRE_RFD = "US-PROC-PRE-RFD"
RFD = "US-PROC-RFD"

# question ids
CELLS = "contains_cells_or_tissues"
ORIGIN = "cell_origin"
MEDICINAL = "medicinal_purpose"
NUCLEIC = "nucleic_acid"
EDITING = "genome_editing"
VACCINE = "infectious_disease_vaccine"
DEVICE = "integral_medical_device"
EXCLUDED = "us_excluded_article"
TISSUE = "us_tissue_type"
MINIMAL = "us_minimally_manipulated"
HOMOLOGOUS = "us_homologous_use"
COMBINED = "us_combined_with_other_article"
SYSTEMIC = "us_systemic_or_metabolic"
DONOR = "us_donor_relationship"
SAME_PROCEDURE = "us_same_surgical_procedure"
PMOA = "us_primary_mode_of_action"

# --- processing steps (answers.schema.json "manipulations") ---------------------------------
#: More than minimal for cells whatever the tissue. The notes tag this [R] (US-DEF-5).
MORE_THAN_MINIMAL_R = ("genetic_modification", "expansion", "activation", "differentiation")
#: Isolating cells from structural tissue: more than minimal (guidance Example 14-1) [S].
CELL_ISOLATION = ("enzymatic_digestion", "cell_separation")
#: Steps that isolate or concentrate cells: the stromal-vascular-fraction situation of the courts.
SVF_LIKE = frozenset({"enzymatic_digestion", "cell_separation", "concentration", "purification"})
#: Conventional steps that do not by themselves alter the relevant characteristics.
#: Deriving "minimal" from them is a heuristic: the notes warn the US test is not a list
#: of allowed steps and tag the bone-chip example [R], so a derived "minimal" is [R].
CONVENTIONAL_STRUCTURAL = frozenset(
    {
        "cutting",
        "shaping",
        "centrifugation",
        "antibiotic_soaking",
        "sterilisation",
        "irradiation",
        "filtering",
        "lyophilisation",
        "freezing",
        "cryopreservation",
        "vitrification",
    }
)
CONVENTIONAL_NONSTRUCTURAL = frozenset(
    {
        "cutting",
        "centrifugation",
        "antibiotic_soaking",
        "filtering",
        "freezing",
        "cryopreservation",
        "vitrification",
    }
)
#: "Such HCT/P" (1271.15(b)): only rinsing, cleansing, sizing, shaping [S].
SSP_ALLOWED = frozenset({"cutting", "shaping", "centrifugation"})
#: Steps that may be cleansing or short-term storage, but the notes do not confirm it.
SSP_DOUBTFUL = frozenset({"antibiotic_soaking", "filtering", "freezing", "cryopreservation", "vitrification"})

LEAD_BY_PMOA = {"biologic": "CBER", "device": "CDRH", "drug": "CDER"}
CENTRE_NAMES = {
    "CBER": "the Center for Biologics Evaluation and Research (CBER)",
    "CDRH": "the Center for Devices and Radiological Health (CDRH)",
    "CDER": "the Center for Drug Evaluation and Research (CDER)",
}
RELATIONSHIP_WORDS = {
    "autologous": "autologous use",
    "first_or_second_degree_relative": "allogeneic use in a first- or second-degree blood relative",
    "reproductive": "reproductive use",
    "unrelated": "allogeneic use in an unrelated recipient",
}
#: The 9th Circuit decision the SSP finding names where the courts agreed for SVF [S].
SVF_CASE = (
    "United States v. California Stem Cell Treatment Center (9th Cir. No. 22-56014, 27 September 2024; "
    "certiorari denied 14 October 2025)"
)

QUESTIONS = {q.id: q for q in catalogue().questions}


class _NotAsked:
    """An answer the catalogue does not ask given the other answers: it cannot matter."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_ASKED"


NOT_ASKED = _NotAsked()


def _answer(answers: Answers, qid: str) -> object:
    """The given answer; ``None`` when it is open ("I don't know", or not answered to a question
    the catalogue asks), which the caller records with ``run.open`` when it needs it; ``NOT_ASKED``
    when it is not answered and the catalogue does not ask it given the other answers."""
    value = answers.value(qid)
    if value is not None or answers.is_unknown(qid):
        return value
    return None if QUESTIONS[qid].is_shown(answers) else NOT_ASKED  # type: ignore[arg-type]


def _day(when: date) -> str:
    return f"{when.day} {when:%B %Y}"


def _regime_complete_from() -> date:
    """The first date on which us.hctp_regime_complete is true."""
    p = parameter("us.hctp_regime_complete")
    return next(d for d, v in zip(p.dates, p.values, strict=True) if v)


@dataclass(frozen=True, slots=True)
class Derived:
    """One input of a criterion: its value (None = cannot tell), where it came from,
    whether the engine derived it, and the confidence of the fact it rests on."""

    value: object
    answers: tuple[str, ...]
    derived: bool
    confidence: str
    reason: str
    missing: tuple[str, ...] = ()


def _manipulations(answers: Answers) -> list[str] | None:
    value = answers.value("manipulations")
    if not isinstance(value, list):
        return None
    return [str(step) for step in value]


def _genetically_modified(answers: Answers, steps: Iterable[str]) -> bool:
    """Cells modified with a recombinant sequence or edited (schema: 'cells modified with them')."""
    cells = answers.is_true(CELLS)
    return (
        "genetic_modification" in steps
        or (cells and answers.value(NUCLEIC) == "recombinant")
        or (cells and answers.is_true(EDITING))
    )


def _verb(items: Iterable[str], one: str, many: str) -> str:
    """The verb that agrees with a list of steps: 'changes' for one, 'change' for several."""
    return one if len(list(items)) == 1 else many


def _words(items: Iterable[str]) -> str:
    items = [i.replace("_", " ") for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- derivations -------------------------------------------------------------------------------


def derive_minimal_manipulation(answers: Answers) -> Derived:
    """21 CFR 1271.10(a)(1): us_minimally_manipulated; when it is not answered at all, derived
    from the processing steps. Answered "I don't know" it is open (the steps give a hint only)."""
    answered = answers.value(MINIMAL)
    if isinstance(answered, bool):
        return Derived(answered, (MINIMAL,), False, "V", "answered")
    derived = _minimal_from_steps(answers)
    if answers.is_unknown(MINIMAL):
        reason = "the answer to the US minimal-manipulation question is not known"
        if derived.value is not None:
            reason += (
                f"; the processing steps point to {'minimal' if derived.value else 'more than minimal'} "
                f"manipulation ({derived.reason})"
            )
        return Derived(None, (MINIMAL,), False, "V", reason, (MINIMAL,))
    return derived


def _minimal_from_steps(answers: Answers) -> Derived:
    steps = _manipulations(answers)
    tissue = answers.value(TISSUE)
    if steps is None:
        if _genetically_modified(answers, ()):
            steps = []
        else:
            return Derived(
                None,
                ("manipulations",),
                True,
                "V",
                "neither the US minimal-manipulation question nor the processing steps are answered",
                (MINIMAL,),
            )
    isolation = [s for s in CELL_ISOLATION if s in steps]
    if tissue == "structural" and isolation:
        return Derived(
            False,
            ("manipulations", TISSUE),
            True,
            "S",
            f"{_words(isolation)} {_verb(isolation, 'breaks', 'break')} down structural tissue to isolate its cells; FDA's guidance "
            "(Example 14-1, stromal vascular fraction from adipose tissue) treats this as more than minimal manipulation",
        )
    strong = [s for s in MORE_THAN_MINIMAL_R if s in steps]
    if _genetically_modified(answers, steps) and "genetic_modification" not in strong:
        strong.insert(0, "genetic_modification")
    if strong:
        qids = (
            ("manipulations",)
            if "genetic_modification" in steps or not _genetically_modified(answers, ())
            else ("manipulations", NUCLEIC, EDITING)
        )
        return Derived(
            False,
            qids,
            True,
            "R",
            f"{_words(strong)} {_verb(strong, 'changes', 'change')} the cells' differentiation or activation state, proliferation potential or "
            "metabolic activity, which are relevant biological characteristics; the domain notes record this "
            "conclusion as unverified [R]",
        )
    if not steps:
        return Derived(
            True, ("manipulations",), True, "V", "no processing step is applied to the cells or tissues"
        )
    if tissue == "structural":
        allowed = CONVENTIONAL_STRUCTURAL
    elif tissue == "nonstructural":
        allowed = CONVENTIONAL_NONSTRUCTURAL
    else:
        allowed = CONVENTIONAL_STRUCTURAL & CONVENTIONAL_NONSTRUCTURAL
    judgement = [s for s in steps if s not in allowed]
    if judgement:
        missing = (MINIMAL,) if tissue else (MINIMAL, TISSUE)
        if tissue is None and all(
            s in CONVENTIONAL_STRUCTURAL | CONVENTIONAL_NONSTRUCTURAL for s in judgement
        ):
            reason = (
                f"whether {_words(judgement)} {_verb(judgement, 'alters', 'alter')} the relevant characteristics depends on whether the tissue "
                "is structural or nonstructural, which is not answered"
            )
        else:
            reason = (
                f"{_words(judgement)} {_verb(judgement, 'needs', 'need')} case-by-case judgement: the US test asks whether processing alters the "
                "characteristics that make this tissue useful (structural) or the cells' biology (nonstructural), "
                "not whether a step is on a list"
            )
        return Derived(None, ("manipulations", TISSUE), True, "V", reason, missing)
    return Derived(
        True,
        ("manipulations", TISSUE),
        True,
        "R",
        f"{_words(steps)} "
        + _verb(
            steps,
            "is a conventional processing step that does not by itself",
            "are conventional processing steps that do not by themselves",
        )
        + " alter the tissue's or cells' "
        "relevant characteristics; the domain notes give no verified list of such steps [R]",
    )


def derive_homologous_use(answers: Answers) -> Derived:
    """21 CFR 1271.10(a)(2): us_homologous_use; when not answered at all, same_essential_function."""
    answered = answers.value(HOMOLOGOUS)
    if isinstance(answered, bool):
        return Derived(answered, (HOMOLOGOUS,), False, "V", "answered")
    if answers.is_unknown(HOMOLOGOUS):
        return Derived(None, (HOMOLOGOUS,), False, "V", "not known", (HOMOLOGOUS,))
    essential = answers.value("same_essential_function")
    if isinstance(essential, bool):
        return Derived(
            essential,
            ("same_essential_function",),
            True,
            "V",
            "taken from the answer on whether the cells or tissues serve the same essential function in the "
            "recipient as in the donor",
        )
    return Derived(None, (), True, "V", "not answered", (HOMOLOGOUS,))


def derive_combined(answers: Answers) -> Derived:
    """21 CFR 1271.10(a)(3): us_combined_with_other_article; when not answered at all,
    integral_medical_device. For a product without cells only the device question is asked."""
    answered = answers.value(COMBINED)
    if isinstance(answered, bool):
        return Derived(answered, (COMBINED,), False, "V", "answered")
    if answers.is_unknown(COMBINED):
        return Derived(None, (COMBINED,), False, "V", "not known", (COMBINED,))
    device = answers.value(DEVICE)
    if isinstance(device, bool):
        return Derived(
            device,
            (DEVICE,),
            True,
            "V",
            "taken from the answer on whether a medical device (scaffold, membrane, matrix) is an integral part",
        )
    ask = DEVICE if answers.is_false(CELLS) else COMBINED
    return Derived(None, (), True, "V", "not answered", (ask,))


def derive_donor_relationship(answers: Answers) -> Derived:
    """21 CFR 1271.10(a)(4)(ii): us_donor_relationship; when not answered at all, derived from
    cell_origin only for autologous cells (the notes ask for the relationship explicitly otherwise)."""
    answered = answers.value(DONOR)
    if isinstance(answered, str):
        return Derived(answered, (DONOR,), False, "V", "answered")
    if answers.is_unknown(DONOR):
        return Derived(None, (DONOR,), False, "V", "not known", (DONOR,))
    if answers.value(ORIGIN) == "autologous":
        return Derived(
            "autologous",
            (ORIGIN,),
            True,
            "V",
            "the cells come from the patient (autologous), so the use is autologous",
        )
    return Derived(None, (ORIGIN,), True, "V", "not answered", (DONOR,))


# --- the classification ------------------------------------------------------------------------


def us_classification(answers: Answers, *, as_of: date) -> USOutcome:
    """US status of the product described by ``answers`` under the rules in force on ``as_of``."""
    run = Run(answers, as_of)
    out = USOutcome(status="undetermined")
    if not param("us.hctp_regime_complete", as_of):
        _before_the_regime(run)
    else:
        cells = answers.value(CELLS)
        if cells is False:
            _non_cellular(run, out)
        elif cells is None:
            run.open(CELLS)
            run.step(
                DEF_1,
                "Whether the product contains human cells or tissues is not known, so it cannot be said whether it "
                "is an HCT/P under 21 CFR 1271.3(d).",
                CELLS,
            )
        elif answers.value(ORIGIN) == "xenogeneic":
            _xenogeneic(run, out)
        else:
            _human_cells(run, out)
        if run.missing:
            _ask_fda(run, out)
    out.trace = list(run.trace)
    out.missing = list(run.missing)
    out.notes = list(run.notes)
    out.next_steps = list(run.next_steps)
    out.borderline = run.borderline
    return out


def _before_the_regime(run: Run) -> None:
    complete = _regime_complete_from()
    if not DEF_1.in_force(run.as_of):
        assert DEF_1.in_force_from is not None
        finding = (
            f"21 CFR Part 1271, which defines HCT/Ps, took effect on {_day(DEF_1.in_force_from)}; on this date it "
            "did not exist yet, and the engine does not classify products under the rules before it."
        )
    else:
        finding = (
            f"The engine encodes the US HCT/P regime as complete from {_day(complete)} (donor eligibility, current "
            "good tissue practice and the current wording of 21 CFR 1271.10(a)); it does not classify under earlier "
            "rules."
        )
    run.step(DEF_1, finding)
    run.next(
        f"Re-run the assessment for a date on or after {_day(complete)}, or seek advice on the rules in force on that "
        "date."
    )


def _human_cells(run: Run, out: USOutcome) -> None:
    """Human (or not yet known) cells or tissues: US-DEF-1, the exclusions, then the HCT/P tests."""
    a = run.answers
    finding = (
        "The product contains or consists of human cells or tissues and, as a therapy, is meant to be implanted, "
        "transplanted, infused or transferred into a patient: it is an HCT/P unless one of the excluded classes of "
        "21 CFR 1271.3(d) applies."
    )
    if a.value(ORIGIN) is None:
        run.open(ORIGIN)
        finding = (
            "The product contains or consists of cells or tissues, but where they come from is not known: animal "
            "cells would make it a xenotransplantation product, which is not an HCT/P (21 CFR 1271.3(d)(6)). For "
            "human cells or tissues meant to be implanted, transplanted, infused or transferred into a patient it is "
            "an HCT/P unless one of the excluded classes of 21 CFR 1271.3(d) applies; the tests below assume human "
            "cells."
        )
    if a.is_false(MEDICINAL):
        finding += (
            " A medicinal purpose is not needed: the definition also covers structural and cosmetic uses."
        )
    run.step(DEF_1, finding, CELLS, ORIGIN)
    if _exclusion(run, out):
        return
    _hctp(run, out)


def _ask_fda(run: Run, out: USOutcome) -> None:
    """The status while answers the rules need are open: undetermined, and who at FDA settles it.
    The steps of the path followed so far stay in the trace; its next steps give way to these."""
    a = run.answers
    out.status = "undetermined"
    out.lead_center = None
    if out.combination_product:
        out.combination_product = None  # another answer to an open question may lead elsewhere
    run.next_steps.clear()
    points = questions_in_words(run.missing)
    unsettled = f"The classification cannot be settled because these answers are not known: {points}."
    product_only = {PMOA, COMBINED, DEVICE}
    hctp_question = (
        not a.is_false(CELLS)
        and a.value(EXCLUDED) != "secreted_or_extracted_product"
        and any(q not in product_only for q in run.missing)
    )
    if hctp_question:
        run.step(
            JUR_1,
            f"{unsettled} FDA's Tissue Reference Group gives informal, non-binding recommendations on how "
            "21 CFR 1271.10(a) applies to a specific HCT/P for a given indication.",
            *run.missing,
        )
    if not run.has_step(CP_4):
        _pre_rfd_step(run, "" if hctp_question else f"{unsettled} ", *run.missing)
    if not run.has_step(CP_3):
        _rfd_step(run, *run.missing)
    run.next(f"Answer the open questions and re-run the assessment: {points}.")
    if hctp_question:
        run.next(procedure(TRG).next_step)
    run.next(procedure(PRE_RFD).next_step)
    run.next(procedure(RFD).next_step)


def _pre_rfd_step(run: Run, lead: str, *qids: str) -> None:
    run.step(
        CP_4,
        f"{lead}The Office of Combination Products gives informal, non-binding feedback on classification and lead "
        f"centre through a Pre-Request for Designation (Pre-RFD); it is answered in {procedure(PRE_RFD).clock}.",
        *qids,
    )


def _rfd_step(run: Run, *qids: str) -> None:
    run.step(
        CP_3,
        "A Request for Designation gives a binding answer on classification and lead centre (21 CFR 3.7); FDA must "
        f"{procedure(RFD).clock}.",
        *qids,
    )


def _office(run: Run) -> str:
    return str(param("us.cber_cell_gene_office", run.as_of))


def _lead_cber(run: Run, out: USOutcome, what: str) -> None:
    out.lead_center = "CBER"
    run.step(ORG_1, f"{what} are reviewed by CBER's {_office(run)}.")


def _ind_bla(run: Run, *, hctp: bool) -> None:
    run.next("Submit an IND (21 CFR Part 312) before any clinical use in the United States.")
    run.next(
        "Plan for a Biologics License Application under PHS Act 351(a) (21 CFR Part 601) to market the product."
    )
    run.next(f"Ask CBER's {_office(run)} for a pre-IND meeting to agree the development plan.")
    if hctp:
        run.next(
            "As an HCT/P regulated under section 351, follow Part 1271 subparts C (donor eligibility) and D (current "
            "good tissue practice) through the drug or device rules (21 CFR 1271.20)."
        )


def _pmoa_rule(run: Run) -> tuple[Rule, str]:
    """The rule that assigns the lead centre by primary mode of action on this date, and what the
    finding must add before 21 CFR 3.2(m) applied (the statute already used the test)."""
    if CP_2.in_force(run.as_of):
        return CP_2, ""
    assert CP_2.in_force_from is not None
    return CP_1, (
        f" FDA's rule defining the primary mode of action (21 CFR 3.2(m)) applies only from "
        f"{_day(CP_2.in_force_from)}; before it, FD&C Act 503(g)(1), in force since the Safe Medical Devices Act "
        "of 1990, already assigned a combination product by its primary mode of action."
    )


def _combination(run: Run, out: USOutcome, combined: Derived, base_status: str, constituent: str) -> None:
    """US-CP-1/2/3/4/5: a product that is not a 361 HCT/P and is combined with another article."""
    out.combination_product = True
    device_answer = DEVICE in combined.answers
    finding = (
        f"The {constituent} is combined with "
        + (
            "a medical device (such as a scaffold, membrane or matrix)"
            if device_answer
            else "another article"
        )
        + ", so the product is a combination product (21 CFR 3.2(e)); each constituent stays subject to its own "
        "requirements (21 CFR 4.2)."
    )
    if not device_answer:
        finding += (
            " If the other article is only an inactive ingredient (excipient) of the biologic rather than a device "
            "or drug constituent, the product is a single biologic, not a combination product; the Office of "
            "Combination Products can confirm this."
        )
    run.step(CP_1, finding, *combined.answers)
    rule, before = _pmoa_rule(run)
    pmoa = _answer(run.answers, PMOA)
    if pmoa in LEAD_BY_PMOA:
        lead = LEAD_BY_PMOA[str(pmoa)]
        out.lead_center = lead
        out.status = {"device": "device", "drug": "drug"}.get(str(pmoa), base_status)
        run.step(
            rule,
            f"The {pmoa} constituent provides the primary mode of action (the single mode of action expected to "
            f"make the greatest contribution to the therapeutic effect), so the product is assigned to "
            f"{CENTRE_NAMES[lead]} as lead centre; the other centres are consulted.{before}",
            PMOA,
        )
        if lead == "CBER" and base_status == "351_biologic":
            run.step(
                ORG_1,
                f"Within CBER, the cell, tissue or gene therapy constituent is reviewed by the {_office(run)}.",
            )
        if pmoa == "device":
            run.next(
                "Device-led combination product: plan the device premarket route with CDRH (PMA, De Novo, 510(k) or "
                "HDE, the domain notes do not verify which [R]), with CBER consulted on the biological constituent; an "
                "IDE or IND may be needed for clinical studies. Confirm the assignment with a Request for Designation."
            )
        elif pmoa == "drug":
            run.next(
                "Drug-led combination product: plan an IND and an NDA with CDER, with CBER consulted on the biological "
                "constituent."
            )
        else:
            run.next(
                "Biologic-led combination product: the application is a BLA reviewed by CBER, with CDRH or CDER "
                "consulted on the other constituent."
            )
    else:
        run.open(PMOA)
        out.lead_center = None
        run.step(
            rule,
            "The primary mode of action is not known, so neither the lead centre nor whether the product is regulated "
            "as a biological product, a device or a drug can be assigned (21 CFR 3.2(m)); where it cannot be "
            f"determined with reasonable certainty FDA applies the assignment algorithm of 21 CFR 3.4(b).{before}",
            PMOA,
        )
        _pre_rfd_step(run, "", PMOA)
        _rfd_step(run, PMOA)
    if CP_5.in_force(run.as_of):
        run.step(
            CP_5,
            "A single-entity or co-packaged combination product follows the current good manufacturing practice "
            "rules of 21 CFR Part 4 for each of its constituents.",
        )


def _combination_or_lead(
    run: Run, out: USOutcome, combined: Derived, *, base_status: str, constituent: str, what: str
) -> None:
    """A product regulated as a drug or biologic: a combination product if combined with another
    article (US-CP-*), otherwise its centre."""
    out.status = base_status
    if combined.value is True:
        _combination(run, out, combined, base_status, constituent)
    elif combined.value is None:
        run.open(*combined.missing)
        out.combination_product = None
        out.lead_center = None
        run.step(
            CP_1,
            f"Whether the {constituent} is combined with a device or a drug is not known: if it is, the product is a "
            "combination product and its primary mode of action decides the lead centre and whether it is regulated "
            "as a biological product, a device or a drug.",
            *combined.missing,
        )
    elif base_status == "drug":
        out.lead_center = "CDER"
    else:
        _lead_cber(run, out, what)


# --- products without human cells ----------------------------------------------------------------


def _non_cellular(run: Run, out: USOutcome) -> None:
    """No human or animal cells or tissues: not an HCT/P (US-DEF-1)."""
    a = run.answers
    combined = derive_combined(a)
    excluded = _answer(a, EXCLUDED)
    if excluded == "secreted_or_extracted_product":
        _secreted(run, out)
        return
    if excluded == "blood_product":
        _blood(run, out)
        return
    if excluded is None:
        run.open(EXCLUDED)  # a secreted or extracted product would be a biological product
    vaccine = _answer(a, VACCINE)
    if vaccine is True:
        _vaccine(run, out, combined)
        return
    if vaccine is None:
        run.open(VACCINE)
    medicinal = a.value(MEDICINAL)
    if medicinal is False:
        out.status = "other_framework"
        run.step(
            DEF_1,
            "The product contains no human cells or tissues and has no therapeutic, preventive or diagnostic purpose, "
            "so it is neither an HCT/P nor a drug or biologic under these rules; if it is used in manufacturing or "
            "research, it follows the rules for that use (for example as an ancillary material).",
            CELLS,
            MEDICINAL,
        )
        run.next(
            "Check that no therapeutic claim is made; a claim to treat or prevent disease would make it a drug or biologic."
        )
        return
    if medicinal is None:
        run.open(MEDICINAL)
    nucleic = a.value(NUCLEIC)
    editing = a.value(EDITING)
    if editing is True or nucleic == "recombinant":
        qids = tuple(q for q, v in ((NUCLEIC, nucleic == "recombinant"), (EDITING, editing is True)) if v)
        run.step(
            DEF_1,
            "The product contains no human cells or tissues, so it is not an HCT/P and Part 1271 does not apply.",
            CELLS,
        )
        run.step(
            C351_2,
            "A recombinant nucleic acid or genome-editing product (viral or non-viral vector, plasmid, mRNA, editor) "
            "used to treat disease is a gene therapy: a biological product under PHS Act 351, reviewed by CBER.",
            *qids,
        )
        _combination_or_lead(
            run,
            out,
            combined,
            base_status="351_biologic",
            constituent="gene therapy",
            what="Gene therapy products",
        )
        if out.status == "351_biologic":
            _ind_bla(run, hctp=False)
        return
    if nucleic is None:
        run.open(NUCLEIC)
        if editing is None:
            run.open(EDITING)
        run.step(
            DEF_1,
            "The product contains no human cells or tissues, so it is not an HCT/P; whether it contains a nucleic acid "
            "(and so is a gene therapy or an oligonucleotide drug) is not known.",
            CELLS,
            NUCLEIC,
            EDITING,
        )
        return
    if editing is None:
        run.open(EDITING)  # a genome editor would make it a gene therapy
    if nucleic == "chemically_synthesised":
        run.step(
            DEF_1,
            "The product contains no human cells or tissues, so it is not an HCT/P and Part 1271 does not apply.",
            CELLS,
        )
        _oligonucleotide(run, out, combined)
        return
    out.status = "other_framework"
    run.step(
        DEF_1,
        "The product contains no human cells or tissues and no nucleic acid, so it is neither an HCT/P nor a "
        "gene therapy. It falls under the general FD&C Act and PHS Act rules for drugs, biological products "
        "(such as proteins) or devices, according to what it is; the US cell, tissue and gene therapy rules do "
        "not classify it further.",
        CELLS,
        NUCLEIC,
    )
    run.step(
        C351_3_CELL_FREE,
        "If the product is derived from human cells or tissues without containing them (for example extracellular "
        "vesicles or exosomes, a secretome or conditioned medium, a cell lysate, cell-free amniotic fluid or a "
        "placental extract), FDA regulates it as a drug and biological product under the FD&C Act and PHS Act 351, "
        "needing an IND before clinical use and a BLA to market it; FDA has said so for exosome and amniotic-fluid "
        "products.",
        CELLS,
    )
    run.next(
        "If the product is derived from human cells or tissues (such as exosomes, a secretome or cell-free amniotic "
        "fluid), plan an IND and a BLA with CBER; otherwise decide whether it is a drug, a biological product or a "
        "device."
    )
    run.next(procedure(PRE_RFD).next_step)


def _oligonucleotide(run: Run, out: USOutcome, combined: Derived) -> None:
    run.step(
        C351_2_OLIGO,
        "A chemically synthesised oligonucleotide (antisense oligonucleotide, siRNA, aptamer) is a drug under the "
        "FD&C Act reviewed by CDER (IND, then NDA); it is not a biological product. The domain notes only say it "
        "goes to drug or biologic regulation, so the drug/CDER assignment rests on general knowledge [R].",
        NUCLEIC,
    )
    run.flag(
        "The drug/CDER route for synthetic oligonucleotides is not verified in the domain notes [R]; confirm with a "
        "Pre-RFD if in doubt."
    )
    _combination_or_lead(run, out, combined, base_status="drug", constituent="oligonucleotide", what="")
    if out.status == "drug":
        run.next(
            "Submit an IND to CDER before clinical use and plan a New Drug Application (21 CFR Part 314)."
        )


def _vaccine(run: Run, out: USOutcome, combined: Derived) -> None:
    run.step(
        DEF_1,
        "The product contains no human cells or tissues, so it is not an HCT/P.",
        CELLS,
    )
    run.step(
        C351_2_VACCINE,
        "A vaccine against an infectious disease is a biological product under PHS Act 351 and is reviewed by "
        "CBER's Office of Vaccines Research and Review, not as a gene therapy. The domain notes do not cover "
        "vaccines; this rests on general knowledge [R].",
        VACCINE,
    )
    run.flag("The US vaccine route is not covered by the domain notes (unverified [R]); confirm with CBER.")
    out.status = "351_biologic"
    if combined.value is True:
        _combination(run, out, combined, "351_biologic", "vaccine")
    elif combined.value is None:
        _combination_or_lead(run, out, combined, base_status="351_biologic", constituent="vaccine", what="")
    else:
        out.lead_center = "CBER"
    if out.status == "351_biologic":
        run.next("Submit an IND to CBER before clinical use and plan a BLA under PHS Act 351(a).")


def _xenogeneic(run: Run, out: USOutcome) -> None:
    run.step(
        DEF_2_ANIMAL,
        "The cells or tissues come from animals, so the product is not an HCT/P (21 CFR 1271.3(d)(6)). Living animal "
        "cells, tissues or organs for transplantation, implantation or infusion into humans are xenotransplantation "
        "products, regulated as biological products under PHS Act 351.",
        ORIGIN,
    )
    run.note(
        "Xenotransplantation products carry source-animal and recipient-monitoring expectations beyond an ordinary BLA."
    )
    _combination_or_lead(
        run,
        out,
        derive_combined(run.answers),
        base_status="351_biologic",
        constituent="xenogeneic cell or tissue product",
        what="Xenotransplantation products",
    )
    if out.status == "351_biologic":
        _ind_bla(run, hctp=False)


# --- the excluded classes (21 CFR 1271.3(d)) -------------------------------------------------


def _blood(run: Run, out: USOutcome) -> None:
    out.status = "other_framework"
    run.step(
        DEF_2_BLOOD,
        "Whole blood, blood components (such as platelet-rich plasma) and blood derivative products are not "
        "HCT/Ps: they follow FDA's blood rules (21 CFR Parts 606, 607, 610 and 640, and the PHS Act for licensed "
        "blood products), not Part 1271.",
        EXCLUDED,
    )
    run.next(
        "Check the blood-establishment registration and product listing duties (21 CFR Part 607) and any licence "
        "needed for the blood product."
    )
    run.next(
        "For point-of-care preparation (for example platelet-rich plasma), check the clearance status of the device "
        "used to prepare it."
    )


def _secreted(run: Run, out: USOutcome) -> None:
    """US-DEF-2.3, then what the secreted or extracted product is: a drug and biological product
    (US-351-3), a device when it acts by physical means (US-351-4), a combination product
    (US-CP-*), a drug when its active part is chemically synthesised, or outside these rules when
    it has no medicinal purpose."""
    a = run.answers
    run.step(
        DEF_2_SECRETED,
        "A secreted or extracted human product (for example extracellular vesicles or exosomes, a secretome or "
        "conditioned medium, cell-free amniotic fluid, a placental extract, milk or collagen) is not an HCT/P "
        "(21 CFR 1271.3(d)(3)), so it cannot be a 361 HCT/P or rely on the Part 1271 exceptions; semen is the one "
        "secreted product that is an HCT/P.",
        CELLS,
        EXCLUDED,
    )
    combined = derive_combined(a)
    if combined.value is None:
        run.open(*combined.missing)
        out.combination_product = None
        run.step(
            CP_1,
            "Whether the product is combined with a device or a drug is not known: if it is, the product is a "
            "combination product and its primary mode of action decides the lead centre and whether it is "
            "regulated as a biological product, a device or a drug.",
            *combined.missing,
        )
        return
    if combined.value is True:
        _combination(run, out, combined, "351_biologic", "cell- or tissue-derived product")
        if out.status == "351_biologic":
            _ind_bla(run, hctp=False)
        return
    pmoa = _answer(a, PMOA)
    if pmoa == "device":
        _device_route(run, out)
        return
    if pmoa is None:
        run.open(PMOA)
        run.step(
            C351_4_DEVICE,
            "Whether the product acts mainly by physical means is not known: if it does (for example purified "
            "collagen injected to fill tissue), it is a device under FD&C Act 201(h); if it acts biologically, it is "
            "a drug and biological product.",
            PMOA,
        )
        return
    medicinal = a.value(MEDICINAL)
    if medicinal is False:
        out.status = "other_framework"
        run.step(
            C351_3_CELL_FREE,
            "With no therapeutic, preventive or diagnostic purpose and no claim to change a body function, the "
            "product is not a drug or biological product under these rules (for example an ancillary material used "
            "in manufacturing or a research reagent); it follows the rules for that use.",
            EXCLUDED,
            MEDICINAL,
        )
        run.next(
            "Check that no claim is made to treat, prevent or diagnose disease or to change a body function: FDA "
            "treats exosome and amniotic-fluid products with such claims as drugs and biological products."
        )
        return
    if medicinal is None:
        run.open(MEDICINAL)
        return
    nucleic = a.value(NUCLEIC)
    if nucleic is None:
        run.open(NUCLEIC)  # a chemically synthesised active part would make it a drug
        return
    if nucleic == "chemically_synthesised":
        run.note(
            "The product is derived from human cells or tissues but its active part is a chemically synthesised "
            "oligonucleotide: FDA may regulate the whole as a biological product or a combination product instead "
            "of a drug; a Pre-RFD can settle it."
        )
        _oligonucleotide(run, out, combined)
        return
    out.status = "351_biologic"
    finding = (
        "Used to treat disease, the product is a drug under the FD&C Act (201(g)) and a biological product under PHS "
        "Act 351(i): it needs an IND before clinical use and a biologics licence (BLA) to be marketed. FDA has said so "
        "for exosome products (public safety notification, December 2019; consumer alert, July 2020) and in warning "
        "letters to makers of exosome and cell-free amniotic-fluid products; the same holds for secretomes, "
        "conditioned media and other cell- or tissue-derived extracts used as therapies."
    )
    if nucleic == "recombinant":
        finding += " A recombinant nucleic acid it carries does not change this: it is a biological product reviewed by CBER."
    if pmoa == "drug":
        finding += (
            " Acting by chemical means does not make it a drug only: a biological product is also a drug under the "
            "FD&C Act, and the biologics licence applies."
        )
    run.step(C351_3_CELL_FREE, finding, EXCLUDED, MEDICINAL)
    _lead_cber(run, out, "Cell-free products derived from human cells or tissues")
    _ind_bla(run, hctp=False)


def _device_route(run: Run, out: USOutcome) -> None:
    """US-351-4: a human-derived product that acts by physical means is a device."""
    out.status = "device"
    out.lead_center = "CDRH"
    out.combination_product = False
    run.step(
        C351_4_DEVICE,
        "The product achieves its main purpose by physical means (for example purified human collagen injected as a "
        "dermal filler to add volume), not through chemical action in the body or by being metabolised, so it is a "
        "device under FD&C Act 201(h) (21 U.S.C. 321(h)), reviewed by CDRH; being derived from human tissue does not "
        "make it an HCT/P. FDA has approved purified human-based collagen fillers as devices (premarket approval).",
        PMOA,
    )
    run.next(
        "Plan the device premarket route with CDRH (dermal fillers are class III devices approved through a premarket "
        "approval application, PMA) and an investigational device exemption (IDE, 21 CFR Part 812) for clinical "
        "studies."
    )
    run.next(procedure(RFD).next_step)


def _exclusion(run: Run, out: USOutcome) -> bool:
    """US-DEF-2.1-2.4 for a product with human cells or tissues: True when an exclusion ends the
    analysis. An open answer is recorded; the HCT/P tests then follow, to show what they need."""
    a = run.answers
    excluded = a.value(EXCLUDED)
    if excluded is None:
        run.open(EXCLUDED)
        return False
    if excluded == "vascularised_organ":
        out.status = "other_framework"
        run.step(
            DEF_2_ORGAN,
            "A vascularised human organ for transplantation is not an HCT/P. Organ procurement and transplantation "
            "follow the organ transplantation rules (Organ Procurement and Transplantation Network, 42 CFR Part 121, "
            "overseen by HRSA), not FDA's HCT/P, drug or biologic rules.",
            EXCLUDED,
        )
        run.next("Follow the OPTN rules for organ procurement and transplantation (42 CFR Part 121).")
        run.next(
            "If the organ is processed, engineered or combined with cells or a device, re-assess: the exclusion covers "
            "transplantation organs only."
        )
        return True
    if excluded == "blood_product":
        _blood(run, out)
        return True
    if excluded == "secreted_or_extracted_product":
        _secreted(run, out)
        return True
    if excluded == "minimally_manipulated_bone_marrow":
        return _bone_marrow(run, out)
    return False


def _bone_marrow(run: Run, out: USOutcome) -> bool:
    a = run.answers
    mm, hu, comb = derive_minimal_manipulation(a), derive_homologous_use(a), derive_combined(a)
    broken = []
    if mm.value is False:
        broken.append(("it is more than minimally manipulated", mm.answers))
    if hu.value is False:
        broken.append(
            (
                "it is not intended for homologous use (for example marrow concentrate injected into a joint)",
                hu.answers,
            )
        )
    if comb.value is True:
        broken.append(("it is combined with another article", comb.answers))
    if broken:
        run.step(
            DEF_2_MARROW,
            "The bone-marrow exclusion covers only marrow that is minimally manipulated, for homologous use and not "
            "combined with another article; it does not apply here because "
            + "; ".join(b[0] for b in broken)
            + ". The marrow product is therefore an HCT/P and the Part 1271 tests follow.",
            EXCLUDED,
            *dict.fromkeys(q for b in broken for q in b[1]),
        )
        return False
    open_ = [d for d in (mm, hu, comb) if d.value is None]
    if open_:
        missing = [q for d in open_ for q in d.missing]
        run.open(*missing)
        run.step(
            DEF_2_MARROW,
            "The bone-marrow exclusion covers only marrow that is minimally manipulated, for homologous use and not "
            "combined with another article; whether it applies cannot be settled because these answers are not known: "
            f"{questions_in_words(missing)}. If it does not apply, the marrow product is an HCT/P and the Part 1271 tests "
            "follow.",
            EXCLUDED,
            *missing,
        )
        return False
    out.status = "other_framework"
    run.step(
        DEF_2_MARROW,
        "Bone marrow that is minimally manipulated, intended for homologous use (such as restoring the blood-forming "
        "system) and not combined with another article is not an HCT/P: FDA does not regulate it under Part 1271 "
        "or as a drug, device or biologic. Marrow transplantation follows transplant medical practice and, for "
        "unrelated donors, HRSA's transplantation programme rules.",
        EXCLUDED,
        *dict.fromkeys(q for d in (mm, hu, comb) for q in d.answers),
    )
    if "R" in (mm.confidence, hu.confidence):
        run.flag(
            "That the marrow is minimally manipulated rests on a derivation from the processing steps that the domain "
            "notes do not verify [R]; answer the US minimal-manipulation question to confirm the exclusion."
        )
    run.next(
        "Keep the marrow minimally manipulated and limited to homologous use: concentration for another use, "
        "expansion or combination with another article makes it an HCT/P and usually a 351 product."
    )
    return True


# --- the same surgical procedure exception (21 CFR 1271.15(b)) -------------------------------


def _same_surgical_procedure(run: Run, combined: Derived) -> str:
    """US-EXC-1: 'applies', 'not' or 'unknown' (with the open answers recorded). The exception is
    for autologous use (the cell-origin answer; the catalogue asks the question only then)."""
    a = run.answers
    origin = a.value(ORIGIN)
    autologous = None if origin is None else origin == "autologous"
    same = _answer(a, SAME_PROCEDURE)
    if same is NOT_ASKED:
        same = None if autologous is None else False
    qids = (ORIGIN, SAME_PROCEDURE)
    if autologous is False:
        if same is True:
            run.step(
                EXC_1,
                "The same surgical procedure exception is for autologous use only: the cells are not put back into "
                "the person they came from, so it does not apply.",
                *qids,
            )
        return "not"
    if same is False:
        if autologous is True:
            run.step(
                EXC_1,
                "The cells are not removed and implanted within the same surgical procedure, so the same surgical "
                "procedure exception does not apply.",
                *qids,
            )
        return "not"
    steps = _manipulations(a)
    defeating: list[str] = []
    doubtful: list[str] = []
    if steps is not None:
        defeating = [s for s in steps if s not in SSP_ALLOWED and s not in SSP_DOUBTFUL]
        doubtful = [s for s in steps if s in SSP_DOUBTFUL]
    genetic = _genetically_modified(a, steps or ())
    if genetic and "genetic_modification" not in defeating:
        defeating.append("genetic_modification")
    added = combined.value is True
    if defeating or added:
        what = []
        if defeating:
            what.append(_words(defeating))
        if added:
            what.append("combination with another article")
        finding = (
            "Between removal and implantation FDA allows only rinsing, cleansing, sizing and shaping (plus labelling "
            f"and short-term storage). Here the processing includes {' and '.join(what)}, so what is implanted is no "
            "longer 'such HCT/P' and the same surgical procedure exception does not apply, whatever the timing of the "
            "procedure."
        )
        if SVF_LIKE & set(defeating):
            finding += (
                " The courts agreed for stromal vascular fraction isolated from fat: it is a drug, and the exception "
                f"does not cover it because what is implanted is not what was removed ({SVF_CASE})."
            )
        run.step(EXC_1, finding, *qids, "manipulations", *combined.answers)
        if "other" in defeating and len(defeating) == 1 and not added:
            run.flag(
                "The only step outside rinsing, cleansing, sizing and shaping is 'other'; if it is in fact one of "
                "those, the exception could apply (ask the TRG)."
            )
        if same is True:
            run.next(
                "If you believe the processing is only rinsing, cleansing, sizing or shaping, have FDA confirm it "
                "(Tissue Reference Group or Request for Designation) before relying on the exception."
            )
        return "not"
    unknown: list[str] = []
    if autologous is None:
        unknown.append(ORIGIN)
    if same is None:
        unknown.append(SAME_PROCEDURE)
    if steps is None:
        unknown.append("manipulations")
    if combined.value is None:
        unknown.extend(combined.missing)
    if not genetic:
        unknown.extend(q for q in (NUCLEIC, EDITING) if a.value(q) is None)
    if unknown:
        run.open(*unknown)
        run.step(
            EXC_1,
            "The same surgical procedure exception could apply (autologous use, removal and implantation in one "
            "procedure, implant still 'such HCT/P'), but it cannot be settled because these answers are not known: "
            f"{questions_in_words(unknown)}.",
            *qids,
            "manipulations",
        )
        return "unknown"
    allowed = [s for s in steps or () if s in SSP_ALLOWED]
    finding = (
        "The cells or tissues are removed from and implanted into the same patient within the same surgical "
        "procedure, and in between they are only "
        + (f"processed by {_words(allowed + doubtful)}" if allowed or doubtful else "left unprocessed")
        + ", so they remain 'such HCT/P' and the establishment is excepted from Part 1271 for this activity."
    )
    if "centrifugation" in (steps or ()):
        finding += (
            " Centrifugation is accepted only to remove debris and fluid, as in FDA's lipoaspirate example (Example "
            "7-1); centrifugation that concentrates or separates cells would end the exception."
        )
    run.step(EXC_1, finding, *qids, "manipulations")
    if doubtful:
        run.flag(
            f"{_words(doubtful).capitalize()} {_verb(doubtful, 'is', 'are')} treated as cleansing or short-term storage; FDA reads the exception "
            "narrowly and the domain notes do not confirm this [R] (ask the TRG)."
        )
    return "applies"


def _exempt(run: Run, out: USOutcome) -> None:
    out.status = "exempt_1271_15"
    out.lead_center = None
    out.combination_product = False
    run.next(
        "No FDA registration, listing or premarket review is needed for this activity; medical-practice and state "
        "rules still apply."
    )
    run.next(
        "Keep to one surgical procedure at one establishment with only rinsing, cleansing, sizing or shaping: "
        "shipping the tissue elsewhere, isolating or concentrating cells, or adding anything ends the exception."
    )


# --- the four criteria of 21 CFR 1271.10(a) --------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Criterion:
    rule: Rule
    value: bool | None
    confidence: str
    label: str


def _criterion_1(run: Run) -> _Criterion:
    a = run.answers
    mm = derive_minimal_manipulation(a)
    tissue = a.value(TISSUE)
    if mm.derived:
        run.step(
            DEF_5,
            (
                "Derived from the processing steps: "
                if mm.value is not None
                else "Cannot be derived from the processing steps: "
            )
            + mm.reason
            + ".",
            *mm.answers,
            derived=True,
            basis_confidence=mm.confidence,
        )
    run.open(*mm.missing)
    test = {
        "structural": "for structural tissue, processing must not alter the original characteristics relevant to its use for repair, reconstruction or replacement",
        "nonstructural": "for cells or nonstructural tissue, processing must not alter their relevant biological characteristics",
    }.get(str(tissue), "processing must not alter the relevant characteristics of the tissue or cells")
    if mm.value is True:
        finding = f"Met: the product is minimally manipulated ({test})."
    elif mm.value is False:
        finding = f"Not met: the product is more than minimally manipulated ({test})."
    elif not mm.derived:
        finding = f"Cannot tell whether the product is minimally manipulated ({test}): {mm.reason}."
    else:
        finding = f"Cannot tell whether the product is minimally manipulated ({test})."
    if mm.derived and mm.value is not None:
        finding += " This was derived from the processing steps; answering the US minimal-manipulation question overrides it."
    run.step(
        C361_1,
        finding,
        *((*mm.answers, TISSUE) if tissue and TISSUE not in mm.answers else mm.answers),
        derived=mm.derived,
    )
    met = mm.value if isinstance(mm.value, bool) else None
    return _Criterion(C361_1, met, mm.confidence, "minimal manipulation (1271.10(a)(1))")


def _criterion_2(run: Run) -> _Criterion:
    hu = derive_homologous_use(run.answers)
    if hu.derived and hu.value is not None:
        run.step(
            DEF_4,
            "Homologous use "
            + hu.reason
            + " (the two tests are close: same basic function in recipient and donor).",
            *hu.answers,
            derived=True,
        )
    run.open(*hu.missing)
    if hu.value is True:
        finding = (
            "Met: the product is intended only for homologous use, performing the same basic function in the recipient "
            "as in the donor. This is judged from labelling, advertising and other signs of the manufacturer's "
            "objective intent, so claims for other uses would make it a 351 product."
        )
    elif hu.value is False:
        finding = (
            "Not met: the product is not intended for homologous use only; it is meant to perform a function in the "
            "recipient that it did not perform in the donor."
        )
    else:
        finding = "Cannot tell whether the product is intended for homologous use only."
    run.step(C361_2, finding, *(hu.answers or (HOMOLOGOUS,)), derived=hu.derived)
    met = hu.value if isinstance(hu.value, bool) else None
    return _Criterion(C361_2, met, hu.confidence, "homologous use only (1271.10(a)(2))")


def _criterion_3(run: Run, combined: Derived) -> _Criterion:
    run.open(*combined.missing)
    source = f" ({combined.reason})" if combined.derived and combined.value is not None else ""
    if combined.value is False:
        finding = (
            "Met: manufacture does not combine the cells or tissues with another article other than water, "
            f"crystalloids or a sterilising, preserving or storage agent{source}."
        )
    elif combined.value is True:
        finding = (
            "Not met: the cells or tissues are combined with another article, such as a scaffold, carrier, device or "
            f"drug{source}."
        )
    else:
        finding = "Cannot tell whether the cells or tissues are combined with another article."
    run.step(C361_3, finding, *(combined.answers or (COMBINED,)), derived=combined.derived)
    met = None if combined.value is None else combined.value is False
    return _Criterion(C361_3, met, "V", "not combined with another article (1271.10(a)(3))")


def _criterion_4(run: Run) -> _Criterion:
    a = run.answers
    systemic = a.value(SYSTEMIC)
    donor = derive_donor_relationship(a)
    if donor.derived and donor.value is not None and systemic is not False:
        run.step(DEF_3, "Donor relationship derived: " + donor.reason + ".", *donor.answers, derived=True)
    relation = donor.value
    qids: tuple[str, ...] = (SYSTEMIC, *donor.answers)
    permitted = relation in ("autologous", "first_or_second_degree_relative", "reproductive")
    value: bool | None
    if systemic is False:
        value = True
        finding = (
            "Met: the product has no systemic effect and does not depend on the metabolic activity of living cells "
            "for its primary function (1271.10(a)(4)(i))."
        )
        qids = (SYSTEMIC,)
    elif permitted:
        value = True
        lead = (
            "the product has a systemic effect or depends on the metabolic activity of living cells, but"
            if systemic is True
            else "whatever its systemic or metabolic action,"
        )
        finding = f"Met: {lead} it is for {RELATIONSHIP_WORDS[str(relation)]} (1271.10(a)(4)(ii))."
    elif systemic is True and relation == "unrelated":
        value = False
        finding = (
            "Not met: the product has a systemic effect or depends on the metabolic activity of living cells, and it "
            "is for allogeneic use in an unrelated recipient, not autologous, first- or second-degree relative or "
            "reproductive use."
        )
    else:
        value = None
        if systemic is None:
            run.open(SYSTEMIC)
        if relation is None:
            run.open(*donor.missing)
        finding = (
            "Cannot tell: the criterion is met if the product has no systemic effect and does not rely on living "
            "cells' metabolic activity, or if it is for autologous, first- or second-degree relative or reproductive "
            "use; the answers do not settle either limb."
        )
    run.step(C361_4, finding, *qids)
    return _Criterion(C361_4, value, "V", "systemic effect / metabolic activity (1271.10(a)(4))")


def _hctp(run: Run, out: USOutcome) -> None:
    """An HCT/P that no exclusion takes out: US-EXC-1, then the four criteria."""
    combined = derive_combined(run.answers)
    if _same_surgical_procedure(run, combined) == "applies":
        _exempt(run, out)
        return
    before = list(run.missing)
    criteria = [_criterion_1(run), _criterion_2(run), _criterion_3(run, combined), _criterion_4(run)]
    failed = [c for c in criteria if c.value is False]
    open_ = [c for c in criteria if c.value is None]
    if failed:
        # A failed criterion settles 351 whatever the open ones say: they are not needed.
        not_needed = [q for q in run.missing if q not in before and q not in combined.missing]
        run.missing[:] = [q for q in run.missing if q not in not_needed]
        if not_needed:
            run.note(
                "Not needed for this conclusion, but still unanswered: "
                + questions_in_words(not_needed)
                + "."
            )
        failed_rules = {c.rule for c in failed}
        run.step(
            C351_1,
            "The product fails "
            + _words([c.label for c in failed])
            + ", so it is not regulated solely under PHS Act section 361: it is regulated as a drug, device and/or "
            "biological product under the FD&C Act and PHS Act 351, with Part 1271 donor eligibility and current good "
            "tissue practice still applying.",
            *dict.fromkeys(q for s in run.trace if s.rule in failed_rules for q in s.answers),
        )
        if all(c.confidence == "R" for c in failed):
            run.flag(
                "The 351 conclusion rests only on a derivation the domain notes mark unverified [R]; answer the US "
                "minimal-manipulation question or ask the Tissue Reference Group to confirm."
            )
        _combination_or_lead(
            run,
            out,
            combined,
            base_status="351_biologic",
            constituent="HCT/P",
            what="Cell and tissue products regulated under section 351",
        )
        if out.status == "351_biologic":
            _ind_bla(run, hctp=True)
        if JUR_2.in_force(run.as_of):
            assert JUR_2.in_force_until is not None
            run.step(
                JUR_2,
                "On this date FDA's enforcement-discretion policy was running: for certain HCT/Ps that should be 351 "
                "products but raised no reported safety concern, FDA said it would generally not enforce the IND and "
                f"BLA requirements until {_day(JUR_2.in_force_until - timedelta(days=1))}. It did not change the "
                "classification, and it has since ended.",
            )
        return
    if open_:
        out.status = "undetermined"
        out.combination_product = None if combined.value is None else False
        return
    out.status = "361_hctp"
    out.lead_center = None
    out.combination_product = False
    if any(c.confidence == "R" for c in criteria):
        run.flag(
            "The 361 conclusion rests on minimal manipulation derived from the processing steps, which the domain "
            "notes do not verify [R]; answer the US minimal-manipulation question or ask the Tissue Reference Group."
        )
    run.step(
        C361_R,
        "All four criteria of 21 CFR 1271.10(a) are met, so the product is regulated solely under PHS Act section 361 "
        "and Part 1271: no IND, no BLA and no premarket review, but registration, listing, donor eligibility and "
        "current good tissue practice apply.",
    )
    run.next(
        "Register the establishment and list the HCT/P with FDA electronically within 5 days of starting operations, "
        "and update the registration every December (21 CFR 1271 subpart B)."
    )
    run.next(
        "Apply donor-eligibility screening and testing (subpart C) and current good tissue practice (subpart D); for "
        "nonreproductive HCT/Ps also labelling, adverse-reaction and deviation reporting (subpart E) and inspection "
        "(subpart F)."
    )
    run.next(
        "Keep labelling and promotion within homologous use: claims for other uses make the product a 351 biologic "
        "needing an IND and BLA."
    )
    run.next(procedure(TRG).next_step)
    run.next(procedure(RFD).next_step)
