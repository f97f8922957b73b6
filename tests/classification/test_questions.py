"""The question catalogue (questions.yaml) matches the answers contract and its show_if rules hold.

Pure Python: no Django needed.
"""

import json
from pathlib import Path

import pytest
import yaml

from classification.rules.core import UNKNOWN
from classification.rules.questions import CATALOGUE_PATH, catalogue, condition_holds, parse_catalogue
from classification.rules.sampling import list_schema
from classification.rules.validation import answers_errors

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "schemas" / "answers.schema.json").read_text(encoding="utf-8")
)
ANSWER_PROPERTIES = SCHEMA["properties"]["answers"]["properties"]
SCHEMA_IDS = list(ANSWER_PROPERTIES)

SECTIONS = [
    ("product", "Product and purpose"),
    ("nucleic_acids", "Nucleic acids"),
    ("cells", "Cells and tissues"),
    ("manipulation", "Manipulation"),
    ("function", "Function and purpose"),
    ("devices", "Devices"),
    ("united_states", "United States"),
    ("development", "Development profile"),
    ("hospital_exemption", "Hospital exemption"),
]

RAW = yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))
CATALOGUE = catalogue()
QUESTIONS = {q.id: q for q in CATALOGUE.questions}


def _enum(prop):
    if "enum" in prop:
        return prop["enum"]
    if (listed := list_schema(prop)) is not None:
        return listed[0]["items"]["enum"] + ([UNKNOWN] if listed[1] else [])
    return None


def _referenced(show_if):
    """Question ids a show_if looks at, however deeply nested."""
    if not show_if:
        return []
    if "all" in show_if or "any" in show_if:
        return [qid for cond in show_if.get("all", show_if.get("any")) for qid in _referenced(cond)]
    return [show_if["question"]]


def test_sections_are_the_nine_expected_in_order():
    assert [(s.id, s.title) for s in CATALOGUE.sections] == SECTIONS


def test_every_question_belongs_to_a_known_section():
    section_ids = {s.id for s in CATALOGUE.sections}
    assert [q.id for q in CATALOGUE.questions if q.section not in section_ids] == []


def test_questions_are_grouped_by_section_in_section_order():
    order = [s.id for s in CATALOGUE.sections]
    positions = [order.index(q.section) for q in CATALOGUE.questions]
    assert positions == sorted(positions)


def test_every_schema_answer_is_in_the_catalogue_exactly_once_and_vice_versa():
    ids = [q["id"] for q in RAW["questions"]]
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    assert set(ids) == set(SCHEMA_IDS)


def test_questions_keep_the_schema_order_inside_each_section():
    ids = [q.id for q in CATALOGUE.questions]
    assert ids == sorted(ids, key=SCHEMA_IDS.index)


@pytest.mark.parametrize("qid", SCHEMA_IDS)
def test_choices_match_the_schema_enum_without_unknown(qid):
    question, prop = QUESTIONS[qid], ANSWER_PROPERTIES[qid]
    enum = _enum(prop)
    if enum is None:
        assert question.choices == ()
        return
    assert [c.value for c in question.choices] == [v for v in enum if v != UNKNOWN]
    for choice in question.choices:
        assert isinstance(choice.label, str) and choice.label.strip()


@pytest.mark.parametrize("qid", SCHEMA_IDS)
def test_allow_unknown_iff_the_schema_allows_unknown(qid):
    enum = _enum(ANSWER_PROPERTIES[qid]) or []
    assert QUESTIONS[qid].allow_unknown is (UNKNOWN in enum)


@pytest.mark.parametrize("qid", SCHEMA_IDS)
def test_type_matches_the_schema(qid):
    question, prop = QUESTIONS[qid], ANSWER_PROPERTIES[qid]
    if list_schema(prop) is not None:
        assert question.type == "multichoice"
    elif prop.get("type") == ["number", "null"]:
        assert question.type == "number"
        assert question.unit
    elif prop.get("type") == ["integer", "null"]:
        assert question.type == "integer"
        assert question.unit
    elif _enum(prop) is not None and set(_enum(prop)) <= {True, False, UNKNOWN}:
        assert question.type == "boolean"
    else:
        assert question.type == "choice"


