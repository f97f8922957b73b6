"""Golden scenarios of issue 11: the product's stage, the user's goals, obligations apart from
options, each jurisdiction by its own law, and the precision of the Breakthrough criterion.
Each expectation is written from the law the test names, not from the code."""

import json
from datetime import date

import pytest

from classification.rules.validation import advice_errors
from pathways.roadmap_svg import LABEL_CHARS, roadmap_chart, wrap
from pathways.rules import advise
from tests.products import CAR_T, CHONDROCYTES, HSC

from .test_pathway_scenarios import BASES, PROFILE

AS_OF = date(2026, 6, 1)
DEVELOPMENT_DESIGNATIONS = (
    "US_FAST_TRACK",
    "US_BREAKTHROUGH",
    "US_RMAT",
    "EU_PRIME",
    "JP_SAKIGAKE",
    "UK_ILAP",
)
ELIGIBLE = {"eligible", "potentially_eligible"}


def run(answers, as_of=AS_OF):
    advice = advise({"schema_version": "1", "answers": answers}, as_of=as_of)
    assert advice_errors(advice) == []
    return advice, {p["id"]: p for p in advice["pathways"]}, {o["id"]: o for o in advice["obligations"]}


# --- item 2: an authorised CAR-T ------------------------------------------------------------------

AUTHORISED_CAR_T = {
    **CAR_T,
    **PROFILE,
    "us_excluded_article": "none",
    "development_stage": "authorised",
    "evidence_level": "confirmatory",
}


def test_an_authorised_product_is_offered_no_development_designation_and_told_what_applies_instead():
    advice, pathways, obligations = run(AUTHORISED_CAR_T)
    for pid in DEVELOPMENT_DESIGNATIONS:
        assert pathways[pid]["status"] == "not_applicable", (pid, pathways[pid]["reasons"])
        assert any("already authorised" in r for r in pathways[pid]["reasons"]), pid
        assert any("new indication" in i for i in pathways[pid]["instead"]), pid
    for pid in ("UK_CONDITIONAL_MA", "JP_CONDITIONAL_TIME_LIMITED", "EU_CONDITIONAL_MA"):
        assert pathways[pid]["status"] == "not_applicable", pid
    assert not [m for m in advice["roadmap"] if m["pathway_id"] in DEVELOPMENT_DESIGNATIONS]
    # post-authorisation duties are obligations
    assert {"EU-PWY-13", "US-POST-1"} <= set(obligations)
    assert "EU-PWY-10" not in obligations and "EU-PWY-11" not in obligations


@pytest.mark.parametrize("pid", ["UK_CONDITIONAL_MA", "JP_CONDITIONAL_TIME_LIMITED", "EU_CONDITIONAL_MA"])
def test_confirmatory_data_rule_out_a_conditional_route_before_authorisation(pid):
    _, pathways, _ = run({**AUTHORISED_CAR_T, "development_stage": "marketing_application"})
    assert pathways[pid]["status"] == "not_eligible", pathways[pid]["reasons"]


# --- item 2: an unknown stage is open, never a default ---------------------------------------------


def test_an_unknown_stage_is_open_and_named_never_read_as_research():
    advice, pathways, obligations = run({**BASES["aav"], "development_stage": "unknown"})
    assert advice["roadmap"] == []
    assert advice["roadmap_start"]["stage"] is None and advice["roadmap_start"]["needs"] == [
        "development_stage"
    ]
    for pid in ("US_FAST_TRACK", "US_BREAKTHROUGH", "US_RMAT", "EU_PRIME"):
        assert pathways[pid]["status"] == "potentially_eligible", pid
        assert "development_stage" in pathways[pid]["needs"], pid
    assert obligations["EU-PWY-10"]["applies"] == "depends"
    assert obligations["EU-PWY-10"]["needs"] == ["development_stage"]


def test_a_known_stage_starts_the_roadmap_there():
    advice, _, _ = run({**BASES["aav"], "development_stage": "phase_2"})
    assert advice["roadmap_start"]["stage"] == "phase_2"
    assert advice["roadmap"] and all(m["start_month"] >= 0 for m in advice["roadmap"])
    assert {m["stage_code"] for m in advice["roadmap"]} <= {"phase_2", "phase_3", "marketing_application"}


# --- item 1: goals ---------------------------------------------------------------------------------

HOSPITAL_CAR_T = {
    **CAR_T,
    **PROFILE,
    "us_excluded_article": "none",
    "sponsor_type": "hospital",
    "development_stage": "phase_1",
    "goals": ["hospital_exemption"],
    "he_member_state": "ES",
    "he_non_routine": True,
    "he_specific_quality_standards": True,
    "he_used_in_same_member_state": True,
    "he_used_in_hospital": True,
    "he_physician_exclusive_responsibility": True,
    "he_individual_prescription": True,
    "he_custom_made_for_individual_patient": True,
}


