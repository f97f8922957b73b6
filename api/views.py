"""The REST API's views: authorise, validate, call one service (or selector), respond."""

from __future__ import annotations

from functools import cache

from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import services
from classification.rules.questions import catalogue
from classification.rules.ruleset import RULESET_VERSION
from classification.rules.validation import InvalidAnswers
from dossiers import services as export_services
from dossiers.models import Export
from pathways.rules import advise

from . import selectors
from .access import Access, request_access
from .pagination import Pagination
from .problems import InvalidInput, StaleVersionConflict
from .serializers import (
    ADVICE_DOCUMENT,
    ANSWERS_DOCUMENT,
    AnswersUpdatedSerializer,
    AnswersUpdateSerializer,
    AssessmentListItemSerializer,
    AssessmentSerializer,
    CatalogueSerializer,
    DetailsUpdateSerializer,
    ExportRequestSerializer,
    ExportSerializer,
    PathwaysSerializer,
    ProblemSerializer,
    SearchSerializer,
    StaleVersionProblemSerializer,
    VersionSerializer,
)

PROBLEM = "application/problem+json"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DESCRIPTIONS = {
    400: "Invalid input: each field is named in errors, with the command line's message.",
    403: "Your role does not allow this (a viewer reads only).",
    404: "No such object in your organisation.",
    409: "The version sent is stale: current holds the assessment as it is now.",
    413: "The body is larger than 1 MB.",
}


def problems(*codes: int) -> dict:
    """The problem responses of an operation (401 and 429, which every operation may give, are
    added by schema.py)."""
    return {
        (code, PROBLEM): OpenApiResponse(
            StaleVersionProblemSerializer if code == 409 else ProblemSerializer, description=DESCRIPTIONS[code]
        )
        for code in codes
    }


class ApiView(APIView):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.access: Access = request_access(request)

    def editable(self, access: Access) -> None:
        if not access.can_edit:
            raise exceptions.PermissionDenied("A viewer reads only: ask an owner of the organisation for an editor key or the editor role.")


def _detail(assessment) -> dict:
    """An assessment with the outcomes of its current advice."""
    return AssessmentSerializer(assessment, context={"advice": selectors.assessment_advice(assessment=assessment)}).data


def _stale(exc: services.StaleVersion, *, given: int) -> StaleVersionConflict:
    return StaleVersionConflict(current=_detail(exc.current), given=given)


@cache
def _catalogue_data() -> dict:
    cat = catalogue()
    return CatalogueSerializer(
        {"ruleset_version": RULESET_VERSION, "sections": cat.sections, "questions": cat.questions}
    ).data


class QuestionCatalogueView(ApiView):
    @extend_schema(
        operation_id="questions_list", summary="The question catalogue",
        description="Every question of the answers document: its text, help, legal definition and citation, "
        "its type and choices, and show_if, when it is asked.",
        responses={200: CatalogueSerializer},
    )
    def get(self, request):
        return Response(_catalogue_data())


class AssessView(ApiView):
    read_only_post = True  # computes and saves nothing: a viewer may call it

    @extend_schema(
        operation_id="assess", summary="Advice for an answers document (stateless)",
        description="The advice document (advice.schema.json v1) for an answers document (answers.schema.json "
        "v1), as `atmp-advisor assess` prints it. Nothing is saved.",
        request={"application/json": ANSWERS_DOCUMENT},
        responses={200: OpenApiResponse(ADVICE_DOCUMENT, description="The advice."), **problems(400, 413)},
    )
    def post(self, request):
        try:  # the engine validates (answers_errors), as the command line does
            return Response(advise(request.data))
        except InvalidAnswers as exc:
            raise InvalidInput(exc.errors) from None


