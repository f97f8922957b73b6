"""EU classification of advanced therapy medicinal products (domain notes, section A).

Order of evaluation (EU-CLS-0): medicinal product (EU-CLS-1) → gene therapy (EU-CLS-2, 2a–2e)
→ cells or tissues (EU-CLS-3) → engineered: substantial manipulation or non-homologous use
(EU-CLS-4, 4a–4d) → sCTMP or TEP by purpose (EU-CLS-5) → the precedence rules of
Art 2(2)–(5) of Regulation (EC) No 1394/2007, each a rule of its own (EU-CLS-6.1–6.4) →
combined ATMP (EU-CLS-7) → what applies instead when it is not an ATMP, and to the human
cells an ATMP is made from (the EU-CLS-8 family: tissues and cells law, then the SoHO
Regulation; EU-CLS-9 devices; EU-CLS-10 cosmetics) → the CAT classification procedure (EU-CLS-11)
and, for a SoHO/medicine borderline, the SoHO regulatory-status consultation (EU-CLS-8.SoHO-13).

This engine is *strict*: an answer is given, or open (unknown or not answered). Every open
answer the rules need is recorded with ``run.open`` in the order met, and no open answer is
ever read as a particular value; where one could change the category, the category is
``undetermined``. The decisive-reasoning layer (``resolve.py``) then explores the open answers.
A conclusion that rests on a fact the notes tag [R] is flagged borderline. The pharmaceutical
package (EU-CLS-12) is never applied, only described with the date it was checked.

The rules are data (``registers/eu.yaml``), dates are parameters (``parameters_data/eu.yaml``),
procedures are defined once (``procedures.yaml``). Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from .core import Answers, Citation, Run, load_register
from .outcomes import EUOutcome, Framework
from .parameters import param, parameter
from .procedures import procedure
from .questions import questions_in_words

EU_RULES = load_register("eu")

CLS_1 = EU_RULES["EU-CLS-1"]
CLS_1_DATE = EU_RULES["EU-CLS-1.date"]
CLS_2 = EU_RULES["EU-CLS-2"]
CLS_2A = EU_RULES["EU-CLS-2a"]
CLS_2B = EU_RULES["EU-CLS-2b"]
CLS_2D = EU_RULES["EU-CLS-2d"]
CLS_2E = EU_RULES["EU-CLS-2e"]
CLS_3 = EU_RULES["EU-CLS-3"]
CLS_4 = EU_RULES["EU-CLS-4"]
CLS_4A = EU_RULES["EU-CLS-4a"]
CLS_4B = EU_RULES["EU-CLS-4b"]
CLS_4C = EU_RULES["EU-CLS-4c"]
CLS_4D = EU_RULES["EU-CLS-4d"]
CLS_5 = EU_RULES["EU-CLS-5"]
CLS_6_1 = EU_RULES["EU-CLS-6.1"]
CLS_6_2 = EU_RULES["EU-CLS-6.2"]
CLS_6_3 = EU_RULES["EU-CLS-6.3"]
CLS_6_4 = EU_RULES["EU-CLS-6.4"]
CLS_7 = EU_RULES["EU-CLS-7"]
CLS_8 = EU_RULES["EU-CLS-8"]
CLS_8_DIR_2_2A = EU_RULES["EU-CLS-8.Dir-2-2a"]
CLS_8_ATMP_3 = EU_RULES["EU-CLS-8.ATMP-3"]
CLS_8_SOHO = EU_RULES["EU-CLS-8.SoHO"]
CLS_8_SOHO_2_5B = EU_RULES["EU-CLS-8.SoHO-2-5b"]
CLS_8_SOHO_2_6 = EU_RULES["EU-CLS-8.SoHO-2-6"]
CLS_8_SOHO_13 = EU_RULES["EU-CLS-8.SoHO-13"]
CLS_9 = EU_RULES["EU-CLS-9"]
CLS_10 = EU_RULES["EU-CLS-10"]
CLS_11 = EU_RULES["EU-CLS-11"]
CLS_12 = EU_RULES["EU-CLS-12"]

CAT = procedure("EU-PROC-CAT-CLASSIFICATION")
SOHO_STATUS = procedure("EU-PROC-SOHO-STATUS")

ATMP_REGULATION = "eu.atmp_regulation_applies"
SOHO_REGULATION = "eu.soho_regulation_applies"
PHARMA_PACKAGE = "eu.pharma_package_stage"

DIR_2001_83 = "Directive 2001/83/EC"
DIR_2001_83_URL = "http://data.europa.eu/eli/dir/2001/83/oj"

SUBSTANTIAL_STEPS = ("expansion", "genetic_modification", "activation", "differentiation")
JUDGEMENT_STEPS = ("enzymatic_digestion", "decellularisation", "other")
# Steps that keep the cells under controlled conditions between collection and use: storage
# in the sense of Art 3(25) of Regulation (EU) 2024/1938 (and preservation, a processing step).
STORAGE_STEPS = ("freezing", "cryopreservation", "vitrification", "lyophilisation")
STEP_LABELS = {
    "expansion": "expansion in culture",
    "genetic_modification": "genetic modification",
    "activation": "activation",
    "differentiation": "differentiation",
    "enzymatic_digestion": "enzymatic digestion",
    "decellularisation": "decellularisation",
    "other": "another step outside Annex I",
}
ATMP_CATEGORIES = ("GTMP", "sCTMP", "TEP")
# The framework that applies instead (not_atmp_route) when it turns on an open answer.
OPEN_ROUTE = "open"

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
        "Directive 2001/83/EC (vaccine, a biological medicinal product; not an ATMP)", CLS_2D.citation
    ),
    "medical_device": Framework("Regulation (EU) 2017/745 on medical devices (MDR)", CLS_9.citation),
    "not_a_medicinal_product": Framework(
        "Outside the medicinal-product framework (check cosmetics, devices or other law)", CLS_1.citation
    ),
}


# --- three-valued logic: True, False, or None (open) ---------------------------------------------


def _and(*values: bool | None) -> bool | None:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _or(*values: bool | None) -> bool | None:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def _not(value: bool | None) -> bool | None:
    return None if value is None else not value


def _viable(answers: Answers) -> bool | None:
    value = answers.value("cells_viable")
    return None if value is None else value == "viable"


def _day(when: date) -> str:
    return f"{when.day} {when:%B %Y}"


def _first_date(name: str, value: Any) -> date:
    """The date from which parameter ``name`` has ``value``."""
    p = parameter(name)
    return next(d for d, v in zip(p.dates, p.values, strict=True) if v == value)


def _human_cells(answers: Answers) -> bool:
    """Cells or tissues that may be of human origin (SoHO): not answered as animal cells."""
    return answers.is_true("contains_cells_or_tissues") and answers.value("cell_origin") != "xenogeneic"


# --- sub-evaluations whose open questions count only when their result is needed ---------------


def _scratch(run: Run, test: Callable[..., Any], *args: Any) -> tuple[Run, Any]:
    sub = Run(run.answers, run.as_of)
    return sub, test(sub, *args)


def _merge(run: Run, sub: Run, *, trace_only: bool = False) -> None:
    run.trace.extend(sub.trace)
    if trace_only:
        return
    run.open(*sub.missing)
    for note in sub.notes:
        run.note(note)
    run.borderline = run.borderline or sub.borderline


# --- EU-CLS-2: gene therapy ---------------------------------------------------------------------


def _recombinant(run: Run) -> tuple[bool | None, str | None]:
    """The three limbs of point 2.1 for a recombinant nucleic acid (the vaccine exclusion is
    applied first, in ``_gene_therapy``)."""
    a = run.answers
    vaccine = a.value("infectious_disease_vaccine")
    acts = a.value("nucleic_acid_acts_on_genetic_sequence")
    role = a.value("transgene_role")
    excluded = False
    if acts is False:
        run.step(
            CLS_2,
            "The recombinant nucleic acid does not regulate, repair, replace, add or delete a "
            "genetic sequence: the second limb of the GTMP definition is not met.",
            "nucleic_acid_acts_on_genetic_sequence",
        )
        excluded = True
    elif role == "safety_switch_or_marker_only":
        run.step(
            CLS_2E,
            "The recombinant sequence serves only as a safety switch or marker; the effect comes "
            "from the cells themselves, so the effect does not relate directly to the sequence and the "
            "product is not a GTMP (as for Zalmoxis, authorised as a somatic cell therapy).",
            "transgene_role",
        )
        excluded = True
    if excluded:
        return False, _unless_vaccine(run, vaccine, "biological_medicinal_product")
    open_limbs = [
        q
        for q, v in (
            ("nucleic_acid_acts_on_genetic_sequence", acts),
            ("transgene_role", role),
            ("infectious_disease_vaccine", vaccine),
        )
        if v is None
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


def _unless_vaccine(run: Run, vaccine: bool | None, route: str) -> str:
    """The framework of a nucleic-acid product that is not a GTMP: a vaccine's own, or ``route``."""
    if vaccine is False:
        return route
    run.open("infectious_disease_vaccine")
    run.step(
        CLS_2D,
        "Whether the product is a vaccine against an infectious disease is not known: it is not a "
        "GTMP either way, but the answer decides which framework applies instead.",
        "infectious_disease_vaccine",
    )
    return OPEN_ROUTE


