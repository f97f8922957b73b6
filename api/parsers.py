"""The one JSON parser of the API: the answers documents' hardened reader for every body.

NaN, Infinity, numbers past 10^15, NUL characters, lone surrogates and deep nesting are refused
with the field named (classification.rules.validation), as the command line refuses them; a body
larger than DATA_UPLOAD_MAX_MEMORY_SIZE (1 MB, the limit of an answers document upload) is a 413
before it is parsed. (The request-size middleware refuses larger bodies before any of this.)"""

from __future__ import annotations

from django.conf import settings
from rest_framework.parsers import BaseParser

from classification.rules.validation import FieldError, InvalidAnswers, input_errors, parse_answers_json

from .problems import InvalidInput, PayloadTooLarge


class HardenedJSONParser(BaseParser):
    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge(f"The body is larger than {limit // 1024} KB; an answers document needs far less.")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput([FieldError("", "the body is not UTF-8 text")]) from None
        try:
            data = parse_answers_json(text)
        except InvalidAnswers as exc:
            raise InvalidInput(exc.errors) from None
        # Any JSON object is walked here; anything else is refused by the view that reads it ("the
        # answers document must be a JSON object"), as the command line refuses it.
        errors = input_errors(data) if isinstance(data, dict) else []
        if errors:
            raise InvalidInput(errors)
        return data
