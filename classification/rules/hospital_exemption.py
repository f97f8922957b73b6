"""EU hospital exemption (Directive 2001/83/EC Art 3(7)): rules EU-HE-1 … EU-HE-6.

``hospital_exemption_check`` decides whether an ATMP could be supplied under a Member
State's hospital-exemption scheme instead of a central marketing authorisation:

1. EU-HE-1: the legal basis, Art 3(7) of Directive 2001/83/EC as inserted by Art 28(2) of
   Regulation (EC) No 1394/2007, applicable from 30 Dec 2008. Always the first step.
2. EU-HE-2.1: the exemption covers ATMPs only, so it rests on the EU outcome: not an ATMP
   → ``not_applicable``; EU category undetermined → ``undetermined``.
3. EU-HE-2.2 … 2.8: the seven cumulative conditions, one rule each, one answer each. Any
   ``false`` → ``not_eligible`` (``unmet_conditions`` lists the rule ids); otherwise any
   unanswered or ``unknown`` → ``undetermined`` (``missing`` lists the question ids);
   all ``true`` → ``eligible``.
4. EU-HE-3: the Member State must authorise the manufacture and ensure equivalent
   traceability, pharmacovigilance and quality standards.
5. EU-HE-4.<CC>: the national implementation of the chosen country (DE, ES, FR, IT, NL,
   BE, FI from the domain notes); any other country gets the generic EU-HE-4 and "the
   national competent authority of <country>". An unknown country leaves the outcome
   ``undetermined``: the route, and the national reading of the conditions, depend on it.
6. EU-HE-6: the pharmaceutical-package reform is politically agreed but not adopted. It is
   never applied; the trace and the notes only say so.

The outcome is always a national route: the national competent authority decides, and a
hospital-exemption authorisation never covers other Member States.

Pure Python; never raises for schema-valid answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .core import Answers, Citation, Confidence, Rule, RuleBook, Step
from .outcomes import EUOutcome, HospitalExemptionOutcome, NationalRoute

REG_1394_2007_URL = "http://data.europa.eu/eli/reg/2007/1394/oj"
ART_3_7 = Citation(
    "Directive 2001/83/EC",
    "Art 3(7), as inserted by Regulation (EC) No 1394/2007, Art 28(2)",
    REG_1394_2007_URL,
)
ART_3_7_SECOND_SUBPARAGRAPH = Citation(
    "Directive 2001/83/EC",
    "Art 3(7), second subparagraph, as inserted by Regulation (EC) No 1394/2007, Art 28(2)",
    REG_1394_2007_URL,
)
HE_APPLIES_FROM = date(2008, 12, 30)  # Art 30 of Regulation (EC) No 1394/2007

HE_RULES = RuleBook("EU-HE")

EU_HE_1 = HE_RULES.rule(
    "EU-HE-1",
    "Legal basis of the hospital exemption",
    ART_3_7,
    "V",
    in_force_from=HE_APPLIES_FROM,
)
EU_HE_2_1 = HE_RULES.rule("EU-HE-2.1", "The product is an advanced therapy medicinal product", ART_3_7, "V")


@dataclass(frozen=True, slots=True)
class Condition:
    """One cumulative condition of Art 3(7): its rule, the question that answers it, and
    what to say when it is met or not."""

    rule: Rule
    question: str
    met: str
    not_met: str


def _condition(rule_id: str, title: str, question: str, met: str, not_met: str) -> Condition:
    return Condition(HE_RULES.rule(rule_id, title, ART_3_7, "V"), question, met, not_met)


CONDITIONS: tuple[Condition, ...] = (
    _condition(
        "EU-HE-2.2",
        "Prepared on a non-routine basis",
        "he_non_routine",
        "The product is prepared on a non-routine basis.",
        "The product is prepared routinely; the hospital exemption covers only non-routine preparation.",
    ),
    _condition(
        "EU-HE-2.3",
        "Prepared according to specific quality standards",
        "he_specific_quality_standards",
        "The product is prepared to specific quality standards equivalent to those for authorised ATMPs.",
        "The product is not prepared to specific quality standards equivalent to those for "
        "authorised ATMPs, which the hospital exemption requires.",
    ),
    _condition(
        "EU-HE-2.4",
        "Used within the same Member State where it is prepared",
        "he_used_in_same_member_state",
        "The product is used in the same Member State where it is prepared.",
        "The product would be used in another Member State; the hospital exemption never covers "
        "supply across borders.",
    ),
    _condition(
        "EU-HE-2.5",
        "Used in a hospital",
        "he_used_in_hospital",
        "The product is used in a hospital.",
        "The product would be used outside a hospital; the hospital exemption requires use in a hospital.",
    ),
    _condition(
        "EU-HE-2.6",
        "Under the exclusive professional responsibility of a medical practitioner",
        "he_physician_exclusive_responsibility",
        "The product is used under the exclusive professional responsibility of a medical practitioner.",
        "The product is not used under the exclusive professional responsibility of a medical "
        "practitioner, which the hospital exemption requires.",
    ),
    _condition(
        "EU-HE-2.7",
        "To comply with an individual medical prescription",
        "he_individual_prescription",
        "Each product is supplied to comply with an individual medical prescription.",
        "The product is not supplied to comply with an individual medical prescription, which the "
        "hospital exemption requires.",
    ),
    _condition(
        "EU-HE-2.8",
        "A custom-made product for an individual patient",
        "he_custom_made_for_individual_patient",
        "The product is custom-made for an individual patient.",
        "The product is not custom-made for an individual patient; the hospital exemption does not "
        "cover batches made for unnamed patients.",
    ),
)

EU_HE_3 = HE_RULES.rule(
    "EU-HE-3",
    "National authorisation of manufacture; equivalent traceability, pharmacovigilance and quality",
    ART_3_7_SECOND_SUBPARAGRAPH,
    "V",
)


@dataclass(frozen=True, slots=True)
class NationalScheme:
    """A Member State's implementation of Art 3(7) (domain notes EU-HE-4)."""

    rule: Rule
    authority: str
    legal_basis: str
    details: str
    notes: tuple[str, ...] = ()


