"""EU classification of advanced therapy medicinal products (domain notes, section A).

Order of evaluation (EU-CLS-0): medicinal product (EU-CLS-1) → gene therapy (EU-CLS-2, 2a–2e)
→ cells or tissues (EU-CLS-3) → engineered: substantial manipulation or non-homologous use
(EU-CLS-4, 4a–4d) → sCTMP or TEP by purpose (EU-CLS-5) → the precedence rules of
Art 2(2)–(5) of Regulation (EC) No 1394/2007, each a rule of its own (EU-CLS-6.1–6.4) →
combined ATMP (EU-CLS-7) → what applies instead when it is not an ATMP (EU-CLS-8, EU-CLS-9)
→ the CAT classification procedure whenever the outcome is uncertain (EU-CLS-11).

Answers are three-valued: ``True``/``False`` or *open* (unknown or not answered). An open
answer that could change the outcome never becomes a guess: it makes the outcome
``undetermined`` or ``borderline`` and is listed in ``missing``. A conclusion that rests on a
fact the notes tag [R] is flagged borderline too. The pharmaceutical package (EU-CLS-12) is
never applied, only noted. Pure Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .core import Answers, Citation, RuleBook, Step
from .outcomes import EUOutcome, Framework

REG_1394 = "Regulation (EC) No 1394/2007"
REG_1394_URL = "http://data.europa.eu/eli/reg/2007/1394/oj"
DIR_2001_83 = "Directive 2001/83/EC"
DIR_2001_83_URL = "http://data.europa.eu/eli/dir/2001/83/oj"
PART_IV = "Annex I Part IV, as replaced by Directive 2009/120/EC"
PART_IV_URL = "https://eur-lex.europa.eu/eli/dir/2009/120/oj"
SOHO_START = date(2027, 8, 7)
ATMP_REGULATION_APPLIES = date(2008, 12, 30)

EU_RULES = RuleBook("EU")
R = EU_RULES.rule

CLS_1 = R(
    "EU-CLS-1",
    "Only medicinal products can be ATMPs",
    Citation(DIR_2001_83, "Art 1(2); Reg (EC) No 1394/2007 Art 2(1)(a)", DIR_2001_83_URL),
    "V",
)
CLS_2 = R(
    "EU-CLS-2",
    "Gene therapy medicinal product (GTMP)",
    Citation(DIR_2001_83, f"{PART_IV}, point 2.1", PART_IV_URL),
    "S",
)
CLS_2A = R(
    "EU-CLS-2a",
    "Recombinant versus chemically synthesised nucleic acids",
    Citation(DIR_2001_83, f"{PART_IV}, point 2.1 (recombinant, biological)", PART_IV_URL),
    "S",
)
CLS_2B = R(
    "EU-CLS-2b",
    "Genome editing",
    Citation(DIR_2001_83, f"{PART_IV}, point 2.1; CAT practice (Casgevy)", PART_IV_URL),
    "S",
)
CLS_2D = R(
    "EU-CLS-2d",
    "Vaccines against infectious diseases are not GTMPs",
    Citation(DIR_2001_83, f"{PART_IV}, point 2.1, last subparagraph", PART_IV_URL),
    "V",
)
CLS_2E = R(
    "EU-CLS-2e",
    "Genetically modified cells: the transgene must mediate the effect",
    Citation(DIR_2001_83, f"{PART_IV}, point 2.1(b); EMA, Zalmoxis", PART_IV_URL),
    "V",
)
CLS_3 = R(
    "EU-CLS-3",
    "Cells or tissues: nucleated, viable, or non-viable acting by PIM means",
    Citation(REG_1394, "Art 2(1)(b), last subparagraph; Art 2(1)(c)", REG_1394_URL),
    "V",
)
CLS_4 = R(
    "EU-CLS-4",
    "Engineered cells or tissues: substantial manipulation or non-homologous use",
    Citation(REG_1394, "Art 2(1)(c); Directive 2001/83/EC Annex I Part IV point 2.2(a)", REG_1394_URL),
    "V",
)
CLS_4A = R(
    "EU-CLS-4a",
    "Annex I manipulations are not substantial",
    Citation(REG_1394, "Annex I (first indent of Art 2(1)(c))", REG_1394_URL),
    "V",
)
CLS_4B = R(
    "EU-CLS-4b",
    "Expansion, genetic modification, activation and differentiation are substantial",
    Citation(
        "EMA/CAT/600280/2010 Rev.1",
        "Reflection paper on classification of ATMPs, section 2.2.3",
        "https://www.ema.europa.eu/en/classification-advanced-therapy-medicinal-products-scientific-guideline",
    ),
    "S",
)
CLS_4C = R(
    "EU-CLS-4c",
    "Steps outside Annex I (enzymatic digestion, decellularisation, other) need judgement",
    Citation(
        "EMA/CAT/600280/2010 Rev.1",
        "Reflection paper, section 2.2.3; Reg (EC) No 1394/2007 Art 2(1)(c)",
        "https://www.ema.europa.eu/en/classification-advanced-therapy-medicinal-products-scientific-guideline",
    ),
    "S",
)
CLS_4D = R(
    "EU-CLS-4d",
    "Same essential function (homologous use)",
    Citation(REG_1394, "Art 2(1)(c), second indent", REG_1394_URL),
    "V",
)
CLS_5 = R(
    "EU-CLS-5",
    "Somatic cell therapy or tissue-engineered product, by purpose",
    Citation(REG_1394, "Art 2(1)(b); Directive 2001/83/EC Annex I Part IV point 2.2", REG_1394_URL),
    "V",
)
CLS_6_1 = R(
    "EU-CLS-6.1",
    "Viable cells: their action is the principal mode of action",
    Citation(REG_1394, "Art 2(2)", REG_1394_URL),
    "V",
)
CLS_6_2 = R(
    "EU-CLS-6.2",
    "Autologous and allogeneic cells together: allogeneic use",
    Citation(REG_1394, "Art 2(3)", REG_1394_URL),
    "V",
)
CLS_6_3 = R(
    "EU-CLS-6.3",
    "A product that is both sCTMP and TEP is a TEP",
    Citation(REG_1394, "Art 2(4)", REG_1394_URL),
    "V",
)
CLS_6_4 = R(
    "EU-CLS-6.4",
    "A product that is GTMP and sCTMP or TEP is a GTMP",
    Citation(REG_1394, "Art 2(5)", REG_1394_URL),
    "V",
)
CLS_7 = R(
    "EU-CLS-7",
    "Combined ATMP: a medical device as an integral part",
    Citation(REG_1394, "Art 2(1)(d); Regulation (EU) 2017/745 Art 122", REG_1394_URL),
    "V",
)
CLS_8 = R(
    "EU-CLS-8",
    "Not engineered: tissues and cells legislation (Directive 2004/23/EC)",
    Citation(
        "Directive 2004/23/EC",
        "Art 2; Reg (EC) No 1394/2007 Art 3 and recital 14",
        "http://data.europa.eu/eli/dir/2004/23/oj",
    ),
    "V",
    in_force_until=SOHO_START,
)
CLS_8_SOHO = R(
    "EU-CLS-8.SoHO",
    "Not engineered: Substances of Human Origin Regulation",
    Citation(
        "Regulation (EU) 2024/1938",
        "Art 2 and Art 87(1) (applies from 7 August 2027)",
        "http://data.europa.eu/eli/reg/2024/1938/oj",
    ),
    "V",
    in_force_from=SOHO_START,
)
CLS_9 = R(
    "EU-CLS-9",
    "Borderline with medical devices",
    Citation(
        "Regulation (EU) 2017/745", "Art 1(6)(g) and Art 1(10)", "http://data.europa.eu/eli/reg/2017/745/oj"
    ),
    "V",
)
CLS_11 = R(
    "EU-CLS-11",
    "CAT scientific recommendation on classification",
    Citation(
        REG_1394,
        "Art 17; EMA/CAT/99623/2009 Rev.2",
        "https://www.ema.europa.eu/en/human-regulatory-overview/marketing-authorisation/"
        "advanced-therapies-marketing-authorisation/advanced-therapy-classification",
    ),
    "V",
)
CLS_NO_ATMP_LAW = R(
    "EU-CLS-1.date",
    "The ATMP Regulation applies from 30 December 2008",
    Citation(REG_1394, "Art 30", REG_1394_URL),
    "V",
)

CAT_NEXT_STEP = (
    "Ask the CAT for a scientific recommendation on classification (Art 17 of Regulation (EC) "
    "No 1394/2007): optional and free of charge, answered within 60 days of a valid request "
    "(atmpclassification@ema.europa.eu)."
)
PHARMA_PACKAGE_NOTE = (
    "EU-CLS-12: the pharmaceutical package (politically agreed on 11 December 2025, not yet adopted) "
    "would widen the GTMP definition to genome editing and nucleic acids of any source. It is not "
    "applied here; watch for its publication in the Official Journal."
)

SUBSTANTIAL_STEPS = ("expansion", "genetic_modification", "activation", "differentiation")
JUDGEMENT_STEPS = ("enzymatic_digestion", "decellularisation", "other")
STEP_LABELS = {
    "expansion": "expansion in culture",
    "genetic_modification": "genetic modification",
    "activation": "activation",
    "differentiation": "differentiation",
    "enzymatic_digestion": "enzymatic digestion",
    "decellularisation": "decellularisation",
    "other": "another step outside Annex I",
}
FRAMEWORKS = {
    "biological_medicinal_product": Framework(
        "Directive 2001/83/EC (biological medicinal product; centralised procedure where Reg (EC) No 726/2004 "
        "makes it mandatory)",
        Citation(DIR_2001_83, "Art 1(2) and Annex I Part I", DIR_2001_83_URL),
    ),
    "chemical_medicinal_product": Framework(
        "Directive 2001/83/EC (chemical medicinal product)",
        Citation(DIR_2001_83, "Art 1(2)", DIR_2001_83_URL),
    ),
    "vaccine": Framework(
        "Directive 2001/83/EC (vaccine, a biological medicinal product; not an ATMP)",
        Citation(DIR_2001_83, f"{PART_IV}, point 2.1, last subparagraph", PART_IV_URL),
    ),
    "medical_device": Framework("Regulation (EU) 2017/745 on medical devices (MDR)", CLS_9.citation),
    "not_a_medicinal_product": Framework(
        "Outside the medicinal-product framework (check cosmetics, devices or other law)",
        Citation(DIR_2001_83, "Art 1(2)", DIR_2001_83_URL),
    ),
}


def _open(value) -> bool:
    return value is None or value == "unknown"


@dataclass
class _Run:
    """The state of one evaluation: the trace so far and what is still open."""

    answers: Answers
    as_of: date
    trace: list[Step] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    borderline: bool = False

    def step(self, rule, finding: str, *qids: str) -> None:
        self.trace.append(rule.step(finding, qids))

    def open(self, *qids: str) -> None:
        self.missing.extend(q for q in qids if q not in self.missing)


# --- EU-CLS-2: gene therapy ---------------------------------------------------------------------


def _gene_therapy(run: _Run) -> tuple[bool | None, str | None]:
    """Whether the product meets the GTMP definition (None: cannot tell), and the not-ATMP route
    its nucleic acid points to when it does not."""
    a = run.answers
    nucleic_acid = a.get("nucleic_acid")
    editing = a.get("genome_editing")
    if editing is True:
        if nucleic_acid == "recombinant":
            run.step(
                CLS_2B,
                "The product edits the genome with recombinant components: the CAT and the EU "
                "authorisation of Casgevy treat genome-edited products as gene therapy.",
                "genome_editing",
                "nucleic_acid",
            )
            return True, None
        run.borderline = True
        run.open("nucleic_acid")
        run.notes.append(PHARMA_PACKAGE_NOTE)
        run.step(
            CLS_2B,
            "The product edits the genome but its editing tools are not (or not known to be) a "
            "recombinant nucleic acid, e.g. a synthetic guide RNA with a nuclease protein. The CAT has "
            "classified in-body editing as gene therapy, but the current definition turns on 'recombinant': "
            "provisionally a GTMP, to be confirmed by the CAT.",
            "genome_editing",
            "nucleic_acid",
        )
        return True, None
    if nucleic_acid == "none":
        run.step(
            CLS_2,
            "The active substance contains no nucleic acid: the product is not a gene therapy "
            "medicinal product.",
            "nucleic_acid",
        )
        return False, None
    if nucleic_acid == "chemically_synthesised":
        run.notes.append(PHARMA_PACKAGE_NOTE)
        run.step(
            CLS_2A,
            "The nucleic acid is chemically synthesised (antisense oligonucleotide, siRNA, aptamer): "
            "it is neither recombinant nor biological, so the product is not a GTMP under current law.",
            "nucleic_acid",
        )
        return False, "chemical_medicinal_product"
    if _open(nucleic_acid):
        run.open("nucleic_acid")
        if editing != False:  # noqa: E712 - three-valued: open counts as not excluded
            run.open("genome_editing")
        run.step(
            CLS_2,
            "Whether the product contains a recombinant nucleic acid is not known, so the "
            "gene-therapy test cannot be completed.",
            "nucleic_acid",
        )
        return None, None
    # recombinant: the vaccine exclusion, then the three limbs of point 2.1
    vaccine = a.get("infectious_disease_vaccine")
    if vaccine is True:
        run.step(
            CLS_2D,
            "The product is a vaccine against an infectious disease: vaccines are excluded from "
            "the gene-therapy definition even when built on a recombinant vector or mRNA.",
            "infectious_disease_vaccine",
        )
        return False, "vaccine"
    acts = a.get("nucleic_acid_acts_on_genetic_sequence")
    role = a.get("transgene_role")
    if acts is False:
        run.step(
            CLS_2,
            "The recombinant nucleic acid does not regulate, repair, replace, add or delete a "
            "genetic sequence: the second limb of the GTMP definition is not met.",
            "nucleic_acid_acts_on_genetic_sequence",
        )
        return False, "biological_medicinal_product"
    if role == "safety_switch_or_marker_only":
        run.step(
            CLS_2E,
            "The recombinant sequence serves only as a safety switch or marker; the effect comes "
            "from the cells themselves, so the effect does not relate directly to the sequence and the "
            "product is not a GTMP (as for Zalmoxis, authorised as a somatic cell therapy).",
            "transgene_role",
        )
        return False, "biological_medicinal_product"
    open_limbs = [
        q
        for q, v in (
            ("infectious_disease_vaccine", vaccine),
            ("nucleic_acid_acts_on_genetic_sequence", acts),
            ("transgene_role", role),
        )
        if _open(v)
    ]
    if open_limbs:
        run.open(*open_limbs)
        run.step(
            CLS_2,
            "The product contains a recombinant nucleic acid, but not every limb of the GTMP "
            "definition is answered (effect on a genetic sequence, effect relating to the sequence, "
            "not an infectious-disease vaccine).",
            "nucleic_acid",
            *open_limbs,
        )
        return None, None
    run.step(
        CLS_2,
        "The active substance contains a recombinant nucleic acid that regulates, repairs, replaces, "
        "adds or deletes a genetic sequence, its effect relates directly to that sequence or its expression "
        "product, and it is not a vaccine against an infectious disease: it meets the GTMP definition "
        "(in vitro transcribed mRNA and plasmids count as recombinant).",
        "nucleic_acid",
        "nucleic_acid_acts_on_genetic_sequence",
        "transgene_role",
        "infectious_disease_vaccine",
    )
    return True, None


# --- EU-CLS-3: cells or tissues -----------------------------------------------------------------


def _cells(run: _Run) -> tuple[bool | None, str | None]:
    """Whether the product has cells or tissues that can make it an sCTMP or TEP, and the
    route when they cannot."""
    a = run.answers
    present = a.get("contains_cells_or_tissues")
    if present is False:
        run.step(
            CLS_3,
            "The product contains no cells or tissues (cell-free derivatives such as extracellular "
            "vesicles, secretome or lysates count as cell-free): it cannot be a somatic cell therapy or a "
            "tissue-engineered product.",
            "contains_cells_or_tissues",
        )
        return False, "biological_medicinal_product"
    if _open(present):
        run.open("contains_cells_or_tissues")
        run.step(
            CLS_3, "Whether the product contains cells or tissues is not known.", "contains_cells_or_tissues"
        )
        return None, None
    nucleated = a.get("cells_nucleated")
    if nucleated is False:
        run.step(
            CLS_3,
            "The cells are not nucleated (for example platelets or red blood cells): the CAT does not "
            "regard them as cells for the ATMP definitions.",
            "cells_nucleated",
        )
        return False, "biological_medicinal_product"
    viable = a.get("cells_viable")
    pim = a.get("non_viable_cells_act_pim")
    if viable == "non_viable" and pim is False:
        run.step(
            CLS_3,
            "The cells or tissues are non-viable and do not act principally by pharmacological, "
            "immunological or metabolic means: such products are excluded from the TEP definition and "
            "cannot be somatic cell therapies.",
            "cells_viable",
            "non_viable_cells_act_pim",
        )
        route = "medical_device" if a.get("integral_medical_device") is True else "tissues_and_cells"
        return False, route
    open_now = [q for q, v in (("cells_nucleated", nucleated), ("cells_viable", viable)) if _open(v)]
    if viable == "non_viable" and _open(pim):
        open_now.append("non_viable_cells_act_pim")
    if open_now:
        run.open(*open_now)
        run.step(
            CLS_3,
            "The product contains cells or tissues, but whether they count as cells for the ATMP "
            "definitions (nucleated; viable, or non-viable acting by pharmacological, immunological or "
            "metabolic means) is not fully answered.",
            "contains_cells_or_tissues",
            *open_now,
        )
        return None, None
    if viable == "non_viable":
        run.borderline = True
        run.step(
            CLS_3,
            "The cells are non-viable but act principally by pharmacological, immunological or "
            "metabolic means: they are not excluded, but which category applies is decided case by case "
            "(a fact the domain notes mark unverified), so the CAT should confirm.",
            "cells_viable",
            "non_viable_cells_act_pim",
        )
    else:
        run.step(
            CLS_3,
            "The product contains viable, nucleated cells or tissues.",
            "contains_cells_or_tissues",
            "cells_nucleated",
            "cells_viable",
        )
    return True, None


# --- EU-CLS-4: engineered -----------------------------------------------------------------------


def _substantial(run: _Run) -> bool | None:
    a = run.answers
    steps = a.get("manipulations")
    if not isinstance(steps, list):
        run.open("manipulations")
        run.step(
            CLS_4,
            "The processing steps applied to the cells or tissues are not known, so substantial "
            "manipulation cannot be assessed.",
            "manipulations",
        )
        return None
    substantial = [s for s in SUBSTANTIAL_STEPS if s in steps]
    if substantial:
        names = ", ".join(STEP_LABELS[s] for s in substantial)
        run.step(
            CLS_4B,
            f"The cells undergo {names}: the CAT treats this as substantial manipulation, which "
            "alters biological characteristics relevant to the intended use.",
            "manipulations",
        )
        return True
    judged = [s for s in JUDGEMENT_STEPS if s in steps]
    if judged:
        names = ", ".join(STEP_LABELS[s] for s in judged)
        verdict = a.get("other_manipulation_alters_characteristics")
        if verdict is True:
            run.step(
                CLS_4C,
                f"The cells undergo {names}, a step outside Annex I that, as answered, obtains or "
                "alters biological characteristics, physiological functions or structural properties "
                "relevant to the intended use: substantial manipulation (in CAT practice, dissociating a "
                "tissue into single cells is substantial).",
                "manipulations",
                "other_manipulation_alters_characteristics",
            )
            if judged == ["enzymatic_digestion"]:
                run.borderline = True
                run.notes.append(
                    "Enzymatic digestion is the only candidate substantial step: EMA/CAT practice "
                    "treats dissociation into single cells as substantial, but the CAT should confirm."
                )
            return True
        if verdict is False:
            run.step(
                CLS_4C,
                f"The cells undergo {names}, a step outside Annex I that, as answered, does not alter "
                "the characteristics relevant to the intended use (for example isolating intact functional "
                "units such as islets): not a substantial manipulation.",
                "manipulations",
                "other_manipulation_alters_characteristics",
            )
            return False
        run.open("other_manipulation_alters_characteristics")
        run.borderline = True
        run.step(
            CLS_4C,
            f"The cells undergo {names}, a step outside Annex I whose effect on the characteristics "
            "relevant to the intended use is not known: substantial manipulation cannot be decided without "
            "that judgement, and the CAT should be asked.",
            "manipulations",
            "other_manipulation_alters_characteristics",
        )
        return None
    listed = ", ".join(s.replace("_", " ") for s in steps) or "none"
    run.step(
        CLS_4A,
        f"The processing steps ({listed}) are all manipulations that Annex I lists as not "
        "substantial (or no processing at all).",
        "manipulations",
    )
    return False


def _homologous(run: _Run) -> bool | None:
    same = run.answers.get("same_essential_function")
    if same is True:
        run.step(
            CLS_4D,
            "The cells or tissues are used for the same essential function in the recipient as in "
            "the donor (homologous use).",
            "same_essential_function",
        )
        return True
    if same is False:
        run.step(
            CLS_4D,
            "The cells or tissues are not used for the same essential function in the recipient as "
            "in the donor (for example bone-marrow cells for cardiac repair): non-homologous use makes them "
            "engineered even without substantial manipulation.",
            "same_essential_function",
        )
        return False
    run.open("same_essential_function")
    run.step(
        CLS_4D,
        "Whether the cells are used for the same essential function in the recipient as in the donor "
        "is not known.",
        "same_essential_function",
    )
    return None


def _engineered(run: _Run) -> bool | None:
    substantial = _substantial(run)
    homologous = _homologous(run)
    if substantial is True or homologous is False:
        limbs = [
            name
            for name, holds in (
                ("substantially manipulated", substantial is True),
                ("used for a different essential function", homologous is False),
            )
            if holds
        ]
        run.step(
            CLS_4,
            f"The cells or tissues are engineered: {' and '.join(limbs)}.",
            "manipulations",
            "same_essential_function",
        )
        return True
    if substantial is False and homologous is True:
        run.step(
            CLS_4,
            "The cells or tissues are neither substantially manipulated nor used for a different "
            "essential function: they are not engineered.",
            "manipulations",
            "same_essential_function",
        )
        return False
    return None


# --- EU-CLS-5 and the precedence rules of Art 2(2)–(5) -------------------------------------------


def _purpose(run: _Run) -> str | None:
    purpose = run.answers.get("intended_purpose")
    if purpose == "regenerate_repair_replace":
        run.step(
            CLS_5,
            "The engineered cells or tissues are presented for regenerating, repairing or replacing a "
            "human tissue: a tissue-engineered product.",
            "intended_purpose",
        )
        return "TEP"
    if purpose == "pharmacological_immunological_metabolic":
        run.step(
            CLS_5,
            "The engineered cells are presented to treat, prevent or diagnose a disease through the "
            "pharmacological, immunological or metabolic action of the cells: a somatic cell therapy "
            "medicinal product.",
            "intended_purpose",
        )
        return "sCTMP"
    run.open("intended_purpose")
    run.step(
        CLS_5,
        "The main claimed purpose of the cells (repair or replace a tissue, or act by pharmacological, "
        "immunological or metabolic means) is not known, so sCTMP and TEP cannot be told apart.",
        "intended_purpose",
    )
    return None


def precedence_viable_cells(run: _Run) -> None:
    """Art 2(2): viable cells' action is deemed principal."""
    if run.answers.get("cells_viable") == "viable":
        run.step(
            CLS_6_1,
            "The product contains viable cells: their pharmacological, immunological or metabolic "
            "action is deemed the principal mode of action, so a device part never makes it a device.",
            "cells_viable",
        )


