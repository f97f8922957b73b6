"""A readable plain-text summary of an advice document (``assess --format text``). The text and its
labels are pure code in ``classification.rules.cli``, so the console script prints the same."""

from classification.rules.cli import (
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