def _scheme(
    country: str,
    *,
    title: str,
    instrument: str,
    provision: str,
    url: str,
    confidence: Confidence,
    authority: str,
    legal_basis: str,
    details: str,
    notes: tuple[str, ...] = (),
) -> NationalScheme:
    rule = HE_RULES.rule(f"EU-HE-4.{country}", title, Citation(instrument, provision, url), confidence)
    return NationalScheme(rule, authority, legal_basis, details, notes)


NATIONAL_SCHEMES: dict[str, NationalScheme] = {
    "DE": _scheme(
        "DE",
        title="Germany: hospital exemption under § 4b AMG",
        instrument="Arzneimittelgesetz (AMG)",
        provision="§ 4b",
        url="https://www.gesetze-im-internet.de/amg_1976/__4b.html",
        confidence="V",
        authority="Paul-Ehrlich-Institut (PEI)",
        legal_basis="§ 4b Arzneimittelgesetz (AMG)",
        details=(
            "Authorisation by the Paul-Ehrlich-Institut is required before the product is supplied. "
            "§ 4b covers ATMPs individually prescribed for one patient, prepared non-routinely to "
            "specific quality standards and used in a specialised healthcare facility under a "
            "physician's responsibility."
        ),
        notes=(
            "Germany: 'non-routine' explicitly includes products made in volumes too small to gain "
            "enough clinical experience for a full evaluation, or not yet made in sufficient numbers "
            "to gain that knowledge (§ 4b AMG).",
            "Germany: follow-up (Art 14(1)) and traceability (Art 15(1)-(6)) of Regulation (EC) "
            "No 1394/2007 apply by analogy to § 4b products.",
        ),
    ),
    "ES": _scheme(
        "ES",
        title="Spain: non-industrially manufactured ATMPs under Real Decreto 477/2014",
        instrument="Real Decreto 477/2014, de 13 de junio",
        provision="whole decree (medicamentos de terapia avanzada de fabricación no industrial)",
        url=(
            "https://www.aemps.gob.es/medicamentos-de-uso-humano/medicamentos-de-fabricacion-no-industrial/"
            "preguntas-y-respuestas-sobre-el-real-decreto-477-2014-de-13-de-junio-por-el-que-se-regula-"
            "la-autorizacion-de-medicamentos-de-terapia-avanzada-de-fabricacion-no-industrial/"
        ),
        confidence="V",
        authority="Agencia Española de Medicamentos y Productos Sanitarios (AEMPS)",
        legal_basis="Real Decreto 477/2014, de 13 de junio (BOE 14 June 2014)",
        details=(
            "The AEMPS grants an authorisation of use ('autorización de uso') held by the hospital "
            "or centre; the decree includes traceability and pharmacovigilance rules."
        ),
        notes=(
            "Spain: the route is meant for products in consolidated use outside clinical trials; it "
            "is not for products still under investigation in a clinical trial.",
            "Spain: for example ARI-0001, an academic anti-CD19 CAR-T of Hospital Clínic Barcelona, "
            "was authorised by the AEMPS in February 2021 under this decree.",
        ),
    ),
    "FR": _scheme(
        "FR",
        title="France: MTI-PP under Art L.5121-1 17° of the Code de la santé publique",
        instrument="Code de la santé publique",
        provision="Art L.5121-1 17° (médicaments de thérapie innovante préparés ponctuellement, MTI-PP)",
        url=(
            "https://ansm.sante.fr/vos-demarches/industriel/demander-une-autorisations-dactivite-"
            "portant-sur-les-medicaments-de-therapie-innovante-prepares-ponctuellement-mti-pp"
        ),
        confidence="V",
        authority="Agence nationale de sécurité du médicament et des produits de santé (ANSM)",
        legal_basis=(
            "Art L.5121-1 17° Code de la santé publique (MTI-PP); Décret 2012-1236 of 6 November 2012; "
            "Arrêté of 4 February 2013"
        ),
        details=(
            "Two authorisations are needed: an authorisation of the preparing establishment (valid "
            "5 years, after an opinion of the Agence de la biomédecine) and an authorisation of the "
            "product by the ANSM."
        ),
        notes=(
            "France: the product dossier covers expected patient numbers, quality, non-clinical and "
            "clinical data, the pharmacovigilance system, a follow-up plan and the list of hospitals "
            "that will administer it; an annual activity report goes to the ANSM.",
        ),
    ),
    "IT": _scheme(
        "IT",
        title="Italy: ATMPs prepared on a non-repetitive basis (Ministerial Decree of 16 January 2015)",
        instrument="Decreto ministeriale 16 gennaio 2015 (Gazzetta Ufficiale 9 March 2015)",
        provision="implementing art 3(1)(f-bis) of D.Lgs. 219/2006",
        url=(
            "http://www.gazzettaufficiale.it/atto/serie_generale/caricaArticoloDefault/originario?"
            "atto.dataPubblicazioneGazzetta=2015-03-09&atto.codiceRedazionale=15A01704"
            "&atto.tipoProvvedimento=DECRETO"
        ),
        confidence="R",
        authority="Agenzia Italiana del Farmaco (AIFA)",
        legal_basis=(
            "Ministerial Decree of 16 January 2015 (published GU 9 March 2015), implementing "
            "art 3(1)(f-bis) of D.Lgs. 219/2006"
        ),
        details="The AIFA authorises ATMPs prepared on a non-repetitive basis.",
        notes=(
            "Italy: the date of the decree (16 January 2015) is inferred from its publication in the "
            "Gazzetta Ufficiale of 9 March 2015 and has not been verified; check the decree before "
            "relying on it.",
        ),
    ),
    "NL": _scheme(
        "NL",
        title="Netherlands: hospital exemption under art 40(3)(d) Geneesmiddelenwet",
        instrument="Geneesmiddelenwet",
        provision="art 40(3)(d)",
        url="https://www.igj.nl/zorgsectoren/geneesmiddelen/geavanceerde-therapie-atmp/atmp-zonder-handelsvergunning",
        confidence="V",
        authority="Inspectie Gezondheidszorg en Jeugd (IGJ, Health and Youth Care Inspectorate)",
        legal_basis="Geneesmiddelenwet, art 40(3)(d)",
        details=(
            "The IGJ decides within at most 6 weeks and consents to a limited number of treatments "
            "or batches for at most 1 year."
        ),
        notes=(
            "Netherlands: a pre-consultation with the IGJ is advised; the decision takes at most "
            "6 weeks; consent covers a limited number of treatments or batches for at most 1 year.",
            "Netherlands: unexpected serious adverse reactions or events must be reported to the IGJ "
            "within 48 hours.",
        ),
    ),
    "BE": _scheme(
        "BE",
        title="Belgium: Royal Decree of 8 January 2017 on the hospital exemption for ATMPs",
        instrument="Royal Decree of 8 January 2017 (Moniteur belge 1 March 2017)",
        provision="whole decree",
        url="http://www.etaamb.be/fr/arrete-royal-du-08-janvier-2017_n2018012967.html",
        confidence="V",
        authority="Federal Agency for Medicines and Health Products (FAMHP / AFMPS)",
        legal_basis="Royal Decree of 8 January 2017 on the hospital exemption for ATMPs (Moniteur belge 1 March 2017)",
        details="The FAMHP authorises hospital-exemption ATMPs under the Royal Decree of 8 January 2017.",
        notes=("Belgium: procedural details (timelines, reporting duties) have not been verified.",),
    ),
    "FI": _scheme(
        "FI",
        title="Finland: hospital exemption licence under section 15c of the Medicines Act",
        instrument="Medicines Act (Finland)",
        provision="section 15c",
        url=(
            "https://fimea.fi/en/pharmaceutical_safety_and_information/biological-medicinal-products/"
            "advanced-therapy-medicinal-products"
        ),
        confidence="V",
        authority="Finnish Medicines Agency (Fimea)",
        legal_basis="Medicines Act, section 15c",
        details="Fimea grants a licence for hospital-exemption ATMPs.",
        notes=("Finland: procedural details (timelines, reporting duties) have not been verified.",),
    ),
}