def precedence_allogeneic(run: _Run) -> None:
    """Art 2(3): autologous and allogeneic together count as allogeneic."""
    if run.answers.get("cell_origin") == "autologous_and_allogeneic":
        run.step(
            CLS_6_2,
            "The product contains both autologous and allogeneic cells: it is considered to be for "
            "allogeneic use.",
            "cell_origin",
        )


def precedence_tep_over_sctmp(run: _Run, category: str) -> str:
    """Art 2(4): a product that may fall within both sCTMP and TEP is a TEP."""
    if category == "TEP" and run.answers.get("cells_viable") == "viable":
        run.step(
            CLS_6_3,
            "The viable cells may also act by pharmacological, immunological or metabolic means, "
            "but a product that may fall within both the sCTMP and the TEP definitions is a TEP.",
            "intended_purpose",
            "cells_viable",
        )
    return category


def precedence_gtmp(run: _Run, cell_category: str | None) -> str:
    """Art 2(5): GTMP wins over sCTMP and TEP."""
    if cell_category in {"sCTMP", "TEP"}:
        run.step(
            CLS_6_4,
            f"The product meets both the GTMP and the {cell_category} definitions: it is a gene "
            "therapy medicinal product.",
            "nucleic_acid",
            "intended_purpose",
        )
    return "GTMP"