class AssessmentListView(ApiView):
    pagination_class = Pagination

    @extend_schema(
        operation_id="assessments_list", summary="The organisation's assessments, newest change first",
        parameters=[OpenApiParameter("search", str, description="Part of the product name (at most 200 characters).")],
        responses={200: AssessmentListItemSerializer(many=True), **problems(400), (404, PROBLEM): OpenApiResponse(
            ProblemSerializer, description="A page past the last one (or not a page number).")},
    )
    def get(self, request):
        given = SearchSerializer(data=request.query_params)
        given.is_valid(raise_exception=True)  # at most 200 characters, no NUL
        search = given.validated_data["search"]
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.assessment_list(access=self.access, search=search), request, self)
        return paginator.get_paginated_response(AssessmentListItemSerializer(page, many=True).data)

    @extend_schema(
        operation_id="assessments_create", summary="Create an assessment from an answers document",
        description="The product and any answers already known; answers to questions that do not apply are dropped.",
        request={"application/json": ANSWERS_DOCUMENT},
        responses={201: AssessmentSerializer, **problems(400, 403, 413)},
    )
    def post(self, request):
        self.editable(self.access)
        try:
            assessment = services.assessment_import(
                organisation=self.access.organisation, user=self.access.user, document=request.data,
                api_key=self.access.key,
            )
        except InvalidAnswers as exc:
            raise InvalidInput(exc.errors) from None
        return Response(_detail(assessment), status=status.HTTP_201_CREATED,
                        headers={"Location": reverse("api:assessment-detail", args=[assessment.pk])})