EU_HE_4 = HE_RULES.rule(
    "EU-HE-4",
    "National implementation of the hospital exemption",
    Citation(
        "Directive 2001/83/EC",
        "Art 3(7) and the national law of the Member State implementing it",
        REG_1394_2007_URL,
    ),
    "V",
)

EU_HE_6 = HE_RULES.rule(
    "EU-HE-6",
    "Pharmaceutical package reform of the hospital exemption (not yet law; never applied)",
    Citation(
        "Proposal for a Directive on the Union code relating to medicinal products for human use, "
        "COM(2023) 192 (2023/0132(COD))",
        "Art 2 (hospital exemption); political agreement of 11 December 2025, not adopted",
        "https://health.ec.europa.eu/system/files/2023-04/com_2023_192_1_act_en.pdf",
    ),
    "S",
)

COUNTRY_NAMES = {
    "AT": "Austria",
    "BE": "Belgium",
    "BG": "Bulgaria",
    "HR": "Croatia",
    "CY": "Cyprus",
    "CZ": "Czechia",
    "DK": "Denmark",
    "EE": "Estonia",
    "FI": "Finland",
    "FR": "France",
    "DE": "Germany",
    "GR": "Greece",
    "HU": "Hungary",
    "IE": "Ireland",
    "IT": "Italy",
    "LV": "Latvia",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "MT": "Malta",
    "NL": "Netherlands",
    "PL": "Poland",
    "PT": "Portugal",
    "RO": "Romania",
    "SK": "Slovakia",
    "SI": "Slovenia",
    "ES": "Spain",
    "SE": "Sweden",
    "IS": "Iceland",
    "LI": "Liechtenstein",
    "NO": "Norway",
}

