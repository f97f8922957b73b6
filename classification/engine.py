"""The Django side's door to the rules engine: the configured advice engine
(settings.ADVICE_ENGINE, classification plus pathways) behind one function, so this app never
imports the pathways app (dependencies point one way: dossiers → pathways → classification)."""

from datetime import date
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


@cache
def _engine():
    return import_string(settings.ADVICE_ENGINE)


def advise(document: dict[str, Any], *, as_of: date | None = None) -> dict[str, Any]:
    return _engine()(document, as_of=as_of)