def test_a_hospital_exemption_only_goal_gets_the_national_route_not_an_industrial_roadmap():
    advice, pathways, obligations = run(HOSPITAL_CAR_T)
    assert advice["goals"] == {
        "ticked": ["hospital_exemption"],
        "served": ["hospital_exemption"],
        "hospital_exemption_only": True,
    }
    assert advice["roadmap"] == []
    route = advice["national_route"]
    assert "AEMPS" in route["authority"] and "Real Decreto 477/2014" in route["application"]
    assert route["reporting_duties"] and route["timeline"]
    assert route["citation"]["instrument"].startswith("Real Decreto 477/2014") or "477/2014" in json.dumps(
        route
    )
    # every central-authorisation pathway is kept with its legal status but serves no goal ticked
    assert not [p for p in pathways.values() if p["serves_goals"]]
    assert not obligations["EU-PWY-1"]["serves_goals"]
    assert not obligations["EU-PWY-11"]["serves_goals"]
    assert obligations["EU-PWY-9"]["serves_goals"]  # GMO rules bind hospital manufacture too
    assert not [i for i in advice["proposed_law"] if i["serves_goals"]]


def test_no_goal_ticked_means_every_goal():
    advice, pathways, _ = run(BASES["aav"])
    assert advice["goals"]["ticked"] == [] and len(advice["goals"]["served"]) == 5
    assert all(p["serves_goals"] for p in pathways.values())
    assert advice["national_route"] is not None


def test_a_us_only_goal_keeps_the_roadmap_to_us_requests():
    advice, pathways, obligations = run({**BASES["aav"], "goals": ["us_licence"]})
    assert advice["roadmap"] and {m["jurisdiction"] for m in advice["roadmap"]} == {"US"}
    assert {p["jurisdiction"] for p in pathways.values() if p["serves_goals"]} == {"US"}
    assert {o["jurisdiction"] for o in obligations.values() if o["serves_goals"]} == {"US"}
    assert advice["national_route"] is None


# --- item 3: obligations are never options -----------------------------------------------------------


def test_the_jca_is_an_obligation_with_its_trigger_and_date_never_a_pathway():
    _, pathways, obligations = run(BASES["aav"])
    assert "EU_HTA_JCA" not in pathways
    jca = obligations["EU-PWY-11"]
    assert jca["applies"] == "yes" and jca["date"] == "2025-01-13"
    assert jca["trigger"] == "The marketing authorisation application"
    assert "after 12 January 2025" in jca["text"]
    assert all(o.get("status") is None for o in obligations.values())  # no eligibility on any obligation


def test_every_obligation_names_its_trigger_and_how_it_applies():
    for answers in (BASES["aav"], AUTHORISED_CAR_T, HOSPITAL_CAR_T, {**BASES["hctp361"]}):
        _, _, obligations = run(answers)
        for item in obligations.values():
            assert item["trigger"] and item["applies"] in {"yes", "depends", "from_date"}, item


def test_accelerated_approval_brings_the_confirmatory_trial_duty():
    _, pathways, obligations = run({**BASES["aav"], "surrogate_endpoint_reasonably_likely": True})
    assert pathways["US_ACCELERATED_APPROVAL"]["status"] == "eligible"
    duty = obligations["US-AA-CONF"]
    assert "180 days" in duty["text"] and "under way before approval" in duty["text"]
    assert "under way before approval" in pathways["US_ACCELERATED_APPROVAL"]["criteria"][-1]["text"]


@pytest.mark.parametrize("medicinal", [False])
def test_eu_medicines_obligations_only_for_medicinal_products(medicinal):
    for answers in (BASES["hctp361"], HSC | PROFILE, {**BASES["aav"], "medicinal_purpose": medicinal}):
        _, _, obligations = run(answers)
        assert not {"EU-PWY-8", "EU-PWY-12", "EU-PWY-1", "EU-PWY-11"} & set(obligations), sorted(obligations)


# --- item 4: each jurisdiction by its own law -----------------------------------------------------


@pytest.mark.parametrize("as_of", [date(2027, 8, 7), date(2028, 3, 1)])
def test_a_non_engineered_graft_after_7_august_2027_is_judged_by_uk_and_japanese_law(as_of):
    advice, pathways, obligations = run(BASES["hctp361"], as_of)
    assert "2024/1938" in json.dumps(advice["eu"])  # the EU framework of the day
    for pid in ("UK_ILAP", "UK_CONDITIONAL_MA", "JP_SAKIGAKE", "JP_CONDITIONAL_TIME_LIMITED"):
        text = " ".join(pathways[pid]["reasons"])
        assert pathways[pid]["status"] in {"not_applicable", "not_eligible"}, pid
        assert "2024/1938" not in text and "SoHO" not in text and "Directive 2004/23" not in text, (pid, text)
    assert "Human Tissue Authority" in " ".join(pathways["UK_CONDITIONAL_MA"]["reasons"])
    assert "PMD Act" in " ".join(pathways["JP_SAKIGAKE"]["reasons"])
    assert "UK-HTA-1" in obligations and "UK-MA-1" not in obligations
    for item in obligations.values():
        if item["jurisdiction"] in {"UK", "JP"}:
            assert "2024/1938" not in item["text"]