def test_boolean_choices_are_real_booleans_labelled_in_words():
    for q in CATALOGUE.questions:
        if q.type == "boolean":
            assert [type(c.value) for c in q.choices] == [bool, bool], q.id


@pytest.mark.parametrize("qid", SCHEMA_IDS)
def test_every_question_has_text_help_definition_and_citation(qid):
    q = QUESTIONS[qid]
    assert q.text.strip() and q.text.rstrip().endswith("?"), qid
    assert len(q.help.strip()) > 20
    assert len(q.definition.strip()) > 20
    assert q.citation is not None
    assert q.citation.instrument.strip() and q.citation.provision.strip()
    assert q.citation.url and q.citation.url.startswith(("http://", "https://"))


def test_every_show_if_refers_only_to_earlier_questions():
    seen: set[str] = set()
    for q in CATALOGUE.questions:
        refs = _referenced(q.show_if)
        assert [r for r in refs if r not in seen] == [], q.id
        seen.add(q.id)


def test_show_if_values_are_allowed_values_of_the_referenced_question():
    for q in CATALOGUE.questions:
        stack = [q.show_if] if q.show_if else []
        while stack:
            cond = stack.pop()
            if "all" in cond or "any" in cond:
                stack.extend(cond.get("all", cond.get("any")))
                continue
            allowed = _enum(ANSWER_PROPERTIES[cond["question"]])
            values = cond.get("in") or cond.get("not_in") or cond.get("includes_any")
            assert values, (q.id, cond)
            assert [v for v in values if v not in allowed] == [], (q.id, cond)


def test_every_show_if_condition_is_understood_by_the_loader():
    for q in CATALOGUE.questions:
        condition_holds(q.show_if, {})  # raises ValueError on an unknown condition


def test_empty_answers_show_only_unconditional_questions():
    visible = [q.id for q in CATALOGUE.visible({})]
    assert visible == [q.id for q in CATALOGUE.questions if not q.show_if]
    assert visible[0] == "medicinal_purpose"
    assert "contains_cells_or_tissues" in visible
    assert "genome_editing" in visible
    assert "cells_nucleated" not in visible
    assert "he_member_state" in visible and "he_custom_made_for_individual_patient" in visible
    assert "condition_severity" in visible and "public_health_emergency" in visible
    assert "rare_paediatric_disease" not in visible


def _visible(answers):
    return {q.id for q in CATALOGUE.visible(answers)}


def test_gene_questions_follow_the_nucleic_acid_answer():
    assert {"nucleic_acid_acts_on_genetic_sequence", "transgene_role"} <= _visible(
        {"nucleic_acid": "recombinant"}
    )
    assert {"nucleic_acid_acts_on_genetic_sequence", "transgene_role"} <= _visible({"nucleic_acid": UNKNOWN})
    assert "transgene_role" not in _visible({"nucleic_acid": "chemically_synthesised"})
    assert "infectious_disease_vaccine" in _visible({"nucleic_acid": "chemically_synthesised"})
    assert "infectious_disease_vaccine" not in _visible({"nucleic_acid": "none"})
    assert "genome_editing" in _visible({"nucleic_acid": "none"})


def test_cell_questions_are_asked_only_when_there_may_be_cells():
    cell_questions = {
        "cells_nucleated",
        "cell_origin",
        "cells_viable",
        "manipulations",
        "same_essential_function",
        "intended_purpose",
        "us_excluded_article",
        "us_tissue_type",
        "us_minimally_manipulated",
        "us_homologous_use",
        "us_combined_with_other_article",
        "us_systemic_or_metabolic",
    }
    assert cell_questions <= _visible({"contains_cells_or_tissues": True})
    assert cell_questions <= _visible({"contains_cells_or_tissues": UNKNOWN})
    assert cell_questions & _visible({"contains_cells_or_tissues": False}) == set()


