"""Old home of the label tables: they are in ``pathways.rules.labels`` (the one labels module).
Kept only until nothing imports it from here (the memo's old context did); do not add to it."""

from pathways.rules.labels import (
    EU_CATEGORY_LABELS,
    HE_STATUS_LABELS,
    NOT_ATMP_ROUTE_LABELS,
    PATHWAY_STATUS_LABELS,
    US_STATUS_LABELS,
    advice_text,
)

__all__ = [
    "EU_CATEGORY_LABELS",
    "HE_STATUS_LABELS",
    "NOT_ATMP_ROUTE_LABELS",
    "PATHWAY_STATUS_LABELS",
    "US_STATUS_LABELS",
    "advice_text",
]
