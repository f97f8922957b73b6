"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error of the API is one JSON object: ``type`` (a URI; ``about:blank`` when the status says it
all), ``title``, ``status``, ``detail`` and, for invalid input, ``errors``: one entry per field,
its JSON pointer (``/answers/medicinal_purpose``) and the message, the same messages as the
command line. A stale version (409) carries the assessment as it is now in ``current``."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from classification.rules.validation import FieldError

logger = logging.getLogger("django.request")

PROBLEM_JSON = "application/problem+json"
VALIDATION = "urn:atmp-advisor:problem:invalid-input"
STALE_VERSION = "urn:atmp-advisor:problem:stale-version"


class InvalidInput(exceptions.APIException):
    """Input refused, field by field (``FieldError``: a JSON pointer and a message)."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, errors: Iterable[FieldError], *, prefix: str = "") -> None:
        self.errors = [FieldError(prefix + error.pointer, error.message) for error in errors]
        super().__init__(_summary(self.errors))


class StaleVersionConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT

    def __init__(self, *, current: dict[str, Any], given: int) -> None:
        self.current = current
        super().__init__(
            f"The assessment was changed since version {given}: it is now at version {current['version']}. "
            "Its current state is in current: apply your change to it and send it with that version."
        )


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE


def _summary(errors: list[FieldError]) -> str:
    if not errors:
        return "The request is not valid."
    first = str(errors[0])
    if len(errors) == 1:
        return f"One field is not valid: {first}."
    return f"{len(errors)} fields are not valid; the first: {first}. Each is listed in errors."


def _pointer(path: tuple[str, ...]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _flatten(detail: Any, path: tuple[str, ...] = ()) -> list[FieldError]:
    """DRF's nested error detail as one FieldError per message."""
    if isinstance(detail, dict):
        return [
            error for key, value in detail.items()
            for error in _flatten(value, path if key in {"non_field_errors", "detail"} else (*path, str(key)))
        ]
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [FieldError(_pointer(path), str(item)) for item in detail]
        return [error for index, item in enumerate(detail) for error in _flatten(item, (*path, str(index)))]
    return [FieldError(_pointer(path), str(detail))]


def problem(status_code: int, detail: str, *, type_: str = "about:blank", title: str = "", **extra: Any) -> dict:
    return {
        "type": type_,
        "title": title or HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        **extra,
    }


def problem_response(status_code: int, detail: str, **kwargs: Any) -> JsonResponse:
    """A problem for the places outside DRF's views (the size-limit middleware, unknown URLs)."""
    return JsonResponse(problem(status_code, detail, **kwargs), status=status_code, content_type=PROBLEM_JSON)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Nothing here: no such object in your organisation.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "Your role does not allow this.")
    response = drf_exception_handler(exc, context)
    if response is None:
        if settings.DEBUG:
            return None  # Django's debug page
        # A bug of ours: logged as Django logs a server error, answered as a problem like any other.
        request = context["request"]
        logger.error("Internal Server Error: %s", request.path, exc_info=exc,
                     extra={"status_code": 500, "request": request._request})
        return Response(problem(500, "Something went wrong on our side. It was logged; try again later."),
                        status=500, content_type=PROBLEM_JSON)
    code = response.status_code
    if isinstance(exc, InvalidInput):
        body = problem(code, str(exc.detail), type_=VALIDATION, title="Invalid input",
                       errors=[{"pointer": e.pointer, "detail": e.message} for e in exc.errors])
    elif isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        body = problem(code, _summary(errors), type_=VALIDATION, title="Invalid input",
                       errors=[{"pointer": e.pointer, "detail": e.message} for e in errors])
    elif isinstance(exc, StaleVersionConflict):
        body = problem(code, str(exc.detail), type_=STALE_VERSION, title="Stale version", current=exc.current)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        body = problem(code, str(detail) if not isinstance(detail, dict | list) else HTTPStatus(code).description)
    response.data = body
    response.content_type = PROBLEM_JSON
    return response
