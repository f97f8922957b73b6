"""The ruleset as data: one register entry and one citation per rule id, dated parameters with
their edges, procedures defined once, a version that moves with every rule change."""

import ast
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classification.rules import ruleset
from classification.rules.core import load_register
from classification.rules.engine import warnings
from classification.rules.parameters import PARAMETERS, ParameterNotDefined, param
from classification.rules.procedures import PROCEDURES
from classification.rules.sampling import answer_space, list_schema
from pathways.rules import advise
from pathways.rules.catalogue import catalogue
from tests import products

ROOT = Path(__file__).resolve().parents[2]
REGISTERS = sorted((ROOT / "classification" / "rules" / "registers").glob("*.yaml"))
ARCHETYPES = {name: value for name, value in vars(products).items() if name.isupper() and isinstance(value, dict)}


def _register_entries():
    """Every rule id of the registers (eu, us, hospital_exemption and obligations: every
    registers/*.yaml) and of the pathway catalogue, with its citations.

    A catalogue criterion counts once per distinct citation it resolves to (its own, else its
    pathway's legal basis): a criterion shared by several pathways is one entry when every
    pathway cites it alike, and two entries (a failure) when two pathways cite it differently."""
    entries: dict[str, list[dict]] = {}
    for path in REGISTERS:
        for rule in load_register(path.stem, path):
            entries.setdefault(rule.id, []).append(rule.citation.to_dict())
    criteria: dict[str, list[dict]] = {}
    for pathway in catalogue().values():
        for criterion in pathway.criteria:
            citations = criteria.setdefault(criterion.id, [])
            if (citation := pathway.citation_of(criterion.id).to_dict()) not in citations:
                citations.append(citation)
    for criterion_id, citations in criteria.items():
        entries.setdefault(criterion_id, []).extend(citations)
    return entries


def test_every_rule_id_has_exactly_one_register_entry():
    duplicated = {rule_id: len(c) for rule_id, c in _register_entries().items() if len(c) != 1}
    assert duplicated == {}


def _step_citations(advice):
    for part in ("eu", "us", "hospital_exemption"):
        for step in advice[part]["trace"]:
            yield step["rule"], step["citation"]
    for pathway in advice["pathways"]:
        for criterion in pathway["criteria"]:
            yield criterion["id"], criterion["citation"]
    for item in advice["obligations"]:
        yield item["id"], item["citation"]


@pytest.mark.parametrize("name", sorted(ARCHETYPES))
def test_every_rule_id_in_the_advice_resolves_to_its_one_register_citation(name):
    entries = _register_entries()
    advice = advise({"schema_version": "1", "answers": ARCHETYPES[name]}, as_of=date(2026, 6, 1))
    seen: dict[str, dict] = {}
    for rule_id, citation in _step_citations(advice):
        assert rule_id in entries, f"{rule_id} is cited by the advice but has no register entry"
        assert citation == entries[rule_id][0], rule_id
        assert seen.setdefault(rule_id, citation) == citation, f"{rule_id} carries two citations"


def _random_answers():
    def spec(s):
        if "enum" in s:
            return st.sampled_from(s["enum"])
        if (listed := list_schema(s)) is not None:
            lists = st.lists(st.sampled_from(listed[0]["items"]["enum"]), unique=True, max_size=4)
            return lists | st.just("unknown") if listed[1] else lists
        if "integer" in s.get("type", []):
            return st.none() | st.integers(min_value=0, max_value=1_000_000)
        return st.none() | st.floats(min_value=0, max_value=50, allow_nan=False)

    return st.fixed_dictionaries({}, optional={q: spec(s) for q, s in answer_space().items()})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=_random_answers(), as_of=st.dates(min_value=date(2000, 1, 1), max_value=date(2031, 12, 31)))
def test_no_advice_cites_a_rule_without_a_register_entry_or_with_two_citations(answers, as_of):
    entries = _register_entries()
    seen: dict[str, dict] = {}
    for rule_id, citation in _step_citations(advise({"schema_version": "1", "answers": answers}, as_of=as_of)):
        assert rule_id in entries, rule_id
        assert seen.setdefault(rule_id, citation) == citation, f"{rule_id} carries two citations"