def _nucleic_acid(run: Run) -> tuple[bool | None, str | None]:
    """The GTMP test without genome editing: (GTMP?, the framework its nucleic acid points to)."""
    nucleic_acid = run.answers.value("nucleic_acid")
    if nucleic_acid == "none":
        run.step(
            CLS_2,
            "The active substance contains no nucleic acid: the product is not a gene therapy "
            "medicinal product.",
            "nucleic_acid",
        )
        return False, None
    if nucleic_acid == "chemically_synthesised":
        run.step(
            CLS_2A,
            "The nucleic acid is chemically synthesised (antisense oligonucleotide, siRNA, aptamer): "
            "it is neither recombinant nor biological, so the product is not a GTMP under current law.",
            "nucleic_acid",
        )
        _pharmaceutical_package(run, "nucleic_acid")
        return False, _unless_vaccine(
            run, run.answers.value("infectious_disease_vaccine"), "chemical_medicinal_product"
        )
    if nucleic_acid == "recombinant":
        return _recombinant(run)
    run.open("nucleic_acid")
    run.step(
        CLS_2,
        "Whether the product contains a recombinant nucleic acid is not known, so the "
        "gene-therapy test cannot be completed.",
        "nucleic_acid",
    )
    return None, None


def _gene_therapy(run: Run) -> tuple[bool | None, str | None]:
    """Whether the product meets the GTMP definition (None: cannot tell), and the framework its
    nucleic acid points to when it does not (``OPEN_ROUTE`` when that turns on an open answer).

    The vaccine exclusion comes first: it qualifies every gene therapy, genome editing included.
    The vaccine question is not asked when the product has no nucleic acid."""
    a = run.answers
    nucleic_acid = a.value("nucleic_acid")
    vaccine = a.value("infectious_disease_vaccine") if nucleic_acid != "none" else False
    editing = a.value("genome_editing")
    if vaccine is True and nucleic_acid is None:
        # the exclusion counts only for a product with a nucleic acid, which is not known
        run.open("nucleic_acid")
        run.step(
            CLS_2D,
            "The product is a vaccine against an infectious disease, which excludes it from the "
            "gene-therapy definition if its active substance contains a nucleic acid; whether it does "
            "is not known.",
            "infectious_disease_vaccine",
            "nucleic_acid",
        )
        if editing is False:
            return False, OPEN_ROUTE
        run.open_if_open("genome_editing")
        return None, None
    if vaccine is True:
        run.step(
            CLS_2D,
            "The product is a vaccine against an infectious disease: vaccines are excluded from "
            "the gene-therapy definition even when built on a recombinant vector or mRNA.",
            "infectious_disease_vaccine",
        )
        return False, "vaccine"
    if editing is True:
        return _genome_editing(run, nucleic_acid, vaccine)
    gtmp, route = _nucleic_acid(run)
    if gtmp is True or editing is False:
        return gtmp, route
    run.open("genome_editing")
    if gtmp is False:
        run.step(
            CLS_2B,
            "Whether the product edits the genome is not known: a genome-editing product is treated as "
            "gene therapy in CAT practice, so the gene-therapy test cannot be completed.",
            "genome_editing",
        )
    return None, None