NATIONAL_ONLY = (
    "The national competent authority decides whether the hospital exemption applies and "
    "authorises it; an advisor cannot. The hospital exemption is a national route only: an "
    "authorisation covers use in that one Member State and never the EU as a whole."
)
OTHER_ROUTES = (
    "To supply the product outside the hospital exemption, use a clinical trial authorisation "
    "(Regulation (EU) No 536/2014) or a central EU marketing authorisation (Regulation (EC) "
    "No 726/2004); compassionate-use and named-patient schemes are separate, narrower routes."
)
REFORM_NOTE = (
    "Watch: the EU pharmaceutical package (political agreement of 11 December 2025) would "
    "tighten the hospital exemption, with data collection, at least annual reporting and an EMA "
    "repository. It is not yet adopted or applicable, so this assessment applies current law only."
)


def hospital_exemption_check(answers: Answers, *, as_of: date, eu: EUOutcome) -> HospitalExemptionOutcome:
    """Hospital-exemption outcome for the answers, given the EU classification outcome."""
    trace: list[Step] = []
    if not EU_HE_1.in_force(as_of):
        trace.append(
            EU_HE_1.step(
                f"On {as_of.isoformat()} the hospital exemption did not yet exist: Art 3(7) of "
                "Directive 2001/83/EC applies from 30 December 2008."
            )
        )
        return HospitalExemptionOutcome(
            status="not_applicable",
            trace=trace,
            next_steps=[NATIONAL_ONLY],
        )

    trace.append(
        EU_HE_1.step(
            "Art 3(7) of Directive 2001/83/EC excludes from the Directive, and so from the "
            "central marketing authorisation, ATMPs prepared and used under the hospital "
            "exemption, where national law implements it."
        )
    )

    if eu.category == "not_ATMP":
        trace.append(
            EU_HE_2_1.step(
                "The product is not an ATMP, and the hospital exemption covers ATMPs only; it does "
                "not apply.",
                eu_category=eu.category,
            )
        )
        return HospitalExemptionOutcome(
            status="not_applicable",
            trace=trace,
            next_steps=[
                "The hospital exemption is not relevant because the product is not an advanced "
                "therapy medicinal product; follow the framework named in the EU classification.",
                NATIONAL_ONLY,
            ],
        )

    eu_known = eu.is_atmp
    if eu_known:
        trace.append(
            EU_HE_2_1.step(
                f"The product is an ATMP ({eu.category}{', combined' if eu.combined_atmp else ''}), "
                "so the hospital exemption can apply if every other condition is met.",
                eu_category=eu.category,
            )
        )
    else:
        trace.append(
            EU_HE_2_1.step(
                "The EU classification is undetermined, so it is not yet known whether the product "
                "is an ATMP, which the hospital exemption requires.",
                eu_category=eu.category,
            )
        )

    unmet: list[str] = []
    missing: list[str] = []
    for condition in CONDITIONS:
        qid = condition.question
        if answers.is_true(qid):
            trace.append(condition.rule.step(condition.met, [qid]))
        elif answers.is_false(qid):
            unmet.append(condition.rule.id)
            trace.append(condition.rule.step(condition.not_met, [qid]))
        else:
            missing.append(qid)
            opening = "Not known yet" if answers.get(qid) is not None else "Not answered"
            trace.append(
                condition.rule.step(
                    f"{opening}: whether the condition '{condition.rule.title.lower()}' is met.", [qid]
                )
            )

    country = answers.get("he_member_state")
    country_known = country in COUNTRY_NAMES
    if not country_known:
        missing.append("he_member_state")
    route, scheme_step, scheme_notes = _national_route(country if country_known else None)

    if unmet:
        status = "not_eligible" if eu_known else "undetermined"
        eu_he_3_finding = (
            "Because a cumulative condition is not met, the national authority cannot authorise "
            "the product under the hospital exemption as planned."
        )
    elif missing or not eu_known:
        status = "undetermined"
        eu_he_3_finding = (
            "If every condition is met, the product still needs an authorisation of its manufacture "
            "by the national competent authority, with traceability, pharmacovigilance and quality "
            "standards equivalent to those for centrally authorised ATMPs."
        )
    else:
        status = "eligible"
        eu_he_3_finding = (
            "The manufacture must be authorised by the national competent authority, and national "
            "traceability, pharmacovigilance and quality standards must be equivalent to those for "
            "centrally authorised ATMPs."
        )
    trace.append(EU_HE_3.step(eu_he_3_finding))
    trace.append(scheme_step)
    trace.append(
        EU_HE_6.step(
            "Not applied: the pharmaceutical-package reform of the hospital exemption is politically "
            "agreed but not adopted or applicable, so only current law is applied.",
            status="politically_agreed_not_adopted",
        )
    )

    all_missing = (list(eu.missing) if not eu_known else []) + missing
    if status == "not_eligible":
        all_missing = []

    return HospitalExemptionOutcome(
        status=status,
        unmet_conditions=unmet,
        missing=list(dict.fromkeys(all_missing)),
        trace=trace,
        national_route=route,
        next_steps=_next_steps(status, route, unmet, eu_known),
        notes=_notes(eu, scheme_notes),
    )