# --- EU-CLS-7, 8, 9 ------------------------------------------------------------------------------


def _combined(run: _Run) -> tuple[bool, bool]:
    """(combined ATMP, device takes over) for an ATMP with cells."""
    a = run.answers
    device = a.get("integral_medical_device")
    if device is False:
        return False, False
    if _open(device):
        if a.get("contains_cells_or_tissues") is True:
            run.open("integral_medical_device")
            run.borderline = True
            run.step(
                CLS_7,
                "Whether a medical device is an integral part of the product is not known, so whether "
                "it is a combined ATMP is open.",
                "integral_medical_device",
            )
        return False, False
    if a.get("cells_viable") == "viable":
        run.step(
            CLS_7,
            "A medical device (for example a scaffold or membrane) is an integral part and the product "
            "contains viable cells: a combined ATMP. The device part must meet the MDR general safety and "
            "performance requirements (Art 6 and 9).",
            "integral_medical_device",
            "cells_viable",
        )
        return True, False
    primary = a.get("non_viable_action_primary_to_device")
    if primary is True:
        run.step(
            CLS_7,
            "A medical device is an integral part and the non-viable cells or tissues act on the body "
            "with an action primary to that of the device: a combined ATMP.",
            "integral_medical_device",
            "non_viable_action_primary_to_device",
        )
        return True, False
    if primary is False:
        run.step(
            CLS_9,
            "The non-viable cells or tissues only support the device, whose action is primary: the "
            "product is regulated as a medical device (MDR Art 1(10)), not an ATMP.",
            "integral_medical_device",
            "non_viable_action_primary_to_device",
        )
        return False, True
    run.open("non_viable_action_primary_to_device")
    run.borderline = True
    run.step(
        CLS_7,
        "A medical device is an integral part, the cells are non-viable, and whether their action is "
        "primary to the device is not known: combined ATMP or medical device is open.",
        "integral_medical_device",
        "non_viable_action_primary_to_device",
    )
    return False, False