def _genome_editing(
    run: Run, nucleic_acid: str | None, vaccine: bool | None
) -> tuple[bool | None, str | None]:
    if nucleic_acid == "recombinant" and vaccine is False:
        run.step(
            CLS_2B,
            "The product edits the genome with recombinant components: the CAT and the EU "
            "authorisation of Casgevy treat genome-edited products as gene therapy.",
            "genome_editing",
            "nucleic_acid",
        )
        return True, None
    if nucleic_acid is None:
        run.open("nucleic_acid")
    if vaccine is None:
        run.open("infectious_disease_vaccine")
        run.step(
            CLS_2D,
            "The product edits the genome, but whether it is a vaccine against an infectious disease is "
            "not known: vaccines are excluded from the gene-therapy definition.",
            "genome_editing",
            "infectious_disease_vaccine",
        )
        return None, None
    run.flag()
    run.step(
        CLS_2B,
        "The product edits the genome but its editing tools are not (or not known to be) a "
        "recombinant nucleic acid, e.g. a synthetic guide RNA with a nuclease protein. The CAT has "
        "classified in-body editing as gene therapy, but the current definition turns on 'recombinant': "
        "a GTMP in CAT practice, to be confirmed by the CAT.",
        "genome_editing",
        "nucleic_acid",
    )
    _pharmaceutical_package(run, "genome_editing", "nucleic_acid")
    return True, None