def _national_route(country: str | None) -> tuple[NationalRoute, Step, tuple[str, ...]]:
    if country is None:
        route = NationalRoute(
            country="unknown",
            authority="the national competent authority of the Member State where the product is prepared",
            legal_basis="the national law implementing Art 3(7) of Directive 2001/83/EC",
            url=None,
            details="Tell us the Member State where the product would be prepared and used to see its route.",
        )
        step = EU_HE_4.step(
            "The Member State is not known, so its authority and national rules cannot be named yet.",
            ["he_member_state"],
        )
        return route, step, ()

    name = COUNTRY_NAMES[country]
    scheme = NATIONAL_SCHEMES.get(country)
    if scheme is None:
        authority = f"the national competent authority of {name}"
        route = NationalRoute(
            country=country,
            authority=authority,
            legal_basis=f"the national law of {name} implementing Art 3(7) of Directive 2001/83/EC",
            url=None,
            details=(
                f"The advisor has no verified details of the scheme in {name}; ask {authority} "
                "whether and how it authorises hospital-exemption ATMPs."
            ),
        )
        step = EU_HE_4.step(
            f"{name} implements the hospital exemption in its national law; the route is an "
            f"authorisation by {authority}.",
            ["he_member_state"],
            country=country,
        )
        return route, step, ()

    route = NationalRoute(
        country=country,
        authority=scheme.authority,
        legal_basis=scheme.legal_basis,
        url=scheme.rule.citation.url,
        details=scheme.details,
    )
    step = scheme.rule.step(
        f"In {name} the route is an authorisation by {_with_article(scheme.authority)} under {scheme.legal_basis}.",
        ["he_member_state"],
        country=country,
    )
    return route, step, scheme.notes


