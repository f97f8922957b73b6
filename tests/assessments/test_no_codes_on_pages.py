"""No rendered page shows a question id, a value code or an internal tag where words belong: the
list, every question, the review, the result, the pathways page and the export page, for the
archetype products and for a run answered "I don't know" throughout. Rule ids may appear only as
references beside the words, in brackets."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from assessments import services, wizard
from assessments.models import Assessment
from classification.rules.questions import catalogue
from dossiers.models import Export
from tests.products import CAR_T, CHONDROCYTES, HSC

from .test_labels import all_unknown_answers

pytestmark = pytest.mark.django_db

AMNIOTIC_MEMBRANE = {  # a dried amniotic-membrane wound cover (tests/classification/scenarios/us_361.yaml)
    "medicinal_purpose": False,
    "nucleic_acid": "none",
    "genome_editing": False,
    "infectious_disease_vaccine": False,
    "contains_cells_or_tissues": True,
    "cells_nucleated": True,
    "cell_origin": "allogeneic",
    "cells_viable": "non_viable",
    "non_viable_cells_act_pim": False,
    "manipulations": ["cutting", "cryopreservation"],
    "same_essential_function": True,
    "intended_purpose": "regenerate_repair_replace",
    "integral_medical_device": False,
    "us_excluded_article": "none",
    "us_tissue_type": "structural",
    "us_minimally_manipulated": True,
    "us_systemic_or_metabolic": False,
}
HOSPITAL_MSC = {  # expanded mesenchymal stromal cells for one hospital, shipped abroad: two conditions fail
    "goals": ["hospital_exemption"],
    "medicinal_purpose": True,
    "nucleic_acid": "none",
    "genome_editing": False,
    "infectious_disease_vaccine": False,
    "contains_cells_or_tissues": True,
    "cells_nucleated": True,
    "cell_origin": "allogeneic",
    "cells_viable": "viable",
    "manipulations": ["expansion", "cryopreservation"],
    "same_essential_function": False,
    "intended_purpose": "pharmacological_immunological_metabolic",
    "integral_medical_device": False,
    "he_member_state": "DE",
    "he_non_routine": False,
    "he_specific_quality_standards": True,
    "he_used_in_same_member_state": False,
    "he_used_in_hospital": True,
    "he_physician_exclusive_responsibility": True,
    "he_individual_prescription": True,
    "he_custom_made_for_individual_patient": True,
}
PRODUCTS = {
    "car_t": CAR_T,
    "combined_tep": CHONDROCYTES,
    "not_atmp_hsc": HSC,
    "amniotic_membrane": AMNIOTIC_MEMBRANE,
    "hospital_msc": HOSPITAL_MSC,
    "all_unknown": None,
}

QUESTION_IDS = {q.id for q in catalogue().questions}
VALUE_CODES = {
    str(c.value) for q in catalogue().questions for c in q.choices if isinstance(c.value, str) and "_" in c.value
}
SNAKE = re.compile(r"\b\w+_\w+\b")
TAG = re.compile(r"\[[VSR]\]")
PYTHON = re.compile(r"\b(True|False)\b|\bNone\b(?! of)")
RULE_ID = re.compile(r"\b(?:EU|US|UK|JP|GX)-[A-Z0-9]+(?:-[A-Z0-9.]+)*\b")


class VisibleText(HTMLParser):
    """The text a reader sees: no script, style, attribute values or hidden inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "title"}:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in {"script", "style", "title"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def problems(text: str) -> list[str]:
    found = []
    for word in SNAKE.findall(text):
        kind = "question id" if word in QUESTION_IDS else "value code" if word in VALUE_CODES else "snake_case id"
        found.append(f"{kind}: {word}")
    found += [f"internal tag: …{text[max(0, m.start() - 80) : m.end()]}" for m in TAG.finditer(text)]
    found += [f"Python value: {m.group(0)}" for m in PYTHON.finditer(text)]
    # A rule id stands beside words, in brackets: "(EU-HE-2.2)", "[EU-CLS-1]"; never as the reason itself.
    for match in RULE_ID.finditer(text):
        before = text[: match.start()]
        opened = max(before.rfind("("), before.rfind("["))
        closed = max(before.rfind(")"), before.rfind("]"))
        if opened <= closed:
            found.append(f"rule id standing for words: …{text[max(0, match.start() - 60) : match.end() + 20]}…")
    return found


def pages(client, assessment: Assessment, export: Export) -> dict[str, str]:
    pk = assessment.pk
    urls = {
        "list": reverse("assessment-list"),
        "review": reverse("assessment-review", args=[pk]),
        "result": reverse("assessment-result", args=[pk]),
        "pathways": reverse("pathway-comparison", args=[pk]),
        "export": reverse("export-detail", args=[export.pk]),
    }
    for question in wizard.visible(assessment.answers):
        urls[f"question {question.id}"] = reverse("assessment-question", args=[pk, question.id])
    rendered = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        rendered[name] = visible_text(response.content.decode())
    return rendered


@pytest.mark.parametrize("product", PRODUCTS)
def test_no_page_shows_ids_codes_or_tags(alice_client, alice, organisation, product):
    answers = PRODUCTS[product] if PRODUCTS[product] is not None else all_unknown_answers()
    answers, _ = catalogue().prune(dict(answers))
    assessment = services.assessment_create(organisation=organisation, user=alice, product_name="Product under test")
    Assessment.objects.filter(pk=assessment.pk).update(answers=answers)
    assessment.refresh_from_db()
    assessment = services.assessment_confirm(assessment=assessment, user=alice, version=assessment.version)
    export = Export.objects.create(
        assessment=assessment, organisation=organisation, kind=Export.Kind.MEMO, format=Export.Format.PDF,
        advice=assessment.advice, document=assessment.answers_document(),
    )
    rendered = pages(alice_client, assessment, export)
    assert "Product under test" in rendered["result"] and "How we got here" in rendered["result"]
    if product == "hospital_msc":
        assert "Conditions not met" in rendered["result"] and "(EU-HE-2.2)" in rendered["result"]
    found = {name: problems(text) for name, text in rendered.items()}
    assert {name: items for name, items in found.items() if items} == {}


def test_the_check_finds_what_it_looks_for():
    html = (
        "<p>still unanswered: us_homologous_use</p><p>Conditions not met: EU-HE-2.2, EU-HE-2.4.</p>"
        "<p>not_ATMP</p><p>rests on this [R]</p><p>Combined: None</p><script>var a_b = 1;</script>"
        "<p>Prepared routinely (EU-HE-2.2)</p><p>None of these</p>"
    )
    found = problems(visible_text(html))
    assert "question id: us_homologous_use" in found and "snake_case id: not_ATMP" in found
    assert any(item.startswith("internal tag") and item.endswith("rests on this [R]") for item in found)
    assert "Python value: None" in found
    assert sum(item.startswith("rule id standing") for item in found) == 2
    assert not any("a_b" in item for item in found)