def _pharmaceutical_package(run: Run, *qids: str) -> None:
    """EU-CLS-12: the reform that would change this point, dated and never applied."""
    stage = param(PHARMA_PACKAGE, run.as_of)
    if stage == "none":
        return  # no proposal existed on that date
    proposal = _day(_first_date(PHARMA_PACKAGE, "proposed"))
    wider = (
        "would widen the GTMP definition to genome-editing medicines and to nucleic acids of any origin, "
        "synthetic or biological"
    )
    if stage in {"proposed", "parliament_position"}:
        finding = (
            f"On this date the EU pharmaceutical package was a Commission proposal ({proposal}), not law. "
            f"That proposal {wider}. It is not applied here."
        )
    else:
        checked = parameter(PHARMA_PACKAGE).verified_on
        stages = [f"politically agreed on {_day(_first_date(PHARMA_PACKAGE, 'politically_agreed'))}"]
        if stage == "compromise_text":
            stages.append(f"its compromise text was published on {_day(_first_date(PHARMA_PACKAGE, stage))}")
        later = f"; its status on {_day(run.as_of)} is not known" if run.as_of > checked else ""
        finding = (
            f"As checked on {_day(checked)}, the EU pharmaceutical package (a new Directive and Regulation "
            f"to replace Directive 2001/83/EC and Regulation (EC) No 726/2004) was {' and '.join(stages)}; "
            f"its formal adoption and publication in the Official Journal could not be confirmed{later}. "
            f"The Commission's proposal of {proposal} {wider}; whether the agreed text keeps that definition "
            "has not been verified. It is not law and is not applied here."
        )
    run.step(CLS_12, finding, *qids)


# --- EU-CLS-3: cells or tissues -----------------------------------------------------------------


def _cells(run: Run, *, route_needed: bool = True) -> tuple[bool | None, str | None]:
    """Whether the product has cells or tissues that can make it an sCTMP or TEP (None: cannot
    tell), and the framework that applies when they cannot (``OPEN_ROUTE`` when it turns on an
    open answer; asked only when ``route_needed``, that is when the product is not a GTMP)."""
    a = run.answers
    present = a.value("contains_cells_or_tissues")
    if present is False:
        run.step(
            CLS_3,
            "The product contains no cells or tissues (cell-free derivatives such as extracellular "
            "vesicles, secretome or lysates count as cell-free): it cannot be a somatic cell therapy or a "
            "tissue-engineered product.",
            "contains_cells_or_tissues",
        )
        return False, "biological_medicinal_product"
    if present is None:
        run.open("contains_cells_or_tissues")
        run.step(
            CLS_3, "Whether the product contains cells or tissues is not known.", "contains_cells_or_tissues"
        )
        return None, None
    nucleated = a.value("cells_nucleated")
    if nucleated is False:
        run.step(
            CLS_3,
            "The cells are not nucleated (for example platelets or red blood cells): the CAT does not "
            "regard them as cells for the ATMP definitions.",
            "cells_nucleated",
        )
        return False, "biological_medicinal_product"
    viable = _viable(a)
    pim = a.value("non_viable_cells_act_pim") if viable is False else None
    if viable is False and pim is False:
        # excluded from the TEP definition and no PIM action for an sCTMP (Art 2(1)(b))
        device = a.value("integral_medical_device")
        route = OPEN_ROUTE if device is None else ("medical_device" if device else "tissues_and_cells")
        if nucleated is None and route_needed:
            run.open("cells_nucleated")
            route = OPEN_ROUTE
        run.step(
            CLS_3,
            "The cells or tissues are non-viable and do not act principally by pharmacological, "
            "immunological or metabolic means: such products are excluded from the TEP definition and "
            "cannot be somatic cell therapies.",
            "cells_viable",
            "non_viable_cells_act_pim",
        )
        if device is None and route_needed:
            run.open("integral_medical_device")
            run.step(
                CLS_9,
                "Whether a medical device is an integral part is not known: with one, the product is "
                "regulated as a medical device (MDR Art 1(6)(g) and 1(10)); without one, as human tissues "
                "and cells.",
                "integral_medical_device",
            )
        return False, route
    open_now = [q for q, v in (("cells_nucleated", nucleated), ("cells_viable", viable)) if v is None]
    if viable is False and pim is None:
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
    if viable is False:
        run.flag()
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