def _with_article(authority: str) -> str:
    return authority if authority.startswith("the ") else f"the {authority}"


def _next_steps(status: str, route: NationalRoute, unmet: list[str], eu_known: bool) -> list[str]:
    who = _with_article(route.authority)
    steps: list[str] = []
    if status == "eligible":
        steps.append(
            f"Apply to {who} for a hospital-exemption authorisation ({route.legal_basis}) before "
            "preparing the product for patients; a pre-submission meeting is usually worthwhile."
        )
        steps.append(
            "Set up patient-level traceability, pharmacovigilance and a quality system equivalent "
            "to GMP for ATMPs, as the authority will expect them."
        )
    elif status == "not_eligible":
        steps.append(
            f"The hospital exemption is not available as planned ({', '.join(unmet)} not met). "
            f"If the plan can change so that every condition is met, discuss it with {who}."
        )
        steps.append(OTHER_ROUTES)
    else:
        if not eu_known:
            steps.append(
                "First settle whether the product is an ATMP (see the EU classification; a CAT "
                "classification request under Art 17 of Regulation (EC) No 1394/2007 gives a "
                "scientific recommendation within 60 days)."
            )
        if unmet:
            steps.append(
                f"Even if the product is an ATMP, the hospital exemption would not be available as "
                f"planned ({', '.join(unmet)} not met)."
            )
            steps.append(OTHER_ROUTES)
        else:
            steps.append(
                f"Answer the open questions, then discuss the plan with {who} before preparing the "
                "product for patients."
            )
    steps.append(NATIONAL_ONLY)
    return steps


def _notes(eu: EUOutcome, scheme_notes: tuple[str, ...]) -> list[str]:
    notes: list[str] = []
    if eu.is_atmp and eu.borderline:
        notes.append(
            f"The EU classification ({eu.category}) is borderline; this assessment assumes the "
            "product is an ATMP, which the national authority or the CAT may not confirm."
        )
    notes.extend(scheme_notes)
    notes.append(REFORM_NOTE)
    return notes
