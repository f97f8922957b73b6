"""EU hospital exemption (Directive 2001/83/EC Art 3(7)): rules EU-HE-1 … EU-HE-6.

``hospital_exemption_check`` decides whether an ATMP could be supplied under a Member State's
hospital-exemption scheme instead of a central marketing authorisation. The rules are data in
``registers/hospital_exemption.yaml`` (``HE_RULES``), with each Member State's route under
``national_routes``; the dates are parameters. The check is strict: every open answer it needs
is listed in ``missing`` in the order it is met and never read as a particular value; the
decisive-reasoning layer (``resolve.py``) walks those answers.

1. EU-HE-1: the legal basis, Art 3(7) of Directive 2001/83/EC as inserted by Art 28(2) of
   Regulation (EC) No 1394/2007; it applies when ``eu.atmp_regulation_applies`` holds (from
   30 December 2008). Before that date → ``not_applicable``. Always the first step.
2. EU-HE-2.1: the exemption covers ATMPs only, so it rests on the EU outcome: not an ATMP →
   ``not_applicable``; EU category undetermined → ``undetermined``, with the EU outcome's
   open questions first in ``missing``.
3. EU-HE-2.2 … 2.8: the seven cumulative conditions, one rule and one question each. A condition
   answered ``false`` decides the outcome (``not_eligible``; ``unmet_conditions`` lists the rule
   ids), so the other conditions and the country are then not needed and their open answers are
   not listed. Otherwise an open condition → ``undetermined``; all ``true`` → ``eligible``.
4. EU-HE-3: the Member State authorises the manufacture and ensures equivalent traceability,
   pharmacovigilance and quality standards.
5. EU-HE-4.<CC>: the national route of the chosen country (DE, ES, FR, IT, NL, BE, FI); any
   other country gets the generic EU-HE-4 and "the national competent authority of <country>".
   An open country leaves the outcome ``undetermined``: the route and the national reading of
   the conditions depend on it.
6. EU-HE-5: when a condition is not met, the Directive applies in full: the other routes.
7. EU-HE-6: the pharmaceutical-package reform. Never applied; the trace and the notes say which
   text exists on the date (``eu.pharma_package_stage``) and when its status was checked.

The outcome is always a national route: the national competent authority decides, and a
hospital-exemption authorisation never covers other Member States.

Pure Python; never raises for schema-valid answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import yaml

from .core import REGISTERS_DIR, UNKNOWN, Answers, Rule, Run, load_register
from .outcomes import EUOutcome, HospitalExemptionOutcome, NationalRoute
from .parameters import param, parameter
from .procedures import procedure
from .questions import catalogue

REGISTER = "hospital_exemption"
HE_RULES = load_register(REGISTER)

EU_HE_1 = HE_RULES["EU-HE-1"]
EU_HE_2_1 = HE_RULES["EU-HE-2.1"]
EU_HE_3 = HE_RULES["EU-HE-3"]
EU_HE_4 = HE_RULES["EU-HE-4"]
EU_HE_5 = HE_RULES["EU-HE-5"]
EU_HE_6 = HE_RULES["EU-HE-6"]

HE_APPLIES = "eu.atmp_regulation_applies"
REFORM_STAGE = "eu.pharma_package_stage"
MEMBER_STATE = "he_member_state"


def _day(when: date) -> str:
    return f"{when.day} {when:%B %Y}"


def _first_day(name: str, value: Any) -> date:
    """The date from which parameter ``name`` takes ``value``."""
    p = parameter(name)
    return next(d for d, v in zip(p.dates, p.values, strict=True) if v == value)


@dataclass(frozen=True, slots=True)
class Condition:
    """One cumulative condition of Art 3(7): its rule, the question that answers it, and
    what to say when it is met or not."""

    rule: Rule
    question: str
    met: str
    not_met: str

    @property
    def words(self) -> str:
        """The condition in words, to follow a colon."""
        return self.rule.title[0].lower() + self.rule.title[1:]


def _condition(rule_id: str, question: str, met: str, not_met: str) -> Condition:
    return Condition(HE_RULES[rule_id], question, met, not_met)


CONDITIONS: tuple[Condition, ...] = (
    _condition(
        "EU-HE-2.2",
        "he_non_routine",
        "The product is prepared on a non-routine basis.",
        "The product is prepared routinely; the hospital exemption covers only non-routine preparation.",
    ),
    _condition(
        "EU-HE-2.3",
        "he_specific_quality_standards",
        "The product is prepared to specific quality standards equivalent to those for authorised ATMPs.",
        "The product is not prepared to specific quality standards equivalent to those for "
        "authorised ATMPs, which the hospital exemption requires.",
    ),
    _condition(
        "EU-HE-2.4",
        "he_used_in_same_member_state",
        "The product is used in the same Member State where it is prepared.",
        "The product would be used in another Member State; the hospital exemption never covers "
        "supply across borders.",
    ),
    _condition(
        "EU-HE-2.5",
        "he_used_in_hospital",
        "The product is used in a hospital.",
        "The product would be used outside a hospital; the hospital exemption requires use in a hospital.",
    ),
    _condition(
        "EU-HE-2.6",
        "he_physician_exclusive_responsibility",
        "The product is used under the exclusive professional responsibility of a medical practitioner.",
        "The product is not used under the exclusive professional responsibility of a medical "
        "practitioner, which the hospital exemption requires.",
    ),
    _condition(
        "EU-HE-2.7",
        "he_individual_prescription",
        "Each product is supplied to comply with an individual medical prescription.",
        "The product is not supplied to comply with an individual medical prescription, which the "
        "hospital exemption requires.",
    ),
    _condition(
        "EU-HE-2.8",
        "he_custom_made_for_individual_patient",
        "The product is custom-made for an individual patient.",
        "The product is not custom-made for an individual patient; the hospital exemption does not "
        "cover batches made for unnamed patients.",
    ),
)


@dataclass(frozen=True, slots=True)
class NationalScheme:
    """A Member State's implementation of Art 3(7) (``national_routes`` in the register)."""

    rule: Rule
    authority: str
    legal_basis: str
    details: str
    notes: tuple[str, ...] = ()


