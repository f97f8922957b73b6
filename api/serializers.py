"""What the API reads and writes. Validation only: every write is a service's, every read a
selector's. Answers documents are validated by classification.rules.validation (the command
line's messages), not here."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Assessment
from dossiers.models import Export

# Schemas of the project's contracts, added to the OpenAPI description as components (schema.py).
ANSWERS_DOCUMENT = {"$ref": "#/components/schemas/AnswersDocument"}
ADVICE_DOCUMENT = {"$ref": "#/components/schemas/AdviceDocument"}
ANSWERS = {"$ref": "#/components/schemas/Answers"}


class CitationSerializer(serializers.Serializer):
    instrument = serializers.CharField()
    provision = serializers.CharField()
    url = serializers.CharField(allow_null=True)


class ChoiceSerializer(serializers.Serializer):
    value = serializers.JSONField(help_text="The value to send in the answers (true, false or a code).")
    label = serializers.CharField()
    help = serializers.CharField()


class SectionSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    intro = serializers.CharField()
    goals = serializers.ListField(
        child=serializers.CharField(),
        help_text="Asked only when one of these values of the goals answer is chosen; empty: always.",
    )


class ChoiceGroupSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    help = serializers.CharField()
    choices = ChoiceSerializer(many=True)


@extend_schema_field({
    "type": "object",
    "description": (
        "When the question is asked. Empty: always. {all: [...]} or {any: [...]} of conditions, each "
        "{question, in: [...]}, {question, not_in: [...]} or {question, includes_any: [...]}, or nested "
        "all/any. An unanswered question matches no `in` list and every `not_in` list."
    ),
    "additionalProperties": True,
})
class ShowIfField(serializers.JSONField):
    pass


class QuestionSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The key of the answer in an answers document.")
    section = serializers.CharField()
    text = serializers.CharField()
    type = serializers.ChoiceField(choices=["boolean", "choice", "multichoice", "number", "integer"])
    help = serializers.CharField()
    definition = serializers.CharField()
    citation = CitationSerializer(allow_null=True)
    choices = ChoiceSerializer(many=True)
    allow_unknown = serializers.BooleanField(help_text='"unknown" is accepted: the user does not know.')
    unit = serializers.CharField()
    show_if = ShowIfField()
    choice_groups = ChoiceGroupSerializer(many=True, help_text="The choices under headings; empty: not grouped.")
    none_label = serializers.CharField(
        help_text="A multichoice whose empty list means “none of these”, in these words; empty: no such choice."
    )
    goals = serializers.ListField(
        child=serializers.CharField(), help_text="Asked only when one of these goals is chosen; empty: always."
    )


class CatalogueSerializer(serializers.Serializer):
    ruleset_version = serializers.CharField()
    sections = SectionSerializer(many=True)
    questions = QuestionSerializer(many=True)


class ProductSerializer(serializers.Serializer):
    name = serializers.CharField(source="product_name")
    description = serializers.CharField()
    indication = serializers.CharField()
    sponsor = serializers.CharField()


class AssessmentSerializer(serializers.ModelSerializer):
    """One assessment. ``eu_category`` and ``us_status`` are those of its current advice (pass it
    as ``context["advice"]``); in a list, those of the advice last saved (blank before any)."""

    product = ProductSerializer(source="*")
    answers = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    eu_category = serializers.SerializerMethodField(help_text="The EU category (advice.schema.json eu.category).")
    us_status = serializers.SerializerMethodField(help_text="The US status (advice.schema.json us.status).")

    class Meta:
        model = Assessment
        fields = [
            "id", "url", "product", "answers", "as_of", "status", "version", "eu_category", "us_status",
            "ruleset_version", "answers_hash", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ANSWERS)
    def get_answers(self, assessment: Assessment) -> dict:
        return assessment.answers

    def get_url(self, assessment: Assessment) -> str:
        return reverse("api:assessment-detail", args=[assessment.pk])

    def get_eu_category(self, assessment: Assessment) -> str:
        advice = self.context.get("advice")
        return advice["eu"]["category"] if advice else assessment.eu_category

    def get_us_status(self, assessment: Assessment) -> str:
        advice = self.context.get("advice")
        return advice["us"]["status"] if advice else assessment.us_status


class AssessmentListItemSerializer(AssessmentSerializer):
    eu_category = serializers.CharField(help_text="From the advice last saved (confirm, export); blank before.")
    us_status = serializers.CharField(help_text="From the advice last saved (confirm, export); blank before.")

    class Meta(AssessmentSerializer.Meta):
        fields = [
            "id", "url", "product", "status", "version", "eu_category", "us_status", "ruleset_version",
            "created_at", "updated_at",
        ]
        read_only_fields = fields


class SearchSerializer(serializers.Serializer):
    search = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AnswersUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1,
        help_text="The version you read; a stale one is refused (409) with the current state.",
    )
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        help_text="Answers to set, by question id; null clears an answer. Answers to questions that "
        "no longer apply are dropped (listed in dropped).",
    )


class DetailsUpdateSerializer(serializers.Serializer):
    """Product details to change (those left out stay as they are), on the version read."""

    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    name = serializers.CharField(max_length=200, required=False, source="product_name")
    description = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    indication = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    sponsor = serializers.CharField(max_length=200, required=False, allow_blank=True)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class AnswersUpdatedSerializer(serializers.Serializer):
    assessment = AssessmentSerializer()
    dropped = serializers.ListField(child=serializers.CharField(), help_text="Answers that no longer apply.")


class PathwaysSerializer(serializers.Serializer):
    ruleset = serializers.JSONField()
    pathways = serializers.ListField(child=serializers.JSONField())
    obligations = serializers.ListField(child=serializers.JSONField())
    roadmap = serializers.ListField(child=serializers.JSONField())


class ExportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Export.Kind.choices)
    format = serializers.ChoiceField(choices=Export.Format.choices)


class ExportSerializer(serializers.ModelSerializer):
    assessment = serializers.IntegerField(source="assessment_id")
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Export
        fields = [
            "id", "url", "assessment", "kind", "format", "status", "error", "sha256", "ruleset_version",
            "answers_hash", "created_at", "started_at", "finished_at", "download_url",
        ]
        read_only_fields = fields

    def get_url(self, export: Export) -> str:
        return reverse("api:export-detail", args=[export.pk])

    def get_download_url(self, export: Export) -> str | None:
        if export.status != Export.Status.DONE:
            return None
        return reverse("api:export-download", args=[export.pk])


class FieldErrorSerializer(serializers.Serializer):
    pointer = serializers.CharField(help_text="JSON pointer of the field in the request body, e.g. /answers/medicinal_purpose.")
    detail = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(help_text="A URI naming the kind of problem; about:blank when the status says it all.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = FieldErrorSerializer(many=True, required=False, help_text="Invalid input: one entry per field.")


class StaleVersionProblemSerializer(ProblemSerializer):
    current = AssessmentSerializer(help_text="The assessment as it is now.")