def _tissues_framework(run: _Run) -> Framework:
    rule = CLS_8 if CLS_8.in_force(run.as_of) else CLS_8_SOHO
    if rule is CLS_8:
        finding = (
            "Human cells or tissues that are not engineered are not an ATMP: they are regulated as tissues "
            "and cells under Directive 2004/23/EC (until the SoHO Regulation applies on 7 August 2027)."
        )
        name = "Directive 2004/23/EC on human tissues and cells (national law)"
    else:
        finding = (
            "Human cells or tissues that are not engineered are not an ATMP: they are substances of human "
            "origin under Regulation (EU) 2024/1938, which applies from 7 August 2027."
        )
        name = "Regulation (EU) 2024/1938 on substances of human origin (SoHO)"
    run.step(rule, finding, "manipulations", "same_essential_function")
    return Framework(name, rule.citation)


def _not_atmp(run: _Run, route: str) -> EUOutcome:
    if route == "tissues_and_cells":
        framework = _tissues_framework(run)
    else:
        framework = FRAMEWORKS[route]
        if route == "medical_device" and not any(s.rule is CLS_9 for s in run.trace):
            run.step(
                CLS_9,
                "Non-viable human tissue or cells that do not act by pharmacological, immunological or "
                "metabolic means, as part of a device: the product is regulated under the MDR "
                "(Art 1(6)(g) and 1(10)).",
                "cells_viable",
                "integral_medical_device",
            )
    return _finish(run, EUOutcome(category="not_ATMP", not_atmp_route=route, framework=framework))