ROUTE_KEYS = {"authority", "legal_basis", "details", "notes"}


def _words(text: Any) -> str:
    return " ".join(str(text).split())


def _load_national_schemes() -> dict[str, NationalScheme]:
    """The ``national_routes`` of the register, each tied to its rule EU-HE-4.<country>; a route
    without its rule, or a national rule without a route, stops the import."""
    data = yaml.safe_load((REGISTERS_DIR / f"{REGISTER}.yaml").read_text(encoding="utf-8"))
    schemes: dict[str, NationalScheme] = {}
    for country, entry in data["national_routes"].items():
        unknown = set(entry) - ROUTE_KEYS
        if unknown:
            raise ValueError(f"national route {country}: unknown keys {sorted(unknown)}")
        schemes[country] = NationalScheme(
            rule=HE_RULES[f"EU-HE-4.{country}"],
            authority=_words(entry["authority"]),
            legal_basis=_words(entry["legal_basis"]),
            details=_words(entry["details"]),
            notes=tuple(_words(n) for n in entry.get("notes", ())),
        )
    national_rules = {r.id for r in HE_RULES if r.id.startswith("EU-HE-4.")}
    routed = {s.rule.id for s in schemes.values()}
    if national_rules != routed:
        raise ValueError(f"national rules without a route: {sorted(national_rules - routed)}")
    return schemes


NATIONAL_SCHEMES: dict[str, NationalScheme] = _load_national_schemes()

