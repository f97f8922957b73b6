"""Property tests over the whole answer space (hypothesis)."""

from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from classification.rules.sampling import answer_space, list_schema
from classification.rules.validation import advice_errors, answers_errors
from pathways.rules import advise
from tests.products import CAR_T, CHONDROCYTES

ATMP = {"GTMP", "sCTMP", "TEP"}


def _strategy_for(spec):
    if "enum" in spec:
        return st.sampled_from(spec["enum"])
    if (listed := list_schema(spec)) is not None:
        lists = st.lists(st.sampled_from(listed[0]["items"]["enum"]), unique=True, max_size=6)
        return lists | st.just("unknown") if listed[1] else lists
    if "integer" in spec.get("type", []):
        return st.none() | st.integers(min_value=0, max_value=10_000_000)
    return st.none() | st.floats(min_value=0, max_value=10000, allow_nan=False)


def _steps(answers):
    """The processing steps given, as a list to add to ("I don't know" and no answer: none yet)."""
    steps = answers.get("manipulations")
    return list(steps) if isinstance(steps, list) else []


answers_strategy = st.fixed_dictionaries(
    {}, optional={qid: _strategy_for(spec) for qid, spec in answer_space().items()}
)


def _near(archetype_answers):
    """Random answers that keep most of an archetype's answers: a targeted strategy for
    properties about ATMPs, which uniformly random answers rarely are."""
    keys = sorted(archetype_answers)
    return st.tuples(answers_strategy, st.sets(st.sampled_from(keys), max_size=3)).map(
        lambda pair: {**pair[0], **{k: v for k, v in archetype_answers.items() if k not in pair[1]}}
    )


atmp_answers = st.one_of(_near(CAR_T), _near(CHONDROCYTES))
dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(answers=answers_strategy, as_of=dates)
def test_any_valid_answers_give_schema_valid_advice_with_traces(answers, as_of):
    document = {"schema_version": "1", "answers": answers}
    assert answers_errors(document) == []
    advice = advise(document, as_of=as_of)
    assert advice_errors(advice) == []
    for part in ("eu", "us", "hospital_exemption"):
        assert advice[part]["trace"], part
    assert advise(document, as_of=as_of) == advice  # deterministic


@PROPERTY_SETTINGS
@given(answers=atmp_answers, as_of=dates, step=st.sampled_from(["expansion", "genetic_modification", "activation", "differentiation"]))
def test_adding_a_substantial_manipulation_never_turns_an_atmp_into_a_non_atmp(answers, as_of, step):
    before = advise({"schema_version": "1", "answers": answers}, as_of=as_of)["eu"]["category"]
    assume(before in ATMP)
    manipulations = _steps(answers)
    if step not in manipulations:
        manipulations.append(step)
    after = advise({"schema_version": "1", "answers": {**answers, "manipulations": manipulations}}, as_of=as_of)
    assert after["eu"]["category"] in ATMP


@PROPERTY_SETTINGS
@given(answers=_near(CHONDROCYTES), as_of=dates)
def test_adding_a_therapeutic_recombinant_sequence_to_an_engineered_cell_product_yields_gtmp(answers, as_of):
    engineered_cells = {
        **answers,
        "medicinal_purpose": True,
        "genome_editing": False,
        "contains_cells_or_tissues": True,
        "cells_nucleated": True,
        "cells_viable": "viable",
        "manipulations": sorted({*_steps(answers), "expansion"}),
    }
    before = advise({"schema_version": "1", "answers": engineered_cells}, as_of=as_of)["eu"]["category"]
    assume(before in {"sCTMP", "TEP"})
    modified = {
        **engineered_cells,
        "nucleic_acid": "recombinant",
        "nucleic_acid_acts_on_genetic_sequence": True,
        "transgene_role": "therapeutic",
        "infectious_disease_vaccine": False,
        "manipulations": sorted({*engineered_cells["manipulations"], "genetic_modification"}),
    }
    assert advise({"schema_version": "1", "answers": modified}, as_of=as_of)["eu"]["category"] == "GTMP"


def _anything():
    """JSON-like values of every kind, including the awkward ones."""
    scalars = (
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
        | st.sampled_from(["unknown", "recombinant", "expansion", "2026-06-01", "2026-W01-1", "\x00", "\ud800"])
    )
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=8)


def _near_valid_documents():
    """Valid documents with some answers replaced by anything, and some extra keys."""
    return st.tuples(answers_strategy, st.dictionaries(st.sampled_from(sorted(answer_space()) + ["bogus"]), _anything(), max_size=3),
                     st.sampled_from([None, "2026-06-01", "2026-6-1", "2026-W01-1", 20260601]),
                     st.none() | st.dictionaries(st.sampled_from(["name", "description", "x"]), _anything(), max_size=2)).map(
        lambda t: {"schema_version": "1", "answers": {**t[0], **t[1]},
                   **({} if t[2] is None else {"as_of": t[2]}), **({} if t[3] is None else {"product": t[3]})}
    )


@settings(max_examples=600, deadline=None)
@given(document=_near_valid_documents() | _anything())
def test_the_fast_check_never_accepts_a_document_full_validation_refuses(document):
    from classification.rules.plain_answers import plainly_valid

    if plainly_valid(document):
        assert answers_errors(document) == []


@settings(max_examples=200, deadline=None)
@given(answers=answers_strategy)
def test_the_fast_check_accepts_the_valid_answers_of_the_wizard(answers):
    from classification.rules.plain_answers import plainly_valid

    assert plainly_valid({"schema_version": "1", "answers": answers})