def test_every_register_entry_is_complete():
    for path in REGISTERS:
        for rule in load_register(path.stem, path):
            assert rule.title and rule.citation.instrument and rule.citation.provision, rule.id
            assert rule.confidence in {"V", "S", "R"}, rule.id
            assert rule.verified_on is not None, f"{rule.id} has no verified_on date"
            if rule.in_force_from and rule.in_force_until:
                assert rule.in_force_from < rule.in_force_until, rule.id


# --- dated parameters ----------------------------------------------------------------------

EDGES = [(name, when, before, after) for name, p in PARAMETERS.items() for when, before, after in p.edges()]


@pytest.mark.parametrize(("name", "when", "before", "after"), EDGES, ids=[f"{e[0]}@{e[1]}" for e in EDGES])
def test_a_dated_parameter_changes_on_its_date_and_not_the_day_before(name, when, before, after):
    assert before != after, f"{name}: two consecutive dates with the same value"
    assert param(name, when - timedelta(days=1)) == before
    assert param(name, when) == after


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_a_parameter_has_no_value_before_its_first_date(name):
    first = PARAMETERS[name].dates[0]
    with pytest.raises(ParameterNotDefined):
        param(name, first - timedelta(days=1))
    assert PARAMETERS[name].verified_on <= date.today()


RULES_MODULES = sorted(
    p
    for package in ruleset.RULES_PACKAGES
    for p in package.glob("*.py")
    if p.name not in {"ruleset.py"}  # holds LAST_CHECKED and VERIFIED_UNTIL
)


@pytest.mark.parametrize("path", RULES_MODULES, ids=[p.name for p in RULES_MODULES])
def test_no_rules_module_holds_a_date_literal(path):
    """Dates of the law are parameters (parameters_data/*.yaml) or register in-force dates."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    literals = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "date"
        and node.args
        and all(isinstance(a, ast.Constant) for a in node.args)
    ]
    assert literals == [], f"{path.name}: date literals on lines {literals}"


# --- procedures ----------------------------------------------------------------------------

RULES_AND_TEMPLATES = [
    *sorted((ROOT / "classification" / "rules").glob("*.py")),
    *sorted((ROOT / "pathways" / "rules").glob("*.py")),
]


@pytest.mark.parametrize("procedure_id", sorted(PROCEDURES))
def test_a_procedure_sentence_is_written_once(procedure_id):
    sentence = PROCEDURES[procedure_id].next_step
    fragment = sentence[:60]
    copies = [p.name for p in RULES_AND_TEMPLATES if fragment in p.read_text(encoding="utf-8")]
    assert copies == []


# --- version and fingerprint ---------------------------------------------------------------


def test_the_rules_have_not_changed_since_the_ruleset_version_was_locked():
    lock = ruleset.read_lock()
    assert lock["version"] == ruleset.RULESET_VERSION, (
        "ruleset.lock belongs to another version: run `python -m classification.rules.ruleset --lock`"
    )
    assert lock["fingerprint"] == ruleset.fingerprint(), (
        "The rules changed since ruleset.lock was written: bump RULESET_VERSION, add a CHANGELOG entry "
        "naming the rule ids, then run `python -m classification.rules.ruleset --lock`."
    )


def test_the_changelog_has_an_entry_for_the_ruleset_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## Ruleset {re.escape(ruleset.RULESET_VERSION)}\b", changelog, re.M)


def test_the_fingerprint_sees_a_changed_rule_but_not_a_comment(tmp_path, monkeypatch):
    source = tmp_path / "rules"
    source.mkdir()
    module = source / "x.py"
    module.write_text("LIMIT = 5\n")
    monkeypatch.setattr(ruleset, "RULES_PACKAGES", (source,))
    monkeypatch.setattr(ruleset, "ROOT", tmp_path)
    first = ruleset.fingerprint()
    module.write_text("# the EU threshold\nLIMIT = 5  # per 10,000\n")
    assert ruleset.fingerprint() == first
    module.write_text("LIMIT = 6\n")
    assert ruleset.fingerprint() != first


def test_advice_past_the_verification_horizon_carries_a_warning():
    assert warnings(ruleset.VERIFIED_UNTIL) == []
    [warning] = warnings(ruleset.VERIFIED_UNTIL + timedelta(days=1))
    assert ruleset.VERIFIED_UNTIL.isoformat() in warning
    advice = advise({"schema_version": "1", "answers": products.CAR_T}, as_of=date(2028, 3, 1))
    assert advice["warnings"] and advice["ruleset"]["verified_until"] == ruleset.VERIFIED_UNTIL.isoformat()