# The countries of the question (EU and EEA), named as the question names them.
COUNTRY_NAMES: dict[str, str] = {
    choice.value: choice.label
    for choice in catalogue().question(MEMBER_STATE).choices
    if choice.value != UNKNOWN
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

# The pharmaceutical package, text by text: what each says about the hospital exemption, one
# sentence per text; each stage adds to the ones before it. The dates come from
# eu.pharma_package_stage, so the statement made on a date names only the texts that existed then.
REFORM_TEXTS: dict[str, str] = {
    "proposed": (
        "The Commission proposed on {date} a new pharmaceutical Directive (COM(2023) 192) whose Art 2 "
        "would replace Art 3(7): Member States would notify the EMA of hospital-exemption "
        "authorisations and collect and review data on their use, safety and efficacy every year, and "
        "the EMA would keep a repository of those data."
    ),
    "parliament_position": (
        "The European Parliament's first-reading position of {date} would add good pharmacy-preparation "
        "practice equivalent to GMP and patient follow-up reports at least once a year."
    ),
    "politically_agreed": (
        "The Parliament and the Council reached a provisional political agreement on {date}; its "
        "hospital-exemption wording is not verified here."
    ),
    "compromise_text": (
        "The compromise text was published on {date}; its hospital-exemption wording is not verified "
        "here either, so the duties above describe the 2023 proposal and the Parliament's position, not "
        "the agreed text."
    ),
}
REFORM_LABELS: dict[str, str] = {
    "proposed": "the Commission's proposal of {date}",
    "parliament_position": "the Commission's proposal, as amended by the European Parliament's position of {date}",
    "politically_agreed": "the provisional political agreement of {date}",
    "compromise_text": "the compromise text published on {date}",
}
REFORM_STATUS: dict[str, str] = {
    "proposed": "proposed",
    "parliament_position": "proposed",
    "politically_agreed": "politically_agreed_not_adopted",
    "compromise_text": "politically_agreed_not_adopted",
}


def hospital_exemption_check(answers: Answers, *, as_of: date, eu: EUOutcome) -> HospitalExemptionOutcome:
    """Hospital-exemption outcome for the answers, given the EU classification outcome."""
    run = Run(answers, as_of)
    if not param(HE_APPLIES, as_of):
        run.step(
            EU_HE_1,
            f"On {_day(as_of)} the hospital exemption did not yet exist: Art 3(7) of Directive "
            f"2001/83/EC applies from {_day(_first_day(HE_APPLIES, True))}.",
        )
        return _outcome(run, "not_applicable")

    run.step(
        EU_HE_1,
        "Art 3(7) of Directive 2001/83/EC excludes from the Directive, and so from the central "
        "marketing authorisation, ATMPs prepared and used under the hospital exemption, where "
        "national law implements it.",
    )

    if eu.category == "not_ATMP":
        run.step(
            EU_HE_2_1,
            "The product is not an ATMP, and the hospital exemption covers ATMPs only; it does not apply.",
            eu_category=eu.category,
        )
        run.next(
            "The hospital exemption is not relevant because the product is not an advanced therapy "
            "medicinal product; follow the framework named in the EU classification."
        )
        return _outcome(run, "not_applicable")

    eu_known = eu.is_atmp
    if eu_known:
        combined = ", combined" if eu.combined_atmp else ""
        borderline = " (the EU classification is borderline)" if eu.borderline else ""
        run.step(
            EU_HE_2_1,
            f"The product is an ATMP ({eu.category}{combined}){borderline}, so the hospital exemption "
            "can apply if every other condition is met.",
            eu_category=eu.category,
        )
        if eu.borderline:
            run.note(
                f"The EU classification ({eu.category}) is borderline; this assessment assumes the "
                "product is an ATMP, which the national authority or the CAT may not confirm."
            )
    else:
        run.step(
            EU_HE_2_1,
            "The EU classification is undetermined, so it is not yet known whether the product is an "
            "ATMP, which the hospital exemption requires.",
            eu_category=eu.category,
        )
        run.open(*eu.missing)

    unmet = [c for c in CONDITIONS if answers.is_false(c.question)]
    open_conditions = _conditions(run, decided=bool(unmet))
    route, scheme = _national_route(run, needed=not unmet)

    if unmet:
        status = "not_eligible" if eu_known else "undetermined"
        eu_he_3 = (
            "Because a cumulative condition is not met, the national authority cannot authorise the "
            "product under the hospital exemption as planned."
        )
    elif open_conditions or not eu_known:
        status = "undetermined"
        eu_he_3 = (
            "If every condition is met, the product still needs an authorisation of its manufacture by "
            "the national competent authority, with traceability, pharmacovigilance and quality "
            "standards equivalent to those for centrally authorised ATMPs."
        )
    else:
        # Every condition is met; with the country open the national route is still to be named.
        status = "eligible" if route.country in COUNTRY_NAMES else "undetermined"
        eu_he_3 = (
            "The manufacture must be authorised by the national competent authority, and national "
            "traceability, pharmacovigilance and quality standards must be equivalent to those for "
            "centrally authorised ATMPs."
        )
    run.step(EU_HE_3, eu_he_3)
    _national_step(run, route, scheme)
    if unmet:
        run.step(
            EU_HE_5,
            "Without the hospital exemption, Directive 2001/83/EC applies in full: the ATMP needs a "
            "central marketing authorisation before it is placed on the market, or it can be given in a "
            "clinical trial; compassionate use and named-patient supply are separate, narrower routes.",
        )
    _reform(run)
    _next_steps(run, status, route, unmet, eu_known)
    return _outcome(run, status, unmet, route)


def _outcome(
    run: Run,
    status: str,
    unmet: list[Condition] | None = None,
    route: NationalRoute | None = None,
) -> HospitalExemptionOutcome:
    return HospitalExemptionOutcome(
        status=status,
        unmet_conditions=[c.rule.id for c in unmet or ()],
        missing=list(run.missing),
        trace=run.trace,
        national_route=route,
        next_steps=run.next_steps,
        notes=run.notes,
    )


def _conditions(run: Run, *, decided: bool) -> list[Condition]:
    """One step per condition; the open ones are needed (and recorded) unless another condition
    already failed, which decides the outcome whatever they are."""
    open_conditions: list[Condition] = []
    for condition in CONDITIONS:
        qid = condition.question
        if run.answers.is_true(qid):
            run.step(condition.rule, condition.met, qid)
        elif run.answers.is_false(qid):
            run.step(condition.rule, condition.not_met, qid)
        else:
            opening = "Not known yet" if run.answers.is_unknown(qid) else "Not answered"
            finding = f"{opening}: whether the condition '{condition.words}' is met"
            if decided:
                finding += "; it does not change the outcome, because another condition is not met"
            else:
                run.open(qid)
            run.step(condition.rule, finding + ".", qid)
            open_conditions.append(condition)
    return open_conditions


def _national_route(run: Run, *, needed: bool) -> tuple[NationalRoute, NationalScheme | None]:
    country = run.answers.value(MEMBER_STATE)
    if country not in COUNTRY_NAMES:
        if needed:
            run.open(MEMBER_STATE)
        route = NationalRoute(
            country="unknown",
            authority="the national competent authority of the Member State where the product is prepared",
            legal_basis="the national law implementing Art 3(7) of Directive 2001/83/EC",
            url=None,
            details="Tell us the Member State where the product would be prepared and used to see its route.",
        )
        return route, None
    name = _country(country)
    scheme = NATIONAL_SCHEMES.get(country)
    if scheme is None:
        authority = f"the national competent authority of {name}"
        route = NationalRoute(
            country=country,
            authority=authority,
            legal_basis=f"the national law of {name} implementing Art 3(7) of Directive 2001/83/EC",
            url=None,
            details=(
                f"The advisor has no verified details of the scheme in {name}; ask {authority} whether "
                "and how it authorises hospital-exemption ATMPs."
            ),
        )
        return route, None
    route = NationalRoute(
        country=country,
        authority=scheme.authority,
        legal_basis=scheme.legal_basis,
        url=scheme.rule.citation.url,
        details=scheme.details,
    )
    return route, scheme


def _national_step(run: Run, route: NationalRoute, scheme: NationalScheme | None) -> None:
    if route.country not in COUNTRY_NAMES:
        run.step(
            EU_HE_4,
            "The Member State is not known, so its authority and national rules cannot be named yet.",
            MEMBER_STATE,
        )
        return
    name = _country(route.country)
    if scheme is None:
        run.step(
            EU_HE_4,
            f"{name[0].upper()}{name[1:]} implements the hospital exemption in its national law; the route is an "
            f"authorisation by {route.authority}.",
            MEMBER_STATE,
            country=route.country,
        )
        return
    run.step(
        scheme.rule,
        f"In {name} the route is an authorisation by {_with_article(scheme.authority)} under {scheme.legal_basis}.",
        MEMBER_STATE,
        country=route.country,
    )
    for note in scheme.notes:
        run.note(note)


def _reform(run: Run) -> None:
    """EU-HE-6: what the pharmaceutical package says on the date, never applied."""
    stage = param(REFORM_STAGE, run.as_of)
    if stage == "none":
        return
    finding, status, note = _reform_texts(stage)
    run.step(EU_HE_6, finding, status=status)
    run.note(note)


@cache
def _reform_texts(stage: str) -> tuple[str, str, str]:
    """The EU-HE-6 finding, its status and the watch note for one stage (worded once per stage)."""
    stages = list(REFORM_TEXTS)
    texts = [
        REFORM_TEXTS[s].format(date=_day(_first_day(REFORM_STAGE, s)))
        for s in stages[: stages.index(stage) + 1]
    ]
    checked = (
        "Formal adoption and publication in the Official Journal had not been confirmed when the status "
        f"was last checked on {_day(parameter(REFORM_STAGE).verified_on)}."
    )
    label = REFORM_LABELS[stage].format(date=_day(_first_day(REFORM_STAGE, stage)))
    return (
        f"Not applied. {' '.join(texts)} None of these texts is law, so only current law (Art 3(7) and "
        f"national law) is applied. {checked}",
        REFORM_STATUS[stage],
        f"Watch: the EU pharmaceutical package would change the hospital exemption (latest text: {label}). "
        f"It is not adopted or applicable, so this assessment applies current law only. {checked}",
    )


def _country(code: str) -> str:
    """The country's name as it reads in a sentence ("the Netherlands")."""
    name = COUNTRY_NAMES[code]
    return f"the {name}" if name == "Netherlands" else name


def _with_article(authority: str) -> str:
    return authority if authority.startswith("the ") else f"the {authority}"


def _next_steps(run: Run, status: str, route: NationalRoute, unmet: list[Condition], eu_known: bool) -> None:
    who = _with_article(route.authority)
    not_met = "; ".join(c.words for c in unmet)
    if status == "eligible":
        run.next(
            f"Apply to {who} for a hospital-exemption authorisation ({route.legal_basis}) before "
            "preparing the product for patients; a pre-submission meeting is usually worthwhile."
        )
        run.next(
            "Set up patient-level traceability, pharmacovigilance and a quality system equivalent to "
            "GMP for ATMPs, as the authority will expect them."
        )
    elif status == "not_eligible":
        run.next(
            f"The hospital exemption is not available as planned, because these conditions of Art 3(7) "
            f"are not met: {not_met}. If the plan can change so that every condition is met, discuss it "
            f"with {who}."
        )
        run.next(OTHER_ROUTES)
    else:
        if not eu_known:
            run.next(
                "First settle whether the product is an ATMP (see the EU classification). "
                + procedure("EU-PROC-CAT-CLASSIFICATION").next_step
            )
        if unmet:
            run.next(
                "Even if the product is an ATMP, the hospital exemption would not be available as "
                f"planned, because these conditions of Art 3(7) are not met: {not_met}."
            )
            run.next(OTHER_ROUTES)
        else:
            run.next(
                f"Answer the open questions, then discuss the plan with {who} before preparing the "
                "product for patients."
            )
    run.next(NATIONAL_ONLY)