def _cosmetics_borderline(outcome: EUOutcome) -> None:
    """EU-CLS-10: human cells without a medical claim, if they are applied to people (aesthetic uses)."""
    outcome.notes.append(
        "EU-CLS-10 (borderline with cosmetics): if the cells or tissues are applied to people, for example for "
        "an aesthetic purpose, the missing medical claim does not settle it. A product that restores, corrects "
        "or modifies physiological functions by pharmacological, immunological or metabolic action is a "
        "medicinal product by function (Directive 2001/83/EC, Art 1(2)(b)), and the CAT has classified "
        "expanded autologous cells for an aesthetic indication as an ATMP (2016). It cannot be a cosmetic "
        "either: Regulation (EC) No 1223/2009, Annex II, prohibits cells, tissues or products of human origin "
        "(the entry is unverified in the domain notes [R])."
    )
    outcome.next_steps.append(
        "If the product is applied to people, " + CAT_NEXT_STEP[0].lower() + CAT_NEXT_STEP[1:]
    )


def _finish(run: _Run, outcome: EUOutcome) -> EUOutcome:
    if outcome.category == "undetermined" or run.borderline:
        outcome.borderline = True
        what = ", ".join(run.missing) if run.missing else "the points flagged above"
        run.step(
            CLS_11,
            f"The classification cannot be settled with certainty ({what}). Only the CAT can give "
            "a classification recommendation; it is free and answered within 60 days.",
            *run.missing,
        )
        outcome.next_steps.append(CAT_NEXT_STEP)
    if outcome.category in {"GTMP", "sCTMP", "TEP"}:
        outcome.next_steps.append(
            "As an ATMP it needs a centralised marketing authorisation (Regulation (EC) No 726/2004, Art 3(1) and "
            "Annex point 1a), assessed by the CAT and adopted by the CHMP."
        )
    outcome.missing = list(run.missing)
    outcome.trace = run.trace
    outcome.notes = list(dict.fromkeys(run.notes))
    return outcome