def test_a_tissue_product_that_is_not_a_medicine_gets_no_ilap():
    _, pathways, _ = run(BASES["hctp361"])
    assert pathways["UK_ILAP"]["status"] == "not_applicable"


def test_japan_reads_processed_cells_by_its_own_test():
    # cultured chondrocytes are processed cells: a regenerative medical product under the PMD Act
    _, pathways, obligations = run({**CHONDROCYTES, **PROFILE, "us_excluded_article": "none"})
    assert pathways["JP_CONDITIONAL_TIME_LIMITED"]["status"] in ELIGIBLE
    assert "JP-MA-1" in obligations and "Class II" in obligations["JP-ASRM-1"]["text"]


# --- item 5: Breakthrough precision (FD&C Act 506(a)(1)) ----------------------------------------------

COMBINED_TEP = {
    **CHONDROCYTES,
    **PROFILE,
    "us_excluded_article": "none",
    "evidence_level": "preliminary_clinical_efficacy",
}


def test_a_significant_benefit_over_a_satisfactory_therapy_is_at_most_potentially_eligible():
    _, pathways, _ = run(
        {**COMBINED_TEP, "satisfactory_treatment_exists": True, "expected_benefit": "significant"}
    )
    breakthrough = pathways["US_BREAKTHROUGH"]
    assert breakthrough["status"] == "potentially_eligible"
    assert any("substantial" in m and "significant benefit" in m for m in breakthrough["missing_evidence"])
    assert "substantial improvement over existing therapies" in breakthrough["criteria"][1]["text"]


def test_no_improvement_expected_is_not_eligible_for_breakthrough():
    _, pathways, _ = run({**COMBINED_TEP, "satisfactory_treatment_exists": True, "expected_benefit": "none"})
    assert pathways["US_BREAKTHROUGH"]["status"] == "not_eligible"


def test_a_major_improvement_with_preliminary_clinical_evidence_is_eligible():
    _, pathways, _ = run({**COMBINED_TEP, "satisfactory_treatment_exists": True, "expected_benefit": "major"})
    assert pathways["US_BREAKTHROUGH"]["status"] == "eligible"


# --- item 6: the 2025-2026 programmes ------------------------------------------------------------------


def test_flagged_options_are_never_eligibilities_and_carry_their_conditions():
    advice, pathways, _ = run({**BASES["aav"], "us_patients": 400, "development_stage": "phase_1"})
    options = {o["id"]: o for o in advice["flagged_options"]}
    assert set(options) == {"US-FLAG-RDEP", "US-FLAG-PM", "US-FLAG-CNPV"}
    assert not set(options) & set(pathways)
    assert options["US-FLAG-RDEP"]["fit"] == "open"  # the genetic defect is not asked
    assert all(o["conditions"] and o["checked_on"] for o in options.values())
    late, _, _ = run({**BASES["aav"], "us_patients": 400, "development_stage": "phase_3"})
    assert next(o for o in late["flagged_options"] if o["id"] == "US-FLAG-RDEP")["fit"] == "does_not_fit"


def test_the_eu_orphan_and_data_protection_reform_is_proposed_and_dated():
    advice, _, _ = run(BASES["aav"])
    items = {i["id"]: i for i in advice["proposed_law"]}
    assert set(items) == {"EU-PROP-ORPHAN", "EU-PROP-RDP"}
    assert all("Proposed, not law" in i["text"] and i["checked_on"] == "2026-12-03" for i in items.values())
    early, _, _ = run(BASES["aav"], date(2022, 6, 1))
    assert early["proposed_law"] == []


def test_the_uk_conditional_ma_shows_no_unverified_regulation_number():
    _, pathways, _ = run(BASES["aav"])
    uk = pathways["UK_CONDITIONAL_MA"]
    assert uk["name"] == "UK conditional marketing authorisation"
    assert "58A" not in json.dumps(uk)


# --- item 7: labels never clipped --------------------------------------------------------------------


def test_roadmap_labels_wrap_whole_words_and_lose_nothing():
    label = "Request Regenerative Medicine Advanced Therapy (RMAT) designation"
    chart = roadmap_chart(
        [
            {"label": label, "start_month": 0, "duration_days": 60, "status": "eligible"},
            {"label": "Request PRIME", "start_month": 6, "duration_days": 40, "status": "eligible"},
        ]
    )
    first, second = chart["rows"]
    assert " ".join(line["text"] for line in first["lines"]) == label
    assert all(len(line["text"]) <= LABEL_CHARS for line in first["lines"]) and len(first["lines"]) > 1
    assert second["y"] >= first["y"] + first["height"]  # rows do not overlap
    assert chart["height"] >= second["y"] + second["height"]
    assert wrap("a" * 50) == ["a" * 50]  # one long word keeps its own line, never cut