def test_non_viable_questions_depend_on_viability_and_the_device():
    base = {"contains_cells_or_tissues": True}
    assert "non_viable_cells_act_pim" not in _visible({**base, "cells_viable": "viable"})
    assert "non_viable_cells_act_pim" in _visible({**base, "cells_viable": "non_viable"})
    no_device = {**base, "cells_viable": "non_viable", "integral_medical_device": False}
    assert "non_viable_action_primary_to_device" not in _visible(no_device)
    device = {**base, "cells_viable": UNKNOWN, "integral_medical_device": True}
    assert "non_viable_action_primary_to_device" in _visible(device)
    viable = {**base, "cells_viable": "viable", "integral_medical_device": True}
    assert "non_viable_action_primary_to_device" not in _visible(viable)


def test_the_judgement_on_other_steps_is_asked_only_for_steps_outside_annex_i():
    base = {"contains_cells_or_tissues": True}
    assert "other_manipulation_alters_characteristics" not in _visible({**base, "manipulations": ["cutting"]})
    assert "other_manipulation_alters_characteristics" not in _visible({**base, "manipulations": []})
    for step in ("enzymatic_digestion", "decellularisation", "other"):
        answers = {**base, "manipulations": ["centrifugation", step]}
        assert "other_manipulation_alters_characteristics" in _visible(answers)


def test_us_follow_up_questions():
    base = {"contains_cells_or_tissues": True}
    assert "us_same_surgical_procedure" in _visible({**base, "cell_origin": "autologous"})
    assert "us_same_surgical_procedure" not in _visible({**base, "cell_origin": "allogeneic"})
    assert "us_donor_relationship" in _visible({**base, "us_systemic_or_metabolic": True})
    assert "us_donor_relationship" not in _visible({**base, "us_systemic_or_metabolic": False})
    # An AAV delivered with an integral device: no cells, but the lead centre still matters.
    assert "us_primary_mode_of_action" in _visible(
        {"contains_cells_or_tissues": False, "integral_medical_device": True}
    )
    assert "us_primary_mode_of_action" in _visible(
        {**base, "integral_medical_device": False, "us_combined_with_other_article": True}
    )
    assert "us_primary_mode_of_action" not in _visible(
        {**base, "integral_medical_device": False, "us_combined_with_other_article": False}
    )


def test_rare_paediatric_disease_is_asked_only_for_children():
    assert "rare_paediatric_disease" in _visible({"paediatric_indication": True})
    assert "rare_paediatric_disease" not in _visible({"paediatric_indication": False})


def test_prune_drops_answers_that_can_no_longer_matter():
    answers = {
        "contains_cells_or_tissues": True,
        "cells_viable": "non_viable",
        "non_viable_cells_act_pim": True,
        "cell_origin": "autologous",
        "us_same_surgical_procedure": False,
        "manipulations": ["enzymatic_digestion"],
        "other_manipulation_alters_characteristics": True,
        "he_member_state": "ES",
    }
    kept, dropped = CATALOGUE.prune(answers)
    assert dropped == [] and kept == answers

    kept, dropped = CATALOGUE.prune({**answers, "cells_viable": "viable"})
    assert dropped == ["non_viable_cells_act_pim"]

    kept, dropped = CATALOGUE.prune({**answers, "manipulations": ["expansion"]})
    assert dropped == ["other_manipulation_alters_characteristics"]

    # Hiding an earlier question also drops what depends on it, transitively.
    kept, dropped = CATALOGUE.prune({**answers, "contains_cells_or_tissues": False})
    assert set(dropped) == set(answers) - {"contains_cells_or_tissues", "he_member_state"}
    assert kept == {"contains_cells_or_tissues": False, "he_member_state": "ES"}


