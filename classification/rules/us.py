"""US classification of cell, tissue and gene therapy products (domain notes, Part A).

Order of the rules, as in the notes' decision flow (section 0):

1. US-DEF-1: is it an HCT/P at all? Non-cellular gene therapy, synthetic oligonucleotides,
   vaccines and other non-cellular products leave here (US-351-2, US-351-2.1, US-351-2.2).
2. US-DEF-2.*: the 21 CFR 1271.3(d) exclusions (organs, blood, secreted products, minimally
   manipulated bone marrow, animal cells).
3. US-EXC-1: the same-surgical-procedure exception (21 CFR 1271.15(b)), before the criteria.
4. US-361-1..4: the four 21 CFR 1271.10(a) criteria, each its own step; the answers they
   need are derived where the contract allows (US-DEF-3, US-DEF-4, US-DEF-5).
5. US-351-1 / US-361-R: the consequence; US-CP-*: combination products and lead centre.
6. US-JUR-1 / US-CP-3 / US-CP-4: where the answer cannot be settled, who at FDA settles it.

Confidence: a conclusion that rests only on an [R]-tagged fact of the notes is flagged
``borderline`` and says so; a question that could change the outcome and is unanswered
makes it ``undetermined`` and is listed in ``missing``. Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .core import UNKNOWN, Answers, Citation, Rule, RuleBook
from .outcomes import USOutcome

ECFR_1271 = "https://www.ecfr.gov/current/title-21/chapter-I/subchapter-L/part-1271"
ECFR_1271_3 = f"{ECFR_1271}/subpart-A/section-1271.3"
ECFR_1271_10 = f"{ECFR_1271}/subpart-A/section-1271.10"
ECFR_1271_15 = f"{ECFR_1271}/subpart-A/section-1271.15"
ECFR_1271_20 = f"{ECFR_1271}/subpart-A/section-1271.20"
PHS_351 = "https://www.law.cornell.edu/uscode/text/42/262"
FDCA_201 = "https://www.law.cornell.edu/uscode/text/21/321"
MM_HU_GUIDANCE = (
    "https://www.fda.gov/regulatory-information/search-fda-guidance-documents/"
    "regulatory-considerations-human-cells-tissues-and-cellular-and-tissue-based-products-minimal"
)
SSP_GUIDANCE = (
    "https://www.fda.gov/regulatory-information/search-fda-guidance-documents/"
    "same-surgical-procedure-exception-under-21-cfr-127115b-questions-and-answers-regarding-scope-exception"
)

US_RULES = RuleBook("US")
R = US_RULES.rule

# --- A.1 definitions (21 CFR 1271.3) ---------------------------------------------------------
DEF_1 = R(
    "US-DEF-1",
    "Human cells, tissues, or cellular or tissue-based product (HCT/P)",
    Citation("21 CFR Part 1271", "21 CFR 1271.3(d)", ECFR_1271_3),
    "V",
    in_force_from=date(2001, 4, 4),
)
DEF_2_ORGAN = R(
    "US-DEF-2.1",
    "Vascularised human organs for transplantation are not HCT/Ps",
    Citation("21 CFR Part 1271", "21 CFR 1271.3(d)(1)", ECFR_1271_3),
    "V",
)
DEF_2_BLOOD = R(
    "US-DEF-2.2",
    "Whole blood, blood components and blood derivative products are not HCT/Ps",
    Citation("21 CFR Part 1271", "21 CFR 1271.3(d)(2)", ECFR_1271_3),
    "V",
    in_force_from=date(2003, 1, 21),
)
DEF_2_SECRETED = R(
    "US-DEF-2.3",
    "Secreted or extracted human products are not HCT/Ps (semen excepted)",
    Citation("21 CFR Part 1271", "21 CFR 1271.3(d)(3)", ECFR_1271_3),
    "V",
)
DEF_2_MARROW = R(
    "US-DEF-2.4",
    "Minimally manipulated bone marrow for homologous use, not combined, is not an HCT/P",
    Citation("21 CFR Part 1271", "21 CFR 1271.3(d)(4)", ECFR_1271_3),
    "S",
)
DEF_2_ANIMAL = R(
    "US-DEF-2.6",
    "Cells, tissues and organs from animals are not HCT/Ps (xenotransplantation products)",
    Citation("21 CFR Part 1271", "21 CFR 1271.3(d)(6)", ECFR_1271_3),
    "S",
)
DEF_3 = R(
    "US-DEF-3",
    "Autologous use",
    Citation("21 CFR Part 1271", "21 CFR 1271.3(a)", ECFR_1271_3),
    "V",
)
DEF_4 = R(
    "US-DEF-4",
    "Homologous use",
    Citation(
        "21 CFR Part 1271",
        "21 CFR 1271.3(c); FDA guidance on minimal manipulation and homologous use (2017, 2020)",
        ECFR_1271_3,
    ),
    "V",
)
DEF_5 = R(
    "US-DEF-5",
    "Minimal manipulation (structural vs cells/nonstructural tissue)",
    Citation(
        "21 CFR Part 1271",
        "21 CFR 1271.3(f)(1)-(2); FDA guidance on minimal manipulation and homologous use (July 2020)",
        MM_HU_GUIDANCE,
    ),
    "S",
)

# --- A.2 exception (21 CFR 1271.15(b)) -------------------------------------------------------
EXC_1 = R(
    "US-EXC-1",
    "Same surgical procedure exception",
    Citation(
        "21 CFR Part 1271",
        "21 CFR 1271.15(b); FDA guidance on the same surgical procedure exception (Nov 2017)",
        ECFR_1271_15,
    ),
    "S",
)

# --- A.3 the four 1271.10(a) criteria --------------------------------------------------------
C361_1 = R(
    "US-361-1",
    "361 HCT/P criterion 1: minimally manipulated",
    Citation("21 CFR Part 1271", "21 CFR 1271.10(a)(1)", ECFR_1271_10),
    "V",
)
C361_2 = R(
    "US-361-2",
    "361 HCT/P criterion 2: intended for homologous use only",
    Citation("21 CFR Part 1271", "21 CFR 1271.10(a)(2)", ECFR_1271_10),
    "V",
)
C361_3 = R(
    "US-361-3",
    "361 HCT/P criterion 3: not combined with another article",
    Citation("21 CFR Part 1271", "21 CFR 1271.10(a)(3)", ECFR_1271_10),
    "V",
    in_force_from=date(2005, 5, 25),  # current wording (CGTP final rule, 69 FR 68681)
)
C361_4 = R(
    "US-361-4",
    "361 HCT/P criterion 4: no systemic effect and no reliance on living cells, or autologous/relative/reproductive use",
    Citation("21 CFR Part 1271", "21 CFR 1271.10(a)(4)", ECFR_1271_10),
    "V",
)
C361_R = R(
    "US-361-R",
    "Obligations of a 361 HCT/P (registration, listing, donor eligibility, CGTP)",
    Citation("21 CFR Part 1271", "21 CFR 1271.10(b), 1271.330; subparts B-F", ECFR_1271),
    "V",
)

# --- A.4 products regulated under section 351 ------------------------------------------------
C351_1 = R(
    "US-351-1",
    "HCT/P failing 1271.10(a): regulated as a drug, device and/or biological product",
    Citation("21 CFR Part 1271; PHS Act", "21 CFR 1271.20; PHS Act 351 (42 U.S.C. 262)", ECFR_1271_20),
    "V",
)
# The notes' heading tags US-351-2 [R], but the verification log raised the routing of
# non-cellular gene therapy to US-351-2 to [V] ("follows from the 1271.3(d) wording", also
# worked example A.8 #9 [V]); CBER/OTP review of gene therapies is US-ORG-1 [V].
C351_2 = R(
    "US-351-2",
    "Non-cellular gene therapy: not an HCT/P; biological product reviewed by CBER",
    Citation("PHS Act", "PHS Act 351 (42 U.S.C. 262); 21 CFR 1271.3(d)", PHS_351),
    "V",
)
# Not in the domain notes: general knowledge, hence [R] and a borderline flag.
C351_2_OLIGO = R(
    "US-351-2.1",
    "Chemically synthesised oligonucleotides: drugs reviewed by CDER",
    Citation("FD&C Act", "FD&C Act 201(g)(1) (21 U.S.C. 321(g)(1)); PHS Act 351(i)", FDCA_201),
    "R",
)
C351_2_VACCINE = R(
    "US-351-2.2",
    "Vaccines against infectious disease: biological products reviewed by CBER",
    Citation("PHS Act", "PHS Act 351(i)(1) (42 U.S.C. 262(i)(1))", PHS_351),
    "R",
)

# --- A.5 organisation ------------------------------------------------------------------------
ORG_1 = R(
    "US-ORG-1",
    "CBER Office of Therapeutic Products reviews cell, tissue and gene therapies",
    Citation(
        "FDA organisation",
        "CBER Office of Therapeutic Products (87 FR 58806, 28 Sep 2022)",
        "https://www.fda.gov/about-fda/center-biologics-evaluation-and-research-cber/office-therapeutic-products",
    ),
    "V",
)

# --- A.6 combination products ----------------------------------------------------------------
CP_1 = R(
    "US-CP-1",
    "Combination product",
    Citation(
        "21 CFR Part 3; FD&C Act",
        "21 CFR 3.2(e); FD&C Act 503(g); 21 CFR 4.2",
        "https://www.ecfr.gov/current/title-21/section-3.2",
    ),
    "S",
)
CP_2 = R(
    "US-CP-2",
    "Primary mode of action decides the lead centre",
    Citation(
        "21 CFR Part 3; FD&C Act",
        "21 CFR 3.2(m), 3.4; FD&C Act 503(g)(1)",
        "https://www.ecfr.gov/current/title-21/section-3.4",
    ),
    "S",
    in_force_from=date(2005, 11, 23),
)
CP_3 = R(
    "US-CP-3",
    "Request for Designation (binding)",
    Citation(
        "21 CFR Part 3; FD&C Act",
        "21 CFR 3.7-3.8; FD&C Act 563 (21 U.S.C. 360bbb-2)",
        "https://www.ecfr.gov/current/title-21/section-3.7",
    ),
    "V",
)
CP_4 = R(
    "US-CP-4",
    "Pre-Request for Designation (informal, Office of Combination Products)",
    Citation(
        "FDA Office of Combination Products",
        "Pre-RFD process; guidance 'How to Prepare a Pre-Request for Designation (Pre-RFD)'",
        "https://www.fda.gov/regulatory-information/search-fda-guidance-documents/how-prepare-pre-request-designation-pre-rfd",
    ),
    "V",
)
CP_5 = R(
    "US-CP-5",
    "Current good manufacturing practice for combination products",
    Citation("21 CFR Part 4", "21 CFR Part 4 (78 FR 4307)", "https://www.ecfr.gov/current/title-21/part-4"),
    "V",
    in_force_from=date(2013, 7, 22),
)

# --- A.7 jurisdiction tools ------------------------------------------------------------------
JUR_1 = R(
    "US-JUR-1",
    "Tissue Reference Group (informal recommendation on 1271.10(a))",
    Citation(
        "FDA CBER",
        "Tissue Reference Group; SOPP 8004",
        "https://www.fda.gov/vaccines-blood-biologics/tissue-tissue-products/tissue-reference-group",
    ),
    "V",
)
JUR_2 = R(
    "US-JUR-2",
    "Enforcement-discretion period for certain 351 HCT/Ps (ended 31 May 2021)",
    Citation(
        "FDA guidance",
        "Minimal manipulation and homologous use guidance (Nov 2017; July 2020 revision)",
        MM_HU_GUIDANCE,
    ),
    "V",
    in_force_from=date(2017, 11, 16),
    in_force_until=date(2021, 6, 1),
)

#: The engine encodes the HCT/P regime as complete from this date (notes, US-361-1).
REGIME_COMPLETE_FROM = date(2005, 5, 25)

# --- processing steps (answers.schema.json "manipulations") ---------------------------------
#: More than minimal for cells whatever the tissue. The notes tag this [R] (US-DEF-5).
MORE_THAN_MINIMAL_R = ("genetic_modification", "expansion", "activation", "differentiation")
#: Isolating cells from structural tissue: more than minimal (guidance Example 14-1) [S].
CELL_ISOLATION = ("enzymatic_digestion", "cell_separation")
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


def _val(answers: Answers, qid: str) -> object:
    """The answer, or None when absent or 'unknown'."""
    value = answers.get(qid)
    return None if value is None or value == UNKNOWN else value


def _manipulations(answers: Answers) -> list[str] | None:
    value = answers.get("manipulations")
    if not isinstance(value, list):
        return None
    return [str(step) for step in value]


def _genetically_modified(answers: Answers, steps: Iterable[str]) -> bool:
    """Cells modified with a recombinant sequence or edited (schema: 'cells modified with them')."""
    return (
        "genetic_modification" in steps
        or (answers.get("contains_cells_or_tissues") is True and answers.get("nucleic_acid") == "recombinant")
        or (answers.get("contains_cells_or_tissues") is True and answers.get("genome_editing") is True)
    )


def _words(items: Iterable[str]) -> str:
    items = [i.replace("_", " ") for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def derive_minimal_manipulation(answers: Answers) -> Derived:
    """21 CFR 1271.10(a)(1): us_minimally_manipulated, or derived from the processing steps."""
    answered = _val(answers, "us_minimally_manipulated")
    if isinstance(answered, bool):
        return Derived(answered, ("us_minimally_manipulated",), False, "V", "answered")
    steps = _manipulations(answers)
    tissue = _val(answers, "us_tissue_type")
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
                ("us_minimally_manipulated",),
            )
    isolation = [s for s in CELL_ISOLATION if s in steps]
    if tissue == "structural" and isolation:
        return Derived(
            False,
            ("manipulations", "us_tissue_type"),
            True,
            "S",
            f"{_words(isolation)} breaks down structural tissue to isolate its cells; FDA's guidance "
            "(Example 14-1, stromal vascular fraction from adipose tissue) treats this as more than minimal manipulation",
        )
    strong = [s for s in MORE_THAN_MINIMAL_R if s in steps]
    if _genetically_modified(answers, steps) and "genetic_modification" not in strong:
        strong.insert(0, "genetic_modification")
    if strong:
        qids = (
            ("manipulations",)
            if "genetic_modification" in steps or not _genetically_modified(answers, ())
            else ("manipulations", "nucleic_acid", "genome_editing")
        )
        return Derived(
            False,
            qids,
            True,
            "R",
            f"{_words(strong)} change the cells' differentiation or activation state, proliferation potential or "
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
        missing = ("us_minimally_manipulated",) if tissue else ("us_minimally_manipulated", "us_tissue_type")
        if tissue is None and all(
            s in CONVENTIONAL_STRUCTURAL | CONVENTIONAL_NONSTRUCTURAL for s in judgement
        ):
            reason = (
                f"whether {_words(judgement)} alters the relevant characteristics depends on whether the tissue "
                "is structural or nonstructural, which is not answered"
            )
        else:
            reason = (
                f"{_words(judgement)} needs case-by-case judgement: the US test asks whether processing alters the "
                "characteristics that make this tissue useful (structural) or the cells' biology (nonstructural), "
                "not whether a step is on a list"
            )
        return Derived(None, ("manipulations", "us_tissue_type"), True, "V", reason, missing)
    return Derived(
        True,
        ("manipulations", "us_tissue_type"),
        True,
        "R",
        f"{_words(steps)} are conventional processing steps that do not by themselves alter the tissue's or cells' "
        "relevant characteristics; the domain notes give no verified list of such steps [R]",
    )


def derive_homologous_use(answers: Answers) -> Derived:
    """21 CFR 1271.10(a)(2): us_homologous_use, defaulting to same_essential_function."""
    answered = _val(answers, "us_homologous_use")
    if isinstance(answered, bool):
        return Derived(answered, ("us_homologous_use",), False, "V", "answered")
    essential = _val(answers, "same_essential_function")
    if isinstance(essential, bool):
        return Derived(
            essential,
            ("same_essential_function",),
            True,
            "V",
            "taken from the answer on whether the cells or tissues serve the same essential function in the "
            "recipient as in the donor",
        )
    return Derived(None, (), True, "V", "not answered", ("us_homologous_use",))


def derive_combined(answers: Answers) -> Derived:
    """21 CFR 1271.10(a)(3): us_combined_with_other_article, defaulting to integral_medical_device."""
    answered = _val(answers, "us_combined_with_other_article")
    if isinstance(answered, bool):
        return Derived(answered, ("us_combined_with_other_article",), False, "V", "answered")
    device = _val(answers, "integral_medical_device")
    if isinstance(device, bool):
        return Derived(
            device,
            ("integral_medical_device",),
            True,
            "V",
            "taken from the answer on whether a medical device (scaffold, membrane, matrix) is an integral part",
        )
    return Derived(None, (), True, "V", "not answered", ("us_combined_with_other_article",))


def derive_donor_relationship(answers: Answers) -> Derived:
    """21 CFR 1271.10(a)(4)(ii): us_donor_relationship, defaulting from cell_origin only for
    autologous cells (the notes ask for the relationship explicitly otherwise)."""
    answered = _val(answers, "us_donor_relationship")
    if isinstance(answered, str):
        return Derived(answered, ("us_donor_relationship",), False, "V", "answered")
    if answers.get("cell_origin") == "autologous":
        return Derived(
            "autologous",
            ("cell_origin",),
            True,
            "V",
            "the cells come from the patient (autologous), so the use is autologous",
        )
    return Derived(None, ("cell_origin",), True, "V", "not answered", ("us_donor_relationship",))


# --------------------------------------------------------------------------------------------
@dataclass
class _Run:
    as_of: date
    outcome: USOutcome = field(default_factory=lambda: USOutcome(status="undetermined"))

    def step(self, rule: Rule, finding: str, answers: Iterable[str] = (), **extra: object) -> None:
        self.outcome.trace.append(rule.step(finding, answers, **extra))

    def flag(self, note: str) -> None:
        self.outcome.borderline = True
        if note not in self.outcome.notes:
            self.outcome.notes.append(note)

    def miss(self, *qids: str) -> None:
        for qid in qids:
            if qid not in self.outcome.missing:
                self.outcome.missing.append(qid)

    def next(self, text: str) -> None:
        if text not in self.outcome.next_steps:
            self.outcome.next_steps.append(text)

    def note(self, text: str) -> None:
        if text not in self.outcome.notes:
            self.outcome.notes.append(text)


def _otp_name(as_of: date) -> str:
    if as_of >= date(2022, 9, 16):
        return "Office of Therapeutic Products (OTP)"
    if as_of >= date(2016, 10, 16):
        return "Office of Tissues and Advanced Therapies (OTAT, now the Office of Therapeutic Products)"
    return "Office of Cellular, Tissue and Gene Therapies (OCTGT, now the Office of Therapeutic Products)"


def _ask_fda(run: _Run, what: str, provisional: str | None = None) -> None:
    """Steps and next steps when the engine cannot settle the classification."""
    missing = ", ".join(run.outcome.missing) or "the points above"
    lead = f"The outcome above ({provisional}) is only provisional: t" if provisional else "T"
    run.step(
        JUR_1,
        f"{lead}he classification cannot be settled from the answers ({what}). FDA's Tissue Reference Group gives "
        "informal, non-binding recommendations on how 21 CFR 1271.10(a) applies to a specific HCT/P for a given "
        "indication.",
        run.outcome.missing,
    )
    run.next(f"Answer the open questions ({missing}) and re-run the assessment.")
    run.next(
        "If it stays unclear, ask FDA's Tissue Reference Group (TRG) for an informal recommendation, or the Office "
        "of Combination Products for a Pre-RFD, naming the open points: " + missing + "."
    )
    run.next(
        "For a binding answer, file a Request for Designation (21 CFR 3.7): FDA must answer within 60 days, "
        "otherwise the sponsor's recommended classification becomes final (FD&C Act 563)."
    )


def _lead_cber(run: _Run, what: str) -> None:
    run.outcome.lead_center = "CBER"
    run.step(
        ORG_1,
        f"{what} are reviewed by CBER's {_otp_name(run.as_of)}.",
    )


def _ind_bla(run: _Run, *, hctp: bool) -> None:
    run.next("Submit an IND (21 CFR Part 312) before any clinical use in the United States.")
    run.next(
        "Plan for a Biologics License Application under PHS Act 351(a) (21 CFR Part 601) to market the product."
    )
    run.next(
        "Ask CBER's Office of Therapeutic Products for an INTERACT or pre-IND meeting to agree the development plan."
    )
    if hctp:
        run.next(
            "As an HCT/P regulated under section 351, follow Part 1271 subparts C (donor eligibility) and D (current "
            "good tissue practice) through the drug or device rules (21 CFR 1271.20)."
        )


def _combination(run: _Run, answers: Answers, combined: Derived, base_status: str, constituent: str) -> None:
    """US-CP-1/2/3/4/5: a product that is not a 361 HCT/P and is combined with another article."""
    run.outcome.combination_product = True
    device_answer = "integral_medical_device" in combined.answers
    run.step(
        CP_1,
        f"The {constituent} is combined with "
        + (
            "a medical device (such as a scaffold, membrane or matrix)"
            if device_answer
            else "another article"
        )
        + ", so the product is a combination product (21 CFR 3.2(e)); each constituent stays subject to its own "
        "requirements (21 CFR 4.2).",
        combined.answers,
    )
    if not device_answer:
        run.note(
            "If the other article is only an inactive ingredient (excipient) of the biologic rather than a device or "
            "drug constituent, the product is a single biologic, not a combination product; the Office of "
            "Combination Products can confirm this."
        )
    pmoa = _val(answers, "us_primary_mode_of_action")
    if pmoa in LEAD_BY_PMOA:
        lead = LEAD_BY_PMOA[str(pmoa)]
        run.outcome.lead_center = lead
        if pmoa == "device":
            run.outcome.status = "device"
        elif pmoa == "drug":
            run.outcome.status = "drug"
        else:
            run.outcome.status = base_status
        run.step(
            CP_2,
            f"The {pmoa} constituent provides the primary mode of action (the single mode of action expected to make "
            f"the greatest contribution to the therapeutic effect), so the product is assigned to {CENTRE_NAMES[lead]} "
            "as lead centre; the other centres are consulted.",
            ("us_primary_mode_of_action",),
        )
        if lead == "CBER" and base_status == "351_biologic":
            run.step(
                ORG_1,
                f"Within CBER, the cell, tissue or gene therapy constituent is reviewed by the {_otp_name(run.as_of)}.",
            )
        if pmoa == "device":
            run.next(
                "Device-led combination product: plan the device premarket route with CDRH (PMA, De Novo, 510(k) or "
                "HDE, the domain notes do not verify which [R]), with CBER consulted on the cellular constituent; an "
                "IDE or IND may be needed for clinical studies. Confirm the assignment with a Request for Designation."
            )
        elif pmoa == "drug":
            run.next(
                "Drug-led combination product: plan an IND and an NDA with CDER, with CBER consulted on the cellular constituent."
            )
        else:
            run.next(
                "Biologic-led combination product: the application is a BLA reviewed by CBER, with CDRH or CDER consulted on the other constituent."
            )
    else:
        run.outcome.lead_center = None
        run.miss("us_primary_mode_of_action")
        run.step(
            CP_2,
            "The primary mode of action is not known, so the lead centre cannot be assigned (21 CFR 3.2(m)); where it "
            "cannot be determined with reasonable certainty FDA applies the assignment algorithm of 21 CFR 3.4(b).",
            ("us_primary_mode_of_action",),
        )
        run.step(
            CP_4,
            "The Office of Combination Products gives informal, non-binding feedback on classification and lead "
            "centre through a Pre-Request for Designation.",
            ("us_primary_mode_of_action",),
        )
        run.step(
            CP_3,
            "A Request for Designation gives a binding answer on classification and lead centre; FDA must answer "
            "within 60 days or the sponsor's recommendation becomes final.",
            ("us_primary_mode_of_action",),
        )
        run.next(
            "Decide which constituent gives the primary mode of action (us_primary_mode_of_action); if unclear, ask "
            "the Office of Combination Products for a Pre-RFD (informal; about 60 days, not verified [R]) or file a "
            "Request for Designation under 21 CFR 3.7 (binding; answer within 60 days, 21 CFR 3.8, FD&C Act 563)."
        )
    if CP_5.in_force(run.as_of):
        run.step(
            CP_5,
            "A single-entity or co-packaged combination product follows the current good manufacturing practice "
            "rules of 21 CFR Part 4 for each of its constituents.",
        )


def _combination_or_cber(
    run: _Run, answers: Answers, combined: Derived, *, base_status: str, constituent: str, what: str
) -> None:
    run.outcome.status = base_status
    if combined.value is True:
        _combination(run, answers, combined, base_status, constituent)
    elif (
        combined.value is None
        and combined.answers == ()
        and _val(answers, "contains_cells_or_tissues") is True
    ):
        run.outcome.lead_center = None
        run.miss(*combined.missing)
        run.note(
            "Whether the cells or tissues are combined with a device or drug is not answered: if they are, the product "
            "is a combination product and its primary mode of action decides the lead centre."
        )
    elif base_status == "drug":
        run.outcome.lead_center = "CDER"
    else:
        _lead_cber(run, what)


def _non_cellular(run: _Run, answers: Answers) -> None:
    """No human or animal cells or tissues: not an HCT/P (US-DEF-1)."""
    combined = derive_combined(answers)
    nucleic = _val(answers, "nucleic_acid")
    editing = _val(answers, "genome_editing")
    if answers.get("us_excluded_article") == "secreted_or_extracted_product":
        run.outcome.status = "other_framework"
        run.step(
            DEF_2_SECRETED,
            "The product is secreted or extracted from cells (for example extracellular vesicles, exosomes or "
            "conditioned media) and contains no cells, so it is not an HCT/P and cannot be a 361 HCT/P. It is "
            "regulated as a drug or biological product under the FD&C Act and PHS Act 351: FDA has said that "
            "such products intended to treat disease need premarket review (IND, then BLA).",
            ("contains_cells_or_tissues", "us_excluded_article"),
        )
        run.next("Treat the product as a drug or biologic: submit an IND before clinical use and plan a BLA.")
        run.next("Confirm the lead centre with a Pre-RFD or Request for Designation if it is not clear.")
        return
    if answers.get("infectious_disease_vaccine") is True:
        run.step(
            DEF_1,
            "The product contains no human cells or tissues, so it is not an HCT/P.",
            ("contains_cells_or_tissues",),
        )
        run.step(
            C351_2_VACCINE,
            "A vaccine against an infectious disease is a biological product under PHS Act 351 and is reviewed by "
            "CBER's Office of Vaccines Research and Review, not as a gene therapy. The domain notes do not cover "
            "vaccines; this rests on general knowledge [R].",
            ("infectious_disease_vaccine",),
        )
        run.flag(
            "The US vaccine route is not covered by the domain notes (unverified [R]); confirm with CBER."
        )
        run.outcome.status = "351_biologic"
        if combined.value is True:
            _combination(run, answers, combined, "351_biologic", "vaccine")
        else:
            run.outcome.lead_center = "CBER"
        run.next("Submit an IND to CBER before clinical use and plan a BLA under PHS Act 351(a).")
        return
    if answers.get("medicinal_purpose") is False:
        run.outcome.status = "other_framework"
        run.step(
            DEF_1,
            "The product contains no human cells or tissues and has no therapeutic, preventive or diagnostic purpose, "
            "so it is neither an HCT/P nor a drug or biologic under these rules; if it is used in manufacturing or "
            "research, it follows the rules for that use (for example as an ancillary material).",
            ("contains_cells_or_tissues", "medicinal_purpose"),
        )
        run.next(
            "Check that no therapeutic claim is made; a claim to treat or prevent disease would make it a drug or biologic."
        )
        return
    if editing is True or nucleic == "recombinant":
        qids = tuple(
            q
            for q, v in (("nucleic_acid", nucleic == "recombinant"), ("genome_editing", editing is True))
            if v
        )
        run.step(
            DEF_1,
            "The product contains no human cells or tissues, so it is not an HCT/P and Part 1271 does not apply.",
            ("contains_cells_or_tissues",),
        )
        run.step(
            C351_2,
            "A recombinant nucleic acid or genome-editing product (viral or non-viral vector, plasmid, mRNA, editor) "
            "used to treat disease is a gene therapy: a biological product under PHS Act 351, reviewed by CBER.",
            qids,
        )
        _combination_or_cber(
            run,
            answers,
            combined,
            base_status="351_biologic",
            constituent="gene therapy",
            what="Gene therapy products",
        )
        if run.outcome.status == "351_biologic":
            _ind_bla(run, hctp=False)
        return
    if nucleic == "chemically_synthesised":
        run.step(
            DEF_1,
            "The product contains no human cells or tissues, so it is not an HCT/P and Part 1271 does not apply.",
            ("contains_cells_or_tissues",),
        )
        run.step(
            C351_2_OLIGO,
            "A chemically synthesised oligonucleotide (antisense oligonucleotide, siRNA, aptamer) is a drug under the "
            "FD&C Act reviewed by CDER (IND, then NDA); it is not a biological product. The domain notes only say it "
            "goes to drug or biologic regulation, so the drug/CDER assignment rests on general knowledge [R].",
            ("nucleic_acid",),
        )
        run.flag(
            "The drug/CDER route for synthetic oligonucleotides is not verified in the domain notes [R]; confirm with a Pre-RFD if in doubt."
        )
        _combination_or_cber(
            run, answers, combined, base_status="drug", constituent="oligonucleotide", what=""
        )
        if run.outcome.status == "drug":
            run.next(
                "Submit an IND to CDER before clinical use and plan a New Drug Application (21 CFR Part 314)."
            )
        return
    if nucleic == "none" and editing is not True:
        run.outcome.status = "other_framework"
        run.step(
            DEF_1,
            "The product contains no human cells or tissues and no nucleic acid, so it is neither an HCT/P nor a "
            "gene therapy. It falls under the general FD&C Act and PHS Act rules for drugs, biological products "
            "(such as proteins) or devices, according to what it is; the US cell, tissue and gene therapy rules do "
            "not classify it further.",
            ("contains_cells_or_tissues", "nucleic_acid"),
        )
        run.next(
            "Decide whether it is a drug, a biological product or a device; if unclear, ask the Office of Combination Products (Pre-RFD or RFD)."
        )
        return
    run.miss("nucleic_acid")
    if editing is None:
        run.miss("genome_editing")
    run.step(
        DEF_1,
        "The product contains no human cells or tissues, so it is not an HCT/P; whether it contains a nucleic acid "
        "(and so is a gene therapy or an oligonucleotide drug) is not answered.",
        ("contains_cells_or_tissues", "nucleic_acid", "genome_editing"),
    )
    run.step(
        CP_4,
        "Until the active substance is known, the Office of Combination Products can give informal feedback on classification (Pre-RFD).",
    )
    run.next(
        "Answer whether the product contains a nucleic acid and how it is made (nucleic_acid, genome_editing)."
    )
    run.next(
        "If the classification stays unclear, ask the Office of Combination Products for a Pre-RFD or file a Request for Designation (21 CFR 3.7)."
    )


def _xenogeneic(run: _Run, answers: Answers) -> None:
    run.step(
        DEF_2_ANIMAL,
        "The cells or tissues come from animals, so the product is not an HCT/P (21 CFR 1271.3(d)(6)). Living animal "
        "cells, tissues or organs for transplantation, implantation or infusion into humans are xenotransplantation "
        "products, regulated as biological products under PHS Act 351.",
        ("cell_origin",),
    )
    run.note(
        "Xenotransplantation products carry source-animal and recipient-monitoring expectations beyond an ordinary BLA."
    )
    _combination_or_cber(
        run,
        answers,
        derive_combined(answers),
        base_status="351_biologic",
        constituent="xenogeneic cell or tissue product",
        what="Xenotransplantation products",
    )
    if run.outcome.status == "351_biologic":
        _ind_bla(run, hctp=False)


def _exclusion(run: _Run, answers: Answers) -> bool:
    """US-DEF-2.1-2.4: True when an exclusion ends the analysis."""
    excluded = answers.get("us_excluded_article")
    qids = ("us_excluded_article",)
    if excluded == "vascularised_organ":
        run.outcome.status = "other_framework"
        run.step(
            DEF_2_ORGAN,
            "A vascularised human organ for transplantation is not an HCT/P. Organ procurement and transplantation "
            "follow the organ transplantation rules (Organ Procurement and Transplantation Network, 42 CFR Part 121, "
            "overseen by HRSA), not FDA's HCT/P, drug or biologic rules.",
            qids,
        )
        run.next("Follow the OPTN rules for organ procurement and transplantation (42 CFR Part 121).")
        run.next(
            "If the organ is processed, engineered or combined with cells or a device, re-assess: the exclusion covers transplantation organs only."
        )
        return True
    if excluded == "blood_product":
        run.outcome.status = "other_framework"
        run.step(
            DEF_2_BLOOD,
            "Whole blood, blood components (such as platelet-rich plasma) and blood derivative products are not "
            "HCT/Ps: they follow FDA's blood rules (21 CFR Parts 606, 607, 610 and 640, and the PHS Act for licensed "
            "blood products), not Part 1271.",
            qids,
        )
        run.next(
            "Check the blood-establishment registration and product listing duties (21 CFR Part 607) and any licence needed for the blood product."
        )
        run.next(
            "For point-of-care preparation (for example platelet-rich plasma), check the clearance status of the device used to prepare it."
        )
        return True
    if excluded == "secreted_or_extracted_product":
        run.outcome.status = "other_framework"
        run.step(
            DEF_2_SECRETED,
            "A secreted or extracted human product (for example milk, collagen, cell factors, extracellular vesicles "
            "or conditioned media) is not an HCT/P and cannot be a 361 HCT/P; semen is the exception. Such products "
            "intended to treat disease are regulated as drugs or biological products under the FD&C Act and PHS Act "
            "351 and need premarket review (IND, then BLA).",
            qids,
        )
        run.next("Treat the product as a drug or biologic: submit an IND before clinical use and plan a BLA.")
        return True
    if excluded == "minimally_manipulated_bone_marrow":
        broken = []
        mm, hu, comb = (
            derive_minimal_manipulation(answers),
            derive_homologous_use(answers),
            derive_combined(answers),
        )
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
                ("us_excluded_article", *dict.fromkeys(q for b in broken for q in b[1])),
            )
            return False
        run.outcome.status = "other_framework"
        run.step(
            DEF_2_MARROW,
            "Bone marrow that is minimally manipulated, intended for homologous use (such as restoring the blood-forming "
            "system) and not combined with another article is not an HCT/P: FDA does not regulate it under Part 1271 "
            "or as a drug, device or biologic. Marrow transplantation follows transplant medical practice and, for "
            "unrelated donors, HRSA's transplantation programme rules.",
            qids,
        )
        run.next(
            "Keep the marrow minimally manipulated and limited to homologous use: concentration for another use, expansion or combination with another article makes it an HCT/P and usually a 351 product."
        )
        return True
    return False


def _exclusion_moot(run: _Run, answers: Answers) -> bool:
    """US-DEF-2 left unanswered cannot change a 351 outcome reached because the cells are more than
    minimally manipulated: no excluded class that leads elsewhere can hold such a product."""
    if run.outcome.status not in ("351_biologic", "combination_product"):
        return False
    mm = derive_minimal_manipulation(answers)
    if mm.value is not False:
        return False
    run.outcome.missing.remove("us_excluded_article")
    run.step(
        DEF_2_MARROW,
        "One point is not answered but cannot change this outcome: whether the product falls in a class excluded "
        "from the HCT/P definition (21 CFR 1271.3(d)). The cells are more than minimally manipulated, so they are "
        "not bone marrow excluded under 21 CFR 1271.3(d)(4) (which must be minimally manipulated), and processed "
        "cells are no longer whole "
        "blood, a blood component for transfusion or an organ as recovered for transplantation. Were the product a "
        "secreted or extracted product instead, it would still be a drug or biologic needing an IND and a BLA.",
        ("us_excluded_article", *mm.answers),
    )
    if mm.confidence == "R":
        run.flag(
            "That the product falls in no excluded class rests on more-than-minimal manipulation derived from the "
            "processing steps, which the domain notes do not verify [R]; answer the US excluded-class and "
            "minimal-manipulation questions to settle it."
        )
    return True


def _same_surgical_procedure(run: _Run, answers: Answers, combined: Derived) -> str:
    """US-EXC-1: 'applies', 'not' or 'unknown' (with missing answers recorded)."""
    relationship = _val(answers, "us_donor_relationship")
    origin = _val(answers, "cell_origin")
    if relationship is not None:
        autologous: bool | None = relationship == "autologous"
        auto_q: tuple[str, ...] = ("us_donor_relationship",)
    elif origin is not None:
        autologous = origin == "autologous"
        auto_q = ("cell_origin",)
    else:
        autologous, auto_q = None, ("cell_origin", "us_donor_relationship")
    same = _val(answers, "us_same_surgical_procedure")
    if autologous is False and same is not True:
        return "not"
    if same is False and autologous is not True:
        return "not"
    qids = (*auto_q, "us_same_surgical_procedure")
    if autologous is False:
        run.step(
            EXC_1,
            "The same surgical procedure exception is for autologous use only: the cells are not put back into the person they came from, so it does not apply.",
            qids,
        )
        return "not"
    if same is False:
        run.step(
            EXC_1,
            "The cells are not removed and implanted within the same surgical procedure, so the same surgical procedure exception does not apply.",
            qids,
        )
        return "not"
    steps = _manipulations(answers)
    defeating: list[str] = []
    doubtful: list[str] = []
    if steps is not None:
        defeating = [s for s in steps if s not in SSP_ALLOWED and s not in SSP_DOUBTFUL]
        doubtful = [s for s in steps if s in SSP_DOUBTFUL]
    if _genetically_modified(answers, steps or ()) and "genetic_modification" not in defeating:
        defeating.append("genetic_modification")
    added = combined.value is True
    if defeating or added:
        what = []
        if defeating:
            what.append(_words(defeating))
        if added:
            what.append("combination with another article")
        run.step(
            EXC_1,
            "Between removal and implantation FDA allows only rinsing, cleansing, sizing and shaping (plus labelling "
            f"and short-term storage). Here the processing includes {' and '.join(what)}, so what is implanted is no "
            "longer 'such HCT/P' and the same surgical procedure exception does not apply, whatever the timing of the "
            "procedure; the courts agreed for stromal vascular fraction isolated from fat.",
            (*qids, "manipulations", *combined.answers),
        )
        if "other" in defeating and len(defeating) == 1 and not added:
            run.flag(
                "The only step outside rinsing, cleansing, sizing and shaping is 'other'; if it is in fact one of those, the exception could apply (ask the TRG)."
            )
        if same is True:
            run.next(
                "If you believe the processing is only rinsing, cleansing, sizing or shaping, ask the Tissue Reference Group or file a Request for Designation before relying on the exception."
            )
        return "not"
    unknown: list[str] = []
    if autologous is None:
        unknown.extend(auto_q)
    if same is None:
        unknown.append("us_same_surgical_procedure")
    if steps is None:
        unknown.append("manipulations")
    if unknown:
        run.miss(*unknown)
        run.step(
            EXC_1,
            "The same surgical procedure exception could apply (autologous use, removal and implantation in one "
            "procedure, implant still 'such HCT/P'), but it cannot be settled: not answered: "
            + ", ".join(unknown)
            + ".",
            (*qids, "manipulations"),
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
    run.step(EXC_1, finding, (*qids, "manipulations"))
    if doubtful:
        run.flag(
            f"{_words(doubtful).capitalize()} is treated as cleansing or short-term storage; FDA reads the exception narrowly and "
            "the domain notes do not confirm this [R] (ask the TRG)."
        )
    return "applies"


def _exempt(run: _Run) -> None:
    run.outcome.status = "exempt_1271_15"
    run.outcome.lead_center = None
    run.next(
        "No FDA registration, listing or premarket review is needed for this activity; medical-practice and state rules still apply."
    )
    run.next(
        "Keep to one surgical procedure at one establishment with only rinsing, cleansing, sizing or shaping: shipping the tissue elsewhere, isolating or concentrating cells, or adding anything ends the exception."
    )


@dataclass(frozen=True, slots=True)
class _Criterion:
    rule: Rule
    value: bool | None
    confidence: str
    label: str


def _criterion_1(run: _Run, answers: Answers) -> _Criterion:
    mm = derive_minimal_manipulation(answers)
    tissue = _val(answers, "us_tissue_type")
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
            mm.answers,
            derived=True,
            basis_confidence=mm.confidence,
        )
    run.miss(*mm.missing)
    test = {
        "structural": "for structural tissue, processing must not alter the original characteristics relevant to its use for repair, reconstruction or replacement",
        "nonstructural": "for cells or nonstructural tissue, processing must not alter their relevant biological characteristics",
    }.get(str(tissue), "processing must not alter the relevant characteristics of the tissue or cells")
    if mm.value is True:
        finding = f"Met: the product is minimally manipulated ({test})."
    elif mm.value is False:
        finding = f"Not met: the product is more than minimally manipulated ({test})."
    else:
        finding = f"Cannot tell whether the product is minimally manipulated ({test})."
    if mm.derived and mm.value is not None:
        finding += " This was derived from the processing steps; answering the US minimal-manipulation question overrides it."
    run.step(
        C361_1,
        finding,
        (*mm.answers, "us_tissue_type") if tissue and "us_tissue_type" not in mm.answers else mm.answers,
        derived=mm.derived,
    )
    met = mm.value if isinstance(mm.value, bool) else None
    return _Criterion(C361_1, met, mm.confidence, "minimal manipulation (1271.10(a)(1))")


def _criterion_2(run: _Run, answers: Answers) -> _Criterion:
    hu = derive_homologous_use(answers)
    if hu.derived and hu.value is not None:
        run.step(
            DEF_4,
            "Homologous use "
            + hu.reason
            + " (the two tests are close: same basic function in recipient and donor).",
            hu.answers,
            derived=True,
        )
    run.miss(*hu.missing)
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
    run.step(C361_2, finding, hu.answers or ("us_homologous_use",), derived=hu.derived)
    met = hu.value if isinstance(hu.value, bool) else None
    return _Criterion(C361_2, met, hu.confidence, "homologous use only (1271.10(a)(2))")


def _criterion_3(run: _Run, combined: Derived) -> _Criterion:
    run.miss(*combined.missing)
    source = f" ({combined.reason})" if combined.derived and combined.value is not None else ""
    if combined.value is False:
        finding = (
            "Met: manufacture does not combine the cells or tissues with another article other than water, "
            f"crystalloids or a sterilising, preserving or storage agent{source}."
        )
    elif combined.value is True:
        finding = f"Not met: the cells or tissues are combined with another article, such as a scaffold, carrier, device or drug{source}."
    else:
        finding = "Cannot tell whether the cells or tissues are combined with another article."
    run.step(
        C361_3, finding, combined.answers or ("us_combined_with_other_article",), derived=combined.derived
    )
    met = None if combined.value is None else combined.value is False
    return _Criterion(C361_3, met, "V", "not combined with another article (1271.10(a)(3))")


RELATIONSHIP_WORDS = {
    "autologous": "autologous use",
    "first_or_second_degree_relative": "allogeneic use in a first- or second-degree blood relative",
    "reproductive": "reproductive use",
    "unrelated": "allogeneic use in an unrelated recipient",
}


def _criterion_4(run: _Run, answers: Answers) -> _Criterion:
    systemic = _val(answers, "us_systemic_or_metabolic")
    donor = derive_donor_relationship(answers)
    if donor.derived and donor.value is not None and systemic is not False:
        run.step(DEF_3, "Donor relationship derived: " + donor.reason + ".", donor.answers, derived=True)
    relation = donor.value
    qids = ("us_systemic_or_metabolic", *donor.answers)
    permitted = relation in ("autologous", "first_or_second_degree_relative", "reproductive")
    value: bool | None
    if systemic is False:
        value = True
        finding = (
            "Met: the product has no systemic effect and does not depend on the metabolic activity of living cells "
            "for its primary function (1271.10(a)(4)(i))."
        )
        qids = ("us_systemic_or_metabolic",)
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
            run.miss("us_systemic_or_metabolic")
        if relation is None:
            run.miss("us_donor_relationship")
        finding = (
            "Cannot tell: the criterion is met if the product has no systemic effect and does not rely on living "
            "cells' metabolic activity, or if it is for autologous, first- or second-degree relative or reproductive "
            "use; the answers do not settle either limb."
        )
    run.step(C361_4, finding, qids)
    return _Criterion(C361_4, value, "V", "systemic effect / metabolic activity (1271.10(a)(4))")


def _hctp(run: _Run, answers: Answers) -> str:
    """An HCT/P that no exclusion takes out: US-EXC-1, then the four criteria.
    Returns the state of the same surgical procedure exception."""
    combined = derive_combined(answers)
    ssp = _same_surgical_procedure(run, answers, combined)
    if ssp == "applies":
        _exempt(run)
        return ssp
    before = list(run.outcome.missing)
    criteria = [
        _criterion_1(run, answers),
        _criterion_2(run, answers),
        _criterion_3(run, combined),
        _criterion_4(run, answers),
    ]
    failed = [c for c in criteria if c.value is False]
    open_ = [c for c in criteria if c.value is None]
    if failed:
        # A failed criterion settles 351 whatever the open ones say: they are not "missing".
        not_needed = [q for q in run.outcome.missing if q not in before]
        run.outcome.missing[:] = before
        if not_needed:
            run.note("Not needed for this conclusion, but still unanswered: " + ", ".join(not_needed) + ".")
        run.step(
            C351_1,
            "The product fails "
            + _words([c.label for c in failed])
            + ", so it is not regulated solely under PHS Act "
            "section 361: it is regulated as a drug, device and/or biological product under the FD&C Act and PHS Act "
            "351, with Part 1271 donor eligibility and current good tissue practice still applying.",
            tuple(
                dict.fromkeys(
                    q for s in run.outcome.trace if s.rule in {c.rule for c in failed} for q in s.answers
                )
            ),
        )
        if all(c.confidence == "R" for c in failed):
            run.flag(
                "The 351 conclusion rests only on a derivation the domain notes mark unverified [R]; answer the US "
                "minimal-manipulation question or ask the Tissue Reference Group to confirm."
            )
        _combination_or_cber(
            run,
            answers,
            combined,
            base_status="351_biologic",
            constituent="HCT/P",
            what="Cell and tissue products regulated under section 351",
        )
        if run.outcome.status == "351_biologic":
            _ind_bla(run, hctp=True)
        if JUR_2.in_force(run.as_of):
            run.step(
                JUR_2,
                "On this date FDA's enforcement-discretion policy was running: for certain HCT/Ps that should be 351 "
                "products but raised no reported safety concern, FDA said it would generally not enforce the IND and "
                "BLA requirements until 31 May 2021. It did not change the classification, and it has since ended.",
            )
        return ssp
    if open_:
        _ask_fda(run, "open 361 criteria: " + _words([c.label for c in open_]))
        return ssp
    run.outcome.status = "361_hctp"
    run.outcome.lead_center = None
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
        "Register the establishment and list the HCT/P with FDA electronically within 5 days of starting operations, and update the registration every December (21 CFR 1271 subpart B)."
    )
    run.next(
        "Apply donor-eligibility screening and testing (subpart C) and current good tissue practice (subpart D); for nonreproductive HCT/Ps also labelling, adverse-reaction and deviation reporting (subpart E) and inspection (subpart F)."
    )
    run.next(
        "Keep labelling and promotion within homologous use: claims for other uses make the product a 351 biologic needing an IND and BLA."
    )
    run.next(
        "If in doubt, ask the Tissue Reference Group for an informal recommendation, or file a Request for Designation for a binding one."
    )
    return ssp


def us_classification(answers: Answers, *, as_of: date) -> USOutcome:
    """US status of the product described by ``answers`` under the rules in force on ``as_of``."""
    run = _Run(as_of)
    outcome = run.outcome
    if as_of < REGIME_COMPLETE_FROM:
        run.step(
            DEF_1,
            "The engine encodes the US HCT/P regime as complete from 25 May 2005 (donor eligibility, current good "
            "tissue practice and the current wording of 21 CFR 1271.10(a)); it does not classify under earlier rules.",
        )
        run.next(
            "Re-run the assessment for a date on or after 25 May 2005, or seek advice on the rules in force on that date."
        )
        return outcome
    cells = _val(answers, "contains_cells_or_tissues")
    if cells is False:
        _non_cellular(run, answers)
        return outcome
    if cells is None:
        run.miss("contains_cells_or_tissues")
        run.step(
            DEF_1,
            "Whether the product contains human cells or tissues is not answered, so it cannot be said whether it is an "
            "HCT/P under 21 CFR 1271.3(d).",
            ("contains_cells_or_tissues",),
        )
        _ask_fda(run, "whether the product contains cells or tissues")
        return outcome
    if answers.get("cell_origin") == "xenogeneic":
        _xenogeneic(run, answers)
        return outcome
    finding = (
        "The product contains or consists of human cells or tissues and, as a therapy, is meant to be implanted, "
        "transplanted, infused or transferred into a patient: it is an HCT/P unless one of the excluded classes of "
        "21 CFR 1271.3(d) applies."
    )
    if answers.get("medicinal_purpose") is False:
        finding += (
            " A medicinal purpose is not needed: the definition also covers structural and cosmetic uses."
        )
    run.step(DEF_1, finding, ("contains_cells_or_tissues", "cell_origin"))
    if _exclusion(run, answers):
        return outcome
    exclusion_open = _val(answers, "us_excluded_article") is None
    if exclusion_open:
        run.miss("us_excluded_article")
    ssp_open = _hctp(run, answers) == "unknown"
    if exclusion_open and not ssp_open and _exclusion_moot(run, answers):
        exclusion_open = False
    if (exclusion_open or ssp_open) and outcome.status != "undetermined":
        provisional = outcome.status
        outcome.status = "undetermined"
        outcome.lead_center = None
        outcome.next_steps.clear()
        reasons = []
        if exclusion_open:
            reasons.append(
                "whether the product is in a class excluded from the HCT/P definition (us_excluded_article)"
            )
        if ssp_open:
            reasons.append("whether the same surgical procedure exception applies")
        run.note(
            f"Provisional outcome if the open points go the usual way: {provisional}. Still open: "
            + "; ".join(reasons)
            + "."
        )
        _ask_fda(run, "; ".join(reasons), provisional)
    return outcome