def _substantial(run: Run) -> bool | None:
    a = run.answers
    steps = a.value("manipulations")
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
        verdict = a.value("other_manipulation_alters_characteristics")
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
                run.flag(
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
        run.flag()
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


def _homologous(run: Run) -> bool | None:
    same = run.answers.value("same_essential_function")
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


def _engineered(run: Run) -> tuple[bool | None, bool]:
    """(engineered?, whether that conclusion is itself borderline). Either limb suffices, so the
    open questions of a limb count only when the other limb does not settle it."""
    s_run, substantial = _scratch(run, _substantial)
    h_run, homologous = _scratch(run, _homologous)
    if substantial is True:
        _merge(run, s_run)
        if not h_run.missing:
            _merge(run, h_run)
        deciding = s_run
    elif homologous is False:
        if not s_run.missing:
            _merge(run, s_run)
        _merge(run, h_run)
        deciding = h_run
    else:
        _merge(run, s_run)
        _merge(run, h_run)
        deciding = s_run
    engineered = _or(substantial, _not(homologous))
    if engineered is True:
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
    elif engineered is False:
        run.step(
            CLS_4,
            "The cells or tissues are neither substantially manipulated nor used for a different "
            "essential function: they are not engineered.",
            "manipulations",
            "same_essential_function",
        )
    return engineered, engineered is None or deciding.borderline


# --- EU-CLS-5 and the precedence rules of Art 2(2)–(5) -------------------------------------------


def _purpose(run: Run) -> str | None:
    purpose = run.answers.value("intended_purpose")
    if purpose == "regenerate_repair_replace":
        run.step(
            CLS_5,
            "The engineered cells or tissues are presented for regenerating, repairing or replacing a "
            "human tissue: a tissue-engineered product.",
            "intended_purpose",
        )
        return precedence_tep_over_sctmp(run, "TEP")
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


def _cell_category(run: Run) -> tuple[str | None, bool | None, bool]:
    """(sCTMP/TEP or None, engineered?, SoHO/medicine borderline?) for a product with cells."""
    engineered, unsettled = _engineered(run)
    category = _purpose(run) if engineered else None
    return category, engineered, unsettled


def precedence_viable_cells(run: Run) -> None:
    """Art 2(2): viable cells' action is deemed principal."""
    if run.answers.value("cells_viable") == "viable":
        run.step(
            CLS_6_1,
            "The product contains viable cells: their pharmacological, immunological or metabolic "
            "action is deemed the principal mode of action, so a device part never makes it a device.",
            "cells_viable",
        )


def precedence_allogeneic(run: Run) -> None:
    """Art 2(3): autologous and allogeneic together count as allogeneic."""
    if run.answers.value("cell_origin") == "autologous_and_allogeneic":
        run.step(
            CLS_6_2,
            "The product contains both autologous and allogeneic cells: it is considered to be for "
            "allogeneic use.",
            "cell_origin",
        )


def precedence_tep_over_sctmp(run: Run, category: str) -> str:
    """Art 2(4): a product that may fall within both sCTMP and TEP is a TEP."""
    if category == "TEP" and run.answers.value("cells_viable") == "viable":
        run.step(
            CLS_6_3,
            "The viable cells may also act by pharmacological, immunological or metabolic means, "
            "but a product that may fall within both the sCTMP and the TEP definitions is a TEP.",
            "intended_purpose",
            "cells_viable",
        )
    return category


def precedence_gtmp(run: Run, cell_category: str | None) -> str:
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


# --- EU-CLS-7 and 9: the device part -------------------------------------------------------------


def _combined(run: Run, cells: bool | None) -> tuple[bool | None, bool | None]:
    """(combined ATMP?, does the device take over, making it a medical device?) for an ATMP;
    None where an open answer decides."""
    a = run.answers
    if cells is False:
        return False, False
    device = a.value("integral_medical_device")
    viable = _viable(a)
    primary = a.value("non_viable_action_primary_to_device") if viable is not True else None
    combined = _and(cells, device, _or(viable, primary))
    takeover = _and(cells, device, _not(viable), _not(primary))
    if device is None and cells is True:
        run.open("integral_medical_device")
        run.step(
            CLS_7,
            "Whether a medical device is an integral part of the product is not known, so whether "
            "it is a combined ATMP is open.",
            "integral_medical_device",
        )
    elif device is True and cells is True and viable is True:
        run.step(
            CLS_7,
            "A medical device (for example a scaffold or membrane) is an integral part and the product "
            "contains viable cells: a combined ATMP. The device part must meet the MDR general safety and "
            "performance requirements (Art 6 and 9).",
            "integral_medical_device",
            "cells_viable",
        )
    elif device is True and cells is True and primary is True:
        run.step(
            CLS_7,
            "A medical device is an integral part and the non-viable cells or tissues act on the body "
            "with an action primary to that of the device: a combined ATMP.",
            "integral_medical_device",
            "non_viable_action_primary_to_device",
        )
    elif device is True and cells is True and primary is False:
        run.step(
            CLS_9,
            "The non-viable cells or tissues only support the device, whose action is primary: the "
            "product is regulated as a medical device (MDR Art 1(10)), not an ATMP.",
            "integral_medical_device",
            "non_viable_action_primary_to_device",
        )
    elif device is True and cells is True and viable is False:
        run.open("non_viable_action_primary_to_device")
        run.step(
            CLS_7,
            "A medical device is an integral part, the cells are non-viable, and whether their action is "
            "primary to the device is not known: combined ATMP or medical device is open.",
            "integral_medical_device",
            "non_viable_action_primary_to_device",
        )
    return combined, takeover


# --- EU-CLS-8: tissues and cells, substances of human origin ----------------------------------


def _soho_scope_of_autologous_use(answers: Answers) -> tuple[bool | None, str]:
    """Art 2(5) of Regulation (EU) 2024/1938 for autologous cells: (does the Regulation apply?,
    why). None when the answers do not tell whether the cells are processed or stored."""
    steps = answers.value("manipulations")
    same_procedure = answers.value("us_same_surgical_procedure")
    if isinstance(steps, list):
        stored = [s.replace("_", " ") for s in steps if s in STORAGE_STEPS]
        if stored:
            return True, f"they are preserved and stored ({', '.join(stored)}) before use"
        if steps and same_procedure is False:
            listed = ", ".join(s.replace("_", " ") for s in steps)
            return True, f"they are processed ({listed}) outside a single surgical procedure"
        if not steps and same_procedure is True:
            return False, "they are used as collected, within the same surgical procedure"
    return None, ""


def _tissues_framework(run: Run) -> Framework:
    """Human cells or tissues that are not an ATMP: which law governs them on ``as_of``."""
    a = run.answers
    origin = a.value("cell_origin")
    same_procedure = a.value("us_same_surgical_procedure")
    maybe_autologous = origin in ("autologous", None)
    if not param(SOHO_REGULATION, run.as_of):
        if origin == "autologous" and same_procedure is True:
            run.step(
                CLS_8_DIR_2_2A,
                "The cells or tissues are not engineered and are used as an autologous graft within the "
                "same surgical procedure: Directive 2004/23/EC does not apply to them (Art 2(2)(a)); "
                "national law governs them.",
                "cell_origin",
                "us_same_surgical_procedure",
            )
            return Framework(
                "Outside Directive 2004/23/EC (autologous graft within the same surgical procedure); national law",
                CLS_8_DIR_2_2A.citation,
            )
        run.step(
            CLS_8,
            "Human cells or tissues that are not engineered are not an ATMP: they are regulated as tissues "
            "and cells under Directive 2004/23/EC (until the SoHO Regulation applies on "
            f"{_day(_first_date(SOHO_REGULATION, True))}).",
            "manipulations",
            "same_essential_function",
        )
        if maybe_autologous and same_procedure is None:
            run.note(
                "If the cells or tissues are the patient's own and are given back as a graft within the "
                "same surgical procedure, Directive 2004/23/EC does not apply to them (Art 2(2)(a)) and "
                "national law governs them; the answers do not say whether that is so."
            )
        return Framework("Directive 2004/23/EC on human tissues and cells (national law)", CLS_8.citation)

    scope, why = _soho_scope_of_autologous_use(a) if origin == "autologous" else (None, "")
    if scope is False:
        run.step(
            CLS_8_SOHO_2_5B,
            f"The cells or tissues are not engineered and are the patient's own, and {why}: autologous "
            "substances of human origin that are neither processed nor stored before use are outside "
            "Regulation (EU) 2024/1938 (Art 2(5)(b)); national law governs them.",
            "cell_origin",
            "manipulations",
            "us_same_surgical_procedure",
        )
        return Framework(
            "Outside Regulation (EU) 2024/1938 (autologous, neither processed nor stored); national law",
            CLS_8_SOHO_2_5B.citation,
        )
    run.step(
        CLS_8_SOHO,
        "Human cells or tissues that are not engineered are not an ATMP: they are substances of human "
        "origin under Regulation (EU) 2024/1938, which applies from "
        f"{_day(_first_date(SOHO_REGULATION, True))}.",
        "manipulations",
        "same_essential_function",
    )
    if scope is True:
        run.step(
            CLS_8_SOHO_2_5B,
            f"The cells or tissues are the patient's own, but {why}: autologous substances of human origin "
            "that are processed or stored before use are within the Regulation (Art 2(5)(a)).",
            "cell_origin",
            "manipulations",
            "us_same_surgical_procedure",
        )
    elif maybe_autologous:
        run.note(
            "If the cells or tissues are the patient's own and are neither processed nor stored before use "
            "(for example taken and given back unchanged within the same surgical procedure), Regulation "
            "(EU) 2024/1938 does not apply to them (Art 2(5)(b)) and national law governs them; if they are "
            "processed or stored, it applies. The answers do not tell which."
        )
    return Framework("Regulation (EU) 2024/1938 on substances of human origin (SoHO)", CLS_8_SOHO.citation)


def _starting_material(run: Run) -> None:
    """The human cells an ATMP is made from: donation, procurement or collection, and testing."""
    a = run.answers
    if not _human_cells(a):
        return
    origin = a.value("cell_origin")
    lead = "If the cells are of human origin, the" if origin is None else "The"
    if not param(SOHO_REGULATION, run.as_of):
        run.step(
            CLS_8_ATMP_3,
            f"{lead} donation, procurement and testing of the human cells or tissues the product contains "
            "must follow Directive 2004/23/EC (Art 3 of Regulation (EC) No 1394/2007); the rest of their "
            "manufacture follows the medicinal-product rules.",
            "contains_cells_or_tissues",
            "cell_origin",
        )
        return
    if origin == "autologous":
        finding = (
            "The product is made from the patient's own cells or tissues, substances of human origin used "
            "to manufacture a medicinal product for that patient alone: only the rules of Regulation (EU) "
            "2024/1938 on testing and collection apply to them (Art 2(7)); their manufacture follows the "
            "medicinal-product rules."
        )
    else:
        finding = (
            f"{lead} human cells or tissues are substances of human origin collected to manufacture an "
            "advanced therapy medicinal product: the rules of Regulation (EU) 2024/1938 on donor "
            "registration, donor history review and medical examination, testing, collection and release "
            "apply to them, and those on storage, distribution, import and export up to their "
            "distribution to the manufacturer (Art 2(6)); their manufacture follows the medicinal-product "
            "rules."
        )
    run.step(CLS_8_SOHO_2_6, finding, "contains_cells_or_tissues", "cell_origin")


def _soho_status_consultation(run: Run) -> None:
    """Art 13 of the SoHO Regulation: a SoHO/medicine borderline, beside the CAT."""
    if not param(SOHO_REGULATION, run.as_of) or not _human_cells(run.answers):
        return
    run.step(
        CLS_8_SOHO_13,
        "Whether the product is an advanced therapy medicinal product or a substance of human origin "
        "is not settled. Such a question of regulatory status is for the national SoHO competent "
        "authority, which consults the authorities for medicines (and may ask the SoHO Coordination "
        "Board for an opinion), beside the CAT's recommendation on classification.",
        "manipulations",
        "same_essential_function",
    )
    run.next(SOHO_STATUS.next_step)


# --- EU-CLS-10: cosmetics --------------------------------------------------------------------


def _cosmetics_borderline(run: Run) -> None:
    """EU-CLS-10: human cells without a medical claim, if they are applied to people (aesthetic uses)."""
    if not _human_cells(run.answers):
        return
    run.step(
        CLS_10,
        "The product has no medical claim but contains cells or tissues that may be of human origin. If it "
        "is applied to people, for example for an aesthetic purpose, the missing claim does not settle its "
        "status: a product that restores, corrects or modifies physiological functions by pharmacological, "
        "immunological or metabolic action is a medicinal product by function (Directive 2001/83/EC, "
        "Art 1(2)(b)), and the CAT has classified expanded autologous cells for an aesthetic indication as "
        "an ATMP (2016). Nor can it be a cosmetic: the Cosmetics Regulation (EC) No 1223/2009 prohibits "
        "cells, tissues or products of human origin in cosmetics (Annex II; the entry is not verified).",
        "medicinal_purpose",
        "contains_cells_or_tissues",
        "cell_origin",
    )
    step = CAT.next_step
    run.next("If the product is applied to people, " + step[0].lower() + step[1:])


# --- outcomes ------------------------------------------------------------------------------------


def _not_atmp(run: Run, route: str | None) -> EUOutcome:
    if route == OPEN_ROUTE:
        route = None
    if route is None:
        framework = None
    elif route == "tissues_and_cells":
        framework = _tissues_framework(run)
    else:
        framework = FRAMEWORKS[route]
        if route == "medical_device" and not run.has_step(CLS_9):
            run.step(
                CLS_9,
                "Non-viable human tissue or cells that do not act by pharmacological, immunological or "
                "metabolic means, as part of a device: the product is regulated under the MDR "
                "(Art 1(6)(g) and 1(10)).",
                "cells_viable",
                "integral_medical_device",
            )
    return _finish(run, EUOutcome(category="not_ATMP", not_atmp_route=route, framework=framework))


def _undetermined(run: Run, *, soho_borderline: bool = False) -> EUOutcome:
    if soho_borderline:
        run.flag()
    return _finish(
        run, EUOutcome(category="undetermined", combined_atmp=None), soho_borderline=soho_borderline
    )


def _finish(run: Run, outcome: EUOutcome, *, soho_borderline: bool = False) -> EUOutcome:
    if outcome.category == "undetermined" or run.borderline:
        outcome.borderline = True
        what = (
            "still open: " + questions_in_words(run.missing)
            if run.missing
            else "see the points flagged above"
        )
        run.step(
            CLS_11,
            f"The classification cannot be settled with certainty ({what}). The CAT can give a scientific "
            "recommendation on it.",
            *run.missing,
        )
        run.next(CAT.next_step)
        if soho_borderline:
            _soho_status_consultation(run)
    if outcome.category in ATMP_CATEGORIES:
        _starting_material(run)
        run.next(
            "As an ATMP it needs a centralised marketing authorisation (Regulation (EC) No 726/2004, Art 3(1) and "
            "Annex point 1a), assessed by the CAT and adopted by the CHMP."
        )
    outcome.missing = list(run.missing)
    outcome.trace = run.trace
    outcome.notes = list(run.notes)
    outcome.next_steps = list(run.next_steps)
    return outcome


def eu_classification(answers: Answers | Mapping[str, Any], *, as_of: date) -> EUOutcome:
    a = answers if isinstance(answers, Answers) else Answers(answers)
    run = Run(a, as_of)
    if not param(ATMP_REGULATION, as_of):
        run.step(
            CLS_1_DATE,
            "On this date the ATMP Regulation did not yet apply (it applies from "
            f"{_day(_first_date(ATMP_REGULATION, True))}), so no ATMP category can be given.",
        )
        outcome = EUOutcome(category="undetermined", combined_atmp=None)
        outcome.trace = run.trace
        return outcome

    medicinal = a.value("medicinal_purpose")
    if medicinal is False:
        run.step(
            CLS_1,
            "The product is not intended to treat, prevent or diagnose a disease or to restore, "
            "correct or modify physiological functions: it is not a medicinal product and so not an ATMP.",
            "medicinal_purpose",
        )
        _cosmetics_borderline(run)
        return _not_atmp(run, "not_a_medicinal_product")
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
            "Whether the product is a medicinal product is not known, so the tests below cannot settle "
            "the classification.",
            "medicinal_purpose",
        )

    gtmp, nucleic_route = _gene_therapy(run)
    cells, cell_route = _cells(run, route_needed=gtmp is not True)

    if gtmp is True:
        cell_category = None
        if cells:  # shown for the precedence of Art 2(5) only when it is answered: GTMP either way
            sub, (cell_category, _, _) = _scratch(run, _cell_category)
            if sub.missing:
                cell_category = None
            else:
                _merge(run, sub, trace_only=True)
        if medicinal is not True:
            return _undetermined(run)
        return _atmp(run, precedence_gtmp(run, cell_category), cells)

    cell_category, engineered, unsettled = (None, None, False)
    if cells:
        cell_category, engineered, unsettled = _cell_category(run)
    # a SoHO/medicine borderline: human cells, not a GTMP, engineered or not unsettled
    soho_borderline = gtmp is False and bool(cells) and unsettled
    cells_settled = cells is False or engineered is False or cell_category is not None
    if gtmp is None or not cells_settled or medicinal is not True:
        return _undetermined(run, soho_borderline=soho_borderline)
    if cell_category is not None:
        return _atmp(run, cell_category, cells, soho_borderline=soho_borderline)

    # not a GTMP, and no cells that make it an sCTMP or TEP
    route: str | None
    if nucleic_route in ("vaccine", "chemical_medicinal_product", OPEN_ROUTE):
        route = nucleic_route
    else:
        route = cell_route if cells is False else "tissues_and_cells"
    if route == "biological_medicinal_product" and a.value("nucleic_acid") == "none" and cells is False:
        if a.is_false("contains_cells_or_tissues"):
            run.flag(
                "Cell-free derivatives (extracellular vesicles, secretome, lysates) are generally "
                "biological medicinal products; the domain notes mark this inference unverified."
            )
    return _not_atmp(run, route)


def _atmp(run: Run, category: str, cells: bool | None, *, soho_borderline: bool = False) -> EUOutcome:
    """An ATMP category: the precedence rules of Art 2(2)–(3), then the device part (EU-CLS-7/9)."""
    precedence_viable_cells(run)
    precedence_allogeneic(run)
    combined, takeover = _combined(run, cells)
    if takeover is True:
        return _not_atmp(run, "medical_device")
    if takeover is None:
        return _undetermined(run, soho_borderline=soho_borderline)
    if soho_borderline:
        run.flag()
    outcome = EUOutcome(category=category, combined_atmp=combined)
    return _finish(run, outcome, soho_borderline=soho_borderline)