class AssessmentDetailView(ApiView):
    @extend_schema(operation_id="assessments_retrieve", summary="One assessment",
                   responses={200: AssessmentSerializer, **problems(404)})
    def get(self, request, pk: int):
        assessment, _ = selectors.assessment_get(access=self.access, pk=pk)
        return Response(_detail(assessment))

    @extend_schema(
        operation_id="assessments_update", summary="Change the product details (optimistic locking)",
        description="The details given change; the others stay. A stale version is refused (409) with the "
        "current state.",
        request=DetailsUpdateSerializer, responses={200: AssessmentSerializer, **problems(400, 403, 404, 409, 413)},
    )
    def patch(self, request, pk: int):
        assessment, access = selectors.assessment_get(access=self.access, pk=pk)
        self.editable(access)
        given = DetailsUpdateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        details = dict(given.validated_data)
        version = details.pop("version")
        try:
            assessment = services.assessment_update_details(
                assessment=assessment, user=access.user, api_key=access.key, version=version, **details
            )
        except services.StaleVersion as exc:
            raise _stale(exc, given=version) from None
        return Response(_detail(assessment))

    @extend_schema(operation_id="assessments_destroy", summary="Delete an assessment and its exports",
                   responses={204: None, **problems(403, 404)})
    def delete(self, request, pk: int):
        assessment, access = selectors.assessment_get(access=self.access, pk=pk)
        self.editable(access)
        services.assessment_delete(assessment=assessment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AssessmentAnswersView(ApiView):
    @extend_schema(
        operation_id="assessments_answers_update", summary="Change answers (optimistic locking)",
        description="Sets the answers given (null clears one) on the version read. Answers to questions that no "
        "longer apply are dropped and listed. A stale version is refused (409) with the current state.",
        request=AnswersUpdateSerializer, responses={200: AnswersUpdatedSerializer, **problems(400, 403, 404, 409, 413)},
    )
    def patch(self, request, pk: int):
        assessment, access = selectors.assessment_get(access=self.access, pk=pk)
        self.editable(access)
        given = AnswersUpdateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            assessment, dropped = services.assessment_answers_update(
                assessment=assessment, user=access.user, answers=given.validated_data["answers"],
                version=given.validated_data["version"], api_key=access.key,
            )
        except InvalidAnswers as exc:
            raise InvalidInput(exc.errors) from None
        except services.StaleVersion as exc:
            raise _stale(exc, given=given.validated_data["version"]) from None
        return Response({"assessment": _detail(assessment), "dropped": dropped})


class AssessmentConfirmView(ApiView):
    @extend_schema(
        operation_id="assessments_confirm", summary="Mark the assessment complete",
        request=VersionSerializer, responses={200: AssessmentSerializer, **problems(400, 403, 404, 409, 413)},
    )
    def post(self, request, pk: int):
        assessment, access = selectors.assessment_get(access=self.access, pk=pk)
        self.editable(access)
        given = VersionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            assessment = services.assessment_confirm(
                assessment=assessment, user=access.user, version=given.validated_data["version"],
                api_key=access.key,
            )
        except services.StaleVersion as exc:
            raise _stale(exc, given=given.validated_data["version"]) from None
        return Response(_detail(assessment))


class AssessmentDuplicateView(ApiView):
    @extend_schema(operation_id="assessments_duplicate", summary="Copy an assessment", request=None,
                   responses={201: AssessmentSerializer, **problems(403, 404)})
    def post(self, request, pk: int):
        assessment, access = selectors.assessment_get(access=self.access, pk=pk)
        self.editable(access)
        copy = services.assessment_duplicate(assessment=assessment, user=access.user, api_key=access.key)
        return Response(_detail(copy), status=status.HTTP_201_CREATED,
                        headers={"Location": reverse("api:assessment-detail", args=[copy.pk])})


class AssessmentDocumentView(ApiView):
    @extend_schema(
        operation_id="assessments_document", summary="The assessment as an answers document",
        description="The answers document (answers.schema.json v1) of the assessment: what `atmp-advisor assess` "
        "and POST /api/v1/assess read, and what POST /api/v1/assessments creates an assessment from.",
        responses={200: OpenApiResponse(ANSWERS_DOCUMENT, description="The answers document."), **problems(404)},
    )
    def get(self, request, pk: int):
        assessment, _ = selectors.assessment_get(access=self.access, pk=pk)
        return Response(assessment.answers_document())


class AssessmentAdviceView(ApiView):
    @extend_schema(
        operation_id="assessments_advice", summary="The advice of an assessment",
        description="Under the current ruleset, with the trace of every outcome.",
        responses={200: OpenApiResponse(ADVICE_DOCUMENT, description="The advice."), **problems(404)},
    )
    def get(self, request, pk: int):
        assessment, _ = selectors.assessment_get(access=self.access, pk=pk, with_advice=True)
        return Response(selectors.assessment_advice(assessment=assessment))


class AssessmentPathwaysView(ApiView):
    @extend_schema(
        operation_id="assessments_pathways", summary="Pathways, obligations and roadmap of an assessment",
        responses={200: PathwaysSerializer, **problems(404)},
    )
    def get(self, request, pk: int):
        assessment, _ = selectors.assessment_get(access=self.access, pk=pk, with_advice=True)
        advice = selectors.assessment_advice(assessment=assessment)
        return Response({key: advice.get(key, []) for key in ("ruleset", "pathways", "obligations", "roadmap")})


class AssessmentExportsView(ApiView):
    @extend_schema(operation_id="exports_list", summary="The exports of an assessment",
                   responses={200: ExportSerializer(many=True), **problems(404)})
    def get(self, request, pk: int):
        assessment, _ = selectors.assessment_get(access=self.access, pk=pk)
        return Response(ExportSerializer(selectors.export_list(assessment=assessment), many=True).data)

    @extend_schema(
        operation_id="exports_create", summary="Request a memo or dossier (rendered in the background)",
        description="Poll the export until its status is done, then download it.",
        request=ExportRequestSerializer, responses={202: ExportSerializer, **problems(400, 403, 404, 413)},
    )
    def post(self, request, pk: int):
        assessment, access = selectors.assessment_get(access=self.access, pk=pk, with_advice=True)
        self.editable(access)
        given = ExportRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        export = export_services.export_request(
            assessment=assessment, kind=given.validated_data["kind"], fmt=given.validated_data["format"],
            user=access.user, api_key=access.key,
        )
        return Response(ExportSerializer(export).data, status=status.HTTP_202_ACCEPTED,
                        headers={"Location": reverse("api:export-detail", args=[export.pk])})


class ExportDetailView(ApiView):
    @extend_schema(operation_id="exports_retrieve", summary="The status of an export",
                   responses={200: ExportSerializer, **problems(404)})
    def get(self, request, pk: int):
        export, _ = selectors.export_get(access=self.access, pk=pk)
        return Response(ExportSerializer(export).data)


class ExportDownloadView(ApiView):
    @extend_schema(
        operation_id="exports_download", summary="Download a finished export",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF."),
            (200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="The DOCX."),
            (404, PROBLEM): OpenApiResponse(ProblemSerializer, description=DESCRIPTIONS[404]),
            (409, PROBLEM): OpenApiResponse(ProblemSerializer, description="The export is not done yet."),
        },
    )
    def get(self, request, pk: int):
        export, _ = selectors.export_get(access=self.access, pk=pk)
        if export.status != Export.Status.DONE or not export.file:
            raise NotReady(f"The export is {export.get_status_display().lower()}: download it once it is done.")
        try:
            handle = export.file.open("rb")
        except FileNotFoundError:
            raise exceptions.NotFound("The file of this export is missing: request the export again.") from None
        return FileResponse(handle, as_attachment=True, filename=export_services.file_name(export),
                            content_type=export.content_type)


class NotReady(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