def test_choice_labels_read_in_words():
    q = CATALOGUE.question("he_member_state")
    assert q.choice_label("ES") == "Spain"
    assert q.choice_label("NO") == "Norway"
    assert q.choice_label(UNKNOWN) == "I don't know"
    assert CATALOGUE.question("medicinal_purpose").choice_label(True) == "Yes"
    assert (
        CATALOGUE.question("manipulations").choice_label(["cutting", "expansion"])
        == "Cutting, Expansion or culture"
    )


# ---- grouped choices, "None of these" and "I don't know" on a multichoice (issue 12, item 8)

ANNEX_I = {
    "cutting", "grinding", "shaping", "centrifugation", "antibiotic_soaking", "sterilisation", "irradiation",
    "cell_separation", "concentration", "purification", "filtering", "lyophilisation", "freezing",
    "cryopreservation", "vitrification",
}


def test_processing_steps_are_grouped_as_the_rules_sort_them():
    from classification.rules.eu import JUDGEMENT_STEPS, SUBSTANTIAL_STEPS

    q = CATALOGUE.question("manipulations")
    groups = {g.id: {c.value for c in g.choices} for g in q.choice_groups}
    assert groups == {"not_substantial": ANNEX_I, "substantial": set(SUBSTANTIAL_STEPS),
                      "judgement": set(JUDGEMENT_STEPS)}
    assert [c for g in q.grouped_choices() for c in g.choices] == list(q.choices)
    assert all(g.title.strip() and g.help.strip() for g in q.choice_groups)


def test_processing_steps_offer_none_of_these_and_i_dont_know():
    q = CATALOGUE.question("manipulations")
    assert q.none_label.startswith("None of these") and q.allow_unknown
    assert q.choice_label([]) == q.none_label
    assert q.choice_label(UNKNOWN) == "I don't know"
    # "I don't know" is an answer the schema accepts, and the rules read it as open.
    assert answers_errors({"schema_version": "1", "answers": {"manipulations": UNKNOWN}}) == []
    assert "other_manipulation_alters_characteristics" not in _visible(
        {"contains_cells_or_tissues": True, "manipulations": UNKNOWN}
    )


def test_ungrouped_choices_form_one_untitled_group():
    q = CATALOGUE.question("goals")
    (group,) = q.grouped_choices()
    assert group.title == "" and group.choices == q.choices and q.none_label == ""


def _catalogue_with(question):
    base = {"id": "q", "section": "s", "text": "Which?", "type": "multichoice"}
    return parse_catalogue({"sections": [{"id": "s", "title": "S"}], "questions": [{**base, **question}]})


@pytest.mark.parametrize("question", [
    {"choices": [{"value": "a", "label": "A"}],
     "choice_groups": [{"id": "g", "title": "G", "choices": [{"value": "b", "label": "B"}]}]},
    {"choices": [{"value": "none", "label": "None"}]},
    {"choice_groups": [{"id": "g", "title": "G", "choices": [{"value": "unknown", "label": "?"}]}]},
    {"type": "choice", "none_label": "None", "choices": [{"value": "a", "label": "A"}]},
])
def test_a_catalogue_that_mixes_up_groups_or_reserved_values_is_refused(question):
    with pytest.raises(ValueError):
        _catalogue_with(question)


def test_i_dont_know_leaves_the_steps_open_and_none_of_these_says_used_as_collected():
    from classification.rules.engine import classify
    from tests.products import CHONDROCYTES

    def eu(steps):
        return classify({"schema_version": "1", "answers": {**CHONDROCYTES, "manipulations": steps}}).eu

    unknown = eu(UNKNOWN)
    assert unknown.category == "undetermined" and "manipulations" in unknown.decisive
    assert eu([]).category == "not_ATMP"  # chondrocytes used as collected, for the same function
