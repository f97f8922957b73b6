"""The EU, US and hospital-exemption outcomes after decisive reasoning (``decisive.py``).

For each part: explore the strict engine over the open questions; when every leaf agrees on
the main outcome (EU category, US status, hospital-exemption status), it is decided and the
trace shows, for each answer the open question could have, the steps that lead there; when
the leaves disagree, the strict outcome stands (``undetermined``) with ``decisive`` and
``provisional``. Details on which the leaves disagree (combined ATMP, the framework that
applies instead, combination product, lead centre) are ``None``: an open answer decides them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

from .core import Answers, Step
from .decisive import (
    Exploration,
    Leaf,
    as_answer,
    common,
    condition_words,
    explore,
    provisional,
    question_words,
)
from .eu import eu_classification
from .hospital_exemption import hospital_exemption_check
from .outcomes import EUOutcome, HospitalExemptionOutcome, USOutcome
from .questions import catalogue
from .us import us_classification

# Steps the strict engines add because answers are open: "only the regulator can settle it".
# When every answer leads to the same outcome they no longer apply.
ASK_THE_REGULATOR = {"EU-CLS-11", "US-JUR-1", "US-CP-3", "US-CP-4"}

T = TypeVar("T", EUOutcome, USOutcome, HospitalExemptionOutcome)


def _agreed(values: Sequence[Any]) -> Any:
    first = values[0]
    return first if all(v == first for v in values[1:]) else None


def _branch_steps(strict_trace: list[Step], leaves: Sequence[Leaf[Any]]) -> list[Step]:
    """For each answer to the first open question, the steps of one of its leaves that the
    strict trace does not have, each prefixed with the answer it assumes."""
    seen = {(s.rule.id, s.finding) for s in strict_trace}
    steps: list[Step] = []
    shown: set[Any] = set()
    for leaf in leaves:
        head = leaf.conditions[:1]
        if not head or head[0][1] in shown:
            continue
        shown.add(head[0][1])
        others = [q for q, _ in leaf.conditions[1:]]
        prefix = f"If {condition_words(head)}"
        if others:
            prefix += (
                " (and whichever answers are given to " + question_words(list(dict.fromkeys(others))) + ")"
            )
        label = catalogue().question(head[0][0]).choice_label(as_answer(head[0][1]))
        condition = {"if": [{"question": q, "answer": as_answer(v)} for q, v in head]}
        first = True
        for step in leaf.outcome.trace:
            if (step.rule.id, step.finding) in seen or step.rule.id in ASK_THE_REGULATOR:
                continue
            finding = f"{prefix}: {step.finding}" if first else f"(If “{label}”) {step.finding}"
            steps.append(replace(step, finding=finding, extra={**step.extra, **condition}))
            first = False
    return steps


def _decided_note(open_questions: Sequence[str], what: str) -> str:
    return (
        f"The answers to {question_words(open_questions)} are not known, but every possible answer leads to "
        f"{what}, so they do not change it."
    )


def _open_questions(found: Exploration[Any]) -> list[str]:
    return list(dict.fromkeys(q for leaf in found.leaves for q, _ in leaf.conditions))


def _finish_decided(outcome: T, found: Exploration[T], rep: T, what: str) -> T:
    leaves = found.leaves
    outcome.trace = [s for s in found.strict.trace if s.rule.id not in ASK_THE_REGULATOR]
    outcome.trace += _branch_steps(found.strict.trace, leaves)
    if hasattr(outcome, "borderline"):
        outcome.borderline = any(getattr(leaf.outcome, "borderline", False) for leaf in leaves)
    outcome.next_steps = common([rep.next_steps] + [leaf.outcome.next_steps for leaf in leaves])
    outcome.notes = common([rep.notes] + [leaf.outcome.notes for leaf in leaves])
    outcome.notes.append(_decided_note(_open_questions(found), what))
    outcome.decisive = list(found.decisive)
    outcome.missing = list(found.decisive)
    return outcome


def _representative(found: Exploration[T], prov: Any, same: Callable[[T], bool]) -> T:
    if prov is not None and same(prov.outcome):
        return prov.outcome
    return found.leaves[0].outcome


# --- EU ----------------------------------------------------------------------------------------


def _eu_key(o: EUOutcome) -> tuple[Any, ...]:
    return (o.category, o.combined_atmp, o.not_atmp_route)


class EUStrict:
    """The strict EU rules for one set of answers and date, remembering each outcome by the
    answers the search set (hospital-exemption answers aside: the EU rules do not read them), so
    the EU and hospital-exemption searches share the EU outcomes of the same branches."""

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of
        self._outcomes: dict[frozenset[tuple[str, Any]], EUOutcome] = {}

    def __call__(self, answers: Answers) -> EUOutcome:
        key = frozenset(item for item in answers.path if not item[0].startswith(HE_PREFIX))
        outcome = self._outcomes.get(key)
        if outcome is None:
            outcome = self._outcomes[key] = eu_classification(answers, as_of=self.as_of)
        return outcome


HE_PREFIX = "he_"


def eu_resolved(answers: Answers, *, as_of: date, strict: EUStrict | None = None) -> EUOutcome:
    strict = strict or EUStrict(as_of)
    found = explore(strict, answers, _eu_key)
    outcome = found.strict
    if len(found.leaves) == 1 and not found.leaves[0].conditions:
        if outcome.category == "undetermined":
            outcome.decisive = list(outcome.missing)
        return outcome
    prov = provisional(strict, answers)
    leaves = [leaf.outcome for leaf in found.leaves]
    category = _agreed([o.category for o in leaves]) if found.exhaustive else None
    if category is None or category == "undetermined":
        outcome.decisive = list(found.decisive) if found.exhaustive else list(outcome.missing)
        if prov is not None:
            outcome.provisional = {
                "category": prov.outcome.category,
                "combined_atmp": prov.outcome.combined_atmp,
                "assumes": prov.assumes_dict(),
            }
        return outcome
    rep = _representative(found, prov, lambda o: o.category == category)
    decided = EUOutcome(
        category=category,
        combined_atmp=_agreed([o.combined_atmp for o in leaves]),
        not_atmp_route=_agreed([o.not_atmp_route for o in leaves]),
    )
    decided.framework = rep.framework if decided.not_atmp_route is not None else None
    if decided.category == "not_ATMP" and decided.not_atmp_route is None:
        decided.notes.append(
            "Which framework applies instead depends on the open answers ("
            + question_words(found.decisive)
            + ")."
        )
    _finish_decided(
        decided,
        found,
        rep,
        "the same category" if category != "not_ATMP" else "a product that is not an ATMP",
    )
    if found.decisive and prov is not None:
        decided.provisional = {
            "category": prov.outcome.category,
            "combined_atmp": prov.outcome.combined_atmp,
            "assumes": prov.assumes_dict(),
        }
    return decided


# --- US ----------------------------------------------------------------------------------------


def _us_key(o: USOutcome) -> tuple[Any, ...]:
    return (o.status, o.combination_product, o.lead_center)


def us_resolved(answers: Answers, *, as_of: date) -> USOutcome:
    def strict(a: Answers) -> USOutcome:
        return us_classification(a, as_of=as_of)

    found = explore(strict, answers, _us_key)
    outcome = found.strict
    if len(found.leaves) == 1 and not found.leaves[0].conditions:
        if outcome.status == "undetermined":
            outcome.decisive = list(outcome.missing)
        return outcome
    prov = provisional(strict, answers)
    leaves = [leaf.outcome for leaf in found.leaves]
    status = _agreed([o.status for o in leaves]) if found.exhaustive else None
    if status is None or status == "undetermined":
        outcome.decisive = list(found.decisive) if found.exhaustive else list(outcome.missing)
        if prov is not None:
            outcome.provisional = {"status": prov.outcome.status, "assumes": prov.assumes_dict()}
        return outcome
    rep = _representative(found, prov, lambda o: o.status == status)
    decided = USOutcome(
        status=status,
        combination_product=_agreed([o.combination_product for o in leaves]),
        lead_center=_agreed([o.lead_center for o in leaves]),
    )
    _finish_decided(decided, found, rep, "the same status")
    if found.decisive and prov is not None:
        decided.provisional = {"status": prov.outcome.status, "assumes": prov.assumes_dict()}
    return decided


# --- hospital exemption ------------------------------------------------------------------------


def he_resolved(
    answers: Answers,
    *,
    as_of: date,
    eu_strict: Callable[[Answers], EUOutcome],
    eu: EUOutcome | None = None,
) -> HospitalExemptionOutcome:
    """``eu``: the resolved EU outcome when its category is decided; the hospital exemption then
    rests on it, and only its own open questions are searched. Otherwise each branch rests on the
    strict EU outcome of that branch."""

    def strict(a: Answers) -> HospitalExemptionOutcome:
        return hospital_exemption_check(a, as_of=as_of, eu=eu if eu is not None else eu_strict(a))

    found = explore(strict, answers, lambda o: o.status)
    outcome = found.strict
    if len(found.leaves) == 1 and not found.leaves[0].conditions:
        if outcome.status == "undetermined":
            outcome.decisive = list(outcome.missing)
        return outcome
    leaves = [leaf.outcome for leaf in found.leaves]
    status = _agreed([o.status for o in leaves]) if found.exhaustive else None
    if status is None or status == "undetermined":
        outcome.decisive = list(found.decisive) if found.exhaustive else list(outcome.missing)
        return outcome
    routes = [o.national_route.to_dict() if o.national_route else None for o in leaves]
    # Every branch agrees on the status; when they differ only in the country, the route stays
    # the strict one (the Member State is not known) and so do its next steps.
    same_route = _agreed(routes) is not None or all(r is None for r in routes)
    rep = leaves[0] if same_route else outcome
    decided = HospitalExemptionOutcome(
        status=status,
        unmet_conditions=common([o.unmet_conditions for o in leaves]),
        national_route=rep.national_route,
    )
    _finish_decided(decided, found, leaves[0], "the same answer")
    if not same_route:
        decided.next_steps = list(dict.fromkeys(decided.next_steps + outcome.next_steps))
    return decided