def eu_classification(answers: Answers, *, as_of: date) -> EUOutcome:
    run = _Run(answers, as_of)
    if as_of < ATMP_REGULATION_APPLIES:
        run.step(
            CLS_NO_ATMP_LAW,
            "On this date the ATMP Regulation did not yet apply (it applies from "
            "30 December 2008), so no ATMP category can be given.",
        )
        return _finish(run, EUOutcome(category="undetermined"))

    medicinal = answers.get("medicinal_purpose")
    if medicinal is False:
        run.step(
            CLS_1,
            "The product is not intended to treat, prevent or diagnose a disease or to restore, "
            "correct or modify physiological functions: it is not a medicinal product and so not an ATMP.",
            "medicinal_purpose",
        )
        outcome = _not_atmp(run, "not_a_medicinal_product")
        if answers.get("contains_cells_or_tissues") is True and answers.get("cell_origin") != "xenogeneic":
            _cosmetics_borderline(outcome)
        return outcome
    if medicinal is True:
        run.step(
            CLS_1,
            "The product is intended to treat, prevent or diagnose disease, or to restore, correct or "
            "modify physiological functions: it is a medicinal product.",
            "medicinal_purpose",
        )
    else:
        run.open("medicinal_purpose")
        run.step(
            CLS_1,
            "Whether the product is a medicinal product is not known; the tests below are provisional.",
            "medicinal_purpose",
        )

    gtmp, nucleic_route = _gene_therapy(run)
    cells, cell_route = _cells(run)
    cell_category: str | None = None
    engineered: bool | None = None
    if cells:
        engineered = _engineered(run)
        if engineered:
            cell_category = _purpose(run)
            if cell_category:
                cell_category = precedence_tep_over_sctmp(run, cell_category)

    if gtmp is True:
        category = precedence_gtmp(run, cell_category)
    elif cell_category is not None and gtmp is False:
        category = cell_category
    elif gtmp is False and (cells is False or engineered is False):
        route = nucleic_route if nucleic_route in {"vaccine", "chemical_medicinal_product"} else None
        if route is None and cells is False:
            route = cell_route
        if route is None and engineered is False:
            route = "tissues_and_cells"
        if route == "biological_medicinal_product" and answers.get("nucleic_acid") == "none":
            run.borderline = run.borderline or answers.get("contains_cells_or_tissues") is False
            if answers.get("contains_cells_or_tissues") is False:
                run.notes.append(
                    "Cell-free derivatives (extracellular vesicles, secretome, lysates) are generally "
                    "biological medicinal products; the domain notes mark this inference unverified."
                )
        if medicinal is not True:
            return _finish(run, EUOutcome(category="undetermined"))
        return _not_atmp(run, route or "biological_medicinal_product")
    else:
        return _finish(run, EUOutcome(category="undetermined"))

    if medicinal is not True:
        return _finish(run, EUOutcome(category="undetermined"))
    precedence_viable_cells(run)
    precedence_allogeneic(run)
    combined, device_takes_over = _combined(run) if cells else (False, False)
    if device_takes_over:
        return _not_atmp(run, "medical_device")
    return _finish(run, EUOutcome(category=category, combined_atmp=combined))
